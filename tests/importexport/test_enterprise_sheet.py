"""Reading census sheets of new-economy enterprises as offices keep them: titles, variant headers, footers,
example rows, counts written as text, 是/否 in every form, and credit codes that are wrong in every way."""

from datetime import date

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.credit_code import ALPHABET, credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.member import Severity
from dangjian_desktop.importexport.enterprise_sheet import (
    CENSUS_COLUMNS, REQUIRED_KEYS, parse_enterprise_row, read_enterprise_sheet,
)
from dangjian_desktop.importexport.enterprise_template import (
    CENSUS_SHEET, EXAMPLE_CREDIT_CODE, GUIDE_SHEET, write_enterprise_template,
)
from dangjian_desktop.importexport.enterprise_xlsx import CensusRow, write_census_xlsx
from dangjian_desktop.importexport.member_sheet import EXAMPLE_ROW_NOTE
from dangjian_desktop.importexport.sheet_reader import UnusableFile

from .builders import write_csv, write_xlsx

HEADER = ["序号", "企业（单位）名称", "信用代码", "所属行业", "品牌", "经营地址", "社区", "法人代表", "法人是否党员",
          "员工数", "35周岁以下", "党员人数", "所属党组织", "是否开展党建工作", "指导员", "联系方式", "网点数", "备注"]


def code(body: str = "91110105MA01ABCD1") -> str:
    return body + credit_check_char(body)


CODE_A, CODE_B, CODE_C = code(), code("91110105MA01ABCD2"), code("92110105MA01XYW03")


def census_row(number, name, credit=CODE_A, industry="快递", employees=30, young=20, members=2, org="无",
               work="是", officer="王指导", phone="13812345678", note=""):
    return [number, name, credit, industry, "顺丰", "幸福路1号", "幸福里社区", "张三", "否", employees, young, members,
            org, work, officer, phone, 3, note]


def write_census(tmp_path, rows, *, header=HEADER, name="普查表.xlsx"):
    """A merged title on row 1, a unit line on row 2, the header on row 3, rows from row 4, a footer."""
    table = [["幸福里街道新就业群体企业摸底表"], ["填报单位：幸福里街道两新工委"], header, *rows, [],
             ["填表人：王五", None, None, "审核人：赵六"]]
    return write_xlsx(tmp_path / name, table, merges=("A1:R1",), text_columns=(3,))


def issues_of(row, severity=None):
    return [i.message for i in row.issues if severity is None or i.severity is severity]


def test_messy_census_title_variant_headers_footer_example_and_repeated_header(tmp_path):
    example = census_row(0, "示例企业", note=EXAMPLE_ROW_NOTE)
    rows = [census_row(1, "顺丰速运幸福里营业部"), [], HEADER, example,
            census_row(2, "美团外卖幸福里站", CODE_B, "外卖", 12.0, "８人", "1人", "幸福里社区第一党支部", "√", "李指导"),
            ["第二片区"],
            census_row(3, "货拉拉幸福里", "", "货运", "", "", "", "", "", "")]
    sheet = read_enterprise_sheet(write_census(tmp_path, rows))
    assert (sheet.header_row, sheet.unknown_headers, sheet.footer_row) == (3, [], 12)
    assert sheet.example_rows == [7]
    assert [r.row_number for r in sheet.rows] == [4, 8, 10]
    first, second, third = sheet.rows
    assert first.record.name == "顺丰速运幸福里营业部" and first.record.credit_code == CODE_A
    assert (first.record.brand, first.record.address, first.record.community, first.record.legal_rep) == (
        "顺丰", "幸福路1号", "幸福里社区", "张三")
    assert (first.record.employees, first.record.employees_under_35, first.record.party_members,
            first.record.outlets) == (30, 20, 2, 3)
    assert first.record.party_org_name == "" and first.record.party_work is True
    assert first.officer_name == "王指导" and first.record.phone == "13812345678"
    assert first.issues == []
    assert (second.record.employees, second.record.employees_under_35, second.record.party_members) == (12, 8, 1)
    assert second.record.party_org_name == "幸福里社区第一党支部" and second.officer_name == "李指导"
    assert third.record.industry == "货运物流" and "所属行业“货运”已按“货运物流”处理" in issues_of(third, Severity.FIXED)
    assert third.record.credit_code == "" and third.record.employees is None and third.record.party_work is False
    assert any("未填写统一社会信用代码" in m for m in issues_of(third, Severity.WARNING))
    assert sheet.column_name("credit_code") == "信用代码" and sheet.column_name("outlets") == "网点数"
    assert {"name", "credit_code", "party_org_name", "officer_name", "outlets", "note"} <= sheet.keys


