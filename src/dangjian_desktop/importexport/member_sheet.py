"""Reading a member roster (花名册) from a user's spreadsheet into checked records, row by row (DESIGN §4).

Nothing is written anywhere: the caller shows every row as ok / fixed / warning / rejected and stores the
accepted ones only after the user confirms. Conflicts with the database (an ID already stored, a branch name
not in the organisation tree) are for the service that calls this.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from ..domain.member import FieldIssue, MemberRecord, Severity, check_member
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.roster import BOOLEAN_KEYS, DATE_KEYS, FIELD_LABELS, ROSTER_COLUMNS
from .cells import SOFT_TABLE, WIDE_CHARS, cell_bool, cell_date, cell_id, cell_number_text, cell_text
from .header import HeaderMatch, HeaderVocabulary, find_header
from .sheet_reader import CellValue, UnusableFile, read_sheets

# The template's example row carries this in 备注; such a row is never imported (see roster_xlsx).
EXAMPLE_ROW_NOTE = "示例行（导入时自动跳过）"
REQUIRED_KEYS = ("name", "id_number")
IGNORED_HEADERS = ("序号", "编号", "年龄", "党龄")
# A row whose first non-empty cell starts like this ends the table (signatures, totals, footnotes).
FOOTER_PREFIXES = (
    "填表人", "制表人", "审核人", "审批人", "负责人", "填报人", "经办人", "统计人", "联系人:", "联系电话:",
    "填报日期", "填表日期", "制表日期", "报送日期", "审核日期", "单位(盖章)", "填报单位(盖章)", "(盖章)",
    "党组织(盖章)", "合计", "总计", "注:", "说明:", "备注:",
)
PROGRESS_EVERY = 500

_EXAMPLE_NOTE = unicodedata.normalize("NFKC", EXAMPLE_ROW_NOTE)
_SEX = {"男": "男", "男性": "男", "m": "男", "女": "女", "女性": "女", "f": "女"}
_CATEGORY = {"正式": "正式党员", "正式党员": "正式党员", "预备": "预备党员", "预备党员": "预备党员"}
_DIRECTION = {"流出": "流出", "流出党员": "流出", "流入": "流入", "流入党员": "流入"}
_KINDS = {"id_number": "id", "phone": "phone", "sex": "sex", "category": "category",
          "mobile_direction": "direction"} | {k: "date" for k in DATE_KEYS} | {k: "bool" for k in BOOLEAN_KEYS}


class _Steps(NamedTuple):
    singles: list[tuple[str, int, str]]          # (key, column, kind) for keys with one column
    multi: list[tuple[str, tuple[int, ...], str]]  # keys with several columns
    width: int                                   # rows are padded to this many cells


_DEFAULTS = {"name": "", "id_number": "", "category": "", "status": ""}
_VOCABULARY = HeaderVocabulary(ROSTER_COLUMNS, IGNORED_HEADERS)
_PLAIN_BOOLS = {"是": True, "否": False}
_STANDARD_WORDS = frozenset({"男", "女", "正式党员", "预备党员", "流出", "流入"})
_FLAG_DIRECTION = "_direction_from_flag"  # not a MemberRecord field: removed before the record is built
_FOOTER_INITIALS = frozenset(p[0] for p in FOOTER_PREFIXES) | {"（"}


class RowStatus(StrEnum):
    OK = "ok"
    FIXED = "fixed"
    WARNING = "warning"
    REJECTED = "rejected"


STATUS_LABELS = {RowStatus.OK: "正常", RowStatus.FIXED: "已修正", RowStatus.WARNING: "警告",
                 RowStatus.REJECTED: "不能导入"}
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.FIXED: "已修正"}


@dataclass
class ParsedMemberRow:
    row_number: int          # 1-based sheet row as the user sees it in Excel
    record: MemberRecord     # normalised by domain.member.check_member
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def status(self) -> RowStatus:
        severities = {i.severity for i in self.issues}
        if Severity.ERROR in severities:
            return RowStatus.REJECTED
        if Severity.WARNING in severities:
            return RowStatus.WARNING
        if Severity.FIXED in severities:
            return RowStatus.FIXED
        return RowStatus.OK


@dataclass
class MemberSheet:
    rows: list[ParsedMemberRow]
    header_row: int                      # 1-based row number of the header (the first one if it spans two)
    unknown_headers: list[str]           # headers that matched no roster column; their cells are ignored
    sheet_name: str = ""
    example_rows: list[int] = field(default_factory=list)  # template example rows skipped
    skipped_rows: list[int] = field(default_factory=list)  # rows with data but neither 姓名 nor 身份证号
    footer_row: int | None = None        # the 填表人… row where reading stopped

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)


def read_member_sheet(path: str | Path, *, today: date, progress: Progress = NO_PROGRESS) -> MemberSheet:
    """Read and check a roster file. Raises UnusableFile (Chinese message) or Cancelled; never a library error.

    The first non-empty worksheet that has a roster header is used (a leading 说明 sheet is passed over).
    """
    path = Path(path)
    progress.report(0, 0, "正在打开文件…")
    first_error: UnusableFile | None = None
    for sheet in read_sheets(path):
        progress.check()
        try:
            match = find_header(sheet.rows, _VOCABULARY, required=REQUIRED_KEYS, file_label=path.name)
        except UnusableFile as exc:
            first_error = first_error or exc
            continue
        headings = {top for (top, left), (_, right) in sheet.merged if right - left >= 2}
        return _parse(sheet.rows, match, sheet.name, today, progress, headings)
    assert first_error is not None  # read_sheets raises when there is no sheet at all
    raise first_error


def parse_member_rows(rows: Sequence[Sequence[CellValue]], *, today: date, file_label: str = "",
                      progress: Progress = NO_PROGRESS) -> MemberSheet:
    """The same as read_member_sheet for rows already in memory (e.g. pasted from the clipboard)."""
    match = find_header(rows, _VOCABULARY, required=REQUIRED_KEYS, file_label=file_label)
    return _parse(rows, match, "", today, progress)


def problem_rows(rows: Sequence[ParsedMemberRow]) -> list[tuple[int, str, str, str]]:
    """(row number, column label, 错误/警告/已修正, message) for every issue — the input of write_problem_list."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.FIXED: 2}
    return [
        (row.row_number, FIELD_LABELS.get(i.field, i.field), SEVERITY_LABELS[i.severity], i.message)
        for row in rows
        for i in sorted(row.issues, key=lambda i: order[i.severity])
    ]


