"""Matching a meeting ledger's rows to the database: the branch (and 党小组) by name, every attendee by name
against the roster of the meeting date, the meetings already stored, and the sequence numbers (第几次).

Everything is read once (organisations, roster history, committee seats, stored meetings, street themes), so
thousands of rows are matched in memory.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Meeting, Organization, StreetTheme
from ..domain.enums import MemberCategory, OrgLevel
from ..domain.meetings import Attendance, AttendanceStatus, MeetingRecord, MeetingType, check_meeting
from ..domain.text import compact
from ..importexport.meeting_cells import clean_name
from ..importexport.meeting_sheet import NAME_KEYS, MeetingSheet, Mention, ParsedMeetingRow
from .database import Database
from .member_import import KIND_LABELS, RowIssue
from .membership import CommitteeSeat, RosterEntry, RosterHistory, committee

MeetingKey = tuple[int, str, date]   # organisation, type, date: the same meeting twice is a conflict
SequenceKey = tuple[int, str, int]   # organisation, type, year: 第几次 counts within it
UNLISTED_REASON = "未登记"
NO_REASON = "未注明原因"
_ERROR, _WARNING, _FIXED = "错误", "警告", "已修正"
# Issues name their column by key while matching; match() turns keys into the sheet's own column names.
_BRANCH, _GROUP, _TYPE, _PRESENT = "branch_name", "group_name", "type", "present"
_RECORD_KEYS = {"attendance": _PRESENT, "sequence": "第几次"}
_NAMES_SHOWN = 10


def existing_meetings(session: Session) -> tuple[dict[MeetingKey, tuple[int, int | None, str]],
                                                   dict[SequenceKey, int]]:
    """(stored meetings by key → (id, sequence, status), the last sequence number used per organisation/type/year)."""
    stored: dict[MeetingKey, tuple[int, int | None, str]] = {}
    last: dict[SequenceKey, int] = defaultdict(int)
    counts: dict[SequenceKey, int] = defaultdict(int)
    for meeting_id, org_id, kind, held_on, sequence, status in session.execute(
            select(Meeting.id, Meeting.org_id, Meeting.type, Meeting.held_on, Meeting.sequence, Meeting.status)
            .order_by(Meeting.id)):
        stored.setdefault((org_id, kind, held_on), (meeting_id, sequence, status))
        key = (org_id, kind, held_on.year)
        counts[key] += 1
        last[key] = max(last[key], sequence or 0, counts[key])
    return stored, dict(last)


def next_sequences(records: Sequence[MeetingRecord], last: dict[SequenceKey, int]) -> list[int]:
    """第几次 for each record: in date order per organisation, type and year, after the stored ones."""
    used = dict(last)
    numbers = [0] * len(records)
    order = sorted(range(len(records)), key=lambda i: (records[i].held_on, records[i].start_time, i))
    for index in order:
        record = records[index]
        key = (record.org_id, str(record.type), record.held_on.year)
        used[key] = used.get(key, 0) + 1
        numbers[index] = used[key]
    return numbers


class MatchContext:
    def __init__(self, db: Database, sheet: MeetingSheet, today: date):
        self.today = today
        self._column_name = sheet.column_name
        rows = sheet.rows
        with db.reading() as session:
            orgs = session.execute(select(Organization.id, Organization.parent_id, Organization.name,
                                          Organization.level)).all()
            self.existing, self.last_sequences = existing_meetings(session)
            self._themes = {month: (theme_id, compact(theme)) for theme_id, month, theme in session.execute(
                select(StreetTheme.id, StreetTheme.month, StreetTheme.theme))}
        self._branches: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._groups: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
        for org_id, parent_id, name, level in orgs:
            if level == OrgLevel.BRANCH:
                self._branches[compact(name)].append((org_id, name))
            elif level == OrgLevel.GROUP and parent_id is not None:
                self._groups[parent_id][compact(name)] = (org_id, name)
        self._resolved = {text: self._resolve_branch(text) for text in {row.branch_name for row in rows}}
        branch_ids = sorted({found[0] for found in self._resolved.values() if found[0] is not None})
        self._history = RosterHistory(db, branch_ids)
        with_committee = {self._resolved[row.branch_name][0] for row in rows if row.type == MeetingType.COMMITTEE}
        self._seats = {branch_id: committee(db, branch_id) for branch_id in branch_ids if branch_id in with_committee}
        self._rosters: dict[tuple[int, date], tuple[list[RosterEntry], dict[str, list[RosterEntry]]]] = {}

    def match(self, parsed: ParsedMeetingRow) -> tuple[MeetingRecord, list[RowIssue]]:
        """The unsaved record for a row, with every issue of the row (the sheet's own included)."""
        issues = [RowIssue(i.field, KIND_LABELS[i.severity], i.message) for i in parsed.issues]
        record = self._match(parsed, issues)
        return record, [replace(i, column=self._column_name(i.column)) for i in issues]

    def _match(self, parsed: ParsedMeetingRow, issues: list[RowIssue]) -> MeetingRecord:
        record = MeetingRecord(org_id=0, type=parsed.type, held_on=parsed.held_on, org_name=parsed.branch_name,
                               branch_name=parsed.branch_name, start_time=parsed.start_time,
                               end_time=parsed.end_time, **parsed.texts)  # type: ignore[arg-type]
        branch_id, branch_name, issue = self._resolved[parsed.branch_name]
        if issue is not None:
            issues.append(issue)
        if branch_id is None:
            return record
        record = replace(record, org_id=branch_id, org_name=branch_name, branch_id=branch_id, branch_name=branch_name)
        group_id = None
        if parsed.type == MeetingType.GROUP:
            group_id, group_name = self._group(branch_id, branch_name, parsed.group_name, issues)
            if group_id is None:
                return record
            record = replace(record, org_id=group_id, org_name=group_name)
        elif parsed.group_name:
            issues.append(RowIssue(_GROUP, _WARNING, f"只有党小组会需要填写党小组，“{parsed.group_name}”已忽略"))
        if any(i.column in ("held_on", "type") and i.kind == _ERROR for i in issues):
            return record
        record = self._attendance(parsed, record, group_id, issues)
        issues.extend(RowIssue(_RECORD_KEYS.get(i.field, i.field), _ERROR, i.message)
                      for i in check_meeting(record, self.today))
        self._compare_counts(parsed, record, issues)
        return record

    def _resolve_branch(self, text: str) -> tuple[int | None, str, RowIssue | None]:
        if not text:
            return None, "", RowIssue(_BRANCH, _ERROR, "所在党支部不能为空")
        key = compact(text)
        found = self._branches.get(key, [])
        if len(found) > 1:
            return None, text, RowIssue(_BRANCH, _ERROR, f"有 {len(found)} 个名为“{text}”的党支部，无法确定是哪一个，"
                                                         "请先在组织树中把它们改成不同的名称")
        if found:
            return *found[0], None
        # "第一党支部" for "幸福里社区第一党支部": accepted when exactly one branch's name ends with it
        tails = [branch for name, branches in self._branches.items() if name.endswith(key) for branch in branches]
        if len(key) >= 3 and len(tails) == 1:
            return *tails[0], RowIssue(_BRANCH, _FIXED, f"所在党支部“{text}”已按“{tails[0][1]}”处理")
        if len(key) >= 3 and tails:
            names = "、".join(name for _, name in tails[:_NAMES_SHOWN])
            return None, text, RowIssue(_BRANCH, _ERROR, f"“{text}”可能是这几个党支部中的任何一个：{names}，请写全称")
        return None, text, RowIssue(_BRANCH, _ERROR, f"党支部“{text}”不在组织树中。请先在“组织与党员”中建立该支部，"
                                                     "或把名称改成与系统中一致")

    def _group(self, branch_id: int, branch_name: str, text: str, issues: list[RowIssue]) -> tuple[int | None, str]:
        groups = self._groups.get(branch_id, {})
        known = "、".join(name for _, name in groups.values()) if groups else ""
        hint = f"（该支部的党小组：{known}）" if known else "（该支部还没有建立党小组，请先在组织树中建立）"
        if not text:
            issues.append(RowIssue(_GROUP, _ERROR, f"党小组会请在“党小组”列写明是哪个党小组{hint}"))
            return None, ""
        found = groups.get(compact(text))
        if found is None:
            issues.append(RowIssue(_GROUP, _ERROR, f"{branch_name}下没有党小组“{text}”{hint}"))
            return None, ""
        return found

    def _roster(self, branch_id: int, day: date) -> tuple[list[RosterEntry], dict[str, list[RosterEntry]]]:
        """The branch's members that day, and the same by name (computed once per branch and day)."""
        found = self._rosters.get((branch_id, day))
        if found is None:
            entries = self._history.members(branch_id, day)
            names: dict[str, list[RosterEntry]] = defaultdict(list)
            for entry in entries:
                names[clean_name(entry.name)].append(entry)
            found = self._rosters[(branch_id, day)] = (entries, names)
        return found

    def _expected(self, record: MeetingRecord, group_id: int | None, issues: list[RowIssue]
                  ) -> tuple[list[RosterEntry] | None, str]:
        """(应到, what they are called in messages); None when the committee on that day is not recorded."""
        day, branch_id = record.held_on, record.branch_id
        roster, _ = self._roster(branch_id, day)
        if record.type == MeetingType.GROUP:
            return [entry for entry in roster if entry.group_id == group_id], f"{record.org_name}的成员"
        if record.type != MeetingType.COMMITTEE:
            return roster, ""
        by_id = {entry.member_id: entry for entry in roster}
        seats = [seat for seat in self._seats.get(branch_id, ()) if _holds(seat, day)]
        if not seats:
            issues.append(RowIssue(_TYPE, _WARNING, f"{record.branch_name}在 {day:%Y-%m-%d} 没有登记支委会成员，"
                                                    "应到人员按表中写到的人计算（支委会成员可在支部信息中登记）"))
            return None, ""
        return [by_id.get(seat.member_id, RosterEntry(seat.member_id, seat.name, MemberCategory.FULL.value, None))
                for seat in seats], "当时的支委会成员"

    def _attendance(self, parsed: ParsedMeetingRow, record: MeetingRecord, group_id: int | None,
                    issues: list[RowIssue]) -> MeetingRecord:
        day, branch_id = record.held_on, record.branch_id
        expected, circle = self._expected(record, group_id, issues)
        expected_ids = None if expected is None else {entry.member_id for entry in expected}
        _, names = self._roster(branch_id, day)
        marks: dict[int, tuple[RosterEntry, AttendanceStatus, str]] = {}
        observers: list[str] = []
        for mention in parsed.mentions:
            column = NAME_KEYS[mention.status]
            entry = self._member(mention, names, expected_ids, record, column, issues)
            if entry is None:
                continue
            if expected_ids is not None and entry.member_id not in expected_ids:
                if mention.status is AttendanceStatus.PRESENT:
                    observers.append(entry.name)
                    issues.append(RowIssue(column, _WARNING, f"“{entry.name}”不是{circle}，已记为列席人员"))
                else:
                    issues.append(RowIssue(column, _WARNING, f"“{entry.name}”不是{circle}，不计入{mention.status}"))
                continue
            reason = ""
            if mention.status is not AttendanceStatus.PRESENT:
                reason = mention.reason or NO_REASON
                if not mention.reason:
                    issues.append(RowIssue(column, _WARNING, f"“{entry.name}”未注明{mention.status}原因，"
                                                             f"已记为“{NO_REASON}”"))
            marks[entry.member_id] = (entry, mention.status, reason)
        if expected is None:
            expected = [entry for entry, _, _ in marks.values()]
        attendance, unlisted = [], []
        for entry in expected:
            if entry.member_id in marks:
                _, status, reason = marks[entry.member_id]
            elif parsed.everyone_present:
                status, reason = AttendanceStatus.PRESENT, ""
            else:
                status, reason = AttendanceStatus.ABSENT, UNLISTED_REASON
                unlisted.append(entry.name)
            attendance.append(Attendance(entry.member_id, entry.name, status, reason, entry.voting))
        if unlisted:
            shown = "、".join(unlisted[:_NAMES_SHOWN]) + (f"等 {len(unlisted)} 人" if len(unlisted) > _NAMES_SHOWN else "")
            issues.append(RowIssue(_PRESENT, _WARNING,
                                   f"表中没有写到的应到人员已记为缺席（原因：{UNLISTED_REASON}）：{shown}"))
        if not attendance and expected_ids is not None:
            issues.append(RowIssue(_BRANCH if group_id is None else _GROUP, _WARNING,
                                   f"{record.org_name}在 {day:%Y-%m-%d} 没有在册党员，应到人数为 0"))
        if observers:
            observers = [record.observers, *observers] if record.observers else observers
            record = replace(record, observers="、".join(observers))
        return replace(record, attendance=tuple(attendance), theme_id=self._theme(record))

    def _member(self, mention: Mention, names: dict[str, list[RosterEntry]], expected_ids: set[int] | None,
                record: MeetingRecord, column: str, issues: list[RowIssue]) -> RosterEntry | None:
        found = names.get(mention.name)
        if found is not None and len(found) == 1:
            return found[0]
        if found and expected_ids is not None:  # two 王五 in the branch, one of them in this 党小组
            expected = [entry for entry in found if entry.member_id in expected_ids]
            if len(expected) == 1:
                return expected[0]
        day = f"{record.held_on:%Y-%m-%d}"
        if found:
            issues.append(RowIssue(column, _ERROR, f"{record.branch_name}在 {day} 有 {len(found)} 名党员都叫"
                                                   f"“{mention.name}”，无法确定是哪一位，请在程序中录入这次会议"))
            return None
        later = mention.name in self._roster(record.branch_id, self.today)[1]
        hint = "（此人是在这一天之后才入党或转入本支部的）" if later else ""
        issues.append(RowIssue(column, _ERROR, f"“{mention.name}”不是{record.branch_name}在 {day} 的党员{hint}"))
        return None

    def _theme(self, record: MeetingRecord) -> int | None:
        if record.type != MeetingType.THEMED_DAY:
            return None
        theme_id, theme = self._themes.get(f"{record.held_on:%Y-%m}", (None, ""))
        return theme_id if theme and compact(record.topic) == theme else None

    @staticmethod
    def _compare_counts(parsed: ParsedMeetingRow, record: MeetingRecord, issues: list[RowIssue]) -> None:
        for key, counted, source in (("expected_count", record.expected, "按花名册"),
                                     ("present_count", record.present, "按出席人员名单")):
            stated = parsed.stated_counts.get(key)
            if stated is not None and stated != counted:
                issues.append(RowIssue(key, _WARNING,
                                       f"表中写的是 {stated} 人，{source}为 {counted} 人（以名单为准）"))


def _holds(seat: CommitteeSeat, day: date) -> bool:
    return (seat.started_on is None or seat.started_on <= day) and (seat.ended_on is None or seat.ended_on > day)