def first_row(cells):
    """Parse one row of cells given as key → value, calling columns by their standard labels."""
    labels = {c.key: c.label for c in CENSUS_COLUMNS}
    values = {"name": "某某快递站", "industry": "快递", "credit_code": CODE_A} | cells
    return parse_enterprise_row(4, values, lambda key: labels[key])


@pytest.mark.parametrize("raw, expected", [
    (CODE_A.lower(), "已整理为"), (" ".join(CODE_A[i:i + 6] for i in range(0, 18, 6)), "已整理为"),
    ("".join(chr(ord(c) + 0xFEE0) for c in CODE_A), "已整理为"),
])
def test_credit_codes_written_loosely_are_tidied(raw, expected):
    row = first_row({"credit_code": raw})
    assert row.record.credit_code == CODE_A
    assert [i.severity for i in row.issues] == [Severity.FIXED] and expected in row.issues[0].message


@pytest.mark.parametrize("raw, message", [
    (CODE_A[:17] + ("0" if CODE_A[17] != "0" else "1"), f"第18位校验码应为 {CODE_A[17]}"),
    (CODE_A[:16], "应为18位，现在是16位"),
    (CODE_A + "1", "应为18位，现在是19位"),
    ("91110105MA01IBCDO1", "不允许的字符：IO"),
    (911101057000000000.0, "被 Excel 存成了数字"),
])
def test_wrong_credit_codes_are_rejected_saying_what_is_wrong(raw, message):
    row = first_row({"credit_code": raw})
    errors = [i for i in row.issues if i.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].field == "credit_code" and message in errors[0].message


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.sampled_from(ALPHABET))
def test_any_code_with_a_wrong_check_character_is_rejected(body, check):
    row = first_row({"credit_code": body + check})
    right = check == credit_check_char(body)
    assert (row.issues == []) is right
    if not right:
        assert f"第18位校验码应为 {credit_check_char(body)}" in row.issues[0].message


def test_counts_more_than_the_employees_and_counts_that_are_no_numbers():
    row = first_row({"employees": "10人", "employees_under_35": 12, "party_members": "11"})
    assert "35岁以下人数（12）不能多于从业人员数（10）" in issues_of(row, Severity.ERROR)
    assert "党员数（11）不能多于从业人员数（10）" in issues_of(row, Severity.ERROR)
    row = first_row({"employees": "约50人", "outlets": 2.5})
    assert issues_of(row, Severity.ERROR) == ["从业人员数“约50人”不是人数或个数，请只填整数，如 35",
                                              "站点数“2.5”不是人数或个数，请只填整数，如 35"]


@pytest.mark.parametrize("written, org, error", [
    ("无", "", None), ("未建立", "", None), ("", "", None), ("暂无", "", None), (" 某某联合党支部 ", "某某联合党支部", None),
    ("有", "", "只写了“有”，请写出党组织的全称"), ("已建立", "", "只写了“已建立”"),
])
def test_party_organisation_cell(written, org, error):
    row = first_row({"party_org_name": written})
    assert row.record.party_org_name == org and row.record.party_org_id is None
    errors = issues_of(row, Severity.ERROR)
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and error in errors[0]


@pytest.mark.parametrize("written, flag", [("是", True), ("√", True), ("有", True), ("Y", True), (1.0, True),
                                           ("否", False), ("×", False), ("无", False), ("", False), ("已开展", True),
                                           ("未开展", False)])
def test_yes_and_no_in_every_form(written, flag):
    row = first_row({"party_work": written, "legal_rep_is_member": written if written not in ("已开展", "未开展")
                     else "是"})
    assert row.record.party_work is flag and row.issues == []


def test_yes_no_that_means_neither_is_an_error():
    row = first_row({"legal_rep_is_member": "不清楚"})
    assert issues_of(row, Severity.ERROR) == ["法定代表人是否党员应填“是”或“否”，现在是“不清楚”"]


