"""会议记录 tab of 组织生活: the organisation tree on the left, the chosen organisation's meeting records on the
right, with the record actions; printing, the ledgers and the import live in meeting_outputs."""

from datetime import date

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

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
from ..ops import BackgroundOp, show_error
from ..theme import HINT, PRIMARY, SUBHEADING, set_role
from ..widgets.date_edit import DateEdit
from ..widgets.list_table import list_table, widget_shortcut
from ..widgets.org_tree import OrgTree
from ..widgets.view_only import view_only
from .meeting_outputs import MeetingOutputs

HEADER_STATE_KEY = "meetings_page/header_state"
SPLITTER_STATE_KEY = "meetings_page/splitter_state"


def _combo(items: tuple[tuple[str, object], ...]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


class MeetingRecordsTab(QWidget):
    """`data_changed` after records (or organisations) were changed here; `meetings_loaded` when a list arrived."""

    data_changed = Signal()
    meetings_loaded = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self._today = today or date.today()
        self._generation = 0
        self._reselect: int | None = None
        self.editor: MeetingDialog | None = None
        self.editable = True
        self.tree = OrgTree(db)
        self.model = MeetingTableModel(self)
        self.outputs = MeetingOutputs(self, db)
        self._build()
        self._connect()
        self.tree.refresh()

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = set_role(QLabel(), SUBHEADING)
        self.count_label = set_role(QLabel(), HINT)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索主题、党组织"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 40)
        self.type_filter = _combo(((self.tr("全部类型"), None),) + tuple((str(t), str(t)) for t in MeetingType))
        self.status_filter = _combo(((self.tr("全部"), None),) + tuple((str(s), str(s)) for s in RecordStatus))
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

        self.table = list_table(self.model, sortable=True, context_menu=True)
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        samples = {DATE: "2026-12-31", ORG: "幸福里社区第一党支", TOPIC: "学习贯彻党的二十届四中",
                   QUORUM: "未达法定人数"}
        for column, label in enumerate(HEADERS):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(samples.get(column, label)) + 24)

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.count_label)
        heading.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for label, widget in ((self.tr("类型"), self.type_filter), (self.tr("日期"), self.date_from),
                              (self.tr("至"), self.date_to), (self.tr("状态"), self.status_filter)):
            filters.addSpacing(6)
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.copy_button, self.finalize_button,
                       self.reopen_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addLayout(heading)
        column.addLayout(filters)
        column.addLayout(actions)
        column.addLayout(self.outputs.button_row())
        column.addWidget(self.table, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.tree.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._save_timer = QTimer(self, singleShot=True, interval=500, timeout=self._save_layout)
        self._restore_layout()

    def _connect(self) -> None:
        self.tree.org_selected.connect(lambda _org_id: self._load())
        self.tree.organizations_changed.connect(self.data_changed)
        self.search.textChanged.connect(self.model.set_search)
        for combo in (self.type_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        for field in (self.date_from, self.date_to):
            field.changed.connect(self._dates_changed)
        self.model.counts_changed.connect(self._update_counts)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_meeting())
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        for signal in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged,
                       self.splitter.splitterMoved):
            signal.connect(lambda *_args: self._save_timer.start())
        widget_shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
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

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def select_organization(self, org_id: int) -> None:
        self.tree.select_org(org_id)

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: records open read-only; no new, copy, finalize, reopen, delete,
        import or Excel export (printing stays)."""
        self.editable = editable
        for button in (self.new_button, self.outputs.import_button, self.outputs.template_button,
                       self.outputs.export_button):
            button.setEnabled(editable)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu if editable
                                       else Qt.ContextMenuPolicy.NoContextMenu)
        self._update_buttons()

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
        """Fetch the records off the GUI thread; an answer to an older request is dropped."""
        self._generation += 1
        generation = self._generation
        name, branch_ids = self.scope()
        self.title.setText(name or (self.tree.current_node().name if self.tree.current_node() else ""))
        first, last = self.date_range()
        self._apply_filters()
        BackgroundOp(self, self.tr("正在读取会议记录……"),
                     lambda _progress: list_meetings(self.db, branch_ids=branch_ids, date_from=first, date_to=last),
                     lambda records: self._loaded(generation, records)).run()

    def _loaded(self, generation: int, records: list[MeetingSummary]) -> None:
        if generation != self._generation:
            return
        self.model.set_records(records)
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

    def _update_counts(self) -> None:
        visible, total = self.model.visible_count, self.model.total_count
        self.count_label.setText(self.tr("共 {0:,} 次").format(total) if visible == total
                                 else self.tr("显示 {0:,} 次，共 {1:,} 次").format(visible, total))

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

    def _restore_layout(self) -> None:
        settings = QSettings()
        splitter = settings.value(SPLITTER_STATE_KEY)
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([260, 1000])
        state = settings.value(HEADER_STATE_KEY)
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(HEADER_STATE_KEY, self.table.horizontalHeader().saveState())
        settings.setValue(SPLITTER_STATE_KEY, self.splitter.saveState())

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
