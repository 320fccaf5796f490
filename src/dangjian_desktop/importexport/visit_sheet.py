"""Reading a visit ledger (走访台账) from a user's spreadsheet, one visit per row.

The cells are read and checked on their own here; which officer and which enterprise the names mean, and
whether the visit is already recorded, is for the service, which knows the database. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.member import FieldIssue, Severity
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.visits import VisitWay, split_problems, visit_way_of
from .cells import cell_date
from .header import ColumnSpec, HeaderVocabulary
from .ledger_rows import LedgerRows, LedgerSheet, open_ledger, plain_text
from .meeting_cells import meeting_when
from .meeting_sheet import read_entries
from .sheet_reader import CellValue

VISIT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("officer_name", "党建指导员", ("走访人", "指导员", "走访人员", "党建指导员姓名", "走访指导员",
                                          "走访人姓名"), 12),
    ColumnSpec("enterprise_name", "企业名称", ("企业", "走访企业", "单位名称", "走访单位", "被走访企业",
                                           "企业(单位)名称", "走访对象", "走访企业名称"), 30),
    ColumnSpec("visited_on", "走访日期", ("日期", "走访时间", "时间", "走访日期/时间"), 12),
    ColumnSpec("way", "走访方式", ("方式", "走访形式", "形式"), 8),
    ColumnSpec("met_person", "接待人", ("接待人员", "对接人", "企业接待人", "接待人姓名", "企业对接人"), 14),
    ColumnSpec("findings", "走访情况", ("走访内容", "情况记录", "走访情况记录", "主要内容", "走访记录", "走访内容及情况"),
               40),
    ColumnSpec("problems", "发现问题", ("存在问题", "问题诉求", "发现的问题", "问题及诉求", "反映问题", "诉求",
                                    "存在的问题", "问题", "发现问题及诉求"), 40),
    ColumnSpec("business_situation", "经营情况", ("企业经营情况", "生产经营情况", "经营状况"), 24),
    ColumnSpec("party_work_situation", "党建工作情况", ("党建情况", "党建工作开展情况", "党建工作"), 24),
    ColumnSpec("follow_up", "下步打算", ("整改措施", "下一步打算", "下步工作", "跟进措施", "工作措施", "下一步工作",
                                     "整改落实情况"), 24),
    ColumnSpec("note", "备注", (), 16),
)
REQUIRED_KEYS = ("officer_name", "enterprise_name", "visited_on")
TEXT_KEYS = ("business_situation", "party_work_situation", "findings", "follow_up")
IGNORED_HEADERS = ("序号", "编号", "所属社区", "社区", "行业")
COLUMN_LABELS = {c.key: c.label for c in VISIT_COLUMNS}
EARLIEST = date(2000, 1, 1)

_VOCABULARY = HeaderVocabulary(VISIT_COLUMNS, IGNORED_HEADERS)
# An officer's name alone is what a merged cell leaves on the rows below it: no visit.
_ENTRY_KEYS = frozenset(COLUMN_LABELS) - {"officer_name", "note"}


@dataclass
class ParsedVisitRow:
    row_number: int                   # 1-based sheet row as the user sees it in Excel
    officer_name: str
    enterprise_name: str
    visited_on: date | None           # None when missing or unreadable (an issue says why)
    way: str = VisitWay.ON_SITE.value
    met_person: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # TEXT_KEYS → text
    problems: tuple[str, ...] = ()    # 发现问题 split at ；, each to become a demand
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


@dataclass
class VisitSheet(LedgerSheet):
    rows: list[ParsedVisitRow] = field(default_factory=list)


def read_visit_sheet(path: str | Path, *, today: date, progress: Progress = NO_PROGRESS) -> VisitSheet:
    """Read a visit ledger. Raises UnusableFile (Chinese message) or Cancelled; never a library error."""
    sheet, match, headings = open_ledger(Path(path), _VOCABULARY, REQUIRED_KEYS, "“党建指导员”“企业名称”“走访日期”",
                                         progress)
    ledger = LedgerRows(sheet.rows, match, _VOCABULARY, entry_keys=_ENTRY_KEYS,
                        header_keys=("enterprise_name", "visited_on"), headings=headings)
    result = VisitSheet(match.header_row + 1, match.unknown_headers, sheet.name, column_names=ledger.column_names,
                        labels=COLUMN_LABELS)
    return read_entries(ledger, result, parse_visit_row, today, progress)


def parse_visit_row(row_number: int, cells: dict[str, list[CellValue]], today: date,
                    column_name: Callable[[str], str]) -> ParsedVisitRow:
    """One row's cells (key → the non-blank cells of that key's columns) into a checked visit."""
    first = {key: plain_text(values[0]) for key, values in cells.items() if values and key != "visited_on"}
    parsed = ParsedVisitRow(row_number, " ".join(first.get("officer_name", "").split()),
                            " ".join(first.get("enterprise_name", "").split()), None,
                            met_person=first.get("met_person", ""))
    issues = parsed.issues
    for key in ("officer_name", "enterprise_name"):
        if not getattr(parsed, key):
            issues.append(FieldIssue(key, f"{column_name(key)}不能为空", Severity.ERROR))
    _read_date(parsed, cells.get("visited_on", []), today, column_name("visited_on"))
    if "way" in cells:  # without the column every visit is 实地, and no row needs to say so
        _read_way(parsed, first.get("way", ""), column_name("way"))
    parsed.texts = {key: first[key] for key in TEXT_KEYS if key in first}
    note = first.get("note", "")
    if note:  # a visit has no 备注 field: keep the words with the findings rather than lose them
        findings = parsed.texts.get("findings", "")
        parsed.texts["findings"] = f"{findings}\n（备注：{note}）" if findings else f"（备注：{note}）"
    if not any(parsed.texts.get(key) for key in ("findings", "business_situation", "party_work_situation")):
        issues.append(FieldIssue("findings", f"{column_name('findings')}、{column_name('business_situation')}、"
                                 f"{column_name('party_work_situation')}至少要填写一项", Severity.ERROR))
    parsed.problems = tuple(split_problems(first.get("problems", "")))
    return parsed


def _read_date(parsed: ParsedVisitRow, values: list[CellValue], today: date, column: str) -> None:
    """The first date in the 走访日期 columns."""
    for value in values:
        try:
            parsed.visited_on = _day_of(value, column)
        except ValueError as exc:
            parsed.issues.append(FieldIssue("visited_on", str(exc), Severity.ERROR))
            return
        if parsed.visited_on is not None:
            break
    if parsed.visited_on is None:
        message = "只写了时间，请写出走访的日期" if values else "不能为空，请写出走访的日期"
        parsed.issues.append(FieldIssue("visited_on", f"{column}{message}", Severity.ERROR))
    elif parsed.visited_on > today:
        parsed.issues.append(FieldIssue("visited_on", f"{column} {parsed.visited_on:%Y-%m-%d} 晚于今天"
                                        f"（{today:%Y-%m-%d}），只能导入已经进行的走访", Severity.ERROR))
    elif parsed.visited_on < EARLIEST:
        parsed.issues.append(FieldIssue("visited_on", f"{column} {parsed.visited_on:%Y-%m-%d} 不可能是走访日期，"
                                        "请检查年份", Severity.ERROR))


def _day_of(value: CellValue, column: str) -> date | None:
    """A date in any form cells.cell_date reads; a date with a time ("2025年3月12日上午9:30") as the meeting
    ledgers write it; None for a time alone. ValueError (Chinese) otherwise."""
    try:
        day, month_only = cell_date(value)
    except ValueError as exc:
        try:
            return meeting_when(value)[0]
        except ValueError:
            raise exc from None
    if month_only:
        raise ValueError(f"{column}“{plain_text(value)}”只写到月份，请写出走访的具体日期，如 {day:%Y-%m}-12")
    return day


def _read_way(parsed: ParsedVisitRow, text: str, column: str) -> None:
    try:
        way, rewritten = visit_way_of(text)
    except ValueError as exc:
        parsed.way = text
        parsed.issues.append(FieldIssue("way", str(exc), Severity.ERROR))
        return
    parsed.way = way.value
    if not text.strip():
        parsed.issues.append(FieldIssue("way", f"{column}为空，按“{way}”处理", Severity.FIXED))
    elif rewritten:
        parsed.issues.append(FieldIssue("way", f"{column}“{text}”已按“{way}”处理", Severity.FIXED))