def _parse(rows: Sequence[Sequence[CellValue]], match: HeaderMatch, sheet_name: str, today: date,
           progress: Progress, headings: AbstractSet[int] = frozenset()) -> MemberSheet:
    """`headings`: row indexes holding a merge across several columns ("第二党支部" over a group of rows)."""
    plan: dict[str, list[int]] = {}
    for col, key in sorted(match.columns.items()):
        plan.setdefault(key, []).append(col)
    steps = _Steps([(key, cols[0], _KINDS.get(key, "text")) for key, cols in plan.items() if len(cols) == 1],
                   [(key, tuple(cols), _KINDS.get(key, "text")) for key, cols in plan.items() if len(cols) > 1],
                   max(match.columns) + 1)

    result = MemberSheet([], match.header_row + 1, match.unknown_headers, sheet_name)
    seen_ids: dict[str, int] = {}
    total = len(rows) - match.data_start
    for index in range(match.data_start, len(rows)):
        done = index - match.data_start
        if done % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(done, total, f"正在检查第 {index + 1} 行…")
        row = rows[index]
        first = next((v for v in row if not _blank(v)), None)
        if first is None:
            continue
        if first.__class__ is str and first.lstrip()[:1] in _FOOTER_INITIALS and _is_footer(first):
            result.footer_row = index + 1
            break
        if index in headings and sum(1 for v in row if not _blank(v)) == 1:
            continue  # a section heading merged across the table, not a member
        fields, issues, unparsed, month_only_birth = _read_cells(row, steps)
        if not fields["name"] and not fields["id_number"]:
            # Pre-numbered or pre-filled ("否") empty lines, branch headings: nobody to import.
            if issues or any(fields.values()):
                result.skipped_rows.append(index + 1)
            continue
        if _repeated_header(fields):
            continue  # the header repeated above each branch's block
        note = fields.get("note")
        if note and note[0] == "示" and _is_example(note):
            result.example_rows.append(index + 1)
            continue
        parsed = _check_row(index + 1, fields, issues, unparsed, month_only_birth, today)
        _mark_duplicate(parsed, seen_ids)
        result.rows.append(parsed)
    progress.report(total, total, "检查完成")
    return result


