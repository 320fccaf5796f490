"""Reading the census of new-economy enterprises (新业态企业摸底表) from a user's spreadsheet, one enterprise per row.

The cells are read and checked on their own here (domain.enterprises.check_enterprise), and a name or credit
code repeated inside the file is caught. Which 党组织 and which 党建指导员 a name means, and whether the
enterprise is already registered, is for the service, which knows the database. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.enterprises import EnterpriseRecord, Industry, check_enterprise
from ..domain.member import FieldIssue, Severity
from ..domain.progress import NO_PROGRESS, Progress
from .cells import cell_bool, cell_count, cell_number_text, cell_text
from .header import ColumnSpec, HeaderVocabulary
from .ledger_rows import LedgerRows, LedgerSheet, open_ledger, plain_text
from .sheet_reader import CellValue

CENSUS_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "企业名称", ("单位名称", "企业(单位)名称", "企业全称", "企业名", "企业", "名称"), 30),
    ColumnSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一信用代码", "社会统一信用代码",
                                            "统一社会信用代码(注册号)"), 22),
    ColumnSpec("industry", "行业", ("所属行业", "行业类别", "行业类型", "行业分类", "企业类型", "业态"), 14),
    ColumnSpec("brand", "品牌/平台", ("品牌", "平台", "所属平台", "所属品牌", "品牌平台", "平台/品牌"), 14),
    ColumnSpec("address", "地址", ("注册地址", "经营地址", "企业地址", "办公地址", "经营场所", "住所", "地点"), 30),
    ColumnSpec("community", "所属社区", ("社区", "所在社区", "所属村(社区)"), 14),
    ColumnSpec("legal_rep", "法定代表人", ("法人", "法人代表", "法定代表人姓名", "企业负责人", "负责人姓名"), 12),
    ColumnSpec("legal_rep_is_member", "法定代表人是否党员", ("法人是否党员", "法人代表是否党员", "负责人是否党员",
                                                    "出资人是否党员"), 12),
    ColumnSpec("employees", "从业人员数", ("员工数", "从业人数", "职工人数", "从业人员", "员工人数", "职工数",
                                      "从业人员总数", "员工总数"), 10),
    ColumnSpec("employees_under_35", "35岁以下人数", ("35周岁以下", "35岁以下", "其中35岁以下", "35周岁以下人数",
                                                 "其中35周岁以下", "35岁以下从业人员"), 10),
    ColumnSpec("party_members", "党员数", ("党员人数", "党员", "党员数量", "其中党员", "党员总数"), 8),
    ColumnSpec("party_org_name", "党组织", ("党组织名称", "所属党组织", "党组织情况", "建立党组织", "党组织建设情况",
                                         "党组织名"), 26),
    ColumnSpec("party_work", "是否开展党的工作", ("是否开展党建工作", "开展党的工作", "是否开展党建", "党的工作",
                                              "党建工作", "是否开展党的工作(未建立党组织的)"), 12),
    ColumnSpec("officer_name", "党建指导员", ("指导员", "党建指导员姓名", "包联指导员", "联系指导员", "党建联络员",
                                          "指导员姓名"), 12),
    ColumnSpec("phone", "联系电话", ("电话", "联系方式", "手机", "手机号码", "联系人电话", "电话号码"), 16),
    ColumnSpec("outlets", "站点数", ("网点数", "站点/网点数", "站点数量", "网点数量", "网点/站点数"), 8),
    ColumnSpec("note", "备注", (), 20),
)
REQUIRED_KEYS = ("name", "industry")
# Derived columns an exported census carries (组织覆盖 …): read by people, never imported.
IGNORED_HEADERS = ("序号", "编号", "组织覆盖", "工作覆盖", "是否组织覆盖", "是否工作覆盖", "最近走访", "最近走访日期",
                   "走访次数")
COUNT_KEYS = ("employees", "employees_under_35", "party_members", "outlets")
BOOL_KEYS = ("legal_rep_is_member", "party_work")
TEXT_KEYS = ("brand", "address", "community", "legal_rep", "note")
COLUMN_LABELS = {c.key: c.label for c in CENSUS_COLUMNS}

# What a 党组织 cell says when there is none, and what it says when there is one but gives no name.
NO_ORG_WORDS = frozenset({"无", "没有", "暂无", "未建立", "未建", "未组建", "未成立", "否", "-", "/", "—", "×",
                          "无党组织", "未建立党组织"})
ORG_WITHOUT_NAME = frozenset({"有", "是", "已建立", "已建", "已组建", "已成立", "√", "建立"})
_PARTY_WORK_WORDS = {"已开展": True, "开展": True, "正常开展": True, "未开展": False, "没有开展": False, "暂未开展": False}

_VOCABULARY = HeaderVocabulary(CENSUS_COLUMNS, IGNORED_HEADERS)
# A row saying anything but a name left by a merged cell is an enterprise (its name may be missing: an error).
_ENTRY_KEYS = frozenset(COLUMN_LABELS) - {"community", "officer_name", "note"}


@dataclass
class ParsedEnterpriseRow:
    row_number: int               # 1-based sheet row as the user sees it in Excel
    record: EnterpriseRecord      # normalised; party_org_name as written ("" for none), party_org_id None
    officer_name: str = ""
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


@dataclass
class EnterpriseSheet(LedgerSheet):
    rows: list[ParsedEnterpriseRow] = field(default_factory=list)
    keys: frozenset[str] = frozenset()   # the columns this sheet has: an update changes only those


def read_enterprise_sheet(path: str | Path, *, progress: Progress = NO_PROGRESS) -> EnterpriseSheet:
    """Read a census sheet. Raises UnusableFile (Chinese message) or Cancelled; never a library error."""
    sheet, match, headings = open_ledger(Path(path), _VOCABULARY, REQUIRED_KEYS, "“企业名称”“统一社会信用代码”“行业”",
                                         progress)
    ledger = LedgerRows(sheet.rows, match, _VOCABULARY, entry_keys=_ENTRY_KEYS, header_keys=("name", "industry"),
                        headings=headings)
    result = EnterpriseSheet(match.header_row + 1, match.unknown_headers, sheet.name,
                             column_names=ledger.column_names, labels=COLUMN_LABELS, keys=frozenset(ledger.plan))
    first_name: dict[str, int] = {}
    first_code: dict[str, int] = {}
    for row_number, cells in ledger.entries(progress):
        parsed = parse_enterprise_row(row_number, {key: values[0] for key, values in cells.items() if values},
                                      result.column_name)
        _mark_repeats(parsed, first_name, first_code, result.column_name)
        result.rows.append(parsed)
    result.example_rows, result.footer_row = ledger.example_rows, ledger.footer_row
    return result


def parse_enterprise_row(row_number: int, first: dict[str, CellValue], column_name: Callable[[str], str]
                         ) -> ParsedEnterpriseRow:
    """One row's cells (key → the first non-blank cell) into a checked record."""
    issues: list[FieldIssue] = []
    values: dict[str, object] = {key: plain_text(first[key]) for key in TEXT_KEYS if key in first}
    values["name"] = plain_text(first.get("name", ""))
    for key in COUNT_KEYS:
        if key in first:
            values[key] = _count(key, first[key], column_name, issues)
    for key in BOOL_KEYS:
        if key in first:
            values[key] = _flag(key, first[key], column_name, issues)
    values["party_org_name"] = _org_name(first.get("party_org_name"), column_name, issues)
    values["phone"] = cell_number_text(first["phone"]) if "phone" in first else ""
    raw_code = _credit_code(first.get("credit_code"), column_name, issues)
    values["credit_code"] = raw_code
    industry = cell_text(first.get("industry", ""))
    values["industry"] = industry
    unreadable = {i.field for i in issues}
    record, checked = check_enterprise(EnterpriseRecord(**values))  # type: ignore[arg-type]
    if not industry:
        checked = [i for i in checked if i.field != "industry"]
        issues.append(FieldIssue("industry", f"{column_name('industry')}不能为空，请填写：{'、'.join(Industry)}",
                                 Severity.ERROR))
    elif record.industry != industry and record.industry in Industry.__members__.values():
        issues.append(FieldIssue("industry", f"{column_name('industry')}“{industry}”已按“{record.industry}”处理",
                                 Severity.FIXED))
    code_error = any(i.field == "credit_code" and i.severity is Severity.ERROR for i in checked)
    if raw_code and not code_error and record.credit_code != raw_code:
        issues.append(FieldIssue("credit_code", f"{column_name('credit_code')}已整理为 {record.credit_code}",
                                 Severity.FIXED))
    issues.extend(i for i in checked if i.field not in unreadable)
    officer = " ".join(plain_text(first.get("officer_name", "")).split())
    return ParsedEnterpriseRow(row_number, record, officer, issues)


