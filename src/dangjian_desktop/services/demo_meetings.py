"""示范数据: a year of 三会一课 and 主题党日 for the demo street, with the street's themes and the 支委会 seats.

Most branches keep to the rules; a few miss some months and one 支部党员大会 lacks a quorum, so the compliance
grid and 首页 have real work to show. Records are 定稿 except those of the current month (草稿).
Written in bulk inside load_demo's transaction; counts as save_meeting stores them.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..db.models import CommitteeMember, Meeting, MeetingAttendance, StreetTheme
from ..domain.enums import MemberCategory, MobileDirection
from ..domain.meetings import (
    Attendance, AttendanceStatus, MeetingRecord, MeetingType, RecordStatus, check_meeting, has_quorum,
)
from ..domain.member import MemberRecord
from ..domain.progress import Progress
from . import demo_meeting_texts as texts
from .meetings import attendance_counts

SEED = 20250701
THEME_MONTHS = 6
# Deliberate gaps: (branch key, type, periods ago — months for monthly types, quarters for quarterly, 0 yearly).
SKIPPED = {
    ("freight", MeetingType.THEMED_DAY, 2), ("freight", MeetingType.THEMED_DAY, 5),
    ("freight", MeetingType.COMMITTEE, 2),
    ("smallfirm", MeetingType.COMMITTEE, 1), ("smallfirm", MeetingType.COMMITTEE, 3),
    ("smallfirm", MeetingType.COMMITTEE, 6), ("smallfirm", MeetingType.LECTURE, 1),
    ("ridehail", MeetingType.THEMED_DAY, 1), ("rider", MeetingType.GROUP, 2),
    ("firm", MeetingType.LECTURE, 1), ("firm", MeetingType.LECTURE, 2), ("firm", MeetingType.PARTY_CONGRESS, 1),
    ("ecommerce", MeetingType.REVIEW, 0),
}
NO_QUORUM = ("flow", 1)          # this branch's 支部党员大会 that many quarters ago lacked a quorum
OWN_TOPIC = ("youth", 1)         # this branch chose its own 主题党日 topic that many months ago
NEW_PUBLICITY_MEMBER = ("mh2", 5)  # the 宣传委员 changed that many months ago
SHIFT_PROFILES = {"courier", "rider", "ridehail", "freight", "sorting", "flow"}
START_TIMES = {"retired": "09:00", "courier": "14:30", "rider": "14:30", "ridehail": "10:00", "freight": "18:30",
               "sorting": "18:30", "office": "12:30", "youth": "19:00", "ecommerce": "10:00"}
DURATIONS = {MeetingType.COMMITTEE: 60, MeetingType.GROUP: 60, MeetingType.PARTY_CONGRESS: 90,
             MeetingType.LECTURE: 90, MeetingType.THEMED_DAY: 120, MeetingType.LIFE_MEETING: 150,
             MeetingType.REVIEW: 90}
ROOMS = {"courier": "清河路新就业群体党群服务驿站", "rider": "清河路新就业群体党群服务驿站",
         "ridehail": "泉城出行清河路车队会议室", "freight": "鲁通货运物流园党员活动室",
         "ecommerce": "泉e优选直播电商有限公司会议室", "office": "明湖商务大厦党群服务站",
         "smallfirm": "杨柳巷社区党群服务中心", "firm": "山东清源智能科技有限公司会议室",
         "sorting": "泉运快递济南分拨中心三楼会议室", "flow": "街道党群服务中心一楼活动室",
         "youth": "街道新时代文明实践所"}
PLACES = {"courier": "清河路沿线快递站点", "rider": "清河路沿线外卖站点", "ridehail": "清河路网约车服务站",
          "freight": "鲁通货运物流园", "ecommerce": "清河路商圈", "office": "明湖商务大厦", "smallfirm": "清河路商圈",
          "firm": "清河路商圈", "sorting": "分拨中心园区", "flow": "辖区各小区", "youth": "清河路沿线各社区"}


@dataclass(frozen=True)
class DemoBranch:
    """A demo 党支部 as load_demo built it; members carry their database ids."""

    key: str
    profile: str
    community: str
    org_id: int
    secretary_id_number: str
    groups: tuple[tuple[int, str], ...]       # (党小组 id, 组长's name)
    members: tuple[MemberRecord, ...]


def _month(day: date, offset: int) -> date:
    index = day.year * 12 + day.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _months_between(earlier: date, later: date) -> int:
    return later.year * 12 + later.month - earlier.year * 12 - earlier.month


def _weekday(day: date) -> date:
    """Saturday → Friday, Sunday → Monday (Friday when Monday is next month)."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        monday = day + timedelta(days=1)
        return monday if monday.month == day.month else day - timedelta(days=2)
    return day


