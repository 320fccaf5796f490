"""Meeting records: new (with the expected attendees of that day), save, 定稿/重新打开, copy, list, delete."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, extract, func, select
from sqlalchemy.orm import Session, aliased

from ..db.models import Meeting, MeetingAttendance, MeetingEvent, MeetingPhoto, Organization, StreetTheme
from ..domain.enums import OrgLevel
from ..domain.meetings import (
    Attendance, AttendanceStatus, MeetingRecord, MeetingType, Photo, RecordStatus, check_meeting, has_quorum,
)
from .database import Database
from .errors import NotFound, RuleViolation
from .membership import committee, roster_on

MAX_PHOTO_BYTES = 10 * 1024 * 1024
_TEXT_FIELDS = ("start_time", "end_time", "location", "host", "recorder", "lecturer", "topic", "content",
                "resolution", "vote_result", "observers", "guidance_staff")


class InvalidMeeting(RuleViolation):
    def __init__(self, issues):
        super().__init__("；".join(issue.message for issue in issues))
        self.issues = issues


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    org_id: int
    org_name: str
    branch_id: int
    branch_name: str
    type: str
    sequence: int | None
    held_on: date
    topic: str
    status: str
    expected: int
    present: int
    leave: int
    absent: int
    voting_expected: int
    voting_present: int

    @property
    def lacks_quorum(self) -> bool:
        return self.type == MeetingType.PARTY_CONGRESS and not has_quorum(self.voting_present, self.voting_expected)


@dataclass(frozen=True)
class MeetingEventInfo:
    at: datetime
    action: str
    user: str
    note: str


_org = aliased(Organization)
_parent = aliased(Organization)
_branch_id = func.iif(_org.level == OrgLevel.GROUP.value, _org.parent_id, _org.id)
_branch_name = func.iif(_org.level == OrgLevel.GROUP.value, _parent.name, _org.name)


def list_meetings(db: Database, *, branch_ids: list[int] | None = None, types: list[str] | None = None,
                  date_from: date | None = None, date_to: date | None = None) -> list[MeetingSummary]:
    """Meetings, newest first; `branch_ids` selects those branches' meetings and their 党小组's."""
    query = (select(Meeting.id, Meeting.org_id, _org.name, _branch_id, _branch_name, Meeting.type, Meeting.sequence,
                    Meeting.held_on, Meeting.topic, Meeting.status, Meeting.expected_count, Meeting.present_count,
                    Meeting.leave_count, Meeting.absent_count, Meeting.voting_expected, Meeting.voting_present)
             .join(_org, Meeting.org_id == _org.id).outerjoin(_parent, _org.parent_id == _parent.id)
             .order_by(Meeting.held_on.desc(), Meeting.id.desc()))
    if branch_ids is not None:
        query = query.where(_branch_id.in_(branch_ids))
    if types:
        query = query.where(Meeting.type.in_(types))
    if date_from:
        query = query.where(Meeting.held_on >= date_from)
    if date_to:
        query = query.where(Meeting.held_on <= date_to)
    with db.reading() as session:
        return [MeetingSummary(*row) for row in session.execute(query)]


def _org_for(session: Session, org_id: int, meeting_type: str) -> tuple[Organization, Organization]:
    """(the meeting's organisation, its 党支部); a 党小组会 belongs to a 党小组, every other meeting to a 党支部."""
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFound("该党组织已不存在。")
    if meeting_type == MeetingType.GROUP:
        if org.level != OrgLevel.GROUP:
            raise RuleViolation("党小组会应记在党小组名下，请先选择党小组。")
        return org, session.get(Organization, org.parent_id)
    if org.level != OrgLevel.BRANCH:
        raise RuleViolation(f"{meeting_type}应记在党支部名下，请先选择党支部。")
    return org, org


def expected_attendance(db: Database, org_id: int, meeting_type: str, day: date) -> tuple[Attendance, ...]:
    """应到: the branch's members on that day; the committee for 支部委员会; the group for 党小组会."""
    with db.reading() as session:
        org, branch = _org_for(session, org_id, meeting_type)
        branch_id, group_id = branch.id, org.id if org.level == OrgLevel.GROUP else None
    if meeting_type == MeetingType.COMMITTEE:
        roster = {entry.member_id: entry for entry in roster_on(db, branch_id, day)}
        return tuple(Attendance(seat.member_id, seat.name, voting=roster[seat.member_id].voting
                                if seat.member_id in roster else True)
                     for seat in committee(db, branch_id, day))
    entries = roster_on(db, branch_id, day)
    if group_id is not None:
        entries = [entry for entry in entries if entry.group_id == group_id]
    return tuple(Attendance(entry.member_id, entry.name, voting=entry.voting) for entry in entries)


def _next_sequence(session: Session, org_id: int, meeting_type: str, year: int, exclude: int | None = None) -> int:
    count = session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.org_id == org_id, Meeting.type == meeting_type, extract("year", Meeting.held_on) == year,
        Meeting.id != (exclude or 0)))
    return count + 1


