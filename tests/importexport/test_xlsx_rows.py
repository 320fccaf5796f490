"""xlsx_rows: the hand-written data rows must be what openpyxl and calamine (and so Excel) accept."""

import io
from datetime import date, timedelta

import openpyxl

from dangjian_desktop.importexport.sheet_reader import read_sheet
from dangjian_desktop.importexport.xlsx_rows import column_letters, date_cell, splice_rows, text_cell


def test_column_letters():
    letters = column_letters(28)
    assert letters[:3] == ["A", "B", "C"] and letters[25:] == ["Z", "AA", "AB"]
    assert column_letters(703)[-1] == "AAA"


def test_text_cell_escapes_and_keeps_blanks():
    assert text_cell("A1", "a&b<c>") == '<c r="A1" t="inlineStr"><is><t>a&amp;b&lt;c&gt;</t></is></c>'
    assert 'xml:space="preserve"' in text_cell("A1", " 前后 ")
    assert 'xml:space="preserve"' in text_cell("A1", "第一行\n第二行")
    assert text_cell("B2", "1\x0b2\x00", style=3) == '<c r="B2" s="3" t="inlineStr"><is><t>12</t></is></c>'


def test_date_cell_serials():
    assert date_cell("A1", date(1985, 3, 12), 4) == '<c r="A1" s="4"><v>31118</v></c>'
    assert date_cell("A1", date(1900, 3, 1), 4).endswith("<v>61</v></c>")
    assert date_cell("A1", date(1900, 1, 1), 4).endswith("<v>1</v></c>")


def skeleton(with_rows: bool) -> tuple[bytes, int]:
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("表")
    if with_rows:
        ws.append(["标题"])
    cell = openpyxl.cell.WriteOnlyCell(ws, None)
    cell.number_format = "yyyy-mm-dd"
    style = cell.style_id
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), style


def test_splice_after_openpyxl_rows_and_into_an_empty_sheet(tmp_path):
    for with_rows in (True, False):
        data, style = skeleton(with_rows)
        first = 2 if with_rows else 1
        day = date(2020, 1, 1)
        rows = (f'<row r="{r}">{text_cell(f"A{r}", f"第{r}行 & 更多")}'
                f'{date_cell(f"B{r}", day + timedelta(days=r), style)}</row>' for r in range(first, first + 1200))
        path = tmp_path / f"t{with_rows}.xlsx"
        splice_rows(data, path, "xl/worksheets/sheet1.xml", rows)
        sheet = read_sheet(path).rows
        assert sheet[first - 1] == [f"第{first}行 & 更多", day + timedelta(days=first)]
        assert len(sheet) == first + 1199
        ws = openpyxl.load_workbook(path).active
        assert ws.cell(row=first, column=2).is_date
        assert ws.max_row == first + 1199
