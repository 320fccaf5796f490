"""Building the messy files real users bring, in tmp_path."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from dangjian_desktop.domain.idcard import check_digit


def make_id(birth: date = date(1985, 3, 12), seq: str = "001", region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + check_digit(first17)


def write_xlsx(path: Path, rows: list[list[object]], *, merges: tuple[str, ...] = (),
               text_columns: tuple[int, ...] = (), sheet_title: str = "Sheet1") -> Path:
    """A normal (not write-only) workbook, as Excel would save it; `text_columns` get the "@" format."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet_title
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if c in text_columns:
                cell.number_format = "@"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list[object]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet (what WPS/LibreOffice save), text cells only."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in row
        ) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="花名册">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


HEADER = ["序号", "姓名", "性别", "出生日期", "公民身份号码", "人员类别", "所在党支部", "入党时间", "转正时间", "联系电话"]


def member_row(n: int, name: str, id_number: object, *, joined: object = date(2010, 7, 1),
               confirmed: object = date(2011, 7, 1), phone: object = "13812345678",
               birth: object = None, category: str = "正式党员") -> list[object]:
    return [n, name, "", birth, id_number, category, "第一党支部", joined, confirmed, phone]