def new_meeting(db: Database, org_id: int, meeting_type: str, day: date) -> MeetingRecord:
    """An unsaved draft: attendees expected that day; a 主题党日 starts from the street's theme of the month."""
    with db.reading() as session:
        org, branch = _org_for(session, org_id, meeting_type)
        record = MeetingRecord(org_id=org.id, type=meeting_type, held_on=day, org_name=org.name,
                               branch_id=branch.id, branch_name=branch.name,
                               sequence=_next_sequence(session, org.id, meeting_type, day.year))
        if meeting_type == MeetingType.THEMED_DAY:
            theme = session.scalars(select(StreetTheme).where(StreetTheme.month == f"{day:%Y-%m}")).first()
            if theme is not None:
                record = replace(record, topic=theme.theme, content=theme.outline, theme_id=theme.id,
                                 held_on=theme.planned_on or day)
    return replace(record, attendance=expected_attendance(db, org_id, meeting_type, record.held_on))


def with_attendance_for(db: Database, record: MeetingRecord, day: date) -> MeetingRecord:
    """The record moved to another date: attendees recomputed, marks kept for those still expected."""
    marks = {a.member_id: a for a in record.attendance}
    fresh = expected_attendance(db, record.org_id, record.type, day)
    kept = tuple(replace(a, status=marks[a.member_id].status, reason=marks[a.member_id].reason)
                 if a.member_id in marks else a for a in fresh)
    return replace(record, held_on=day, attendance=kept)


def get_meeting(db: Database, meeting_id: int) -> MeetingRecord:
    with db.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("该会议记录已不存在，可能已被删除。")
        org, branch = _org_for(session, meeting.org_id, meeting.type)
        attendance = tuple(Attendance(a.member_id, a.name, a.status, a.reason, a.voting) for a in session.scalars(
            select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)
            .order_by(MeetingAttendance.sort_order, MeetingAttendance.id)))
        photos = tuple(Photo(p.id, p.file_name, p.caption, p.data) for p in session.scalars(
            select(MeetingPhoto).where(MeetingPhoto.meeting_id == meeting_id)
            .order_by(MeetingPhoto.sort_order, MeetingPhoto.id)))
        return MeetingRecord(
            org_id=org.id, type=meeting.type, held_on=meeting.held_on, org_name=org.name, branch_id=branch.id,
            branch_name=branch.name, sequence=meeting.sequence, planned_at=meeting.planned_at,
            **{name: getattr(meeting, name) for name in _TEXT_FIELDS}, attendance=attendance, photos=photos,
            theme_id=meeting.theme_id, status=meeting.status, id=meeting.id)


def check_photo(file_name: str, data: bytes) -> None:
    if len(data) > MAX_PHOTO_BYTES:
        raise RuleViolation(f"照片“{file_name}”超过 10 MB，请先缩小后再添加。")
    if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")):
        raise RuleViolation(f"“{file_name}”不是 JPEG 或 PNG 图片。")


def attendance_counts(record: MeetingRecord) -> dict[str, int]:
    """The counts a meeting row keeps with it (lists and the compliance grid read these, not the attendance)."""
    return dict(expected_count=record.expected, present_count=record.present,
                leave_count=record.count(AttendanceStatus.LEAVE), absent_count=record.count(AttendanceStatus.ABSENT),
                voting_expected=record.voting_expected, voting_present=record.voting_present)