def _third_friday(month: date) -> date:
    return month + timedelta(days=(4 - month.weekday()) % 7 + 14)


def _end_time(start: str, minutes: int) -> str:
    total = int(start[:2]) * 60 + int(start[3:]) + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def _themes(session: Session, today: date) -> dict[str, tuple[int, tuple, date]]:
    """The street's themes for the last months: "YYYY-MM" → (id, texts, planned day)."""
    first_id = (session.scalar(select(func.max(StreetTheme.id))) or 0) + 1
    themes, rows = {}, []
    for index, offset in enumerate(range(1 - THEME_MONTHS, 1)):
        month = _month(today, offset)
        entry = texts.STREET_THEMES[month.month]
        theme = entry[0].format(anniversary=month.year - 1921)
        planned = _third_friday(month)
        themes[f"{month:%Y-%m}"] = (first_id + index, entry, planned)
        rows.append(dict(id=first_id + index, month=f"{month:%Y-%m}", theme=theme, outline=entry[1],
                         planned_on=planned))
    session.execute(insert(StreetTheme), rows)
    return themes


class _BranchYear:
    """Invents one branch's meetings from the first month to today."""

    def __init__(self, rng: random.Random, branch: DemoBranch, today: date, themes: dict):
        self.rng, self.branch, self.today, self.themes = rng, branch, today, themes
        self.secretary = next(m for m in branch.members if m.id_number == branch.secretary_id_number)
        settled = [m for m in branch.members if m.category == MemberCategory.FULL and not m.is_mobile
                   and m.id != self.secretary.id]
        helpers = rng.sample(settled, min(3, len(settled)))
        self.organizer = helpers[0] if helpers else self.secretary
        full = sum(m.category == MemberCategory.FULL for m in branch.members)
        self.seats: list[tuple[MemberRecord, str, date | None, date | None]] = []
        if full >= 7 and len(helpers) >= 3:
            elected = date(today.year - 2, rng.randint(3, 6), rng.randint(1, 28))
            self.seats = [(self.secretary, "书记", elected, None), (helpers[0], "组织委员", elected, None)]
            key, months_ago = NEW_PUBLICITY_MEMBER
            if branch.key == key:
                changed = _weekday(_month(today, -months_ago) + timedelta(days=9))
                self.seats += [(helpers[1], "宣传委员", elected, changed), (helpers[2], "宣传委员", changed, None)]
            else:
                self.seats.append((helpers[1], "宣传委员", elected, None))
        self.publicity = helpers[1] if len(helpers) > 1 else self.organizer
        self.start = START_TIMES.get(branch.profile, "14:30" if rng.random() < 0.7 else "09:00")
        self.room = ROOMS.get(branch.profile) or f"{branch.community}社区党群服务中心二楼会议室"
        self.place = PLACES.get(branch.profile) or f"{branch.community}社区"
        self.leave_rate = 0.12 if branch.profile == "retired" or branch.profile in SHIFT_PROFILES else 0.07
        self.reasons = texts.LEAVE_REASONS["retired" if branch.profile == "retired" else
                                           "shift" if branch.profile in SHIFT_PROFILES else "work"]
        self.topics_used: set[tuple[str, str]] = set()

    def seat_rows(self) -> list[dict]:
        return [dict(branch_id=self.branch.org_id, member_id=member.id, post=post, started_on=started,
                     ended_on=ended) for member, post, started, ended in self.seats]

    # Who is expected, as services.membership computes it: in the branch since joined_branch_on (or 入党时间).
    def _roster(self, day: date, group_id: int | None = None) -> list[tuple[MemberRecord, bool]]:
        return [(m, m.category == MemberCategory.FULL and m.confirmed_on is not None and m.confirmed_on <= day)
                for m in self.branch.members
                if m.joined_on <= day and (m.joined_branch_on or m.joined_on) <= day
                and (group_id is None or m.group_id == group_id)]

    def _expected(self, meeting_type: str, day: date, group_id: int | None) -> list[tuple[MemberRecord, bool]]:
        if meeting_type != MeetingType.COMMITTEE:
            return self._roster(day, group_id)
        voting = {m.id: v for m, v in self._roster(day)}
        return [(m, voting.get(m.id, True)) for m, _post, started, ended in self.seats
                if started <= day and (ended is None or ended > day)]

    def _mark(self, member: MemberRecord, voting: bool, committee: bool, required: set[int]) -> Attendance:
        rng, draw = self.rng, self.rng.random()
        status, reason = AttendanceStatus.PRESENT, ""
        if member.id in required:  # the host, the recorder and the lecturer are there
            return Attendance(member.id, member.name, status, reason, voting)
        if member.is_lost_contact:
            status, reason = AttendanceStatus.ABSENT, "失联，正在通过亲属和原单位查找"
        elif member.mobile_direction == MobileDirection.OUTFLOW and draw < 0.85:
            status, reason = AttendanceStatus.LEAVE, f"{member.mobile_reason}，现在{member.mobile_place}"
        elif draw < (0.05 if committee else self.leave_rate):
            status, reason = AttendanceStatus.LEAVE, rng.choice(self.reasons)
        elif draw > 0.99 and not committee:
            status, reason = AttendanceStatus.ABSENT, "未请假，会后已由党小组长联系补学"
        return Attendance(member.id, member.name, status, reason, voting)

    def _pick(self, pool: tuple, key: str) -> tuple:
        fresh = [entry for entry in pool if (key, entry[0]) not in self.topics_used] or list(pool)
        choice = self.rng.choice(fresh)
        self.topics_used.add((key, choice[0]))
        return choice

    def meeting(self, meeting_type: str, day: date, *, org_id: int | None = None, host: MemberRecord | None = None,
                lack_quorum: bool = False) -> MeetingRecord | None:
        if day > self.today:
            return None
        rng = self.rng
        host = host or self.secretary
        recorder = self.organizer if org_id is None else next(
            (m for m, _v in self._roster(day, org_id) if m.id != host.id and not m.is_mobile), host)
        lecturer, introduced = "", ""
        if meeting_type == MeetingType.LECTURE:  # the 书记 gives the first of the year
            choices = [("书记", self.secretary.name), ("组织委员", self.organizer.name),
                       ("宣传委员", self.publicity.name), ("街道党工委副书记", texts.GUEST_LECTURER)]
            post, lecturer = choices[0] if day.month <= 3 else rng.choice(choices)
            introduced = post + lecturer
        required = {host.id, recorder.id} | {m.id for m in self.branch.members if m.name == lecturer}
        expected = self._expected(meeting_type, day, org_id)
        attendance = [self._mark(m, v, meeting_type == MeetingType.COMMITTEE, required) for m, v in expected]
        if lack_quorum:
            attendance = self._without_quorum(attendance, required)
        present = [a.name for a in attendance if a.status == AttendanceStatus.PRESENT and a.name != host.name]
        values = dict(host=host.name, org=self.organizer.name, pub=self.publicity.name, lecturer=introduced,
                      speakers="、".join(rng.sample(present, min(2, len(present)))) or host.name,
                      name1=rng.choice(present) if present else host.name, place=self.place, month=day.month,
                      n1=rng.randint(3, 12), n2=rng.randint(2, 6), guide=rng.choice(texts.STREET_STAFF),
                      anniversary=day.year - 1921)
        fields = self._texts(meeting_type, day, values, attendance)
        return MeetingRecord(
            org_id=org_id or self.branch.org_id, type=meeting_type, held_on=day, start_time=self.start,
            end_time=_end_time(self.start, DURATIONS[meeting_type]), location=fields.pop("location", self.room),
            host=host.name, recorder=recorder.name, lecturer=lecturer, attendance=tuple(attendance),
            status=RecordStatus.DRAFT if (day.year, day.month) == (self.today.year, self.today.month)
            else RecordStatus.FINAL, **fields)

    def _without_quorum(self, attendance: list[Attendance], required: set[int]) -> list[Attendance]:
        """Harvest time: most of the voting members went home; half or fewer are present."""
        marked, voting = [], sum(a.voting for a in attendance)
        present = sum(a.voting and a.status == AttendanceStatus.PRESENT for a in attendance)
        for entry in attendance:
            if entry.voting and entry.status == AttendanceStatus.PRESENT and present * 2 > voting - 2 \
                    and entry.member_id not in required:
                entry = Attendance(entry.member_id, entry.name, AttendanceStatus.LEAVE, "返乡秋收", True)
                present -= 1
            marked.append(entry)
        return marked

    def _texts(self, meeting_type: str, day: date, values: dict, attendance: list[Attendance]) -> dict:
        rng = self.rng
        if meeting_type == MeetingType.THEMED_DAY:
            theme = self.themes.get(f"{day:%Y-%m}")
            own = theme is None or (self.branch.key, _months_between(day, self.today)) == OWN_TOPIC
            topic, study, activity = (self._pick(texts.OWN_THEMED_DAYS, "own") if own
                                      else (theme[1][0].format(**values), theme[1][2], theme[1][3]))
            said = ("" if "{speakers}" in activity else "{speakers}结合自身工作谈了体会，") + rng.choice(texts.SPEECH_POINTS)
            steps = [study, activity, said, "全体党员交纳{month}月份党费"]
            if day.month != 7:
                steps.insert(0, "全体党员面向党旗重温入党誓词")
            content = "\n".join(f"{'一二三四五'[i]}、{step.format(**values)}。" for i, step in enumerate(steps))
            fields = dict(topic=topic, content=content, theme_id=None if own else theme[0])
            if not own and theme[1][4]:
                fields["location"] = theme[1][4]
            if not own and rng.random() < 0.2:
                fields["guidance_staff"] = values["guide"]
            return fields
        if meeting_type == MeetingType.LIFE_MEETING:
            year = day.year - (day.month == 1)
            content, resolution = (text.format(**values) for text in texts.LIFE_MEETING)
            return dict(topic=f"{year}年度组织生活会", content=content, resolution=resolution,
                        guidance_staff=values["guide"])
        if meeting_type == MeetingType.REVIEW:
            present = sum(a.status == AttendanceStatus.PRESENT for a in attendance)
            values.update(excellent=max(1, present // 6), qualified=len(attendance) - max(1, present // 6))
            content, resolution = (text.format(**values) for text in texts.REVIEW)
            return dict(topic=f"{day.year - (day.month == 1)}年度民主评议党员", content=content,
                        resolution=resolution)
        pool = {MeetingType.COMMITTEE: texts.COMMITTEE_TOPICS, MeetingType.PARTY_CONGRESS: texts.CONGRESS_TOPICS,
                MeetingType.LECTURE: texts.LECTURE_TOPICS, MeetingType.GROUP: texts.GROUP_TOPICS}[meeting_type]
        topic, *rest = (text.format(**values) for text in self._pick(pool, meeting_type))
        fields = dict(topic=topic, content=rest[0], resolution=rest[1] if len(rest) > 1 else "")
        if meeting_type == MeetingType.PARTY_CONGRESS:
            voting = sum(a.voting for a in attendance)
            present = sum(a.voting and a.status == AttendanceStatus.PRESENT for a in attendance)
            counted = f"有表决权的党员应到 {voting} 名，实到 {present} 名，"
            if has_quorum(present, voting):
                fields["vote_result"] = counted + f"举手表决，同意 {present} 票，反对 0 票，弃权 0 票。"
            else:
                fields["resolution"] = ""
                fields["vote_result"] = counted + "未超过半数，本次会议不进行表决，有关事项待下次会议表决。"
            if rng.random() < 0.3:
                fields["observers"] = f"入党积极分子 {rng.randint(1, 3)} 名"
        return fields

    def meetings(self, first_month: date) -> list[MeetingRecord]:
        rng, key, records = self.rng, self.branch.key, []

        def skipped(meeting_type: str, periods_ago: int) -> bool:
            return (key, meeting_type, periods_ago) in SKIPPED

        quarter_now = (self.today.year * 12 + self.today.month - 1) // 3
        for offset in range(_months_between(first_month, self.today) + 1):
            month = _month(first_month, offset)
            months_ago = _months_between(month, self.today)
            quarters_ago = quarter_now - (month.year * 12 + month.month - 1) // 3
            planned = []
            if self.seats and not skipped(MeetingType.COMMITTEE, months_ago):
                planned.append((MeetingType.COMMITTEE, _weekday(month + timedelta(days=rng.randint(1, 6))), {}))
            if not skipped(MeetingType.THEMED_DAY, months_ago):
                theme = self.themes.get(f"{month:%Y-%m}")
                day = (theme[2] + timedelta(days=rng.choice((0, 0, 0, -1, 1, -3))) if theme
                       else month + timedelta(days=rng.randint(7, 19)))
                planned.append((MeetingType.THEMED_DAY, _weekday(day), {}))
            for group_id, leader in self.branch.groups:
                if not skipped(MeetingType.GROUP, months_ago):
                    host = next((m for m in self.branch.members if m.name == leader and m.group_id == group_id),
                                self.secretary)
                    day = _weekday(month + timedelta(days=rng.randint(19, 26)))
                    planned.append((MeetingType.GROUP, day, dict(org_id=group_id, host=host)))
            if month.month % 3 == 0 and not skipped(MeetingType.PARTY_CONGRESS, quarters_ago):
                lacking = (key, quarters_ago) == NO_QUORUM
                day = _weekday(month + timedelta(days=rng.randint(14, 24)))
                planned.append((MeetingType.PARTY_CONGRESS, day, dict(lack_quorum=lacking)))
            if month.month % 3 == 2 and not skipped(MeetingType.LECTURE, quarters_ago):
                planned.append((MeetingType.LECTURE, _weekday(month + timedelta(days=rng.randint(19, 26))), {}))
            for meeting_type, day, options in planned:
                record = self.meeting(meeting_type, day, **options)
                if record is not None:
                    records.append(record)
        records.extend(self._yearly(first_month))
        return records

    def _yearly(self, first_month: date) -> list[MeetingRecord]:
        """组织生活会 and 民主评议党员 in the same week: in December, or (a few branches, late) in January."""
        december = _weekday(date(self.today.year - 1, 12, self.rng.randint(16, 26)))
        january = _weekday(date(self.today.year, 1, self.rng.randint(8, 20)))
        options = [january, december] if self.rng.random() < 0.15 else [december, january]
        day = next((d for d in options if first_month <= d <= self.today), None)
        if day is None:
            return []
        records = [self.meeting(MeetingType.LIFE_MEETING, day)]
        if (self.branch.key, MeetingType.REVIEW, 0) not in SKIPPED:
            records.append(self.meeting(MeetingType.REVIEW, _weekday(day + timedelta(days=2))))
        return [record for record in records if record is not None]


def write_demo_meetings(session: Session, branches: list[DemoBranch], today: date, progress: Progress) -> int:
    """Themes, 支委会 seats, meetings and their attendance for the demo branches; returns the meeting count."""
    rng = random.Random(SEED)
    first_month = _month(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), -12)  # a quarter start a year ago
    themes = _themes(session, today)
    records, seats = [], []
    for done, branch in enumerate(branches):
        progress.check()
        progress.report(done, len(branches), "正在生成示范会议记录…")
        year = _BranchYear(rng, branch, today, themes)
        records.extend(year.meetings(first_month))
        seats.extend(year.seat_rows())
    if seats:
        session.execute(insert(CommitteeMember), seats)
    numbers = defaultdict(int)
    first_id = (session.scalar(select(func.max(Meeting.id))) or 0) + 1
    meeting_rows, attendance_rows = [], []
    for meeting_id, record in enumerate(sorted(records, key=lambda r: (r.held_on, r.org_id, r.type)), first_id):
        issues = check_meeting(record, today)
        if issues:
            raise AssertionError(f"示范会议记录不合规（程序错误）：{record.type} {record.held_on} {issues}")
        numbers[record.org_id, record.type, record.held_on.year] += 1
        meeting_rows.append(dict(
            id=meeting_id, org_id=record.org_id, type=str(record.type), held_on=record.held_on,
            sequence=numbers[record.org_id, record.type, record.held_on.year], planned_at=None,
            start_time=record.start_time, end_time=record.end_time, location=record.location, host=record.host,
            recorder=record.recorder, lecturer=record.lecturer, topic=record.topic, content=record.content,
            resolution=record.resolution, vote_result=record.vote_result, observers=record.observers,
            guidance_staff=record.guidance_staff, theme_id=record.theme_id, status=str(record.status),
            **attendance_counts(record)))
        attendance_rows.extend(dict(meeting_id=meeting_id, member_id=a.member_id, name=a.name, status=str(a.status),
                                    reason=a.reason, voting=a.voting, sort_order=index)
                               for index, a in enumerate(record.attendance))
    progress.check()
    session.execute(insert(Meeting), meeting_rows)
    session.execute(insert(MeetingAttendance), attendance_rows)
    return len(meeting_rows)
