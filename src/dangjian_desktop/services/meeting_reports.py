"""Meetings on paper and in Excel: the printed record, the sign-in sheet, the 台账 binder and the ledger.

reportlab and openpyxl are imported inside the functions: start-up must not pay for them (DESIGN §10).
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..db.models import Meeting
from ..domain.enums import OrgLevel
from ..domain.meetings import MeetingRecord, MeetingType
from ..domain.progress import NO_PROGRESS, Progress
from .audit import AuditAction, output_logged
from .database import Database
from .errors import RuleViolation
from .meetings import MeetingSummary, get_meeting, list_meetings
from .organizations import get_organization, get_root, list_organizations

ALL_BRANCHES = "全部党支部"
_TYPE_ORDER = {meeting_type.value: index for index, meeting_type in enumerate(MeetingType)}


def write_meeting_pdf(db: Database, meeting_id: int, path: Path | str, *, progress: Progress = NO_PROGRESS) -> int:
    """The meeting record (会议记录) as a PDF; returns the page count."""
    from ..reports.meeting_pdf import write_meeting_pdf as render

    with output_logged(db, AuditAction.PRINT, path, "会议记录") as entry:
        record = get_meeting(db, meeting_id)
        entry.target = f"会议记录：{_meeting_words(record)}"
        pages = render(Path(path), record, progress=progress)
        entry.details["页数"] = pages
    return pages


def write_signin_pdf(db: Database, record: MeetingRecord, path: Path | str) -> int:
    """The sign-in sheet (签到表) of a record, which may be a draft not saved yet; returns the page count."""
    from ..reports.signin_pdf import write_signin_pdf as render

    with output_logged(db, AuditAction.PRINT, path, "签到表") as entry:
        named = _with_names(db, record)
        entry.target = f"签到表：{_meeting_words(named)}"
        pages = render(Path(path), named)
        entry.details.update({"应到人数": named.expected, "页数": pages})
    return pages


def _meeting_words(record: MeetingRecord) -> str:
    """A meeting in the audit log: 幸福里社区第一党支部 支部委员会 2025-03-01."""
    return f"{record.org_name} {record.type} {record.held_on:%Y-%m-%d}"


def _with_names(db: Database, record: MeetingRecord) -> MeetingRecord:
    """A record built by hand may lack its organisation's names: look them up."""
    if record.org_name and record.branch_name:
        return record
    org = get_organization(db, record.org_id)
    branch = get_organization(db, org.parent_id) if org.level == OrgLevel.GROUP and org.parent_id else org
    return replace(record, org_name=org.name, branch_id=branch.id, branch_name=branch.name)


def _check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise RuleViolation("开始日期不能晚于结束日期，请重新选择。")


def _in_binder_order(db: Database, meetings: list[MeetingSummary]) -> list[MeetingSummary]:
    """Branch by branch in the order of the organisation tree; each branch's meetings by date."""
    tree_order = {node.id: index for index, node in enumerate(list_organizations(db))}
    return sorted(meetings, key=lambda m: (tree_order.get(m.branch_id, len(tree_order)), m.held_on,
                                           _TYPE_ORDER.get(m.type, len(_TYPE_ORDER)), m.sequence or 0, m.id))


def _scope(db: Database, branch_ids: list[int] | None) -> str:
    """What a binder or ledger covers, in words: 全部党支部, or the branches chosen."""
    if branch_ids is None:
        return ALL_BRANCHES
    names = [get_organization(db, branch_id).name for branch_id in branch_ids]
    if len(names) <= 3:
        return "、".join(names)
    return f"{names[0]}等 {len(names)} 个党支部"


def street_name(db: Database) -> str:
    root = get_root(db)
    return root.name if root else "街道党工委"


def write_binder_pdf(db: Database, path: Path | str, *, branch_ids: list[int] | None = None, date_from: date,
                     date_to: date, progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    """Every record of the branches (None: all, their 党小组会 included) held from date_from to date_to, in one
    PDF with a cover and a table of contents; returns the page count."""
    from ..reports.binder_pdf import BinderCover
    from ..reports.binder_pdf import write_binder_pdf as render

    _check_range(date_from, date_to)
    meetings = _in_binder_order(db, list_meetings(db, branch_ids=branch_ids, date_from=date_from, date_to=date_to))
    scope = _scope(db, branch_ids)
    if not meetings:
        raise RuleViolation(f"{scope}在 {date_from:%Y-%m-%d} 至 {date_to:%Y-%m-%d} 之间没有会议记录，没有可打印的台账。")
    cover = BinderCover(street_name(db), scope, date_from, date_to, today or date.today())
    with output_logged(db, AuditAction.PRINT, path, f"会议记录台账：{scope}") as entry:
        pages = render(Path(path), cover, [m.id for m in meetings], lambda meeting_id: get_meeting(db, meeting_id),
                       progress=progress)
        entry.details.update({"时间范围": f"{date_from:%Y-%m-%d} 至 {date_to:%Y-%m-%d}", "会议记录数": len(meetings),
                              "页数": pages})
    return pages


def export_meetings_xlsx(db: Database, path: Path | str, *, branch_ids: list[int] | None = None,
                         date_from: date | None = None, date_to: date | None = None,
                         progress: Progress = NO_PROGRESS) -> int:
    """The ledger of meetings as .xlsx, one row per meeting in the binder's order; returns the row count."""
    from ..importexport.meeting_xlsx import LedgerRow, write_meeting_ledger

    _check_range(date_from, date_to)
    meetings = _in_binder_order(db, list_meetings(db, branch_ids=branch_ids, date_from=date_from, date_to=date_to))
    details = _details(db, date_from, date_to)
    rows = []
    for m in meetings:
        start_time, end_time, location, host, recorder = details.get(m.id, ("",) * 5)
        rows.append(LedgerRow(
            branch=m.branch_name, group=m.org_name if m.org_id != m.branch_id else "", type=m.type,
            sequence=m.sequence, held_on=m.held_on, start_time=start_time, end_time=end_time, location=location,
            host=host, recorder=recorder, topic=m.topic, expected=m.expected, present=m.present, leave=m.leave,
            absent=m.absent, has_quorum=not m.lacks_quorum if m.type == MeetingType.PARTY_CONGRESS else None,
            status=m.status))
    title = _ledger_title(db, branch_ids, date_from, date_to)
    with output_logged(db, AuditAction.EXPORT, path, title) as entry:
        write_meeting_ledger(Path(path), rows, title=title, progress=progress)
        entry.details["会议记录数"] = len(rows)
    return len(rows)


def _details(db: Database, date_from: date | None, date_to: date | None) -> dict[int, tuple[str, ...]]:
    """The ledger's columns that meeting summaries do not carry, by meeting id."""
    query = select(Meeting.id, Meeting.start_time, Meeting.end_time, Meeting.location, Meeting.host, Meeting.recorder)
    if date_from:
        query = query.where(Meeting.held_on >= date_from)
    if date_to:
        query = query.where(Meeting.held_on <= date_to)
    with db.reading() as session:
        return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def _ledger_title(db: Database, branch_ids: list[int] | None, date_from: date | None, date_to: date | None) -> str:
    owner = street_name(db) if branch_ids is None else _scope(db, branch_ids)
    if date_from and date_to:
        period = f"（{date_from:%Y-%m-%d} 至 {date_to:%Y-%m-%d}）"
    elif date_from:
        period = f"（{date_from:%Y-%m-%d} 起）"
    elif date_to:
        period = f"（截至 {date_to:%Y-%m-%d}）"
    else:
        period = ""
    return f"{owner}三会一课台账{period}"