def _repeated_header(fields: dict[str, object]) -> bool:
    id_text = fields["id_number"]
    if id_text.__class__ is not str or not id_text or id_text[0].isdigit():  # type: ignore[index]
        return False  # the usual case, decided without normalising anything
    return _VOCABULARY.key_of(id_text) == "id_number" and _VOCABULARY.key_of(fields["name"]) == "name"


def _blank(value: object) -> bool:
    return value == "" or value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


def _is_footer(text: str) -> bool:
    name = "".join(unicodedata.normalize("NFKC", text).split())
    return name.startswith(FOOTER_PREFIXES)


def _is_example(note: str) -> bool:
    return "".join(unicodedata.normalize("NFKC", note).split()) == _EXAMPLE_NOTE


def _read_cells(row: Sequence[CellValue], steps: _Steps):
    """The record's fields from one row, plus the issues of cells that could not be read.

    This loop runs a million times for a 50,000-row sheet, hence the inlined common cases (plain text,
    是/否, real dates) and no bounds checks: a short row is padded first.
    """
    fields: dict[str, object] = dict(_DEFAULTS)
    issues: list[FieldIssue] = []
    unparsed: set[str] = set()  # fields whose cell could not be read; the domain's "empty" complaint is noise
    month_only_birth = False
    if len(row) < steps.width:
        row = [*row, *([""] * (steps.width - len(row)))]
    for key, col, kind in steps.singles:
        value = row[col]
        if not value:  # "", None, and 0 (Excel's empty date) alike
            continue
        cls = value.__class__
        if cls is str:
            if kind == "text":
                text = (value.translate(SOFT_TABLE) if WIDE_CHARS.search(value) else value).strip()
                if text:
                    fields[key] = text
                continue
            if value.isspace():
                continue
        if kind == "date":
            if cls is date:
                fields[key] = value
                continue
            try:
                fields[key], month_only = cell_date(value)
                month_only_birth = month_only_birth or (month_only and key == "birth_date")
            except ValueError as exc:
                issues.append(FieldIssue(key, str(exc), Severity.ERROR))
                unparsed.add(key)
        elif kind == "bool":
            flag = _PLAIN_BOOLS.get(value) if cls is str else None
            if flag is None:
                _read_bool(key, value, fields, issues, unparsed)
            else:
                fields[key] = flag
        elif kind == "text":
            fields[key] = cell_text(value)  # a number or date in a text column
        elif kind == "id":
            fields[key] = cell_id(value)
        elif kind == "phone":
            fields[key] = cell_number_text(value)
        elif cls is str and value in _STANDARD_WORDS:
            fields[key] = value  # the domain checks that the word suits the column
        else:
            _read_word(key, cell_text(value), fields, issues)
    for key, cols, kind in steps.multi:
        # 流出地 and 流入地, 出生日期 and 出生年月…: the first non-blank cell counts, read as a one-cell row
        value = next((row[c] for c in cols if not _blank(row[c])), None)
        if value is not None:
            sub_fields, sub_issues, sub_unparsed, sub_month = _read_cells([value], _Steps([(key, 0, kind)], [], 1))
            fields.update((k, v) for k, v in sub_fields.items() if k not in _DEFAULTS or v)
            issues.extend(sub_issues)
            unparsed |= sub_unparsed
            month_only_birth = month_only_birth or sub_month
    return fields, issues, unparsed, month_only_birth


