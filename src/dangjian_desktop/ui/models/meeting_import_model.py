"""The meeting import preview table: every row of the file with its status and problems, and (for a meeting
already recorded that day) whether to skip it — the default — or import it as one more meeting."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...services.meeting_import import MeetingPreviewRow, RowStatus
from .import_preview_model import STATUS_COLOURS

HEADERS = ("行号", "状态", "党组织", "会议类型", "日期", "主题", "应到", "实到", "问题说明", "重复记录的处理")
ROW, STATUS, ORG, TYPE, DATE, TOPIC, EXPECTED, PRESENT, ISSUES, CHOICE = range(len(HEADERS))
_KIND_ORDER = {"错误": 0, "冲突": 1, "警告": 2, "已修正": 3}   # the reason a row is refused comes first


def issues_text(row: MeetingPreviewRow) -> str:
    issues = sorted(row.issues, key=lambda issue: _KIND_ORDER.get(issue.kind, len(_KIND_ORDER)))
    return "；".join(f"{issue.column}：{issue.message}" for issue in issues)


class MeetingImportModel(QAbstractTableModel):
    """`imports()` gives the row numbers of conflict rows to import anyway; `choices_changed` when it changes."""

    choices_changed = Signal()

    def __init__(self, rows: list[MeetingPreviewRow], parent: QObject | None = None):
        super().__init__(parent)
        self._rows = rows
        self._shown = list(rows)
        self._imports: set[int] = set()

    def set_problems_only(self, on: bool) -> None:
        self.beginResetModel()
        self._shown = [r for r in self._rows if r.status is not RowStatus.OK] if on else list(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> MeetingPreviewRow:
        return self._shown[row]

    def imports(self) -> set[int]:
        return set(self._imports)

    def conflict_count(self) -> int:
        return sum(1 for r in self._rows if r.status is RowStatus.CONFLICT)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == CHOICE and self._shown[index.row()].status is RowStatus.CONFLICT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        conflict = row.status is RowStatus.CONFLICT
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHOICE and conflict:
                return "这一天已有同类会议记录。勾选则仍作为另一次会议导入，否则跳过本行"
            return self._text(row, column) if column in (ISSUES, TOPIC, ORG) else None
        if role == Qt.ItemDataRole.CheckStateRole and column == CHOICE and conflict:
            return Qt.CheckState.Checked if row.row_number in self._imports else Qt.CheckState.Unchecked
        if column == STATUS and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, text = STATUS_COLOURS[row.status]
            return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ROW, STATUS, DATE, EXPECTED, PRESENT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: MeetingPreviewRow, column: int) -> str:
        record = row.record
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return row.status.label
        if column == ORG:
            same = record.org_name == record.branch_name or not record.branch_name
            return record.org_name if same else f"{record.branch_name} {record.org_name}"
        if column == TYPE:
            return record.type
        if column == DATE:
            return record.held_on.isoformat() if record.held_on else ""
        if column == TOPIC:
            return record.topic
        if column == EXPECTED:
            return str(record.expected)
        if column == PRESENT:
            return str(record.present)
        if column == ISSUES:
            return issues_text(row)
        if column == CHOICE and row.status is RowStatus.CONFLICT:
            return "仍导入" if row.row_number in self._imports else "跳过"
        return ""

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != CHOICE:
            return False
        row = self._shown[index.row()]
        if row.status is not RowStatus.CONFLICT:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._imports.add(row.row_number)
        else:
            self._imports.discard(row.row_number)
        self.dataChanged.emit(index, index)
        self.choices_changed.emit()
        return True