def test_industry_missing_or_unknown_is_an_error():
    assert "行业不能为空" in issues_of(first_row({"industry": ""}), Severity.ERROR)[0]
    assert "行业“餐饮”不是可选的行业" in issues_of(first_row({"industry": "餐饮"}), Severity.ERROR)[0]


def test_name_or_code_repeated_in_the_file_rejects_the_later_row(tmp_path):
    rows = [census_row(1, "顺丰速运幸福里营业部"), census_row(2, "顺丰速运幸福里营业部", CODE_B),
            census_row(3, "京东快递幸福里站", CODE_A), census_row(4, "中通快递幸福里站", CODE_C)]
    sheet = read_enterprise_sheet(write_census(tmp_path, rows))
    assert [issues_of(r, Severity.ERROR) for r in sheet.rows] == [
        [], ["与第4行的企业（单位）名称相同（顺丰速运幸福里营业部），同一企业只能填一行"],
        [f"与第4行的信用代码相同（{CODE_A}），同一企业只能填一行"], []]


def test_csv_in_gbk_with_standard_headers(tmp_path):
    header = ["企业名称", "统一社会信用代码", "行业", "从业人员数", "党组织", "党建指导员"]
    path = write_csv(tmp_path / "普查.csv", [header, ["闪送幸福里站", CODE_A, "同城配送", "15人", "无", "王指导"]],
                     "gbk")
    sheet = read_enterprise_sheet(path)
    row = sheet.rows[0]
    assert (row.record.name, row.record.industry, row.record.employees, row.officer_name) == (
        "闪送幸福里站", "同城配送", 15, "王指导")
    assert row.issues == []


def test_a_sheet_without_a_census_header_is_unusable(tmp_path):
    path = write_xlsx(tmp_path / "别的表.xlsx", [["姓名", "身份证号"], ["张三", "1"]])
    with pytest.raises(UnusableFile, match="企业名称"):
        read_enterprise_sheet(path)
    path = write_xlsx(tmp_path / "缺列.xlsx", [["企业名称", "信用代码"], ["某某", CODE_A]])
    with pytest.raises(UnusableFile, match="缺少必需的列：“行业”"):
        read_enterprise_sheet(path)


def test_the_template_reads_back_with_its_example_skipped(tmp_path):
    path = tmp_path / "模板.xlsx"
    write_enterprise_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [CENSUS_SHEET, GUIDE_SHEET]
    header = [c.value for c in book[CENSUS_SHEET][1]]
    assert header[:3] == ["*企业名称", "统一社会信用代码", "*行业"] and len(header) == len(CENSUS_COLUMNS)
    assert set(REQUIRED_KEYS) == {"name", "industry"}
    guide = " ".join(str(c) for row in book[GUIDE_SHEET].iter_rows(values_only=True) for c in row if c)
    assert "统一社会信用代码" in guide and "创建" in guide
    sheet = read_enterprise_sheet(path)
    assert sheet.rows == [] and sheet.example_rows == [2]
    example = [c.value for c in book[CENSUS_SHEET][2]]
    assert EXAMPLE_CREDIT_CODE in example
    # the example filled in as a real row reads without a single problem
    book[CENSUS_SHEET]["Q2"] = "新填的企业"
    book.save(path)
    row = read_enterprise_sheet(path).rows[0]
    assert row.issues == [] and row.record.credit_code == EXAMPLE_CREDIT_CODE


def test_an_exported_census_reads_back_unchanged(tmp_path):
    full = EnterpriseRecord("顺丰速运（幸福里）营业部", CODE_A, "快递", "顺丰", "幸福路1号 3层", "幸福里社区", "张三", True, 36,
                            28, 2, 7, "幸福里社区第一党支部", True, 3, "13812345678", "2024年新设")
    bare = EnterpriseRecord("货拉拉幸福里", "", "货运物流")
    path = tmp_path / "企业名录.xlsx"
    write_census_xlsx(path, [CensusRow(full, "王指导", date(2025, 3, 1)), CensusRow(bare)], title="企业名录")
    sheet = read_enterprise_sheet(path)
    assert sheet.unknown_headers == []
    first, second = sheet.rows
    assert first.record == full.with_changes(party_org_id=None) and first.officer_name == "王指导"
    assert first.issues == []
    assert second.record == bare and second.officer_name == ""
