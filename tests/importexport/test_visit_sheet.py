"""Reading visit ledgers as officers keep them: variant headers, merged officer cells, dates in every form,
several problems in one cell, and the template's example row."""

from datetime import date, datetime

import openpyxl
import pytest

from dangjian_desktop.domain.member import Severity
from dangjian_desktop.importexport.enterprise_template import GUIDE_SHEET, VISIT_SHEET, write_visit_template
from dangjian_desktop.importexport.enterprise_xlsx import VisitLedgerRow, write_visit_ledger
from dangjian_desktop.importexport.member_sheet import EXAMPLE_ROW_NOTE
from dangjian_desktop.importexport.sheet_reader import UnusableFile
from dangjian_desktop.importexport.visit_sheet import VISIT_COLUMNS, parse_visit_row, read_visit_sheet

from .builders import write_csv, write_xlsx

TODAY = date(2025, 6, 30)
HEADER = ["序号", "走访人", "走访企业", "走访时间", "方式", "接待人员", "走访内容", "存在问题", "整改措施", "备注"]


def visit_row(number, officer="王指导", enterprise="顺丰速运幸福里营业部", day=date(2025, 3, 12), way="实地",
              met="站长李四", findings="了解经营情况", problems="", follow_up="", note=""):
    return [number, officer, enterprise, day, way, met, findings, problems, follow_up, note]


def write_ledger(tmp_path, rows, *, header=HEADER, merges=()):
    """A merged title on row 1, the header on row 2, visits from row 3, then a blank row and a footer."""
    table = [["2025年党建指导员走访台账"], header, *rows, [], ["填表人：王五", None, None, "审核人：赵六"]]
    return write_xlsx(tmp_path / "走访台账.xlsx", table, merges=("A1:J1", *merges))


def read(tmp_path, rows, **kwargs):
    return read_visit_sheet(write_ledger(tmp_path, rows, **kwargs), today=TODAY)


def errors(row):
    return [i.message for i in row.issues if i.severity is Severity.ERROR]


def test_messy_ledger_with_variant_headers_merged_officer_cells_and_footer(tmp_path):
    rows = [visit_row(1, problems="1、快递员进小区难；2、充电桩不足", follow_up="协调物业"),
            visit_row(2, officer=None, enterprise="美团外卖幸福里站", day="2025.3.14", way="电话", problems="无"),
            [], HEADER, visit_row(3, officer="李指导", day=datetime(2025, 4, 2, 9, 30), note="企业负责人不在")]
    sheet = read(tmp_path, rows, merges=("B3:B4",))
    assert (sheet.header_row, sheet.unknown_headers, sheet.footer_row) == (2, [], 9)
    assert [r.row_number for r in sheet.rows] == [3, 4, 7]
    first, second, third = sheet.rows
    assert (first.officer_name, first.enterprise_name, first.visited_on, first.way, first.met_person) == (
        "王指导", "顺丰速运幸福里营业部", date(2025, 3, 12), "实地", "站长李四")
    assert first.problems == ("快递员进小区难", "充电桩不足")
    assert first.texts == {"findings": "了解经营情况", "follow_up": "协调物业"}
    assert first.issues == []
    assert (second.officer_name, second.visited_on, second.way, second.problems) == (
        "王指导", date(2025, 3, 14), "电话", ())
    assert third.visited_on == date(2025, 4, 2) and third.officer_name == "李指导"
    assert third.texts["findings"] == "了解经营情况\n（备注：企业负责人不在）"
    assert sheet.column_name("visited_on") == "走访时间" and sheet.column_name("problems") == "存在问题"


def test_problems_one_per_line_or_separated_by_semicolons():
    written = [("问题一；问题二", ("问题一", "问题二")), ("问题一;问题二；", ("问题一", "问题二")),
               ("一、停车难\n二、充电难", ("停车难", "充电难")), ("暂无", ()), ("", ())]
    for text, expected in written:
        cells = {"officer_name": ["王指导"], "enterprise_name": ["某企业"], "visited_on": [date(2025, 3, 1)],
                 "findings": ["走访"], "problems": [text] if text else []}
        assert parse_visit_row(3, cells, TODAY, lambda key: key).problems == expected


@pytest.mark.parametrize("day, message", [
    (date(2025, 7, 1), "走访时间 2025-07-01 晚于今天（2025-06-30），只能导入已经进行的走访"),
    ("2025-02-30", "日期“2025-02-30”不存在"),
    ("上周", "无法识别日期“上周”"),
    ("2025.03", "走访时间“2025.03”只写到月份，请写出走访的具体日期，如 2025-03-12"),
    (2025, "只有年份"),
    ("2025年3月12日上午9:30", None),
    (None, "走访时间不能为空，请写出走访的日期"),
    ("9:30", "走访时间只写了时间，请写出走访的日期"),
    (date(1998, 3, 1), "1998-03-01 不可能是走访日期"),
])
def test_dates_with_a_time_are_read_and_future_unreadable_partial_or_missing_ones_rejected(tmp_path, day, message):
    row = read(tmp_path, [visit_row(1, day=day)]).rows[0]
    if message is None:
        assert row.visited_on == date(2025, 3, 12) and row.issues == []
        return
    assert len(errors(row)) == 1 and message in errors(row)[0], errors(row)


