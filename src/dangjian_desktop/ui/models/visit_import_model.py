"""The visit ledger import preview table: every row of the file with its status, the problems it will raise
as demands, and what is wrong with it. A visit already recorded (a conflict) is always skipped."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...services.visit_import import VisitPreviewRow
from .meeting_import_model import issues_text
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "走访日期", "党建指导员", "企业名称", "走访方式", "接待人", "发现问题（登记为诉求）",
           "问题说明")
ROW, STATUS, DATE, OFFICER, ENTERPRISE, WAY, MET, PROBLEMS, ISSUES = range(len(HEADERS))


class VisitImportModel(PreviewRowsModel):
    HEADERS = HEADERS
    STATUS_COLUMN = STATUS

    def row_at(self, row: int) -> VisitPreviewRow:
        return self._shown[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PROBLEMS and row.record.problems:
                return "\n".join(f"{n}. {problem}" for n, problem in enumerate(row.record.problems, start=1))
            return self._text(row, column) if column in (ENTERPRISE, ISSUES) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ROW, STATUS, DATE, WAY):
            return int(Qt.AlignmentFlag.AlignCenter)
        return self._status_brush(row, column, role)

    def _text(self, row: VisitPreviewRow, column: int) -> str:
        record = row.record
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return row.status.label
        if column == DATE:
            return record.visited_on.isoformat() if record.visited_on else ""
        if column == PROBLEMS:
            problems = record.problems
            return f"{len(problems)} 件：{'；'.join(problems)}" if problems else ""
        if column == ISSUES:
            return issues_text(row)
        return {OFFICER: record.officer_name, ENTERPRISE: record.enterprise_name, WAY: record.way,
                MET: record.met_person}[column]
