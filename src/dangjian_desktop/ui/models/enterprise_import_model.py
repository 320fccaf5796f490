"""The census import preview table: every row of the file with its status and problems, and (for an enterprise
already registered) whether to skip it — the default — or update the stored record with the row."""

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ...services.enterprise_import import EnterprisePreviewRow
from .meeting_import_model import issues_text
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "企业名称", "统一社会信用代码", "行业", "党组织", "党建指导员", "问题说明", "已登记的处理")
ROW, STATUS, NAME, CODE, INDUSTRY, ORG, OFFICER, ISSUES, CHOICE = range(len(HEADERS))
UPDATE_TEXT, SKIP_TEXT = "用本行更新", "跳过"


class EnterpriseImportModel(PreviewRowsModel):
    """`updates()` gives the row numbers whose registered enterprise should be updated; the others are skipped."""

    HEADERS = HEADERS
    STATUS_COLUMN = STATUS

    def __init__(self, rows: list[EnterprisePreviewRow], parent: QObject | None = None):
        super().__init__(rows, parent)
        self._updates: set[int] = set()

    def row_at(self, row: int) -> EnterprisePreviewRow:
        return self._shown[row]

    def updates(self) -> set[int]:
        return set(self._updates)

    def conflict_count(self) -> int:
        return sum(1 for r in self._rows if r.existing_id is not None)

    def set_all_updates(self, update: bool) -> None:
        self._updates = {r.row_number for r in self._rows if r.existing_id is not None} if update else set()
        if self._shown:
            self.dataChanged.emit(self.index(0, CHOICE), self.index(len(self._shown) - 1, CHOICE))
        self.choices_changed.emit()

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == CHOICE and self._shown[index.row()].existing_id is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        registered = row.existing_id is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHOICE and registered:
                return "该企业已登记。勾选则用本行更新已登记的企业（本行空白的格子保留原有内容），否则跳过本行"
            return self._text(row, column) if column in (NAME, ORG, ISSUES) else None
        if role == Qt.ItemDataRole.CheckStateRole and column == CHOICE and registered:
            return Qt.CheckState.Checked if row.row_number in self._updates else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ROW, STATUS, INDUSTRY):
            return int(Qt.AlignmentFlag.AlignCenter)
        return self._status_brush(row, column, role)

    def _text(self, row: EnterprisePreviewRow, column: int) -> str:
        record = row.record
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return row.status.label
        if column == ISSUES:
            return issues_text(row)
        if column == CHOICE:
            if row.existing_id is None:
                return ""
            return UPDATE_TEXT if row.row_number in self._updates else SKIP_TEXT
        return {NAME: record.name, CODE: record.credit_code, INDUSTRY: record.industry, ORG: record.party_org_name,
                OFFICER: row.officer_name}[column]

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != CHOICE:
            return False
        if self._shown[index.row()].existing_id is None:
            return False
        self._set_choice(index, value, self._updates)
        return True
