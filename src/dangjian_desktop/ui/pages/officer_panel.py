"""党建指导员 tab of 企业与走访: the officers, and below the chosen one's 包联 of enterprises and 党组织 and 结对 with
mobile members (running and past, with dates), with the actions on each, and the officer's monthly report."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSplitter, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from ...services.database import Database
from ...services.officers import (OfficerInfo, assign_officers, assignments, delete_officer, end_assignment,
                                  end_pairing, list_officers, pair_members, pairings)
from ..dialogs.assignment_dialog import (ENTERPRISE_HEADERS, MEMBER_HEADERS, ORGANIZATION_HEADERS, ChooserDialog,
                                         ask_end_date, enterprise_choices, member_choices, organization_choices)
from ..dialogs.officer_dialog import OfficerDialog, ask_month
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..models.officer_model import AssignmentTableModel, OfficerTableModel, PairingTableModel, PeriodTableModel
from ..ops import BackgroundOp
from ..theme import PRIMARY, SUBHEADING, set_role
from ..widgets.full_numbers import guard_reveal
from ..widgets.list_table import list_table
from ..widgets.view_only import Editable, view_only
from .list_panel import ListPanel

SPLITTER_STATE_KEY = "officer_panel/splitter_state"


@dataclass
class DetailTab:
    """One tab below the list: a table of 包联 or 结对 rows with its two buttons."""

    model: PeriodTableModel
    table: QTableView
    add_button: QPushButton
    end_button: QPushButton
    label: str


class OfficerPanel(Editable, ListPanel):
    """`data_changed` after officers, 包联 or 结对 were written here. Loads on `refresh()`. `set_editable(False)`:
    officers open read-only; no new, edit, delete, 包联 or 结对 (printing stays)."""

    STATE_KEY = "officer_panel/header_state"
    UNIT = "人"
    LOADING = "正在读取党建指导员……"

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(db, OfficerTableModel(), parent)
        self._today = today or date.today()
        self.chooser: ChooserDialog | None = None         # the 包联/结对 pick list while open
        self.preview_dialog: PdfPreviewDialog | None = None
        self._build()
        self._connect()
        self._update_buttons()

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search.setPlaceholderText(self.tr("搜索姓名、单位、职务、电话"))
        self.active_only = QCheckBox(self.tr("只看在任"))
        self.show_full = QCheckBox(self.tr("显示完整号码"))
        self.show_full.setToolTip(self.tr("不勾选时，电话只显示前后几位"))
        self.add_button = set_role(QPushButton(self.tr("新建指导员")), PRIMARY)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.print_button = QPushButton(self.tr("打印月度工作报告…"))
        self._lay_out((("", self.active_only), ("", self.show_full)),
                      (self.add_button, self.edit_button, self.delete_button), (self.print_button,))
        self.detail_title = set_role(QLabel(), SUBHEADING)
        self.tabs = QTabWidget()
        self.enterprise_tab = self._detail_tab(AssignmentTableModel(self.tr("企业"), self), self.tr("包联企业"),
                                               self.tr("新增包联…"), self.tr("结束包联…"))
        self.org_tab = self._detail_tab(AssignmentTableModel(self.tr("党组织"), self), self.tr("包联党组织"),
                                        self.tr("新增包联…"), self.tr("结束包联…"))
        self.pairing_tab = self._detail_tab(PairingTableModel(self), self.tr("结对党员"), self.tr("新增结对…"),
                                            self.tr("结束结对…"))
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.detail_title)
        column.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)   # the list above, the chosen officer's detail below
        self.layout().removeWidget(self.table)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setChildrenCollapsible(False)
        self.layout().addWidget(self.splitter, 1)
        splitter = QSettings().value(SPLITTER_STATE_KEY)
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([400, 320])

    def _detail_tab(self, model: PeriodTableModel, label: str, add_text: str, end_text: str) -> DetailTab:
        table = list_table(model, context_menu=True)
        for column in range(1, model.columnCount()):
            table.setColumnWidth(column, 150)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tab = DetailTab(model, table, QPushButton(add_text), QPushButton(end_text), label)
        buttons = QHBoxLayout()
        buttons.addWidget(tab.add_button)
        buttons.addWidget(tab.end_button)
        buttons.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 8, 8, 8)
        column.addLayout(buttons)
        column.addWidget(table, 1)
        self.tabs.addTab(page, label)
        return tab

    def _connect(self) -> None:
        self.active_only.toggled.connect(self.model.set_active_only)
        guard_reveal(self.show_full, self.db, lambda: self.tr("党建指导员名单的电话"),
                     lambda on: self.model.set_masked(not on))
        self.model.modelReset.connect(self._show_detail)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.splitter.splitterMoved.connect(
            lambda *_args: QSettings().setValue(SPLITTER_STATE_KEY, self.splitter.saveState()))
        self.add_button.clicked.connect(self.add_officer)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button.clicked.connect(self.print_month_report)
        self.enterprise_tab.add_button.clicked.connect(self.add_enterprises)
        self.org_tab.add_button.clicked.connect(self.add_organizations)
        self.pairing_tab.add_button.clicked.connect(self.add_pairings)
        for tab in (self.enterprise_tab, self.org_tab):
            tab.end_button.clicked.connect(lambda _checked=False, t=tab: self.end_selected_assignment(t))
        self.pairing_tab.end_button.clicked.connect(self.end_selected_pairing)
        for tab in (self.enterprise_tab, self.org_tab, self.pairing_tab):
            tab.table.selectionModel().selectionChanged.connect(self._update_buttons)
            tab.table.customContextMenuRequested.connect(lambda pos, t=tab: self._detail_menu(t, pos))

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> list[OfficerInfo]:
        return list_officers(self.db)

    def _apply(self, officers: list[OfficerInfo]) -> None:
        self.model.set_records(officers)

    def _show_detail(self) -> None:
        """The chosen officer's 包联 and 结对 (a few dozen rows: read directly)."""
        officer = self.selected()
        if officer is None:
            self.detail_title.setText(self.tr("选中一位指导员，查看其包联和结对情况"))
            found, paired = [], []
        else:
            self.detail_title.setText(self.tr("{0} 的包联和结对").format(officer.name))
            found, paired = assignments(self.db, officer_id=officer.id), pairings(self.db, officer_id=officer.id)
        self.enterprise_tab.model.set_records([a for a in found if a.target == "企业"])
        self.org_tab.model.set_records([a for a in found if a.target == "党组织"])
        self.pairing_tab.model.set_records(paired)
        for index, tab in enumerate((self.enterprise_tab, self.org_tab, self.pairing_tab)):
            running = sum(1 for row in range(tab.model.rowCount()) if tab.model.record_at(row).ended_on is None)
            self.tabs.setTabText(index, self.tr("{0}（{1}）").format(tab.label, running) if officer else tab.label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.add_button.setEnabled(self.editable)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(chosen and self.editable)
        self.print_button.setEnabled(chosen)
        for tab in (self.enterprise_tab, self.org_tab, self.pairing_tab):
            tab.add_button.setEnabled(chosen and self.editable)
            row = self._detail_row(tab)
            tab.end_button.setEnabled(row is not None and row.ended_on is None and self.editable)

    @staticmethod
    def _detail_row(tab: DetailTab):  # noqa: ANN205 - an AssignmentInfo or a PairingInfo
        rows = tab.table.selectionModel().selectedRows()
        return tab.model.record_at(rows[0].row()) if rows else None

    def _menu_actions(self) -> list[tuple[str, object, bool]]:
        return [(self.tr("编辑…"), self.open_selected, self.editable), ("", None, True),
                (self.tr("新增包联企业…"), self.add_enterprises, self.editable),
                (self.tr("新增包联党组织…"), self.add_organizations, self.editable),
                (self.tr("新增结对党员…"), self.add_pairings, self.editable), ("", None, True),
                (self.tr("打印月度工作报告…"), self.print_month_report, True), ("", None, True),
                (self.tr("删除…"), self.delete_selected, self.editable)]

    # ----- officers ----------------------------------------------------------------------------------------------
    def add_officer(self) -> OfficerDialog | None:
        return self._open_editor(lambda: OfficerDialog(self.db, self))

    def open_selected(self) -> OfficerDialog | None:
        officer = self.selected()
        return self._open_editor(lambda: view_only(OfficerDialog(self.db, self, officer.id), self.editable)) \
            if officer else None

    def delete_selected(self) -> None:
        officer = self.selected()
        if officer is not None and self.editable and self._confirm(self.tr("删除党建指导员"), self.tr(
                "确定删除党建指导员“{0}”吗？\n其包联和结对记录一并删除，删除后只能从备份中恢复。").format(officer.name)):
            # refused when the officer has visits: the service says what to do instead
            self._write(lambda: delete_officer(self.db, officer.id))

    def print_month_report(self) -> None:
        officer = self.selected()
        if officer is None:
            return
        month = ask_month(self, self.tr("打印月度工作报告"),
                          self.tr("选择{0}的月度工作报告的月份：").format(officer.name))
        if month is None:
            return

        def render(path, progress):  # noqa: ANN001, ANN202 - preview_generated_pdf's callback
            from ...services.enterprise_reports import write_officer_month_pdf

            return write_officer_month_pdf(self.db, officer.id, month, path, progress=progress)

        title = self.tr("{0}{1}年{2}月工作报告").format(officer.name, month.year, month.month)
        preview_generated_pdf(self, title, render, lambda dialog: setattr(self, "preview_dialog", dialog))

    # ----- 包联 and 结对 --------------------------------------------------------------------------------------
    def add_enterprises(self) -> None:
        self._choose(enterprise_choices, lambda officer_id, target_ids, day: assign_officers(
            self.db, officer_id, day, enterprise_ids=target_ids),
            title=self.tr("新增包联企业 — {0}"), headers=ENTERPRISE_HEADERS, unit=self.tr("家"),
            hint=self.tr("勾选由该指导员包联的企业（可多选）。已由其他指导员包联的企业，从开始日期起改由该指导员"
                         "包联，原来的包联在同一天结束。"), date_label=self.tr("包联开始日期"))

    def add_organizations(self) -> None:
        self._choose(organization_choices, lambda officer_id, target_ids, day: assign_officers(
            self.db, officer_id, day, org_ids=target_ids),
            title=self.tr("新增包联党组织 — {0}"), headers=ORGANIZATION_HEADERS, unit=self.tr("个"),
            hint=self.tr("勾选由该指导员包联的党组织（可多选）。已由其他指导员包联的，从开始日期起改由该指导员"
                         "包联，原来的包联在同一天结束。"), date_label=self.tr("包联开始日期"))

    def add_pairings(self) -> None:
        self._choose(member_choices, lambda officer_id, member_ids, day: pair_members(
            self.db, officer_id, member_ids, day),
            title=self.tr("新增结对党员 — {0}"), headers=MEMBER_HEADERS, unit=self.tr("人"),
            hint=self.tr("勾选与该指导员结对的流动党员（可多选）。列表只含花名册中标为流动党员的人。"),
            date_label=self.tr("结对开始日期"))

    def _choose(self, load: Callable[[Database, int], list], write: Callable[[int, list[int], date], None], *,
                title: str, **texts: object) -> None:
        """Read the choices off the GUI thread (the members of a whole street can take a while), then open the
        pick list; after 确定 write the ticked rows, all in one transaction."""
        officer = self.selected()
        if officer is None:
            return

        def show(choices: list) -> None:
            dialog = ChooserDialog(self, title=title.format(officer.name), choices=choices, today=self._today,
                                   **texts)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._write_all(officer.id, dialog.chosen(), dialog.start_date(), write))
            dialog.finished.connect(lambda _code: setattr(self, "chooser", None))
            self.chooser = dialog
            dialog.open()

        BackgroundOp(self, self.tr("正在读取……"), lambda _progress: load(self.db, officer.id), show).run()

    def _write_all(self, officer_id: int, chosen: list, day: date,
                   write: Callable[[int, list[int], date], None]) -> None:
        if chosen:
            self._write(lambda: write(officer_id, [choice.id for choice in chosen], day), officer_id)

    def _detail_menu(self, tab: DetailTab, pos: QPoint) -> None:
        if not tab.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(tab.end_button.text(), tab.end_button.click).setEnabled(tab.end_button.isEnabled())
        menu.exec(tab.table.viewport().mapToGlobal(pos))

    def end_selected_assignment(self, tab: DetailTab) -> None:
        row = self._detail_row(tab)
        if row is None or row.ended_on is not None:
            return
        text = self.tr("{0}对“{1}”的包联自 {2:%Y-%m-%d} 起。请填写结束日期：").format(
            row.officer_name, row.target_name, row.started_on)
        day = ask_end_date(self, self.tr("结束包联"), text, row.started_on)
        if day is not None:
            self._write(lambda: end_assignment(self.db, row.id, day), row.officer_id)

    def end_selected_pairing(self) -> None:
        row = self._detail_row(self.pairing_tab)
        if row is None or row.ended_on is not None:
            return
        text = self.tr("{0}与{1}的结对自 {2:%Y-%m-%d} 起。请填写结束日期：").format(
            row.officer_name, row.member_name, row.started_on)
        day = ask_end_date(self, self.tr("结束结对"), text, row.started_on)
        if day is not None:
            self._write(lambda: end_pairing(self.db, row.id, day), row.officer_id)
