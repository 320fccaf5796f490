"""The blank template: opens, explains itself, and its example row is never imported."""

from datetime import date

import openpyxl
import pytest

from dangjian_desktop.domain.idcard import check_id_number
from dangjian_desktop.domain.roster import ROSTER_COLUMNS
from dangjian_desktop.importexport.member_sheet import EXAMPLE_ROW_NOTE, RowStatus, read_member_sheet
from dangjian_desktop.importexport.member_template import EXAMPLE_ID, GUIDE_SHEET
from dangjian_desktop.importexport.roster_xlsx import write_member_template

from .builders import make_id

TODAY = date(2025, 6, 30)


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "党员导入模板.xlsx"
    write_member_template(path)
    return path


def test_sheets_and_header(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["党员信息", GUIDE_SHEET]
    ws = book["党员信息"]
    headers = [c.value for c in ws[1]]
    assert [h.lstrip("*") for h in headers] == [c.label for c in ROSTER_COLUMNS]
    assert {"*姓名", "*公民身份号码", "*入党时间", "*人员类别"} <= set(headers)
    assert ws.freeze_panes == "A2"


def test_example_row(template):
    ws = openpyxl.load_workbook(template)["党员信息"]
    example = {c.label: cell for c, cell in zip(ROSTER_COLUMNS, ws[2])}
    assert example["公民身份号码"].value == EXAMPLE_ID and check_id_number(EXAMPLE_ID, TODAY).ok
    assert example["公民身份号码"].data_type == "s"
    assert example["备注"].value == EXAMPLE_ROW_NOTE
    assert example["姓名"].font.i and example["姓名"].font.color.rgb.endswith("808080")
    assert example["入党时间"].is_date


def test_id_and_phone_columns_are_text_and_dates_are_dates(template):
    ws = openpyxl.load_workbook(template)["党员信息"]
    letters = {c.key: openpyxl.utils.get_column_letter(i) for i, c in enumerate(ROSTER_COLUMNS, 1)}
    for key in ("id_number", "phone"):
        assert ws.column_dimensions[letters[key]].number_format == "@"
        assert ws[f"{letters[key]}3"].number_format == "@"
    assert ws.column_dimensions[letters["joined_on"]].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions[letters["address"]].width == 26


def test_drop_down_lists(template):
    ws = openpyxl.load_workbook(template)["党员信息"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"正式党员,预备党员"' in formulas and '"男,女"' in formulas and '"是,否"' in formulas
    assert any("停止党籍" in f for f in formulas)


def test_guide_explains_every_column(template):
    guide = openpyxl.load_workbook(template)[GUIDE_SHEET]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    for column in ROSTER_COLUMNS:
        assert column.label in text
    assert "文本" in text and "1985年3月12日" in text and "示例行" in text


def test_the_blank_template_imports_nothing(template):
    sheet = read_member_sheet(template, today=TODAY)
    assert sheet.rows == [] and sheet.example_rows == [2] and sheet.unknown_headers == []


def test_a_filled_template_imports_the_rows_but_not_the_example(template):
    book = openpyxl.load_workbook(template)
    ws = book["党员信息"]
    values = {"name": "刘一", "id_number": make_id(date(1988, 8, 8), "013"), "category": "正式党员",
              "joined_on": date(2012, 6, 1), "confirmed_on": date(2013, 6, 1), "is_mobile": "否"}
    for index, column in enumerate(ROSTER_COLUMNS, 1):
        ws.cell(row=3, column=index, value=values.get(column.key))
    book.save(template)
    sheet = read_member_sheet(template, today=TODAY)
    assert [r.row_number for r in sheet.rows] == [3] and sheet.example_rows == [2]
    assert sheet.rows[0].status is RowStatus.OK and sheet.rows[0].record.name == "刘一"
