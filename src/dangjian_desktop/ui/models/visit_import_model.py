"""The visit ledger import preview table: every row of the file with its status, the problems it will raise
as demands, and what is wrong with it. A visit already recorded (a conflict) is always skipped."""

from ...services.visit_import import VisitPreviewRow
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "走访日期", "党建指导员", "企业名称", "走访方式", "接待人", "发现问题（登记为诉求）",
           "问题说明")
ROW, STATUS, DATE, OFFICER, ENTERPRISE, WAY, MET, PROBLEMS, ISSUES = range(len(HEADERS))


class VisitImportModel(PreviewRowsModel):
    HEADERS, ISSUES_COLUMN = HEADERS, ISSUES
    CENTRED, FULL_TEXT_TIPS = frozenset({ROW, STATUS, DATE, WAY}), frozenset({ENTERPRISE, ISSUES})

    def _cell_text(self, row: VisitPreviewRow, column: int) -> str:
        record = row.record
        if column == DATE:
            return record.visited_on.isoformat() if record.visited_on else ""
        if column == PROBLEMS:
            problems = record.problems
            return f"{len(problems)} 件：{'；'.join(problems)}" if problems else ""
        return {OFFICER: record.officer_name, ENTERPRISE: record.enterprise_name, WAY: record.way,
                MET: record.met_person}[column]

    def _tool_tip(self, row: VisitPreviewRow, column: int) -> str | None:
        if column == PROBLEMS and row.record.problems:
            return "\n".join(f"{n}. {problem}" for n, problem in enumerate(row.record.problems, start=1))
        return super()._tool_tip(row, column)
