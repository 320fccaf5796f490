"""三会一课 and 主题党日 (DESIGN §5): meeting types, attendance, and a meeting record as every layer sees it."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class MeetingType(StrEnum):
    PARTY_CONGRESS = "支部党员大会"
    COMMITTEE = "支部委员会"
    GROUP = "党小组会"
    LECTURE = "党课"
    THEMED_DAY = "主题党日"
    LIFE_MEETING = "组织生活会"
    REVIEW = "民主评议党员"
    OTHER = "其他"


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


class RecordStatus(StrEnum):
    DRAFT = "草稿"
    FINAL = "定稿"


# Committee posts of a 支部委员会 (who sits on it is recorded per branch with dates).
COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员")


@dataclass(frozen=True)
class Attendance:
    """One expected attendee and how they were marked. `voting` = a 正式党员 on the meeting date."""

    member_id: int | None
    name: str
    status: str = AttendanceStatus.PRESENT
    reason: str = ""
    voting: bool = True


@dataclass(frozen=True)
class Photo:
    id: int | None
    file_name: str
    caption: str = ""
    data: bytes = b""


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting record (会议记录). `org_id` is the 党支部, or the 党小组 for a 党小组会."""

    org_id: int
    type: str
    held_on: date
    org_name: str = ""
    branch_id: int | None = None     # the 党支部 (the org itself, or the group's branch)
    branch_name: str = ""
    sequence: int | None = None      # 第几次 (of this type, this year, in this organisation)
    planned_at: datetime | None = None
    start_time: str = ""             # "HH:MM"
    end_time: str = ""
    location: str = ""
    host: str = ""                   # 主持人
    recorder: str = ""               # 记录人
    lecturer: str = ""               # 讲课人 (党课)
    topic: str = ""                  # 主题/议题
    content: str = ""                # 内容（发言要点）
    resolution: str = ""             # 决议
    vote_result: str = ""            # 表决情况
    observers: str = ""              # 列席
    guidance_staff: str = ""         # 到会指导人员
    attendance: tuple[Attendance, ...] = ()
    photos: tuple[Photo, ...] = ()
    theme_id: int | None = None
    status: str = RecordStatus.DRAFT
    id: int | None = None

    @property
    def expected(self) -> int:
        return len(self.attendance)

    def count(self, status: AttendanceStatus) -> int:
        return sum(1 for a in self.attendance if a.status == status)

    @property
    def present(self) -> int:
        return self.count(AttendanceStatus.PRESENT)

    @property
    def voting_expected(self) -> int:
        return sum(1 for a in self.attendance if a.voting)

    @property
    def voting_present(self) -> int:
        return sum(1 for a in self.attendance if a.voting and a.status == AttendanceStatus.PRESENT)

    @property
    def lacks_quorum(self) -> bool:
        return self.type == MeetingType.PARTY_CONGRESS and not has_quorum(self.voting_present, self.voting_expected)


def has_quorum(voting_present: int, voting_expected: int) -> bool:
    """A 支部党员大会 needs more than half of its voting members (正式党员) present."""
    return voting_present * 2 > voting_expected


@dataclass(frozen=True)
class MeetingIssue:
    field: str
    message: str


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_TYPES = frozenset(MeetingType)
_ATTENDANCE = frozenset(AttendanceStatus)


def check_meeting(record: MeetingRecord, today: date) -> list[MeetingIssue]:
    """What stops a record from being saved (field keys as in MeetingRecord)."""
    issues: list[MeetingIssue] = []
    if record.type not in _TYPES:
        issues.append(MeetingIssue("type", "会议类型应为：" + "、".join(MeetingType)))
    if record.held_on > today:
        issues.append(MeetingIssue("held_on", "会议日期不能晚于今天（尚未召开的会议可以先打印签到表）"))
    if record.start_time and not _is_time(record.start_time):
        issues.append(MeetingIssue("start_time", "开始时间应写成 14:30 这样的格式"))
    if record.end_time and not _is_time(record.end_time):
        issues.append(MeetingIssue("end_time", "结束时间应写成 16:00 这样的格式"))
    if _is_time(record.start_time) and _is_time(record.end_time) and record.end_time <= record.start_time:
        issues.append(MeetingIssue("end_time", "结束时间应晚于开始时间"))
    if record.type == MeetingType.LECTURE and not record.lecturer.strip():
        issues.append(MeetingIssue("lecturer", "党课请填写讲课人"))
    for attendee in record.attendance:
        if attendee.status not in _ATTENDANCE:
            issues.append(MeetingIssue("attendance", f"{attendee.name}的出席情况应为出席、请假或缺席"))
        elif attendee.status != AttendanceStatus.PRESENT and not attendee.reason.strip():
            issues.append(MeetingIssue("attendance", f"请填写{attendee.name}{attendee.status}的原因"))
    if record.sequence is not None and record.sequence < 1:
        issues.append(MeetingIssue("sequence", "第几次应为正整数"))
    return issues


def normalize_time(text: str) -> str:
    """'9:5' → '09:05', '14：30' → '14:30', '1430' → '14:30'; returns the input stripped if not a time."""
    cleaned = text.strip().replace("：", ":").replace(".", ":")
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = cleaned[:-2] + ":" + cleaned[-2:]
    parts = cleaned.split(":")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        hour, minute = int(parts[0]), int(parts[1])
        if 0 <= hour < 24 and 0 <= minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return text.strip()


def _is_time(text: str) -> bool:
    return bool(_TIME.match(text))
