"""Who attended: the expected attendees with one-click 出席 / 请假 / 缺席, the reasons, live counts and quorum."""

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStyle, \
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget

from ...domain.meetings import Attendance, AttendanceStatus, MeetingType, has_quorum
from ..models.attendance_model import KIND, NAME, NUMBER, REASON, STATUS, STATUS_COLOURS, STATUSES, \
    AttendanceModel
from ..theme import HINT, set_role
from . import FieldMessage

_KEYS = {Qt.Key.Key_1: AttendanceStatus.PRESENT, Qt.Key.Key_2: AttendanceStatus.LEAVE,
         Qt.Key.Key_3: AttendanceStatus.ABSENT}


class StatusSegmentsDelegate(QStyledItemDelegate):
    """Draws 出席 | 请假 | 缺席 side by side in the status cell; one click on a segment marks the person.
    `marked(row, status)` after a click changed someone's mark."""

    marked = Signal(int, str)

    def __init__(self, model: AttendanceModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model   # index.model() in paint can crash PySide 6.9 (a wrapper looked up per cell)

    def segment_rects(self, rect: QRect) -> list[QRect]:
        inner = rect.adjusted(4, 3, -4, -3)
        width = inner.width() // len(STATUSES)
        return [QRect(inner.left() + i * width, inner.top(), width, inner.height()) for i in range(len(STATUSES))]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        current = index.data()
        read_only = self._model.is_read_only()
        for status, rect in zip(STATUSES, self.segment_rects(option.rect)):
            chosen = status == current
            idle_text = "#A8ABB2" if read_only else "#3A3F46"
            background, text = STATUS_COLOURS[status] if chosen else ("#FFFFFF", idle_text)
            painter.setPen(QPen(QColor(STATUS_COLOURS[status][0] if chosen else "#C9CDD4")))
            painter.setBrush(QColor(background))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.setPen(QColor(text))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(status))
        painter.restore()

    def status_at(self, rect: QRect, x: int) -> AttendanceStatus | None:
        for status, segment in zip(STATUSES, self.segment_rects(rect)):
            if segment.left() <= x <= segment.right():
                return status
        return None

    def editorEvent(self, event: QEvent, model: AttendanceModel, option: QStyleOptionViewItem,  # noqa: N802
                    index: QModelIndex) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton \
                and not self._model.is_read_only():
            status = self.status_at(option.rect, event.position().toPoint().x())
            if status is not None:
                self._model.setData(index, status)
                self.marked.emit(index.row(), str(status))
                return True
        return super().editorEvent(event, model, option, index)


class AttendanceEditor(QWidget):
    """`changed` after any mark or reason changed, or new attendees were set."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._type = ""
        self.model = AttendanceModel(self)
        self.counts = QLabel()
        self.all_present = QPushButton(self.tr("全部出席"))
        self.all_present.setToolTip(self.tr("把每个人都标为出席"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.delegate = StatusSegmentsDelegate(self.model, self.table)
        self.table.setItemDelegateForColumn(STATUS, self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, text in ((NUMBER, "序号"), (NAME, "欧阳晓明"), (KIND, "类别")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(text) + 24)
        self.table.setColumnWidth(STATUS, metrics.horizontalAdvance("出席") * 3 + 48)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.hint = set_role(QLabel(self.tr("点选每人的出席情况（也可按 1、2、3 键）；请假、缺席须写明原因。")), HINT)
        self.hint.setWordWrap(True)
        self.message = FieldMessage()
        self.quorum = FieldMessage()

        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.all_present)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.quorum)

        self.all_present.clicked.connect(self.model.mark_all_present)
        self.delegate.marked.connect(self._marked)
        self.model.marks_changed.connect(self._update)
        self.model.marks_changed.connect(self.changed)

    # ----- public ----------------------------------------------------------------------------------------------
    def set_meeting_type(self, meeting_type: str) -> None:
        self._type = meeting_type
        self._update()

    def set_attendance(self, attendance: tuple[Attendance, ...]) -> None:
        self.model.set_attendance(attendance)

    def attendance(self) -> tuple[Attendance, ...]:
        return self.model.attendance()

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)
        self.all_present.setEnabled(not read_only)
        self.hint.setVisible(not read_only)
        self.table.viewport().update()

    def show_issues(self, messages: list[str]) -> None:
        """What keeps the record from being saved (from the record check), in red under the table."""
        self.message.show_message("；".join(messages))

    def mark(self, row: int, status: AttendanceStatus) -> None:
        """Mark one person, as a click on their segment would (then the reason cell opens when one is needed)."""
        self.model.setData(self.model.index(row, STATUS), status)
        self._marked(row, str(status))

    # ----- behaviour -------------------------------------------------------------------------------------------
    def _marked(self, row: int, status: str) -> None:
        """After 请假 or 缺席, the reason cell opens for typing (once the click that marked has been handled)."""
        if status != AttendanceStatus.PRESENT and not self.model.attendee(row).reason:
            QTimer.singleShot(0, lambda: self._edit_reason(row))

    def _edit_reason(self, row: int) -> None:
        if row < self.model.rowCount() and self.model.flags(self.model.index(row, REASON)) \
                & Qt.ItemFlag.ItemIsEditable:
            index = self.model.index(row, REASON)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() in _KEYS \
                and self.table.state() != QAbstractItemView.State.EditingState and not self.model.is_read_only():
            row = self.table.currentIndex().row()
            if row >= 0:
                self.mark(row, _KEYS[event.key()])
                return True
        return super().eventFilter(watched, event)

    def _update(self) -> None:
        rows = self.model.attendance()
        present = sum(1 for a in rows if a.status == AttendanceStatus.PRESENT)
        leave = sum(1 for a in rows if a.status == AttendanceStatus.LEAVE)
        absent = sum(1 for a in rows if a.status == AttendanceStatus.ABSENT)
        self.counts.setText(self.tr("应到 <b>{0}</b> 人　实到 <b>{1}</b> 人　请假 <b>{2}</b> 人　缺席 <b>{3}</b> 人")
                            .format(len(rows), present, leave, absent))
        voting = sum(1 for a in rows if a.voting)
        voting_present = sum(1 for a in rows if a.voting and a.status == AttendanceStatus.PRESENT)
        if self._type == MeetingType.PARTY_CONGRESS and not has_quorum(voting_present, voting):
            self.quorum.show_message(self.tr("未达法定人数：有表决权的正式党员 {0} 人，实到 {1} 人，须超过半数")
                                     .format(voting, voting_present))
        else:
            self.quorum.clear_message()
