"""Reading a ledger of past meetings (会议记录台账) from a user's spreadsheet, one meeting per row.

The cells are read and checked on their own here; who the names are, which branch is meant and whether the
meeting is already recorded is for the service, which knows the database. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..domain.meetings import AttendanceStatus
from ..domain.member import FieldIssue, Severity
from ..domain.progress import NO_PROGRESS, Progress
from .cells import cell_count
from .header import HeaderMatch, HeaderVocabulary
from .ledger_rows import LedgerRows, LedgerSheet, open_ledger, plain_text
from .meeting_cells import (
    check_meeting_date, is_everyone, is_nobody, meeting_time, meeting_type_of, meeting_when, split_names,
)
from .sheet_reader import CellValue


@dataclass(frozen=True)
class MeetingColumn:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    width: int = 12


MEETING_COLUMNS: tuple[MeetingColumn, ...] = (
    MeetingColumn("branch_name", "所在党支部", ("党支部", "所在支部", "支部名称", "所属支部", "所属党支部", "支部",
                                           "党组织", "党组织名称", "所在党组织"), 24),
    MeetingColumn("group_name", "党小组", ("所在党小组", "党小组名称"), 12),
    MeetingColumn("type", "会议类型", ("会议形式", "会议类别", "会议种类", "类型", "形式", "会议形式/类型",
                                   "会议类型/形式", "会议名称"), 14),
    MeetingColumn("held_on", "日期", ("会议日期", "开会日期", "召开日期", "活动日期", "会议时间", "召开时间",
                                   "开会时间", "活动时间", "时间", "日期/时间"), 12),
    MeetingColumn("start_time", "开始时间", ("起始时间", "开始"), 10),
    MeetingColumn("end_time", "结束时间", ("结束",), 10),
    MeetingColumn("location", "地点", ("会议地点", "开会地点", "召开地点", "活动地点"), 20),
    MeetingColumn("host", "主持人", ("会议主持人", "主持"), 10),
    MeetingColumn("recorder", "记录人", ("记录员", "记录"), 10),
    MeetingColumn("lecturer", "讲课人", ("授课人", "主讲人", "讲课人员"), 10),
    MeetingColumn("topic", "主题", ("会议主题", "议题", "会议议题", "主题/议题", "活动主题"), 24),
    MeetingColumn("content", "内容", ("会议内容", "主要内容", "发言要点", "内容(发言要点)", "活动内容", "会议记录"), 40),
    MeetingColumn("resolution", "决议", ("会议决议", "决议事项", "决定事项", "形成决议"), 24),
    MeetingColumn("vote_result", "表决情况", ("表决结果",), 14),
    MeetingColumn("present", "出席人员", ("参会人员", "实到人员", "出席", "参加人员", "到会人员", "出席党员",
                                       "参会党员", "出席人员名单"), 30),
    MeetingColumn("leave", "请假人员", ("请假人员及原因", "请假", "请假党员", "请假人员(原因)"), 20),
    MeetingColumn("absent", "缺席人员", ("缺席人员及原因", "缺席", "缺席党员", "未到人员"), 20),
    MeetingColumn("observers", "列席人员", ("列席", "列席人"), 16),
    MeetingColumn("guidance_staff", "到会指导人员", ("指导人员", "到会指导", "上级指导人员", "指导人"), 16),
    MeetingColumn("expected_count", "应到人数", ("应到",), 8),
    MeetingColumn("present_count", "实到人数", ("实到",), 8),
    MeetingColumn("note", "备注", (), 16),
)
COLUMN_LABELS = {c.key: c.label for c in MEETING_COLUMNS}
REQUIRED_KEYS = ("branch_name", "type", "held_on", "present")
TEXT_KEYS = ("location", "host", "recorder", "lecturer", "topic", "content", "resolution", "vote_result",
             "observers", "guidance_staff")
NAME_KEYS = {AttendanceStatus.PRESENT: "present", AttendanceStatus.LEAVE: "leave", AttendanceStatus.ABSENT: "absent"}
IGNORED_HEADERS = ("序号", "编号", "第几次", "次数", "会议次数", "请假人数", "缺席人数")

_VOCABULARY = HeaderVocabulary(MEETING_COLUMNS, IGNORED_HEADERS)
# Only these say that a row is a meeting; a branch name alone is what a merged cell leaves on empty rows.
_MEETING_KEYS = frozenset(COLUMN_LABELS) - {"branch_name", "group_name", "note"}


@dataclass(frozen=True)
class Mention:
    """A name written in 出席/请假/缺席人员 (blanks removed, see meeting_cells.clean_name), with the reason."""

    name: str
    status: AttendanceStatus
    reason: str = ""


@dataclass
class ParsedMeetingRow:
    row_number: int                   # 1-based sheet row as the user sees it in Excel
    branch_name: str
    group_name: str
    type: str                         # a MeetingType value, or the text as written when it names none
    held_on: date | None              # None when missing or unreadable (an issue says why)
    start_time: str = ""
    end_time: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # TEXT_KEYS → text
    mentions: list[Mention] = field(default_factory=list)
    everyone_present: bool = False    # 出席人员 says 全体党员
    stated_counts: dict[str, int] = field(default_factory=dict)  # expected_count / present_count as written
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


@dataclass
class MeetingSheet(LedgerSheet):
    rows: list[ParsedMeetingRow] = field(default_factory=list)


Sheet = TypeVar("Sheet", bound=LedgerSheet)


def read_meeting_sheet(path: str | Path, *, today: date, progress: Progress = NO_PROGRESS) -> MeetingSheet:
    """Read a meeting ledger. Raises UnusableFile (Chinese message) or Cancelled; never a library error."""
    sheet, match, headings = open_ledger(Path(path), _VOCABULARY, REQUIRED_KEYS,
                                         "“所在党支部”“会议类型”“日期”“出席人员”", progress)
    return parse_meeting_rows(sheet.rows, match, today=today, sheet_name=sheet.name, progress=progress,
                              headings=headings)


def parse_meeting_rows(rows: Sequence[Sequence[CellValue]], match: HeaderMatch, *, today: date,
                       sheet_name: str = "", progress: Progress = NO_PROGRESS,
                       headings: AbstractSet[int] = frozenset()) -> MeetingSheet:
    """`headings`: row indexes holding a merge across several columns (a section title, not a meeting)."""
    ledger = LedgerRows(rows, match, _VOCABULARY, entry_keys=_MEETING_KEYS, header_keys=("type", "held_on"),
                        headings=headings)
    result = MeetingSheet(match.header_row + 1, match.unknown_headers, sheet_name, column_names=ledger.column_names,
                          labels=COLUMN_LABELS)
    return read_entries(ledger, result, _parse_row, today, progress)


def read_entries(ledger: LedgerRows, sheet: Sheet, parse_row: Callable[..., object], today: date,
                 progress: Progress) -> Sheet:
    """`sheet` with a row for each entry of `ledger`, parse_row(row number, cells, today, sheet.column_name),
    and the example and footer rows passed over. The visit ledger (visit_sheet) is read the same way."""
    for row_number, cells in ledger.entries(progress):
        sheet.rows.append(parse_row(row_number, cells, today, sheet.column_name))
    sheet.example_rows, sheet.footer_row = ledger.example_rows, ledger.footer_row
    return sheet


def _parse_row(row_number: int, cells: dict[str, list[CellValue]], today: date,
               column_name: Callable[[str], str]) -> ParsedMeetingRow:
    first = {key: values[0] for key, values in cells.items() if values}
    parsed = ParsedMeetingRow(row_number, plain_text(first.get("branch_name", "")),
                              plain_text(first.get("group_name", "")), "", None)
    issues = parsed.issues
    _read_type(parsed, first.get("type"))
    _read_when(parsed, cells.get("held_on", []), today)
    _read_times(parsed, first)
    parsed.texts = {key: plain_text(first[key]) for key in TEXT_KEYS if key in first}
    note = plain_text(first.get("note", ""))
    if note:  # a meeting has no 备注 field: keep the words with the content rather than lose them
        content = parsed.texts.get("content", "")
        parsed.texts["content"] = f"{content}\n（备注：{note}）" if content else f"（备注：{note}）"
    for status, key in NAME_KEYS.items():
        text = plain_text(first.get(key, ""))
        if not text or is_nobody(text):
            continue
        if status is AttendanceStatus.PRESENT and is_everyone(text):
            parsed.everyone_present = True
            continue
        parsed.mentions.extend(Mention(name, status, reason) for name, reason in split_names(text))
    _mark_repeated_names(parsed, column_name)
    for key in ("expected_count", "present_count"):
        if key in first:
            number = cell_count(first[key])
            if number is None:
                issues.append(FieldIssue(key, f"{column_name(key)}“{plain_text(first[key])}”不是人数，已忽略",
                                         Severity.WARNING))
            else:
                parsed.stated_counts[key] = number
    return parsed


def _read_type(parsed: ParsedMeetingRow, value: CellValue | None) -> None:
    text = plain_text(value) if value is not None else ""
    if not text:
        parsed.issues.append(FieldIssue("type", "会议类型不能为空", Severity.ERROR))
        return
    try:
        parsed.type, rewritten = meeting_type_of(text)
    except ValueError as exc:
        parsed.type = text
        parsed.issues.append(FieldIssue("type", str(exc), Severity.ERROR))
        return
    if rewritten:
        parsed.issues.append(FieldIssue("type", f"会议类型“{text}”已按“{parsed.type}”处理", Severity.FIXED))


def _read_when(parsed: ParsedMeetingRow, values: list[CellValue], today: date) -> None:
    """One or more 日期/会议时间 columns: the first date found is the day, the first time the start."""
    for value in values:
        try:
            day, start, end = meeting_when(value)
        except ValueError as exc:
            parsed.issues.append(FieldIssue("held_on", str(exc), Severity.ERROR))
            return
        parsed.held_on = parsed.held_on or day
        if start and not parsed.start_time:
            parsed.start_time, parsed.end_time = start, end
    if parsed.held_on is None:
        parsed.issues.append(FieldIssue("held_on", "日期不能为空，请写出会议的具体日期", Severity.ERROR))
        return
    try:
        check_meeting_date(parsed.held_on, today)
    except ValueError as exc:
        parsed.issues.append(FieldIssue("held_on", str(exc), Severity.ERROR))


def _read_times(parsed: ParsedMeetingRow, first: dict[str, CellValue]) -> None:
    """开始时间/结束时间 columns win over a time written in the 日期 cell."""
    for key in ("start_time", "end_time"):
        if key not in first:
            continue
        try:
            start, end = meeting_time(first[key])
        except ValueError as exc:
            parsed.issues.append(FieldIssue(key, str(exc), Severity.ERROR))
            continue
        if key == "end_time":
            parsed.end_time = start
        else:
            parsed.start_time = start
            if end and "end_time" not in first:
                parsed.end_time = end  # 开始时间 "14:30-16:00"


def _mark_repeated_names(parsed: ParsedMeetingRow, column_name: Callable[[str], str]) -> None:
    """The same name twice (出席 and 请假, or twice in one column) cannot be right."""
    seen: dict[str, Mention] = {}
    for mention in parsed.mentions:
        earlier = seen.setdefault(mention.name, mention)
        if earlier is mention:
            continue
        column = NAME_KEYS[mention.status]
        if earlier.status == mention.status:
            message = f"“{mention.name}”在{column_name(column)}中出现了两次"
        else:
            message = (f"“{mention.name}”同时写在{column_name(NAME_KEYS[earlier.status])}和"
                       f"{column_name(column)}中，请只保留一处")
        parsed.issues.append(FieldIssue(column, message, Severity.ERROR))