def _count(key: str, value: CellValue, column_name: Callable[[str], str], issues: list[FieldIssue]) -> int | None:
    number = cell_count(value)
    if number is None:
        issues.append(FieldIssue(key, f"{column_name(key)}“{cell_text(value)}”不是人数或个数，请只填整数，如 35",
                                 Severity.ERROR))
    return number


def _flag(key: str, value: CellValue, column_name: Callable[[str], str], issues: list[FieldIssue]) -> bool:
    flag = cell_bool(value)
    if flag is None and key == "party_work":
        flag = _PARTY_WORK_WORDS.get("".join(cell_text(value).split()))
    if flag is None:
        issues.append(FieldIssue(key, f"{column_name(key)}应填“是”或“否”，现在是“{cell_text(value)}”",
                                 Severity.ERROR))
        return False
    return flag


def _org_name(value: CellValue | None, column_name: Callable[[str], str], issues: list[FieldIssue]) -> str:
    """The 党组织 as written; "" when the cell says there is none."""
    name = " ".join(plain_text(value).split()) if value is not None else ""
    if name in NO_ORG_WORDS:
        return ""
    if name in ORG_WITHOUT_NAME:
        issues.append(FieldIssue("party_org_name", f"{column_name('party_org_name')}只写了“{name}”，请写出党组织的"
                                 "全称（须与组织树中的名称一致）；没有党组织的写“无”", Severity.ERROR))
        return ""
    return name


