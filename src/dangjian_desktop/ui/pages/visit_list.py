"""走访记录 tab of 企业与走访: every visit, newest first, filtered by officer and dates and searched; new, open,
delete, the printed 走访记录表 and the Excel ledger of the visits the filters choose. The dashboard opens it on
one officer's month with `show_officer_month`."""

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ...services.database import Database
from ...services.officers import OfficerInfo, list_officers
from ...services.visits import VisitInfo, delete_visit, list_visits
from ..dialogs import ask_save_path
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..dialogs.visit_dialog import VisitDialog
from ..models.visit_model import FINDINGS, VisitTableModel
from ..ops import BackgroundOp
from ..theme import PRIMARY, set_role
from ..widgets.date_edit import DateEdit
from ..widgets.view_only import Editable, view_only
from ..widgets import choice_combo
from .enterprise_list import refill_officers
from .list_panel import ListPanel


class VisitListPanel(Editable, ListPanel):
    """`set_editable(False)`: visits open read-only; no new, delete or Excel export (printing stays)."""

    STATE_KEY = "visit_list/header_state"
    UNIT = "次"
    LOADING = "正在读取走访记录……"
    WIDE_COLUMNS = {FINDINGS: 480}

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, VisitTableModel(), parent)
        self.preview_dialog: PdfPreviewDialog | None = None
        self._pending_officer: int | None = None    # an officer to choose once the officers have arrived
        self.search.setPlaceholderText(self.tr("搜索企业、指导员、接待人、走访情况"))
        self.officer_filter = choice_combo(((self.tr("全部"), None),))
        self.officer_filter.setMinimumContentsLength(6)
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for field in (self.date_from, self.date_to):
            field.setFixedWidth(field.fontMetrics().horizontalAdvance("2026-12-31") + 96)
            field.line_edit().setPlaceholderText(self.tr("不限"))
        self.new_button = set_role(QPushButton(self.tr("新建走访")), PRIMARY)
        self.open_button = QPushButton(self.tr("打开"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.print_button = QPushButton(self.tr("打印走访记录表…"))
        self.export_button = QPushButton(self.tr("导出走访台账…"))
        self.export_button.setToolTip(self.tr("按所选的党建指导员和日期范围导出"))
        self._lay_out(((self.tr("党建指导员"), self.officer_filter), (self.tr("日期"), self.date_from),
                       (self.tr("至"), self.date_to)),
                      (self.new_button, self.open_button, self.delete_button), (self.print_button, self.export_button))
        self.officer_filter.currentIndexChanged.connect(self._apply_filters)
        for field in (self.date_from, self.date_to):
            field.changed.connect(self._dates_changed)
        self.new_button.clicked.connect(self.new_visit)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button.clicked.connect(self.print_record)
        self.export_button.clicked.connect(self.export_ledger)
        self._update_buttons()

    # ----- public ----------------------------------------------------------------------------------------------
    def show_officer_month(self, officer_id: int, first: date, last: date) -> None:
        """One officer's visits from `first` to `last` (the search cleared)."""
        self._pending_officer = officer_id
        self.search.clear()
        for field, day in ((self.date_from, first), (self.date_to, last)):
            field.blockSignals(True)
            field.setDate(day)
            field.blockSignals(False)
        self._load()

    def filters(self) -> tuple[int | None, date | None, date | None]:
        """The officer and the date range chosen (None: no limit)."""
        return self.officer_filter.currentData(), self.date_from.date(), self.date_to.date()

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> tuple[list[VisitInfo], list[OfficerInfo]]:
        return list_visits(self.db), list_officers(self.db)

    def _apply(self, data: tuple[list[VisitInfo], list[OfficerInfo]]) -> None:
        visits, officers = data
        chosen = self._pending_officer if self._pending_officer is not None else self.officer_filter.currentData()
        self._pending_officer = None
        refill_officers(self.officer_filter, 1, officers, chosen)
        self.model.set_records(visits)
        self._apply_filters()

    def _dates_changed(self) -> None:
        if self.date_from.is_valid() and self.date_to.is_valid():
            self._apply_filters()

    def _apply_filters(self) -> None:
        officer_id, first, last = self.filters()
        self.model.set_filters(officer_id=officer_id, date_from=first, date_to=last)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.open_button, self.print_button):
            button.setEnabled(chosen)
        for button in (self.new_button, self.export_button):
            button.setEnabled(self.editable)
        self.delete_button.setEnabled(chosen and self.editable)

    def _menu_actions(self) -> list[tuple[str, Callable[[], object] | None, bool]]:
        return [(self.tr("打开…"), self.open_selected, True), (self.tr("打印走访记录表…"), self.print_record, True),
                ("", None, True), (self.tr("删除…"), self.delete_selected, self.editable)]

    # ----- actions ---------------------------------------------------------------------------------------------
    def new_visit(self) -> VisitDialog | None:
        return self._open_editor(lambda: VisitDialog(self.db, self, officer_id=self.officer_filter.currentData()))

    def open_selected(self) -> VisitDialog | None:
        visit = self.selected()
        return None if visit is None else self._open_editor(
            lambda: view_only(VisitDialog(self.db, self, visit_id=visit.id), self.editable))

    def delete_selected(self) -> None:
        visit = self.selected()
        if visit is not None and self.editable and self._confirm(self.tr("删除走访记录"), self.tr(
                "确定删除{0} {1:%Y-%m-%d} 对“{2}”的走访记录吗？\n照片一并删除；删除后只能从备份中恢复。").format(
                visit.officer_name, visit.visited_on, visit.enterprise_name)):
            self._write(lambda: delete_visit(self.db, visit.id))

    def print_record(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        from ...services.enterprise_reports import write_visit_pdf

        title = self.tr("走访记录表-{0}-{1:%Y%m%d}").format(visit.enterprise_name, visit.visited_on)
        preview_generated_pdf(self, title, lambda path, progress: write_visit_pdf(self.db, visit.id, path,
                                                                                  progress=progress),
                              lambda dialog: setattr(self, "preview_dialog", dialog))

    def export_ledger(self) -> None:
        officer_id, first, last = self.filters()
        who = self.officer_filter.currentText() if officer_id is not None else ""
        name = self.tr("{0}走访台账-{1:%Y%m%d}.xlsx").format(who, date.today())
        path = ask_save_path(self, self.tr("导出走访台账"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        from ...services.enterprise_reports import export_visits_xlsx

        BackgroundOp(self, self.tr("正在导出走访台账……"),
                     lambda progress: export_visits_xlsx(self.db, path, officer_id=officer_id, date_from=first,
                                                         date_to=last, progress=progress),
                     lambda rows: QMessageBox.information(self, self.tr("导出完成"), self.tr(
                         "已导出 {0:,} 次走访到：\n{1}").format(rows, path))).run()
