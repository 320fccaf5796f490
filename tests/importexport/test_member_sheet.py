"""member_sheet: a messy real-world roster, row by row."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.member import Severity
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.importexport.member_sheet import (
    EXAMPLE_ROW_NOTE, RowStatus, parse_member_rows, problem_rows, read_member_sheet,
)
from dangjian_desktop.importexport.sheet_reader import UnusableFile

from .builders import HEADER, make_id, member_row, write_csv, write_xls, write_xlsx

TODAY = date(2025, 6, 30)
ID_A = make_id(date(1985, 3, 12), "001")
ID_B = make_id(date(1990, 12, 1), "022")
ID_X = next(make_id(date(1970, 1, 1), f"{n:03d}") for n in range(1000)
            if make_id(date(1970, 1, 1), f"{n:03d}").endswith("X"))
UPGRADED = make_id(date(1949, 12, 31), "002")  # what 110105491231002 becomes
FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")


def messy_rows():
    header = ["序号", "姓  名", "性别", "出生年月", "身份证号\n（18位）", "文化程度", "党员类别", "所在支部",
              "*入党时间", "转正日期", "手机号码", "是否流动党员", "流动方向", "籍贯"]
    wrong_check = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
    return [
        ["某某社区党委党员花名册（2025年）"] + [None] * 13,
        ["填报单位：某某社区党委", None, None, None, None, None, None, None, None, None, "填报日期：2025年6月"],
        header,
        [1, "张 三", "男", "1985.03", ID_A, "大学本科", "正式党员", "第一党支部", date(2008, 7, 1), 40360,
         13812345678.0, "否", None, "北京"],                                                       # row 4: ok
        [2, "李四", "", None, ID_X.lower(), "大专", "预备党员", "第一党支部", "2024.12.1", None, "138 1234 5679",
         None, "流出", None],                                                                       # row 5: fixed
        [None] * 14,                                                                                # row 6: blank
        [3, "王五", None, "1949年12月31日", "110105491231002", None, "正式", "第二党支部", "1975年7月1日",
         "1976-7-1", None, "是", "流入", None],                                                     # row 7: 15-digit
        [4, "赵六", None, None, 1.10105198503120e17, None, "正式党员", "第二党支部", "19850312", "1986/3/12",
         None, None, None, None],                                                                   # row 8: ID number
        [5, "钱七", None, None, ID_A.translate(FULLWIDTH), None, "正式党员", "第二党支部", 31118, 31483, None,
         None, None, None],                                                                         # row 9: dup of 4
        [6, "孙八", None, None, wrong_check, None, "正式党员", "第二党支部", date(2012, 1, 1), date(2013, 1, 1),
         None, None, None, None],                                                                   # row 10: check
        [7, None, None, None, None, None, None, None, None, None, None, None, None, None],          # row 11: 序号 only
        [None, "周九", "女", None, ID_B, None, "预备党员", "第一党支部", datetime(2025, 1, 5, 0, 0), None,
         "010-12345678", "√", None, None],                                                          # row 12
        [None] * 14,
        ["填表人：吴某      审核人：郑某", None, None, None, None, None, None, None, None, None, None],
        [8, "冯十", None, None, make_id(date(1980, 1, 1)), None, "正式党员", "第一党支部", date(2000, 1, 1),
         date(2001, 1, 1), None, None, None, None],                                                 # after footer
    ]


@pytest.fixture
def messy(tmp_path):
    path = write_xlsx(tmp_path / "社区花名册.xlsx", messy_rows(), merges=("A1:N1",), text_columns=(5,))
    return read_member_sheet(path, today=TODAY)


def by_row(sheet):
    return {r.row_number: r for r in sheet.rows}


def messages(row, field=None):
    return [i.message for i in row.issues if field is None or i.field == field]


def test_header_found_under_title_and_unknown_headers_reported(messy):
    assert messy.header_row == 3
    assert messy.unknown_headers == ["籍贯"]
    assert messy.sheet_name == "Sheet1"


def test_blank_rows_numbered_rows_and_footer(messy):
    assert [r.row_number for r in messy.rows] == [4, 5, 7, 8, 9, 10, 12]
    assert messy.footer_row == 14


def test_clean_row(messy):
    row = by_row(messy)[4]
    assert row.status is RowStatus.OK, row.issues
    record = row.record
    assert record.name == "张三" and record.id_number == ID_A and record.sex == "男"
    assert record.birth_date == date(1985, 3, 12)  # "出生年月 1985.03" agrees with the ID: no warning
    assert record.education == "大学本科" and record.branch_name == "第一党支部"
    assert record.joined_on == date(2008, 7, 1) and record.confirmed_on == date(2010, 7, 1)  # serial 40360
    assert record.phone == "13812345678" and record.is_mobile is False


def test_lowercase_x_spaces_in_phone_and_mobile_direction(messy):
    row = by_row(messy)[5]
    assert row.status is RowStatus.FIXED, row.issues
    assert row.record.id_number == ID_X
    assert row.record.phone == "13812345679"
    assert row.record.is_mobile is True and row.record.mobile_direction == "流出"
    assert row.record.joined_on == date(2024, 12, 1) and row.record.category == "预备党员"
    assert row.record.sex == "女" if int(ID_X[16]) % 2 == 0 else "男"


def test_fifteen_digit_id_upgraded_with_warning(messy):
    row = by_row(messy)[7]
    assert row.status is RowStatus.WARNING
    assert row.record.id_number == UPGRADED
    assert any("15位" in m for m in messages(row, "id_number"))
    assert row.record.category == "正式党员"
    assert any(i.field == "category" and i.severity is Severity.FIXED for i in row.issues)
    assert row.record.joined_on == date(1975, 7, 1) and row.record.confirmed_on == date(1976, 7, 1)


def test_id_stored_as_number_is_rejected_never_repaired(messy):
    row = by_row(messy)[8]
    assert row.status is RowStatus.REJECTED
    assert any("数字" in m for m in messages(row, "id_number"))
    assert row.record.joined_on == date(1985, 3, 12)  # 19850312 as text


def test_fullwidth_id_normalised_and_duplicate_detected(messy):
    row = by_row(messy)[9]
    assert row.record.id_number == ID_A
    assert "与第4行身份证号重复" in messages(row, "id_number")
    assert row.status is RowStatus.REJECTED
    assert row.record.joined_on == date(1985, 3, 12)  # Excel serial 31118


def test_wrong_check_digit(messy):
    row = by_row(messy)[10]
    assert row.status is RowStatus.REJECTED
    assert any(f"校验码应为 {ID_B[17]}" in m for m in messages(row, "id_number"))


def test_datetime_bool_tick_and_landline(messy):
    row = by_row(messy)[12]
    assert row.record.joined_on == date(2025, 1, 5)
    assert row.record.is_mobile is True
    assert row.record.phone == "010-12345678"
    assert row.status is RowStatus.OK, row.issues


def test_problem_rows_for_the_problem_list(messy):
    problems = problem_rows(messy.rows)
    assert (9, "公民身份号码", "错误", "与第4行身份证号重复") in problems
    assert all(isinstance(p[0], int) for p in problems)
    assert {p[2] for p in problems} <= {"错误", "警告", "已修正"}


def test_count_by_status(messy):
    assert messy.count(RowStatus.REJECTED) == 3
    assert sum(messy.count(s) for s in RowStatus) == len(messy.rows)


# --- other file kinds ------------------------------------------------------------------------------------------

def simple_rows():
    return [HEADER,
            member_row(1, "张三", ID_A, joined="2008-07-01", confirmed="2009-07-01"),
            member_row(2, "李四", ID_B, joined="2015年7月1日", confirmed="2016.7.1", phone="13900001111")]


def check_simple(sheet):
    assert [r.status for r in sheet.rows] == [RowStatus.OK, RowStatus.OK], [r.issues for r in sheet.rows]
    assert [r.record.id_number for r in sheet.rows] == [ID_A, ID_B]
    assert sheet.rows[1].record.confirmed_on == date(2016, 7, 1)


def test_xls(tmp_path):
    check_simple(read_member_sheet(write_xls(tmp_path / "a.xls", simple_rows()), today=TODAY))


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv(tmp_path, encoding):
    check_simple(read_member_sheet(write_csv(tmp_path / "a.csv", simple_rows(), encoding), today=TODAY))


def test_csv_with_id_mangled_by_excel(tmp_path):
    rows = simple_rows()
    rows[1][4] = "1.10105E+17"
    sheet = read_member_sheet(write_csv(tmp_path / "a.csv", rows, "gbk"), today=TODAY)
    assert sheet.rows[0].status is RowStatus.REJECTED


def test_without_id_column(tmp_path):
    rows = [[c for c in row if c != row[4]] for row in simple_rows()]
    with pytest.raises(UnusableFile) as info:
        read_member_sheet(write_xlsx(tmp_path / "无身份证.xlsx", rows), today=TODAY)
    assert "公民身份号码" in info.value.message and "无身份证.xlsx" in info.value.message


def test_empty_file(tmp_path):
    (tmp_path / "空.xlsx").write_bytes(b"")
    with pytest.raises(UnusableFile, match="空"):
        read_member_sheet(tmp_path / "空.xlsx", today=TODAY)


def test_a_leading_instructions_sheet_is_passed_over(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "请按以下要求填写"
    data = book.create_sheet("花名册")
    for row in simple_rows():
        data.append(row)
    book.save(tmp_path / "a.xlsx")
    sheet = read_member_sheet(tmp_path / "a.xlsx", today=TODAY)
    assert sheet.sheet_name == "花名册"
    check_simple(sheet)


def test_header_only_gives_no_rows(tmp_path):
    sheet = read_member_sheet(write_xlsx(tmp_path / "a.xlsx", [HEADER]), today=TODAY)
    assert sheet.rows == [] and sheet.header_row == 1


# --- cells -----------------------------------------------------------------------------------------------------

def parse_one(**cells):
    values = {"姓名": "张三", "公民身份号码": ID_A, "人员类别": "正式党员", "入党时间": date(2008, 7, 1),
              "转正时间": date(2009, 7, 1)} | cells
    return parse_member_rows([list(values), list(values.values())], today=TODAY).rows[0]


def test_example_row_is_skipped():
    header = ["姓名", "公民身份号码", "备注"]
    sheet = parse_member_rows([header, ["张三", ID_A, EXAMPLE_ROW_NOTE], ["李四", ID_B, "示例行(导入时自动跳过)"],
                               ["王五", ID_B, "示例"]], today=TODAY)
    assert sheet.example_rows == [2, 3]
    assert [r.row_number for r in sheet.rows] == [4]


@pytest.mark.parametrize("value, expected", [("是", True), ("否", False), ("Y", True), ("n", False),
                                             ("√", True), ("×", False), ("", False), (True, True), (1.0, True)])
def test_booleans(value, expected):
    row = parse_one(是否失联=value)
    assert row.record.is_lost_contact is expected and row.status is RowStatus.OK


def test_unreadable_boolean_is_an_error_on_that_field():
    row = parse_one(是否失联="不清楚")
    assert row.status is RowStatus.REJECTED
    assert [i.field for i in row.issues if i.severity is Severity.ERROR] == ["is_lost_contact"]


def test_mobile_flag_column_holding_the_direction():
    row = parse_one(是否流动党员="流入党员")
    assert row.record.is_mobile and row.record.mobile_direction == "流入"


def test_unreadable_date_is_one_error_not_two():
    row = parse_one(入党时间="去年七月")
    errors = [i for i in row.issues if i.severity is Severity.ERROR]
    assert [i.field for i in errors] == ["joined_on"] and "无法识别" in errors[0].message


def test_ambiguous_excel_year_month_number_is_asked_not_guessed():
    row = parse_one(入党时间=2008.1)
    assert row.status is RowStatus.REJECTED and "10月" in messages(row, "joined_on")[0]


def test_unreadable_birth_date_is_only_a_warning_when_the_id_is_good():
    row = parse_one(出生日期="八五年")
    assert row.status is RowStatus.WARNING
    assert row.record.birth_date == date(1985, 3, 12)


def test_birth_month_disagreeing_with_id_is_a_warning():
    row = parse_one(出生年月="1985.04")
    assert row.status is RowStatus.WARNING and row.record.birth_date == date(1985, 3, 12)


def test_sex_disagreeing_with_id_is_a_warning():
    row = parse_one(性别="女")
    assert row.status is RowStatus.WARNING and row.record.sex == "男"


def test_bad_phone_is_rejected():
    row = parse_one(联系电话="12345")
    assert row.status is RowStatus.REJECTED and messages(row, "phone")


def test_id_typed_as_whole_number_in_a_text_like_integer_cell():
    header = ["姓名", "公民身份号码", "人员类别", "入党时间", "转正时间"]
    number = 110105491231002  # a 15-digit int survives intact
    row = parse_member_rows([header, ["张三", number, "正式党员", date(1975, 7, 1), date(1976, 7, 1)]],
                            today=TODAY).rows[0]
    assert row.record.id_number == UPGRADED and row.status is RowStatus.WARNING
    huge = parse_member_rows([header, ["张三", int(1.1010519491231e17), "正式党员", None, None]], today=TODAY)
    assert any("数字" in m for m in messages(huge.rows[0], "id_number"))


@given(day=st.dates(min_value=date(1930, 1, 1), max_value=date(2024, 12, 31)),
       form=st.sampled_from(["date", "datetime", "serial", "iso", "dots", "zh", "dash", "slash", "compact",
                             "fullwidth", "spaced"]))
def test_every_date_form_parses_back(day, form):
    value = {
        "date": day,
        "datetime": datetime(day.year, day.month, day.day),
        "serial": float((day - date(1899, 12, 30)).days),
        "iso": day.isoformat(),
        "dots": f"{day.year}.{day.month:02d}.{day.day:02d}",
        "zh": f"{day.year}年{day.month}月{day.day}日",
        "dash": f"{day.year}-{day.month}-{day.day}",
        "slash": f"{day.year}/{day.month}/{day.day}",
        "compact": f"{day:%Y%m%d}",
        "fullwidth": f"{day:%Y-%m-%d}".translate(FULLWIDTH),
        "spaced": f" {day.year} 年 {day.month} 月 {day.day} 日 ",
    }[form]
    sheet = parse_member_rows([["姓名", "公民身份号码", "入党时间"], ["张三", ID_A, value]], today=TODAY)
    assert sheet.rows[0].record.joined_on == day


@given(day=st.dates(min_value=date(1930, 1, 1), max_value=date(2024, 12, 31)),
       form=st.sampled_from(["text", "zh", "compact", "number"]))
def test_month_only_forms_mean_the_first_of_the_month(day, form):
    if form == "number" and day.month == 10:
        return  # 2008.10 is the number 2008.1: asked, see above
    value = {"text": f"{day.year}.{day.month:02d}", "zh": f"{day.year}年{day.month}月",
             "compact": f"{day:%Y%m}", "number": float(f"{day.year}.{day.month:02d}")}[form]
    sheet = parse_member_rows([["姓名", "公民身份号码", "入党时间"], ["张三", ID_A, value]], today=TODAY)
    assert sheet.rows[0].record.joined_on == day.replace(day=1)


# --- progress --------------------------------------------------------------------------------------------------

def big_rows(n):
    return [HEADER] + [member_row(i, f"党员{i}", make_id(date(1970, 1, 1) , f"{i % 1000:03d}")) for i in range(n)]


def test_progress_is_reported():
    reports = []
    parse_member_rows(big_rows(1200), today=TODAY, progress=Progress(on_report=lambda d, t, s: reports.append((d, t))))
    assert (0, 1200) in reports and (500, 1200) in reports and reports[-1] == (1200, 1200)


def test_cancel_stops_the_reading(tmp_path):
    calls = []
    progress = Progress(is_cancelled=lambda: calls.append(1) or len(calls) > 2)
    with pytest.raises(Cancelled):
        read_member_sheet(write_xlsx(tmp_path / "a.xlsx", big_rows(1200)), today=TODAY, progress=progress)


def test_rows_without_name_and_id():
    header = ["序号", "姓名", "公民身份号码", "所在党支部", "是否失联"]
    sheet = parse_member_rows([header, [1, None, None, None, "否"], [2, None, None, "第二党支部", None],
                               [3, "张三", None, None, None]], today=TODAY)
    assert sheet.skipped_rows == [3]  # pre-filled "否" alone is not worth a word; a heading row is
    assert [r.row_number for r in sheet.rows] == [4]
    assert sheet.rows[0].status is RowStatus.REJECTED  # a name without an ID is shown, not dropped


def test_real_merges_two_row_header_and_branch_merged_down(tmp_path):
    rows = [
        ["某社区党员花名册"] + [None] * 6,
        ["姓名", "公民身份号码", "所在党支部", "入党时间", "转正时间", "流动党员情况", None],
        [None, None, None, None, None, "流动方向", "流出/流入地"],
        ["张三", ID_A, "第一党支部", date(2008, 7, 1), date(2009, 7, 1), "流出", "上海"],
        ["李四", ID_B, None, date(2012, 7, 1), date(2013, 7, 1), None, None],
        ["第二党支部（以下）"] + [None] * 6,
    ]
    merges = ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:G2", "C4:C5", "A6:G6")
    sheet = read_member_sheet(write_xlsx(tmp_path / "a.xlsx", rows, merges=merges), today=TODAY)
    assert sheet.unknown_headers == []
    assert [r.record.branch_name for r in sheet.rows] == ["第一党支部", "第一党支部"]
    assert sheet.rows[0].record.mobile_direction == "流出" and sheet.rows[0].record.mobile_place == "上海"
    assert sheet.rows[0].record.is_mobile and not sheet.rows[1].record.is_mobile
    assert [r.row_number for r in sheet.rows] == [4, 5]
    assert sheet.rows[0].status is RowStatus.FIXED and sheet.skipped_rows == []  # 人员类别 from 转正时间


def test_free_text_keeps_chinese_punctuation_but_folds_wide_letters():
    row = parse_one(备注="入党介绍人：李某（已故）\u3000ＡＢ１２", 现居住地="\u3000某区，某街道\xa0")
    assert row.record.note == "入党介绍人：李某（已故） AB12"
    assert row.record.address == "某区，某街道"


def test_two_columns_for_one_field_first_filled_wins():
    header = ["姓名", "公民身份号码", "流出地", "流入地", "出生日期", "出生年月", "入党时间"]
    rows = [header, ["张三", ID_A, None, "广州", None, 1985.03, "2008-07-01"],
            ["李四", ID_B, "上海", "广州", "1990.13.01", None, "2015-07-01"]]
    first, second = parse_member_rows(rows, today=TODAY).rows
    assert first.record.mobile_place == "广州" and first.record.birth_date == date(1985, 3, 12)
    assert not [i for i in first.issues if i.field == "birth_date"]  # 1985.03 agrees with the ID
    assert second.record.mobile_place == "上海"
    assert any(i.field == "birth_date" and i.severity is Severity.WARNING for i in second.issues)


def test_header_repeated_above_each_block_is_not_a_member():
    header = ["序号", "姓名", "公民身份号码", "入党时间"]
    sheet = parse_member_rows([header, [1, "张三", ID_A, "2008-07-01"], ["序号", "姓 名", "身份证号", "入党日期"],
                               [2, "李四", ID_B, "2015-07-01"]], today=TODAY)
    assert [r.row_number for r in sheet.rows] == [2, 4] and sheet.skipped_rows == []