def _credit_code(value: CellValue | None, column_name: Callable[[str], str], issues: list[FieldIssue]) -> str:
    """The code as typed (the domain folds full-width forms); a number means Excel has lost its last digits."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        issues.append(FieldIssue("credit_code", f"{column_name('credit_code')}被 Excel 存成了数字（{value:g}），后几位已"
                                 "丢失。请把该列设为“文本”格式，重新填写18位代码", Severity.ERROR))
        return ""
    return value.strip() if isinstance(value, str) else cell_text(value)


def _mark_repeats(parsed: ParsedEnterpriseRow, first_name: dict[str, int], first_code: dict[str, int],
                  column_name: Callable[[str], str]) -> None:
    """A name or code repeated inside the file rejects the later row (the first one stays)."""
    record = parsed.record
    code_ok = not any(i.field == "credit_code" and i.severity is Severity.ERROR for i in parsed.issues)
    for key, value, seen in (("name", record.name, first_name), ("credit_code", record.credit_code if code_ok else "",
                                                                   first_code)):
        if not value:
            continue
        first = seen.setdefault(value, parsed.row_number)
        if first != parsed.row_number:
            parsed.issues.append(FieldIssue(key, f"与第{first}行的{column_name(key)}相同（{value}），同一企业只能填一行",
                                            Severity.ERROR))
