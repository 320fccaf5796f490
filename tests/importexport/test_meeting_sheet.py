"""Reading meeting ledgers as offices keep them: messy headers, dates and times in every form, lists of names."""

from datetime import date, datetime, time

import openpyxl

import pytest

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.domain.member import Severity
from dangjian_desktop.importexport.meeting_cells import meeting_time, meeting_type_of, meeting_when, split_names
from dangjian_desktop.importexport.meeting_sheet import REQUIRED_KEYS, Mention, read_meeting_sheet
from dangjian_desktop.importexport.meeting_template import (
    DATA_SHEET, GUIDE_SHEET, TEMPLATE_COLUMNS, write_meeting_template,
)
from dangjian_desktop.importexport.member_sheet import EXAMPLE_ROW_NOTE
from dangjian_desktop.importexport.sheet_reader import UnusableFile

from .builders import write_xlsx

TODAY = date(2025, 6, 30)
BRANCH = "幸福里社区第一党支部"
HEADER = ["序号", "所在党支部", "会议形式", "会议日期", "开始时间", "结束时间", "会议地点", "主持人", "记录人",
          "会议主题", "会议内容", "决议", "参会人员", "请假人员及原因", "缺席人员", "讲课人", "党小组"]


def ledger_row(number, type_="支部党员大会", day="2024-03-05", start="", end="", present="张三、李四",
               leave="", absent="", lecturer="", group="", topic="学习"):
    return [number, BRANCH, type_, day, start, end, "会议室", "张三", "李四", topic, "内容", "", present, leave,
            absent, lecturer, group]


def write_ledger(tmp_path, rows, *, header=HEADER, merges=()):
    """A title merged over row 1, a subtitle on row 2, the header on row 3, rows from row 4, then a footer."""
    table = [["幸福里社区2024年三会一课记录台账"], ["单位：幸福里社区党委"], header, *rows, [],
             ["填表人：王五", None, None, "审核人：赵六"]]
    return write_xlsx(tmp_path / "台账.xlsx", table, merges=("A1:Q1", *merges))


def read(tmp_path, rows, **kwargs):
    return read_meeting_sheet(write_ledger(tmp_path, rows, **kwargs), today=TODAY)


def test_header_under_title_rows_with_variant_names(tmp_path):
    sheet = read(tmp_path, [ledger_row(1), ledger_row(2, day="2024-04-02")])
    assert sheet.header_row == 3 and sheet.unknown_headers == []
    assert [r.row_number for r in sheet.rows] == [4, 5]
    first = sheet.rows[0]
    assert (first.branch_name, first.type, first.held_on) == (BRANCH, MeetingType.PARTY_CONGRESS, date(2024, 3, 5))
    assert first.texts["location"] == "会议室" and first.texts["topic"] == "学习"
    assert first.mentions == [Mention("张三", AttendanceStatus.PRESENT), Mention("李四", AttendanceStatus.PRESENT)]
    assert sheet.footer_row == 7


def test_blank_rows_example_rows_repeated_headers_and_merged_branch_cells(tmp_path):
    rows = [ledger_row(1), [], HEADER, ledger_row(2, day="2024-04-02"), ledger_row(3, day="2024-05-07")]
    rows[4][1] = None  # the branch cell merged down from the row above
    example = ledger_row(9)
    example[11] = EXAMPLE_ROW_NOTE
    sheet = read(tmp_path, [*rows, example], merges=("B7:B8",))
    assert [r.row_number for r in sheet.rows] == [4, 7, 8]
    assert sheet.rows[2].branch_name == BRANCH
    assert sheet.example_rows == [9]


