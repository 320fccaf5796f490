"""The import preview table: every row of the file with its status, its problems, and (for a member already
in the database) whether to skip it or update the stored record."""

from ...domain.masking import mask_id_number
from ...services.member_import import PreviewRow
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "姓名", "身份证号", "所在党支部", "问题说明", "已登记的处理")
ROW, STATUS, NAME, ID_NUMBER, BRANCH, ISSUES, CHOICE = range(len(HEADERS))


class ImportPreviewModel(PreviewRowsModel):
    """`chosen()` gives the row numbers whose stored member should be updated; all others are skipped."""

    HEADERS, ISSUES_COLUMN, CHOICE_COLUMN, CHOSEN_TEXT = HEADERS, ISSUES, CHOICE, "更新"
    CENTRED, FULL_TEXT_TIPS = frozenset({ROW, STATUS}), frozenset({ISSUES, BRANCH})

    def _choosable(self, row: PreviewRow) -> bool:
        return row.existing is not None

    def _choice_tip(self, row: PreviewRow) -> str:
        return f"已登记：{row.existing.name}（{row.existing.branch_name}）\n勾选则用本行更新已有记录，否则跳过本行"

    def _cell_text(self, row: PreviewRow, column: int) -> str:
        record = row.record
        return {NAME: record.name, ID_NUMBER: mask_id_number(record.id_number), BRANCH: record.branch_name}[column]