def test_visit_way_empty_means_on_site_and_common_words_are_understood(tmp_path):
    rows = [visit_row(1, way=""), visit_row(2, way="上门"), visit_row(3, way="微信"),
            visit_row(4, way="飞鸽传书")]
    sheet = read(tmp_path, rows)
    assert [r.way for r in sheet.rows[:3]] == ["实地", "实地", "线上"]
    fixed = [[i.message for i in r.issues if i.severity is Severity.FIXED] for r in sheet.rows[:3]]
    assert fixed == [["方式为空，按“实地”处理"], ["方式“上门”已按“实地”处理"], ["方式“微信”已按“线上”处理"]]
    assert errors(sheet.rows[3]) == ["走访方式“飞鸽传书”应为：实地、电话、线上"]


def test_without_a_way_column_every_visit_is_on_site_silently(tmp_path):
    header = ["党建指导员", "企业名称", "走访日期", "走访情况"]
    path = write_xlsx(tmp_path / "简表.xlsx", [header, ["王指导", "某企业", date(2025, 3, 1), "了解情况"]])
    row = read_visit_sheet(path, today=TODAY).rows[0]
    assert row.way == "实地" and row.issues == []


def test_names_and_content_are_required(tmp_path):
    row = read(tmp_path, [visit_row(1, officer="", enterprise="", findings="", problems="停车难")]).rows[0]
    assert errors(row) == ["走访人不能为空", "走访企业不能为空", "走访内容、经营情况、党建工作情况至少要填写一项"]
    assert row.problems == ("停车难",)


def test_csv_in_gbk(tmp_path):
    header = ["党建指导员", "企业名称", "走访日期", "走访方式", "接待人", "走访情况", "发现问题"]
    path = write_csv(tmp_path / "走访.csv", [header, ["王指导", "某企业", "2025/3/5", "线上", "张三", "视频连线",
                                                   "问题一；问题二"]], "gbk")
    row = read_visit_sheet(path, today=TODAY).rows[0]
    assert (row.visited_on, row.way, row.problems, row.issues) == (date(2025, 3, 5), "线上", ("问题一", "问题二"), [])


def test_a_sheet_without_the_required_columns_is_unusable(tmp_path):
    path = write_xlsx(tmp_path / "缺列.xlsx", [["党建指导员", "走访情况"], ["王指导", "了解"]])
    with pytest.raises(UnusableFile, match="缺少必需的列"):
        read_visit_sheet(path, today=TODAY)


def test_the_template_reads_back_with_its_example_skipped(tmp_path):
    path = tmp_path / "走访模板.xlsx"
    write_visit_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [VISIT_SHEET, GUIDE_SHEET]
    header = [c.value for c in book[VISIT_SHEET][1]]
    assert header[:4] == ["*党建指导员", "*企业名称", "*走访日期", "走访方式"] and len(header) == len(VISIT_COLUMNS)
    assert EXAMPLE_ROW_NOTE in [c.value for c in book[VISIT_SHEET][2]]
    guide = " ".join(str(c) for row in book[GUIDE_SHEET].iter_rows(values_only=True) for c in row if c)
    assert "分号" in guide and "诉求" in guide
    sheet = read_visit_sheet(path, today=TODAY)
    assert sheet.rows == [] and sheet.example_rows == [2]
    book[VISIT_SHEET].cell(row=2, column=len(header)).value = ""
    book.save(path)
    row = read_visit_sheet(path, today=TODAY).rows[0]
    assert row.issues == [] and row.problems == ("快递员进小区难", "电动车充电桩不足")


def test_an_exported_visit_ledger_reads_back_unchanged(tmp_path):
    visits = [VisitLedgerRow("王指导", "顺丰速运幸福里营业部", date(2025, 3, 12), "电话", "站长李四", "平稳", "有党员2名",
                             "了解情况", ("快递员进小区难", "充电桩不足"), "协调物业"),
              VisitLedgerRow("李指导", "美团外卖幸福里站", date(2025, 4, 2), "实地", findings="座谈")]
    path = tmp_path / "走访台账.xlsx"
    write_visit_ledger(path, visits, title="走访台账")
    sheet = read_visit_sheet(path, today=TODAY)
    assert sheet.unknown_headers == [] and [r.issues for r in sheet.rows] == [[], []]
    for row, visit in zip(sheet.rows, visits):
        assert (row.officer_name, row.enterprise_name, row.visited_on, row.way, row.met_person, row.problems) == (
            visit.officer_name, visit.enterprise_name, visit.visited_on, visit.way, visit.met_person, visit.problems)
        assert row.texts == {key: getattr(visit, key) for key in ("business_situation", "party_work_situation",
                                                                  "findings", "follow_up") if getattr(visit, key)}