@pytest.mark.parametrize("cell, expected", [
    (date(2024, 3, 5), (date(2024, 3, 5), "", "")),
    (45356, (date(2024, 3, 5), "", "")),
    (45356.625, (date(2024, 3, 5), "15:00", "")),
    (datetime(2024, 3, 5, 14, 30), (date(2024, 3, 5), "14:30", "")),
    (20240305, (date(2024, 3, 5), "", "")),
    ("2024.3.5", (date(2024, 3, 5), "", "")),
    ("2024/03/05", (date(2024, 3, 5), "", "")),
    ("２０２４年３月５日", (date(2024, 3, 5), "", "")),
    ("2024年3月5日（星期二）下午2:30-4:00", (date(2024, 3, 5), "14:30", "16:00")),
    ("2024-03-05 14:30至16:00", (date(2024, 3, 5), "14:30", "16:00")),
    ("14:30-16:00", (None, "14:30", "16:00")),
    (time(9, 0), (None, "09:00", "")),
])
def test_dates_and_times_in_one_cell(cell, expected):
    assert meeting_when(cell) == expected


@pytest.mark.parametrize("cell", ["2024-02-30", "2024.03", "2024年3月", 2024.03, "上周二", "2024"])
def test_impossible_or_partial_dates_are_refused(cell):
    with pytest.raises(ValueError):
        meeting_when(cell)


@pytest.mark.parametrize("cell, expected", [
    (time(14, 30), "14:30"), (0.6041666666666666, "14:30"), ("14:30", "14:30"), ("14：30", "14:30"),
    ("下午2:30", "14:30"), ("下午2点半", "14:30"), ("14点30分", "14:30"), ("9:5", "09:05"), ("2:30 PM", "14:30"),
    ("上午9时", "09:00"), ("中午12:30", "12:30"), (1430, "14:30"), (14.3, "14:30"), ("14:30:00", "14:30"),
])
def test_times(cell, expected):
    assert meeting_time(cell) == (expected, "")


@pytest.mark.parametrize("cell", ["25:00", "下午", "14:75", "一会儿", 24.5])
def test_bad_times_are_refused(cell):
    with pytest.raises(ValueError):
        meeting_time(cell)


@pytest.mark.parametrize("text, expected", [
    ("张三、李四，王五,赵六;孙七；周八", ["张三", "李四", "王五", "赵六", "孙七", "周八"]),
    ("张三 李四\n王五", ["张三", "李四", "王五"]),
    ("王  五、李　四、欧阳娜娜", ["王五", "李四", "欧阳娜娜"]),
    ("张三、李四（共2人）、共5人", ["张三", "李四"]),
    ("阿卜杜•热合曼", ["阿卜杜·热合曼"]),
])
def test_names_are_split_on_every_separator(text, expected):
    assert [name for name, _ in split_names(text)] == expected


def test_leave_reasons_in_either_kind_of_bracket_or_after_a_colon():
    assert split_names("张三（出差）、李四(病假)，王五【照顾家人，外出】 赵六：培训 孙七") == [
        ("张三", "出差"), ("李四", "病假"), ("王五", "照顾家人，外出"), ("赵六", "培训"), ("孙七", "")]
    assert split_names("张三（出差）李四（病假）") == [("张三", "出差"), ("李四", "病假")]


@pytest.mark.parametrize("text, expected, rewritten", [
    ("支部党员大会", MeetingType.PARTY_CONGRESS, False), ("支委会", MeetingType.COMMITTEE, True),
    ("党小组会议", MeetingType.GROUP, True), ("主题党日活动", MeetingType.THEMED_DAY, True),
    ("2024年第一季度党课", MeetingType.LECTURE, True), ("民主评议", MeetingType.REVIEW, True),
    ("其他", MeetingType.OTHER, False), (" 党  课 ", MeetingType.LECTURE, False),
])
def test_meeting_type_variants(text, expected, rewritten):
    assert meeting_type_of(text) == (expected, rewritten)


@pytest.mark.parametrize("text", ["座谈会", "党员大会+党课"])
def test_unknown_or_combined_types_are_refused_with_the_choices(text):
    with pytest.raises(ValueError, match="支部党员大会、支部委员会"):
        meeting_type_of(text)


def issues_of(row):
    return {(i.field, i.severity) for i in row.issues}


