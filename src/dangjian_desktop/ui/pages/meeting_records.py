"""会议记录 tab of 组织生活: the organisation tree on the left, the chosen organisation's meeting records on the
right, with the record actions; printing, the ledgers and the import live in meeting_outputs."""

from datetime import date

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QWidget

from ...domain.enums import OrgLevel
from ...domain.meetings import MeetingRecord, MeetingType, RecordStatus
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.meetings import MeetingSummary, copy_meeting, delete_meeting, finalize_meeting, get_meeting, \
    list_meetings, new_meeting, reopen_meeting, with_attendance_for
from ..dialogs.meeting_dialog import MeetingDialog, ask_reopen_reason, user_name
from ..dialogs.new_meeting_dialog import NewMeetingDialog
from ..models import subtree_of
from ..models.meeting_model import DATE, HEADERS, ORG, QUORUM, TOPIC, MeetingTableModel
from ..ops import show_error
from ..theme import PRIMARY, set_role
from ..widgets import button_row, choice_combo
from ..widgets.date_edit import DateEdit
from ..widgets.view_only import view_only
from .meeting_outputs import MeetingOutputs
from .org_list_page import OrgListPage


class MeetingRecordsTab(OrgListPage):
    """`data_changed` after records (or organisations) were changed here; `meetings_loaded` when a list arrived."""

    meetings_loaded = Signal()
    UNIT = "次"
    HEADER_STATE_KEY = "meetings_page/header_state"
    SPLITTER_STATE_KEY = "meetings_page/splitter_state"
    FIRST_SPLIT = (260, 1000)

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(db, MeetingTableModel(), parent)
        self._today = today or date.today()
        self._reselect: int | None = None
        self.editor: MeetingDialog | None = None
        self.outputs = MeetingOutputs(self, db)
        self._build()
        self._connect()
        self.tree.refresh()

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search.setPlaceholderText(self.tr("搜索主题、党组织"))
        self.type_filter = choice_combo(((self.tr("全部类型"), None),) + tuple((str(t), str(t)) for t in MeetingType))
        self.status_filter = choice_combo(((self.tr("全部"), None),) + tuple((str(s), str(s)) for s in RecordStatus))
        self.date_from, self.date_to = DateEdit(), DateEdit()
        self.date_from.setDate(date(self._today.year, 1, 1))
        self.date_to.setDate(date(self._today.year, 12, 31))
        for field in (self.date_from, self.date_to):
            field.setFixedWidth(field.fontMetrics().horizontalAdvance("2026-12-31") + 96)
        self.new_button = set_role(QPushButton(self.tr("新建会议记录")), PRIMARY)
        self.edit_button = QPushButton(self.tr("编辑/查看"))
        self.copy_button = QPushButton(self.tr("复制为新记录"))
        self.finalize_button = QPushButton(self.tr("定稿"))
        self.reopen_button = QPushButton(self.tr("重新打开…"))
        self.delete_button = QPushButton(self.tr("删除"))

        metrics = self.table.horizontalHeader().fontMetrics()
        samples = {DATE: "2026-12-31", ORG: "幸福里社区第一党支", TOPIC: "学习贯彻党的二十届四中",
                   QUORUM: "未达法定人数"}
        for column, label in enumerate(HEADERS):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(samples.get(column, label)) + 24)
        actions = button_row((self.new_button, self.edit_button, self.copy_button, self.finalize_button,
                              self.reopen_button, self.delete_button))
        self._lay_out(((self.tr("类型"), self.type_filter), (self.tr("日期"), self.date_from),
                       (self.tr("至"), self.date_to), (self.tr("状态"), self.status_filter)),
                      (actions, self.outputs.button_row()), filter_gap=6, search_room=40)

    def _connect(self) -> None:
        self._connect_list(self.edit_meeting, self.delete_selected)
        for combo in (self.type_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        for field in (self.date_from, self.date_to):
            field.changed.connect(self._dates_changed)
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.copy_button.clicked.connect(self.copy_selected)
        self.finalize_button.clicked.connect(self.finalize_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.delete_button.clicked.connect(self.delete_selected)

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_summary()
        self._reselect = selected.id if selected else None
        self.tree.refresh()

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: records open read-only; no new, copy, finalize, reopen, delete,
        import or Excel export (printing stays)."""
        for button in (self.new_button, self.outputs.import_button, self.outputs.template_button,
                       self.outputs.export_button):
            button.setEnabled(editable)
        super().set_editable(editable)

    def show_meetings(self, org_id: int, first: date, last: date) -> None:
        """One organisation's records of a period, every type and status."""
        self.type_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(0)
        self.search.clear()
        for field, day in ((self.date_from, first), (self.date_to, last)):
            field.blockSignals(True)
            field.setDate(day)
            field.blockSignals(False)
        self.tree.select_org(org_id)   # loads, also when it is already the chosen one

    def selected_summary(self) -> MeetingSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary_at(rows[0].row()) if rows else None

    def date_range(self) -> tuple[date | None, date | None]:
        return self.date_from.date(), self.date_to.date()

    def scope(self) -> tuple[str | None, list[int] | None]:
        """The chosen organisation's name and its 党支部 (None, None for the whole street)."""
        node = self.tree.current_node()
        if node is None or node.parent_id is None:
            return None, None
        if node.level == OrgLevel.GROUP:
            return node.name, [node.parent_id]
        below = subtree_of(self.tree.nodes(), node.id)
        return node.name, [n.id for n in self.tree.nodes() if n.level == OrgLevel.BRANCH and n.id in below]

    # ----- loading ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        name, branch_ids = self.scope()
        self.title.setText(name or (self.tree.current_node().name if self.tree.current_node() else ""))
        first, last = self.date_range()
        self._apply_filters()
        self._fetch(self.tr("正在读取会议记录……"),
                    lambda: list_meetings(self.db, branch_ids=branch_ids, date_from=first, date_to=last), self._loaded)

    def _loaded(self) -> None:
        if self._reselect is not None:
            row = self.model.row_of(self._reselect)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
            self._reselect = None
        self.meetings_loaded.emit()

    def _dates_changed(self) -> None:
        if self.date_from.is_valid() and self.date_to.is_valid():
            self._load()

    def _apply_filters(self) -> None:
        node = self.tree.current_node()
        self.model.set_filters(meeting_type=self.type_filter.currentData(), status=self.status_filter.currentData(),
                               org_id=node.id if node is not None and node.level == OrgLevel.GROUP else None)

    def _update_buttons(self) -> None:
        summary = self.selected_summary()
        draft = summary is not None and summary.status == RecordStatus.DRAFT
        writable = summary is not None and self.editable
        self.edit_button.setEnabled(summary is not None)
        self.copy_button.setEnabled(writable)
        self.finalize_button.setEnabled(writable and draft)
        self.reopen_button.setEnabled(writable and not draft)
        self.delete_button.setEnabled(writable and draft)
        self.outputs.selection_changed(summary)

    # ----- record actions --------------------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        summary = self.selected_summary()
        if not self.table.indexAt(pos).isValid() or summary is None:
            return
        draft = summary.status == RecordStatus.DRAFT
        menu = QMenu(self)
        menu.addAction(self.tr("编辑/查看…"), self.edit_meeting)
        for text, slot, enabled in ((self.tr("复制为新记录…"), self.copy_selected, True),
                                    (self.tr("定稿"), self.finalize_selected, draft),
                                    (self.tr("重新打开…"), self.reopen_selected, not draft),
                                    (self.tr("删除…"), self.delete_selected, draft)):
            menu.addAction(text, slot).setEnabled(enabled and self.editable)
        menu.addSeparator()
        menu.addAction(self.tr("打印会议记录…"), self.outputs.print_record)
        menu.addAction(self.tr("打印签到表…"), self.outputs.print_signin)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def new_meeting(self) -> NewMeetingDialog:
        """Ask which organisation, type and day (window-modal); the editor opens after 确定."""
        chooser = NewMeetingDialog(self, self.db, self.tree.current_org_id(), today=self._today)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: self.start_meeting(*chooser.choice()))
        chooser.open()
        return chooser

    def start_meeting(self, org_id: int, meeting_type: str, day: date) -> None:
        """Open the editor on a new, unsaved record of that organisation, type and day."""
        try:
            record = new_meeting(self.db, org_id, meeting_type, day)
            if record.held_on != day:   # a 主题党日 held on another day than the street planned
                record = with_attendance_for(self.db, record, day)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.open_editor(record)

    def open_editor(self, record: MeetingRecord) -> MeetingDialog:
        editor = view_only(MeetingDialog(self, self.db, record, today=self._today), self.editable)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(lambda _code, e=editor: self._editor_closed(e))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: MeetingDialog) -> None:
        if self.editor is editor:
            self.editor = None
        if editor.saved is not None or editor.status_changed:
            self._records_changed(editor.saved.id if editor.saved is not None else editor.record().id)

    def edit_meeting(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        try:
            record = get_meeting(self.db, summary.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.open_editor(record)

    def copy_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        try:
            record = copy_meeting(self.db, summary.id, self._today)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.open_editor(record)

    def finalize_selected(self) -> None:
        summary = self.selected_summary()
        if summary is not None:
            self._change(summary.id, lambda: finalize_meeting(self.db, summary.id, user_name(self.db)))

    def reopen_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        reason = ask_reopen_reason(self)
        if reason is not None:
            self._change(summary.id, lambda: reopen_meeting(self.db, summary.id, user_name(self.db), reason))

    def delete_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status != RecordStatus.DRAFT or not self.editable:
            return
        answer = QMessageBox.question(
            self, self.tr("删除会议记录"),
            self.tr("确定删除{0} {1:%Y-%m-%d} 的{2}记录吗？\n出席情况和照片一并删除，删除后只能从备份中恢复。").format(
                summary.org_name, summary.held_on, summary.type),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._change(None, lambda: delete_meeting(self.db, summary.id))

    def _change(self, select_id: int | None, action) -> None:  # noqa: ANN001 - a callable doing one service call
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._records_changed(select_id)

    def records_imported(self) -> None:
        self._records_changed(None)

    def _records_changed(self, select_id: int | None) -> None:
        self._reselect = select_id
        self._load()
        self.data_changed.emit()
