"""The meeting import preview table: every row of the file with its status and problems, and (for a meeting
already recorded that day) whether to skip it — the default — or import it as one more meeting."""

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ...services.meeting_import import MeetingPreviewRow, RowStatus
from .preview_rows import PreviewRowsModel, sorted_issues_text

HEADERS = ("行号", "状态", "党组织", "会议类型", "日期", "主题", "应到", "实到", "问题说明", "重复记录的处理")
ROW, STATUS, ORG, TYPE, DATE, TOPIC, EXPECTED, PRESENT, ISSUES, CHOICE = range(len(HEADERS))
_KIND_ORDER = {"错误": 0, "冲突": 1, "警告": 2, "已修正": 3}   # the reason a row is refused comes first


def issues_text(row: MeetingPreviewRow) -> str:
    return sorted_issues_text(row.issues, _KIND_ORDER)


class MeetingImportModel(PreviewRowsModel):
    """`imports()` gives the row numbers of conflict rows to import anyway; `choices_changed` when it changes."""

    HEADERS = HEADERS
    STATUS_COLUMN = STATUS

    def __init__(self, rows: list[MeetingPreviewRow], parent: QObject | None = None):
        super().__init__(rows, parent)
        self._imports: set[int] = set()

    def row_at(self, row: int) -> MeetingPreviewRow:
        return self._shown[row]

    def imports(self) -> set[int]:
        return set(self._imports)

    def conflict_count(self) -> int:
        return sum(1 for r in self._rows if r.status is RowStatus.CONFLICT)

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
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ROW, STATUS, DATE, EXPECTED, PRESENT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return self._status_brush(row, column, role)

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
        if self._shown[index.row()].status is not RowStatus.CONFLICT:
            return False
        self._set_choice(index, value, self._imports)
        return True