def test_row_errors_name_their_column(tmp_path):
    sheet = read(tmp_path, [
        ledger_row(1, type_="座谈会"),                          # 4
        ledger_row(2, day="2024-02-30"),                       # 5
        ledger_row(3, day="2026-01-05"),                       # 6 future
        ledger_row(4, start="25:00"),                          # 7
        ledger_row(5, present="张三、李四", leave="张三（出差）"),  # 8 twice
        ledger_row(6, type_="支委会", start="下午2:30", end="16：00"),  # 9 fixed
        ledger_row(7, day=""),                                 # 10 no date
    ])
    rows = {r.row_number: r for r in sheet.rows}
    assert issues_of(rows[4]) == {("type", Severity.ERROR)}
    assert "不存在" in rows[5].issues[0].message and issues_of(rows[5]) == {("held_on", Severity.ERROR)}
    assert "晚于今天" in rows[6].issues[0].message
    assert issues_of(rows[7]) == {("start_time", Severity.ERROR)}
    assert issues_of(rows[8]) == {("leave", Severity.ERROR)}
    assert rows[8].issues[0].message == "“张三”同时写在参会人员和请假人员及原因中，请只保留一处"  # the sheet's own headers
    assert issues_of(rows[9]) == {("type", Severity.FIXED)}
    assert (rows[9].type, rows[9].start_time, rows[9].end_time) == (MeetingType.COMMITTEE, "14:30", "16:00")
    assert issues_of(rows[10]) == {("held_on", Severity.ERROR)}


def test_attendance_columns(tmp_path):
    sheet = read(tmp_path, [
        ledger_row(1, present="全体党员", leave="赵六（出差）"),
        ledger_row(2, present="张三", leave="无", absent="孙七(生病)、周八"),
    ])
    everyone, listed = sheet.rows
    assert everyone.everyone_present and everyone.mentions == [Mention("赵六", AttendanceStatus.LEAVE, "出差")]
    assert listed.mentions == [Mention("张三", AttendanceStatus.PRESENT), Mention("孙七", AttendanceStatus.ABSENT, "生病"),
                               Mention("周八", AttendanceStatus.ABSENT)]


def test_date_and_time_in_separate_columns_and_a_note_kept_with_the_content(tmp_path):
    header = ["所在党支部", "类型", "日期", "时间", "参会人员", "备注"]
    path = write_xlsx(tmp_path / "t.xlsx", [header, [BRANCH, "党课", date(2024, 3, 5), "14:30-16:00", "张三", "补记"]])
    row = read_meeting_sheet(path, today=TODAY).rows[0]
    assert (row.held_on, row.start_time, row.end_time) == (date(2024, 3, 5), "14:30", "16:00")
    assert row.texts["content"] == "（备注：补记）"


def test_files_without_a_meeting_header_or_a_required_column(tmp_path):
    roster = write_xlsx(tmp_path / "花名册.xlsx", [["甲", "乙"], ["1", "2"]])
    with pytest.raises(UnusableFile, match="会议类型"):
        read_meeting_sheet(roster, today=TODAY)
    no_names = write_xlsx(tmp_path / "无名单.xlsx", [["所在党支部", "会议类型", "日期"], [BRANCH, "党课", "2024-3-5"]])
    with pytest.raises(UnusableFile, match="出席人员"):
        read_meeting_sheet(no_names, today=TODAY)


def test_template_explains_itself_and_its_example_row_is_never_imported(tmp_path):
    path = tmp_path / "会议导入模板.xlsx"
    write_meeting_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [DATA_SHEET, GUIDE_SHEET]
    headers = [c.value for c in book[DATA_SHEET][1]]
    assert [h.lstrip("*") for h in headers] == [c.label for c in TEMPLATE_COLUMNS]
    assert {"*" + c.label for c in TEMPLATE_COLUMNS if c.key in REQUIRED_KEYS} <= set(headers)
    guide = [row[0] for row in book[GUIDE_SHEET].iter_rows(values_only=True)]
    assert {c.label for c in TEMPLATE_COLUMNS} <= set(guide) and any("草稿" in (line or "") for line in guide)
    sheet = read_meeting_sheet(path, today=TODAY)
    assert sheet.rows == [] and sheet.example_rows == [2]
