"""The census import preview table: every row of the file with its status and problems, and (for an enterprise
already registered) whether to skip it — the default — or update the stored record with the row."""

from ...services.enterprise_import import EnterprisePreviewRow
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "企业名称", "统一社会信用代码", "行业", "党组织", "党建指导员", "问题说明", "已登记的处理")
ROW, STATUS, NAME, CODE, INDUSTRY, ORG, OFFICER, ISSUES, CHOICE = range(len(HEADERS))


class EnterpriseImportModel(PreviewRowsModel):
    """`chosen()` gives the row numbers whose registered enterprise should be updated; the others are skipped."""

    HEADERS, ISSUES_COLUMN, CHOICE_COLUMN, CHOSEN_TEXT = HEADERS, ISSUES, CHOICE, "用本行更新"
    CENTRED, FULL_TEXT_TIPS = frozenset({ROW, STATUS, INDUSTRY}), frozenset({NAME, ORG, ISSUES})

    def _choosable(self, row: EnterprisePreviewRow) -> bool:
        return row.existing_id is not None

    def _choice_tip(self, row: EnterprisePreviewRow) -> str:
        return "该企业已登记。勾选则用本行更新已登记的企业（本行空白的格子保留原有内容），否则跳过本行"

    def _cell_text(self, row: EnterprisePreviewRow, column: int) -> str:
        record = row.record
        return {NAME: record.name, CODE: record.credit_code, INDUSTRY: record.industry, ORG: record.party_org_name,
                OFFICER: row.officer_name}[column]
