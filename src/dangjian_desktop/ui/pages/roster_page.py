"""组织与党员: the organisation tree on the left, the chosen organisation's roster on the right."""

from datetime import date

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QMenu, QMessageBox, QPushButton, QWidget

from ...domain.access import Permission
from ...domain.enums import MemberCategory, OrgLevel
from ...domain.member import MemberRecord
from ...services.audit import allowed, reveal_full_numbers
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.members import delete_members, get_member, list_members
from ...services.rosters import export_roster_xlsx, write_roster_pdf
from ..dialogs import ask_save_path
from ..dialogs.import_dialog import start_member_import
from ..dialogs.member_dialog import MemberDialog
from ..dialogs.move_dialog import describe_members, move_members_dialog
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..models.roster_model import RosterTableModel
from ..ops import BackgroundOp, show_error
from ..theme import PRIMARY, set_role
from ..widgets import button_row, choice_combo
from ..widgets.full_numbers import guard_reveal, restrict_full_numbers
from ..widgets.view_only import view_only
from .org_list_page import OrgListPage

WIDTH_SAMPLE_ROWS = 200
MAX_INITIAL_WIDTH = 360


class RosterPage(OrgListPage):
    """`data_changed` after members or organisations were changed here; `members_loaded` when a list arrived."""

    members_loaded = Signal()
    UNIT = "人"
    HEADER_STATE_KEY = "roster_page/header_state"
    SPLITTER_STATE_KEY = "roster_page/splitter_state"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, RosterTableModel(), parent, multi_select=True, row_numbers=True)
        self._reselect: set[int] = set()
        self._widths_ready = False
        self.preview_dialog: PdfPreviewDialog | None = None
        self._build()
        self._connect()
        self.tree.refresh()

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search.setPlaceholderText(self.tr("搜索姓名、身份证号、电话、单位（Ctrl+F）"))
        self.category_filter = choice_combo(((self.tr("全部"), None),) + tuple((str(c), str(c)) for c in MemberCategory))
        yes_no = ((self.tr("全部"), None), (self.tr("是"), True), (self.tr("否"), False))
        self.mobile_filter = choice_combo(yes_no)
        self.lost_filter = choice_combo(yes_no)
        self.include_subtree = QCheckBox(self.tr("包含下级组织"))
        self.include_subtree.setChecked(True)
        self.show_full = QCheckBox(self.tr("显示完整号码"))
        self.show_full.setToolTip(self.tr("不勾选时，身份证号和电话只显示前后几位"))
        self.add_button = set_role(QPushButton(self.tr("新增党员")), PRIMARY)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.move_button = QPushButton(self.tr("转移支部"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.import_button = QPushButton(self.tr("导入…"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.print_button = QPushButton(self.tr("打印花名册…"))
        buttons = button_row((self.add_button, self.edit_button, self.move_button, self.delete_button),
                             (self.import_button, self.export_button, self.print_button))
        self._lay_out(((self.tr("人员类别"), self.category_filter), (self.tr("流动党员"), self.mobile_filter),
                       (self.tr("失联"), self.lost_filter)), (buttons,), filter_gap=8, search_room=48,
                      beside_count=(self.include_subtree, self.show_full))

    def _connect(self) -> None:
        self._connect_list(self.edit_member, self.delete_members)
        for combo in (self.category_filter, self.mobile_filter, self.lost_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.include_subtree.toggled.connect(lambda _on: self._load())
        guard_reveal(self.show_full, self.db, lambda: self.tr("花名册：{0}").format(self.title.text()),
                     lambda on: self.model.set_masked(not on))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.move_button.clicked.connect(self.move_members)
        self.delete_button.clicked.connect(self.delete_members)
        self.import_button.clicked.connect(self.import_members)
        self.export_button.clicked.connect(self.export_roster)
        self.print_button.clicked.connect(self.print_roster)

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the tree (counts) and the list, keeping the chosen organisation and selected members."""
        self._reselect = {r.id for r in self.selected_records()}
        self.tree.refresh()

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: no adding, editing, moving, deleting, importing or exporting
        (members open read-only; printing stays)."""
        for button in (self.add_button, self.import_button, self.export_button):
            button.setEnabled(editable)
        super().set_editable(editable)

    def selected_records(self) -> list[MemberRecord]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.record_at(row) for row in rows]

    # ----- loading ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        org_id, include = self.tree.current_org_id(), self.include_subtree.isChecked()
        node = self.tree.current_node()
        self.title.setText(node.name if node else self.tr("全部党员"))
        self._fetch(self.tr("正在读取党员名单……"), lambda: list_members(self.db, org_id, include), self._loaded)

    def _loaded(self) -> None:
        if not self._widths_ready:
            self._initial_widths()
        self._select_ids(self._reselect)
        self._reselect = set()
        self.members_loaded.emit()

    def _select_ids(self, ids: set[int]) -> None:
        selection = self.table.selectionModel()
        for member_id in ids:
            row = self.model.row_of(member_id)
            if row is not None:
                selection.select(self.model.index(row, 0), selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)
                self.table.scrollTo(self.model.index(row, 0))

    def _apply_filters(self) -> None:
        self.model.set_filters(category=self.category_filter.currentData(), mobile=self.mobile_filter.currentData(),
                               lost_contact=self.lost_filter.currentData())

    def _update_buttons(self) -> None:
        count = len(self.table.selectionModel().selectedRows()) if self.editable else 0
        self.edit_button.setEnabled(count == 1)
        self.move_button.setEnabled(count > 0)
        self.delete_button.setEnabled(count > 0)

    # ----- column widths -------------------------------------------------------------------------------------
    def _restore_layout(self) -> bool:
        """Saved widths count only while the columns are the same (else they are measured on the first list)."""
        restored = super()._restore_layout() and self.table.horizontalHeader().count() == self.model.columnCount()
        self._widths_ready = restored
        return restored

    def _initial_widths(self) -> None:
        """Widths from the header text and a sample of rows (sizing to all 50,000 rows would take a while)."""
        if self.model.visible_count == 0:
            return
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        rows = range(min(self.model.visible_count, WIDTH_SAMPLE_ROWS))
        for column in range(self.model.columnCount()):
            label = self.model.headerData(column, Qt.Orientation.Horizontal)
            widest = max((metrics.horizontalAdvance(self.model.data(self.model.index(row, column)) or "")
                          for row in rows), default=0)
            width = max(header_metrics.horizontalAdvance(label) * 1.15 + 34, widest + 24)
            self.table.setColumnWidth(column, int(min(width, MAX_INITIAL_WIDTH)))
        self._widths_ready = True

    # ----- member actions ----------------------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        records = self.selected_records()
        menu = QMenu(self)
        menu.addAction(self.tr("编辑…"), self.edit_member).setEnabled(len(records) == 1 and self.editable)
        menu.addAction(self.tr("转移支部…"), self.move_members).setEnabled(self.editable)
        menu.addAction(self.tr("删除…"), self.delete_members).setEnabled(self.editable)
        menu.addSeparator()
        menu.addAction(self.tr("复制身份证号"), self.copy_id_numbers).setEnabled(
            allowed(self.db, Permission.SHOW_FULL_NUMBERS))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def add_member(self) -> None:
        node = self.tree.current_node()
        branch_id = group_id = None
        if node is not None and node.level == OrgLevel.BRANCH:
            branch_id = node.id
        elif node is not None and node.level == OrgLevel.GROUP:
            branch_id, group_id = node.parent_id, node.id
        dialog = MemberDialog(self, self.db, branch_id=branch_id, group_id=group_id)
        if dialog.exec() and dialog.saved is not None:
            self._members_changed({dialog.saved.id})

    def edit_member(self) -> None:
        records = self.selected_records()
        if len(records) != 1:
            return
        try:
            record = get_member(self.db, records[0].id)
        except ServiceError as exc:  # deleted meanwhile
            show_error(self, exc)
            return
        dialog = view_only(MemberDialog(self, self.db, record=record), self.editable)
        if dialog.exec() and dialog.saved is not None:
            self._members_changed({record.id})

    def move_members(self) -> None:
        records = self.selected_records()
        if records and move_members_dialog(self, self.db, records) is not None:
            self._members_changed({r.id for r in records})

    def delete_members(self) -> None:
        records = self.selected_records()
        if not records or not self.editable:
            return
        answer = QMessageBox.question(
            self, self.tr("删除党员"),
            self.tr("确定删除这 {0} 名党员吗？\n{1}\n\n删除后只能从备份中恢复。").format(
                len(records), describe_members(records, limit=10)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_members(self.db, [r.id for r in records])
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._members_changed(set())

    def copy_id_numbers(self) -> None:
        """Whole numbers leave the screen: allowed and logged like 显示完整号码."""
        records = self.selected_records()
        if not records:
            return
        try:
            reveal_full_numbers(self.db, self.tr("复制的身份证号：{0}").format(describe_members(records)))
        except ServiceError as exc:
            show_error(self, exc)
            return
        QGuiApplication.clipboard().setText("\n".join(r.id_number for r in records))

    def _members_changed(self, select_ids: set[int]) -> None:
        self._reselect = select_ids
        self.tree.refresh()
        self.data_changed.emit()

    def import_members(self) -> None:
        start_member_import(self, self.db, lambda: self._members_changed(set()))

    # ----- export and print --------------------------------------------------------------------------------------
    def _ask_masked(self, title: str, action: str, go_text: str) -> bool | None:
        """Say what will be written and ask whether to hide ID and phone digits; None when cancelled."""
        node = self.tree.current_node()
        below = node is not None and any(n.parent_id == node.id for n in self.tree.nodes())
        scope = self.tr("及下级组织") if below and self.include_subtree.isChecked() else ""
        box = QMessageBox(QMessageBox.Icon.Question, title, self.tr("将{0}“{1}”{2}的 {3:,} 名党员。").format(
            action, self.title.text(), scope, self.model.total_count), QMessageBox.StandardButton.Cancel, self)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 420px; }")  # the sentence on one line
        box.setInformativeText(self.tr("搜索和筛选条件不影响{0}的范围。").format(action))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        go = box.addButton(go_text, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(go)
        masked = QCheckBox(self.tr("隐去身份证号和电话的中间几位（建议保持勾选）"))
        masked.setChecked(True)
        restrict_full_numbers(masked, self.db, True)
        box.setCheckBox(masked)
        box.exec()
        return masked.isChecked() if box.clickedButton() is go else None

    def export_roster(self) -> None:
        masked = self._ask_masked(self.tr("导出 Excel"), self.tr("导出"), self.tr("选择保存位置…"))
        if masked is None:
            return
        name = self.tr("{0}花名册-{1:%Y%m%d}.xlsx").format(self.title.text(), date.today())
        path = ask_save_path(self, self.tr("导出花名册"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        org_id, include = self.tree.current_org_id(), self.include_subtree.isChecked()
        BackgroundOp(self, self.tr("正在导出花名册……"),
                     lambda progress: export_roster_xlsx(self.db, path, org_id=org_id, include_subtree=include,
                                                         masked=masked, progress=progress),
                     lambda rows: QMessageBox.information(self, self.tr("导出完成"), self.tr(
                         "已导出 {0:,} 名党员到：\n{1}").format(rows, path))).run()

    def print_roster(self) -> None:
        masked = self._ask_masked(self.tr("打印花名册"), self.tr("打印"), self.tr("生成预览"))
        if masked is None:
            return
        title = self.tr("{0}花名册").format(self.title.text())
        org_id, include = self.tree.current_org_id(), self.include_subtree.isChecked()
        preview_generated_pdf(self, title, lambda path, progress: write_roster_pdf(
            self.db, path, org_id=org_id, include_subtree=include, masked=masked, progress=progress),
            lambda dialog: setattr(self, "preview_dialog", dialog))
