"""The import preview table: every row of the file with its status, its problems, and (for a member already
in the database) whether to skip it or update the stored record."""

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.masking import mask_id_number
from ...domain.member import Severity
from ...services.member_import import CONFLICT_KIND, KIND_LABELS, PreviewRow
from .preview_rows import STATUS_COLOURS, PreviewRowsModel, sorted_issues_text

HEADERS = ("行号", "状态", "姓名", "身份证号", "所在党支部", "问题说明", "已登记的处理")
ROW, STATUS, NAME, ID_NUMBER, BRANCH, ISSUES, CHOICE = range(len(HEADERS))
__all__ = ["CHOICE", "HEADERS", "ISSUES", "STATUS", "STATUS_COLOURS", "ImportPreviewModel"]

_KIND_ORDER = {  # the reason a row is refused comes first
    KIND_LABELS[Severity.ERROR]: 0, CONFLICT_KIND: 1, KIND_LABELS[Severity.WARNING]: 2, KIND_LABELS[Severity.FIXED]: 3,
}


class ImportPreviewModel(PreviewRowsModel):
    """`updates()` gives the row numbers whose stored member should be updated; all others are skipped."""

    HEADERS = HEADERS
    STATUS_COLUMN = STATUS

    def __init__(self, rows: list[PreviewRow], parent: QObject | None = None):
        super().__init__(rows, parent)
        self._updates: set[int] = set()

    def row_at(self, row: int) -> PreviewRow:
        return self._shown[row]

    def updates(self) -> set[int]:
        return set(self._updates)

    def conflict_count(self) -> int:
        return sum(1 for r in self._rows if r.existing is not None)

    def set_all_updates(self, update: bool) -> None:
        self._updates = {r.row_number for r in self._rows if r.existing is not None} if update else set()
        if self._shown:
            self.dataChanged.emit(self.index(0, CHOICE), self.index(len(self._shown) - 1, CHOICE))
        self.choices_changed.emit()

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == CHOICE and self._shown[index.row()].existing is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHOICE and row.existing is not None:
                return f"已登记：{row.existing.name}（{row.existing.branch_name}）\n勾选则用本行更新已有记录，否则跳过本行"
            return self._text(row, column) if column in (ISSUES, BRANCH) else None
        if role == Qt.ItemDataRole.CheckStateRole and column == CHOICE and row.existing is not None:
            return Qt.CheckState.Checked if row.row_number in self._updates else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ROW, STATUS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return self._status_brush(row, column, role)

    def _text(self, row: PreviewRow, column: int) -> str:
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return row.status.label
        if column == NAME:
            return row.record.name
        if column == ID_NUMBER:
            return mask_id_number(row.record.id_number)
        if column == BRANCH:
            return row.record.branch_name
        if column == ISSUES:
            return sorted_issues_text(row.issues, _KIND_ORDER)
        if column == CHOICE and row.existing is not None:
            return "更新" if row.row_number in self._updates else "跳过"
        return ""

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != CHOICE:
            return False
        if self._shown[index.row()].existing is None:
            return False
        self._set_choice(index, value, self._updates)
        return True
