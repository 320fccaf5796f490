"""The meeting import preview table: every row of the file with its status and problems, and (for a meeting
already recorded that day) whether to skip it — the default — or import it as one more meeting."""

from ...services.meeting_import import MeetingPreviewRow, RowStatus
from .preview_rows import PreviewRowsModel

HEADERS = ("行号", "状态", "党组织", "会议类型", "日期", "主题", "应到", "实到", "问题说明", "重复记录的处理")
ROW, STATUS, ORG, TYPE, DATE, TOPIC, EXPECTED, PRESENT, ISSUES, CHOICE = range(len(HEADERS))


class MeetingImportModel(PreviewRowsModel):
    """`chosen()` gives the row numbers of conflict rows to import anyway; `choices_changed` when it changes."""

    HEADERS, ISSUES_COLUMN, CHOICE_COLUMN, CHOSEN_TEXT = HEADERS, ISSUES, CHOICE, "仍导入"
    CENTRED = frozenset({ROW, STATUS, DATE, EXPECTED, PRESENT})
    FULL_TEXT_TIPS = frozenset({ISSUES, TOPIC, ORG})

    def _choosable(self, row: MeetingPreviewRow) -> bool:
        return row.status is RowStatus.CONFLICT

    def _choice_tip(self, row: MeetingPreviewRow) -> str:
        return "这一天已有同类会议记录。勾选则仍作为另一次会议导入，否则跳过本行"

    def _cell_text(self, row: MeetingPreviewRow, column: int) -> str:
        record = row.record
        if column == ORG:
            same = record.org_name == record.branch_name or not record.branch_name
            return record.org_name if same else f"{record.branch_name} {record.org_name}"
        if column == DATE:
            return record.held_on.isoformat() if record.held_on else ""
        return {TYPE: record.type, TOPIC: record.topic, EXPECTED: str(record.expected),
                PRESENT: str(record.present)}[column]