def _check_row(row_number: int, fields: dict[str, object], issues: list[FieldIssue], unparsed: set[str],
               month_only_birth: bool, today: date) -> ParsedMemberRow:
    if _FLAG_DIRECTION in fields:
        direction = fields.pop(_FLAG_DIRECTION)
        fields.setdefault("mobile_direction", direction)  # a filled 流动方向 column wins
    raw_id = fields["id_number"]
    if month_only_birth:
        # "出生年月" columns give 1985.03; the ID supplies the day, so a same-month value is no mismatch
        stated = fields.pop("birth_date")
        checked = check_member(MemberRecord(**fields), today)  # type: ignore[arg-type]
        born = checked.record.birth_date
        if born is None:
            checked.record = checked.record.with_changes(birth_date=stated)
        elif stated and (born.year, born.month) != (stated.year, stated.month):  # type: ignore[union-attr]
            issues.append(FieldIssue("birth_date", f"出生年月与身份证号不一致，已按身份证号改为 {born:%Y-%m-%d}",
                                     Severity.WARNING))
    else:
        checked = check_member(MemberRecord(**fields), today)  # type: ignore[arg-type]
    record = checked.record
    if unparsed:
        issues.extend(i for i in checked.issues if i.field not in unparsed)
    else:
        issues.extend(checked.issues)
    id_ok = not any(i.field == "id_number" and i.severity is Severity.ERROR for i in issues)
    if id_ok and isinstance(raw_id, str) and record.id_number != raw_id and len("".join(raw_id.split())) != 15:
        issues.append(FieldIssue("id_number", f"身份证号已整理为 {record.id_number}", Severity.FIXED))
    if "birth_date" in unparsed and record.birth_date and id_ok:
        # 出生日期 is derived from the ID (DESIGN §4): an unreadable cell is only worth a warning
        issues = [i for i in issues if i.field != "birth_date" or i.severity is not Severity.ERROR]
        issues.append(FieldIssue("birth_date", f"出生日期无法识别，已按身份证号填写为 {record.birth_date:%Y-%m-%d}",
                                 Severity.WARNING))
    return ParsedMemberRow(row_number, record, issues)


def _read_bool(key: str, value: object, fields: dict, issues: list[FieldIssue], unparsed: set[str]) -> None:
    flag = cell_bool(value)
    if flag is None and key == "is_mobile":
        # "是否流动党员" filled with 流出/流入 says both that and the direction
        direction = _DIRECTION.get("".join(cell_text(value).split()))
        if direction:
            fields["is_mobile"] = True
            fields[_FLAG_DIRECTION] = direction
            return
    if flag is None:
        issues.append(FieldIssue(key, f"{FIELD_LABELS[key]}应填“是”或“否”，现在是“{cell_text(value)}”",
                                 Severity.ERROR))
        unparsed.add(key)
        return
    fields[key] = flag


def _read_word(key: str, text: str, fields: dict, issues: list[FieldIssue]) -> None:
    """性别, 人员类别, 流动方向: common short forms become the standard word (and the row says so)."""
    table = {"sex": _SEX, "category": _CATEGORY, "direction": _DIRECTION}[_KINDS[key]]
    word = table.get("".join(text.split()).lower(), text)
    if word != text and key != "sex":
        issues.append(FieldIssue(key, f"{FIELD_LABELS[key]}“{text}”已按“{word}”处理", Severity.FIXED))
    fields[key] = word


def _mark_duplicate(parsed: ParsedMemberRow, seen: dict[str, int]) -> None:
    number = parsed.record.id_number
    if not number or any(i.field == "id_number" and i.severity is Severity.ERROR for i in parsed.issues):
        return
    first = seen.setdefault(number, parsed.row_number)
    if first != parsed.row_number:
        parsed.issues.append(FieldIssue("id_number", f"与第{first}行身份证号重复", Severity.ERROR))
