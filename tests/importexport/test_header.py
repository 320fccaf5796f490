"""header: finding the header under title rows and mapping variant column names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.roster import ROSTER_COLUMNS
from dangjian_desktop.importexport.header import ColumnSpec, HeaderVocabulary, find_header, normalize_header
from dangjian_desktop.importexport.sheet_reader import UnusableFile

REQUIRED = ("name", "id_number")


@pytest.mark.parametrize("raw, expected", [
    ("  姓 名 ", "姓名"),
    ("*姓名", "姓名"),
    ("※公民身份\n号码", "公民身份号码"),
    ("姓名*", "姓名"),
    ("出生日期（年月日）", "出生日期(年月日)"),
    ("联系电话\u3000", "联系电话"),
    ("ＩＤ号", "ID号"),
    (12, ""),
    (None, ""),
])
def test_normalize_header(raw, expected):
    assert normalize_header(raw) == expected


@pytest.mark.parametrize("header, key", [
    ("出生日期（年月日）", "birth_date"),
    ("出生年月", "birth_date"),
    ("身份证号", "id_number"),
    ("身份证号码\n（18位）", "id_number"),
    ("手机号码", "phone"),
    ("文化程度", "education"),
    ("*姓 名", "name"),
    ("工作单位及职务（职称）", "work_unit"),
    ("工作单位及职务(职称)", "work_unit"),
    ("【入党时间】", None),
    ("入党时间【必填】", "joined_on"),
    ("流出/流入地", "mobile_place"),
    ("是否流动党员（是/否）", "is_mobile"),
    ("籍贯", None),
])
def test_roster_vocabulary(header, key):
    assert HeaderVocabulary(ROSTER_COLUMNS).key_of(header) == key


def test_header_on_row_three_under_merged_title():
    rows = [
        ["某某社区党委党员花名册", "", "", ""],
        ["填报单位：某某社区", "", "", "填报日期：2025年1月"],
        ["序号", "姓  名", "身份证号码", "籍贯"],
        [1, "张三", "110105194912310021", "北京"],
    ]
    match = find_header(rows, ROSTER_COLUMNS, required=REQUIRED)
    assert match.header_row == 2 and match.data_start == 3
    assert match.columns == {1: "name", 2: "id_number"}
    assert match.unknown_headers == ["籍贯"]  # 序号 is expected and ignored silently


def test_two_row_header_with_a_parent_group():
    rows = [
        ["党员花名册"],
        ["姓名", "公民身份号码", "流动党员情况", "", "", "备注"],
        ["", "", "流动方向", "流出/流入地", "外出原因", ""],
        ["张三", "110105194912310021", "流出", "上海", "务工", ""],
    ]
    match = find_header(rows, ROSTER_COLUMNS, required=REQUIRED)
    assert (match.header_row, match.data_start) == (1, 3)
    assert match.columns == {0: "name", 1: "id_number", 2: "mobile_direction", 3: "mobile_place",
                             4: "mobile_reason", 5: "note"}
    assert match.unknown_headers == []


def test_two_row_header_where_the_lower_row_names_more_columns():
    rows = [
        ["姓名", "公民身份号码", "流动党员情况", "", "", ""],
        ["", "", "是否流动党员", "流动方向", "流出地", "外出原因"],
        ["张三", "110105194912310021", "是", "流出", "上海", "务工"],
    ]
    match = find_header(rows, ROSTER_COLUMNS, required=REQUIRED)
    assert (match.header_row, match.data_start) == (0, 2)
    assert set(match.columns.values()) == {"name", "id_number", "is_mobile", "mobile_direction", "mobile_place",
                                           "mobile_reason"}


def test_a_data_row_below_the_header_is_not_taken_for_a_sub_header():
    rows = [["姓名", "公民身份号码", "性别"], ["张三", "110105194912310021", "男"]]
    assert find_header(rows, ROSTER_COLUMNS, required=REQUIRED).data_start == 1


def test_two_columns_for_one_key_are_both_kept():
    rows = [["姓名", "身份证号", "流出地", "流入地"]]
    match = find_header(rows, ROSTER_COLUMNS, required=REQUIRED)
    assert match.columns_of("mobile_place") == [2, 3]


def test_missing_required_column_names_it_and_its_aliases():
    rows = [["花名册"], ["姓名", "性别", "身份证件号"]]
    with pytest.raises(UnusableFile) as info:
        find_header(rows, ROSTER_COLUMNS, required=REQUIRED, file_label="一支部.xlsx")
    message = info.value.message
    assert "一支部.xlsx" in message and "公民身份号码" in message and "身份证号" in message
    assert "身份证件号" in message  # the unrecognised header is shown, so the user sees what to rename


def test_no_header_at_all():
    with pytest.raises(UnusableFile, match="找不到表头"):
        find_header([["张三", "110105194912310021"]] * 30, ROSTER_COLUMNS, required=REQUIRED)
    with pytest.raises(UnusableFile, match="找不到表头"):
        find_header([], ROSTER_COLUMNS)


def test_header_beyond_the_scan_window_is_not_found():
    rows = [["说明"]] * 25 + [["姓名", "公民身份号码"]]
    with pytest.raises(UnusableFile):
        find_header(rows, ROSTER_COLUMNS, required=REQUIRED)


def test_generic_specs_for_other_imports():
    specs = [ColumnSpec("title", "会议主题", ("主题", "议题")), ColumnSpec("held_on", "会议日期", ("日期", "时间"))]
    rows = [["三会一课记录"], ["主  题", "日期（年月日）", "地点"], ["学习", "2025-01-02", "会议室"]]
    match = find_header(rows, specs, required=("title",))
    assert match.columns == {0: "title", 1: "held_on"} and match.unknown_headers == ["地点"]


decorations = st.tuples(
    st.sampled_from(["", "*", "※", " * "]),
    st.sampled_from(["", "（必填）", "(年月日)", "【注】", "\n（文本）"]),
    st.lists(st.sampled_from([" ", "\n", "\u3000", "\t"]), max_size=3),
)


@given(column=st.sampled_from(ROSTER_COLUMNS), decoration=decorations, data=st.data())
def test_decorated_names_still_map(column, decoration, data):
    prefix, note, blanks = decoration
    name = data.draw(st.sampled_from((column.label, *column.aliases)))
    position = data.draw(st.integers(0, len(name)))
    decorated = prefix + name[:position] + "".join(blanks) + name[position:] + note
    assert HeaderVocabulary(ROSTER_COLUMNS).key_of(decorated) == column.key
