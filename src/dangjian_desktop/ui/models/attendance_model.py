"""The attendance table of a meeting record: every expected attendee (from the roster of that day, never typed),
marked 出席 / 请假 / 缺席 with one click, and the reason that 请假 and 缺席 need."""

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.meetings import Attendance, AttendanceStatus
from .headered import HeaderedTableModel

HEADERS = ("序号", "姓名", "类别", "出席情况", "请假/缺席原因")
NUMBER, NAME, KIND, STATUS, REASON = range(len(HEADERS))
STATUSES = tuple(AttendanceStatus)
STATUS_COLOURS = {  # filled segment: background, text
    AttendanceStatus.PRESENT: ("#2E7D32", "#FFFFFF"),
    AttendanceStatus.LEAVE: ("#B26A00", "#FFFFFF"),
    AttendanceStatus.ABSENT: ("#B3261E", "#FFFFFF"),
}
MISSING_REASON = "（请填写原因）"
_MISSING_BACKGROUND = "#FDECEA"


def needs_reason(attendee: Attendance) -> bool:
    return attendee.status != AttendanceStatus.PRESENT and not attendee.reason.strip()


class AttendanceModel(HeaderedTableModel):
    """`marks_changed` after any status or reason changed (by a click, typing or `mark_all_present`)."""

    HEADERS = HEADERS

    marks_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Attendance] = []
        self._read_only = False

    # ----- content -----------------------------------------------------------------------------------------
    def set_attendance(self, attendance: tuple[Attendance, ...]) -> None:
        self.beginResetModel()
        self._rows = list(attendance)
        self.endResetModel()
        self.marks_changed.emit()

    def attendance(self) -> tuple[Attendance, ...]:
        """The marks; a reason typed for someone marked back to 出席 is kept here but not handed out."""
        return tuple(replace(a, reason="") if a.status == AttendanceStatus.PRESENT and a.reason else a
                     for a in self._rows)

    def attendee(self, row: int) -> Attendance:
        return self._rows[row]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, REASON))

    def is_read_only(self) -> bool:
        return self._read_only

    def set_status(self, row: int, status: AttendanceStatus) -> None:
        if self._read_only or self._rows[row].status == status:
            return
        self._rows[row] = replace(self._rows[row], status=status)
        self.dataChanged.emit(self.index(row, STATUS), self.index(row, REASON))
        self.marks_changed.emit()

    def mark_all_present(self) -> None:
        if self._read_only or not self._rows:
            return
        self._rows = [replace(a, status=AttendanceStatus.PRESENT) for a in self._rows]
        self.dataChanged.emit(self.index(0, STATUS), self.index(len(self._rows) - 1, REASON))
        self.marks_changed.emit()

    # ----- Qt model ----------------------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == REASON and not self._read_only \
                and self._rows[index.row()].status != AttendanceStatus.PRESENT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        attendee, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NUMBER:
                return str(index.row() + 1)
            if column == NAME:
                return attendee.name
            if column == KIND:
                return "正式" if attendee.voting else "预备"
            if column == STATUS:
                return str(attendee.status)
            if column == REASON:
                return MISSING_REASON if needs_reason(attendee) else attendee.reason
        if role == Qt.ItemDataRole.EditRole and column == REASON:
            return attendee.reason
        if column == REASON and needs_reason(attendee):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(STATUS_COLOURS[AttendanceStatus.ABSENT][0]))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(_MISSING_BACKGROUND))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == KIND:
                return "正式党员（有表决权）" if attendee.voting else "预备党员（无表决权）"
            if column == REASON and attendee.status != AttendanceStatus.PRESENT:
                return "双击或直接打字填写原因"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, KIND):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._read_only:
            return False
        row = index.row()
        if index.column() == STATUS:
            self.set_status(row, AttendanceStatus(value))
            return True
        if index.column() == REASON:
            self._rows[row] = replace(self._rows[row], reason=str(value).strip())
            self.dataChanged.emit(index, index)
            self.marks_changed.emit()
            return True
        return False

