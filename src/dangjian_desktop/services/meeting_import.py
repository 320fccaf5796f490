"""Import of past meetings: preview every row against the rosters of the meeting dates (nothing written), then
write the accepted rows as drafts in one transaction. Mirrors the roster import (services.member_import).

The spreadsheet readers and writers are imported inside the functions, keeping them out of start-up.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import insert

from ..db.models import Meeting, MeetingAttendance
from ..domain.meetings import MeetingRecord, RecordStatus
from ..domain.progress import NO_PROGRESS, Progress
from .audit import record_import
from .database import Database
from .errors import ServiceError
from .ledger_import import (
    LedgerImportPreview, LedgerPreviewRow, Repeats, import_transaction, in_chunks, read_ledger,
)
from .meetings import attendance_counts
from .meeting_matching import MatchContext, existing_meetings, next_sequences
from .member_import import ImportRefused, RowIssue, RowStatus, UnusableImportFile, status_of

__all__ = ["ImportRefused", "MeetingImportPreview", "MeetingImportResult", "MeetingPreviewRow", "RowIssue",
           "RowStatus", "UnusableImportFile", "commit_meeting_import", "preview_meeting_import",
           "save_meeting_template"]

DRAFT_NOTE = "导入的会议记录均为草稿，请逐条核对后定稿。"


class MeetingPreviewRow(LedgerPreviewRow[MeetingRecord]):
    """One sheet row. For a rejected row the record shows what was written: org_id is 0 when the branch is
    unknown, and held_on is None when the date could not be read."""


class MeetingImportPreview(LedgerImportPreview[MeetingPreviewRow]):
    @property
    def summary(self) -> str:
        counts = self.counts_text()
        return f"共读取 {len(self.rows)} 次会议（{counts}）。{DRAFT_NOTE}"


@dataclass(frozen=True)
class MeetingImportResult:
    created: int
    skipped: int

    @property
    def summary(self) -> str:
        return f"已导入 {self.created} 条会议记录，跳过 {self.skipped} 行。{DRAFT_NOTE}"


def preview_meeting_import(db: Database, path: Path | str, *, today: date | None = None,
                           progress: Progress = NO_PROGRESS) -> MeetingImportPreview:
    """Read and check a meeting ledger against the organisation tree, the rosters and the stored meetings."""
    from ..importexport.meeting_sheet import read_meeting_sheet

    path = Path(path)
    today = today or date.today()
    sheet = read_ledger(read_meeting_sheet, path, today, progress)
    progress.report(0, 0, "正在核对党员名单…")
    context = MatchContext(db, sheet, today)
    repeats = Repeats(sheet.column_name("held_on"), "会议（组织、会议类型和日期都相同）")
    rows: list[MeetingPreviewRow] = []
    for index, parsed in enumerate(sheet.rows):
        if index % 200 == 0:
            progress.check()
        record, issues = context.match(parsed)
        row = MeetingPreviewRow(parsed.row_number, record, status_of(issues), issues)
        if row.status is not RowStatus.REJECTED:
            _mark_conflict(row, context, repeats)
        rows.append(row)
    preview = MeetingImportPreview(path, rows, sheet.header_row, sheet.unknown_headers)
    planned = preview.rows_to_write()
    for row, number in zip(planned, next_sequences([row.record for row in planned], context.last_sequences)):
        row.record = replace(row.record, sequence=number)
    return preview


def _mark_conflict(row: MeetingPreviewRow, context: MatchContext, repeats: Repeats) -> None:
    record = row.record
    key = (record.org_id, record.type, record.held_on)
    stored = context.existing.get(key)
    described = None
    if stored is not None:
        meeting_id, sequence, status = stored
        number = f"第{sequence}次，" if sequence else ""
        described = meeting_id, f"{record.org_name}在 {record.held_on:%Y-%m-%d} 已有一条{record.type}记录（{number}{status}）"
    repeats.mark(row, key, described)


def commit_meeting_import(db: Database, preview: MeetingImportPreview, *, skip_invalid: bool = False,
                          conflict_imports: Collection[int] = (), progress: Progress = NO_PROGRESS
                          ) -> MeetingImportResult:
    """Write the accepted rows as 草稿 records in one transaction: all of them, or nothing.

    Conflict rows are skipped unless their row number is in `conflict_imports` (then they are recorded as one
    more meeting that day). Sequence numbers (第几次) follow the stored ones, in date order.
    """
    preview.refuse_rejected(skip_invalid, "会议记录")
    extra = set(conflict_imports)
    chosen = [row for row in preview.rows if row.status is not RowStatus.REJECTED
              and (row.status is not RowStatus.CONFLICT or row.row_number in extra)]
    total = len(chosen)
    with import_transaction(db, progress) as session:
        stored, last = existing_meetings(session)
        if any((r.record.org_id, r.record.type, r.record.held_on) in stored and r.row_number not in extra
               for r in chosen):
            raise ServiceError("导入期间会议记录已发生变化（有同一天的会议刚被录入），未导入任何数据。请重新预览后再导入。")
        records = [row.record for row in chosen]
        numbered = list(zip(records, next_sequences(records, last)))
        connection, meetings = session.connection(), Meeting.__table__
        for chunk in in_chunks(numbered, progress, "正在写入会议记录……"):
            # Core executemany, as in the roster import: the ORM's bulk path costs ~40% more per row (DESIGN §10)
            ids = connection.execute(insert(meetings).returning(meetings.c.id, sort_by_parameter_order=True),
                                     [_meeting_values(record, number) for record, number in chunk]).scalars().all()
            attendance = [dict(meeting_id=meeting_id, member_id=a.member_id, name=a.name, status=str(a.status),
                               reason=a.reason.strip(), voting=a.voting, sort_order=order)
                          for meeting_id, (record, _) in zip(ids, chunk) for order, a in enumerate(record.attendance)]
            if attendance:
                connection.execute(insert(MeetingAttendance.__table__), attendance)
        record_import(session, "会议记录台账", preview.path,
                      {"新增会议记录": total, "跳过行数": len(preview.rows) - total})
    return MeetingImportResult(total, len(preview.rows) - total)


def _meeting_values(record: MeetingRecord, sequence: int) -> dict:
    """The stored columns, counts included, exactly as services.meetings.save_meeting writes them."""
    return dict(
        org_id=record.org_id, type=str(record.type), sequence=sequence, held_on=record.held_on, planned_at=None,
        start_time=record.start_time, end_time=record.end_time, location=record.location.strip(),
        host=record.host.strip(), recorder=record.recorder.strip(), lecturer=record.lecturer.strip(),
        topic=record.topic.strip(), content=record.content.strip(), resolution=record.resolution.strip(),
        vote_result=record.vote_result.strip(), observers=record.observers.strip(),
        guidance_staff=record.guidance_staff.strip(), theme_id=record.theme_id, status=RecordStatus.DRAFT.value,
        **attendance_counts(record),
    )


def save_meeting_template(path: Path | str) -> None:
    from ..importexport.meeting_template import write_meeting_template

    write_meeting_template(Path(path))