def save_meeting(db: Database, record: MeetingRecord, today: date | None = None) -> MeetingRecord:
    """Create or update a draft as one transaction; a 定稿 record must be reopened first."""
    issues = check_meeting(record, today or date.today())
    if issues:
        raise InvalidMeeting(issues)
    for photo in record.photos:
        if photo.id is None:
            check_photo(photo.file_name, photo.data)
    with db.transaction() as session:
        org, _branch = _org_for(session, record.org_id, record.type)
        if record.id is None:
            meeting = Meeting(org_id=org.id, type=record.type, held_on=record.held_on)
            session.add(meeting)
        else:
            meeting = session.get(Meeting, record.id)
            if meeting is None:
                raise NotFound("该会议记录已不存在，可能已被删除。")
            if meeting.status == RecordStatus.FINAL:
                raise RuleViolation("该记录已定稿，不能修改。如确需修改，请先“重新打开”并说明原因。")
        meeting.org_id, meeting.type, meeting.held_on = org.id, str(record.type), record.held_on
        meeting.planned_at, meeting.theme_id, meeting.status = record.planned_at, record.theme_id, RecordStatus.DRAFT
        for name in _TEXT_FIELDS:
            setattr(meeting, name, getattr(record, name).strip())
        session.flush()
        meeting.sequence = record.sequence or _next_sequence(session, org.id, record.type, record.held_on.year,
                                                             meeting.id)
        for name, value in attendance_counts(record).items():
            setattr(meeting, name, value)
        session.execute(delete(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))
        session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=a.member_id, name=a.name,
                                          status=str(a.status), reason=a.reason.strip(), voting=a.voting,
                                          sort_order=index) for index, a in enumerate(record.attendance))
        kept = [p.id for p in record.photos if p.id is not None]
        session.execute(delete(MeetingPhoto).where(MeetingPhoto.meeting_id == meeting.id,
                                                   MeetingPhoto.id.not_in(kept)))
        for index, photo in enumerate(record.photos):
            if photo.id is None:
                session.add(MeetingPhoto(meeting_id=meeting.id, file_name=photo.file_name, caption=photo.caption,
                                         data=photo.data, sort_order=index))
            else:
                session.query(MeetingPhoto).filter(MeetingPhoto.id == photo.id).update(
                    {"caption": photo.caption, "sort_order": index})
        meeting_id = meeting.id
    return get_meeting(db, meeting_id)


def _set_status(db: Database, meeting_id: int, status: str, action: str, user: str, note: str) -> None:
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("该会议记录已不存在，可能已被删除。")
        if meeting.status == status:
            raise RuleViolation(f"该记录已经是{status}。")
        meeting.status = status
        session.add(MeetingEvent(meeting_id=meeting_id, action=action, user=user, note=note.strip()))


def finalize_meeting(db: Database, meeting_id: int, user: str) -> None:
    """定稿: the record becomes read-only; it is what inspections read."""
    _set_status(db, meeting_id, RecordStatus.FINAL, "定稿", user, "")


def reopen_meeting(db: Database, meeting_id: int, user: str, reason: str) -> None:
    """Reopening a 定稿 record is allowed, with a reason, and recorded."""
    if not reason.strip():
        raise RuleViolation("重新打开已定稿的记录，请说明原因。")
    _set_status(db, meeting_id, RecordStatus.DRAFT, "重新打开", user, reason)


def meeting_events(db: Database, meeting_id: int) -> list[MeetingEventInfo]:
    with db.reading() as session:
        return [MeetingEventInfo(e.at, e.action, e.user, e.note) for e in session.scalars(
            select(MeetingEvent).where(MeetingEvent.meeting_id == meeting_id).order_by(MeetingEvent.id))]


def copy_meeting(db: Database, meeting_id: int, day: date) -> MeetingRecord:
    """An unsaved draft starting from an earlier record: its texts, the attendees expected on the new day."""
    source = get_meeting(db, meeting_id)
    fresh = new_meeting(db, source.org_id, source.type, day)
    return replace(fresh, **{name: getattr(source, name) for name in _TEXT_FIELDS}, held_on=day,
                   attendance=expected_attendance(db, source.org_id, source.type, day), theme_id=source.theme_id)


def delete_meeting(db: Database, meeting_id: int) -> None:
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("该会议记录已不存在，可能已被删除。")
        if meeting.status == RecordStatus.FINAL:
            raise RuleViolation("已定稿的记录不能删除。如确需删除，请先“重新打开”。")
        session.delete(meeting)
