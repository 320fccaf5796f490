"""Reading the cells of whatever file a user brings: .xlsx/.xlsm/.xlsb/.xls/.ods through python-calamine, .csv by hand.

The file type is decided by the bytes, not the extension: old systems export "xls" files that are really zip
(xlsx), HTML or text, and users rename files. Every failure becomes UnusableFile with a Chinese message that
names the file and says what to do; no library exception escapes.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .zip_guard import RESAVE as _RESAVE
from .zip_guard import RefusedPackage, check_package, damaged_message, password_message

CellValue = str | int | float | bool | date | datetime | time | timedelta

MAX_FILE_BYTES = 200 * 1024 * 1024  # a 100k-member roster is ~10 MB; anything bigger is not a roster

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BIFF8_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"  # BOF record, 16 bytes long: BIFF8, workbook globals
_FILEPASS = b"\x2f\x00"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a package; an empty one (a directory with no entries)
_TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})


class UnusableFile(Exception):
    """The file cannot be read as a table at all. `message` is Chinese, names the file and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetData:
    """One worksheet: rows[i] is the sheet's row i+1 as the user sees it in Excel; an empty cell is "".

    Rows may differ in length. Cells under a one-column vertical merge carry the merged value.
    """

    name: str
    rows: list[list[CellValue]]
    # merged ranges as ((top, left), (bottom, right)), 0-based and inclusive; .xlsx/.xls only
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def read_sheet(path: str | Path) -> SheetData:
    """The first non-empty worksheet (visible sheets before hidden ones); UnusableFile when there is none."""
    for sheet in read_sheets(path):
        return sheet
    raise AssertionError("unreachable: read_sheets raises when no sheet has data")


def read_sheets(path: str | Path) -> Iterator[SheetData]:
    """Every non-empty worksheet in workbook order, visible ones first. Sheets are read one at a time, on demand."""
    path = Path(path)
    data = _read_bytes(path)
    kind = _sniff(path, data)
    sheets = _read_csv(path, data) if kind == "text" else _read_workbook(path, data, kind)
    found = False
    for sheet in sheets:
        found = True
        yield sheet
    if not found:
        raise UnusableFile(f"“{path.name}”中没有任何数据。请确认选对了文件，并且数据在第一个工作表中。")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnusableFile(f"“{path.name}”有 {size // (1024 * 1024)} MB，太大了，不像是花名册或台账。"
                               "请确认选对了文件，或把数据分成几个文件分别导入。")
        return path.read_bytes()
    except FileNotFoundError:
        raise UnusableFile(f"找不到文件“{path}”。它可能已被移动、改名或删除，请重新选择。") from None
    except IsADirectoryError:
        raise UnusableFile(f"“{path.name}”是一个文件夹，不是表格文件，请选择其中的表格文件。") from None
    except PermissionError:
        raise UnusableFile(f"没有权限读取“{path.name}”。如果它正在 Excel 或 WPS 中打开，请关闭后重试。") from None
    except OSError as exc:
        raise UnusableFile(f"无法读取“{path.name}”（{exc.strerror or exc}）。请把文件复制到本机磁盘后重试。") from None


def _sniff(path: Path, data: bytes) -> str:
    """'zip', 'ole' or 'text' — or UnusableFile saying what the file really is."""
    name = path.name
    if not data.strip():
        raise UnusableFile(f"“{name}”是空文件，里面没有任何内容，可能没有下载或复制完。"
                           "请确认选对了文件，或重新复制原文件后再导入。")
    if data.startswith(_ZIP_MAGICS):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"%PDF"):
        raise UnusableFile(f"“{name}”是 PDF 文件，不是表格，无法导入。请使用 Excel 格式的原始表格。")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
        if b"workbook" in head and b"<?xml" in head:
            kind = "Excel 2003 XML 表格"
        else:
            kind = "网页（HTML）格式"
        raise UnusableFile(f"“{name}”实际上是{kind}，只是扩展名像表格。{_RESAVE}")
    if path.suffix.lower() in _TEXT_EXTENSIONS:
        return "text"
    if data[:2] == b"PK":  # a zip whose first entry is missing or broken
        raise UnusableFile(damaged_message(name))
    if _looks_like_text(data):
        raise UnusableFile(f"“{name}”不是 Excel 文件，里面是纯文本。如果它是 CSV 文件，请把扩展名改为 .csv；"
                           f"否则{_RESAVE}")
    raise UnusableFile(f"“{name}”不是可以识别的表格文件，或者已经损坏。{_RESAVE}")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    final = len(data) <= len(sample)  # a cut sample may end inside a character
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=final)
            return True
        except UnicodeDecodeError:
            continue
    return False


# --- workbooks (calamine) -------------------------------------------------------------------------------------

def _read_workbook(path: Path, data: bytes, kind: str) -> Iterator[SheetData]:
    if kind == "zip":
        _check_zip(path, data)
    else:
        _check_ole(path, data)
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    with _CalamineErrors(path):
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(book.sheets_metadata)
    order = sorted(
        (i for i, m in enumerate(metadata) if m.typ == SheetTypeEnum.WorkSheet),
        key=lambda i: metadata[i].visible != SheetVisibleEnum.Visible,
    )
    for index in order:
        with _CalamineErrors(path):
            sheet = book.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        if _has_data(rows):
            _fill_vertical_merges(rows, merged)
            yield SheetData(metadata[index].name, rows, list(merged))


def _fill_vertical_merges(rows: list[list[CellValue]], merged: list) -> None:
    """Rosters merge 所在党支部 down over all its members: give every row of such a merge its value.

    Only merges one column wide: a heading merged across a row must stay in its first cell, or it would
    look like a member whose name, ID and everything else are "第一党支部".
    """
    for (top, left), (bottom, right) in merged:
        if left != right or bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if value == "":
            continue
        for row in rows[top + 1: bottom + 1]:
            if len(row) <= left:
                row.extend([""] * (left + 1 - len(row)))
            if row[left] == "":
                row[left] = value


def _check_zip(path: Path, data: bytes) -> None:
    """Zip bombs, forged sizes, DTDs, encryption and damage are refused by zip_guard before calamine sees a byte
    (calamine, like openpyxl, does not bound decompression: DESIGN §10); then: is it a workbook at all?"""
    try:
        listing = check_package(path.name, data)
    except RefusedPackage as exc:
        raise UnusableFile(exc.message) from None
    if "xl/workbook.xml" in listing.names or "xl/workbook.bin" in listing.names:
        return
    if b"opendocument.spreadsheet" in listing.mimetype:
        return
    if "word/document.xml" in listing.names or b"opendocument.text" in listing.mimetype:
        raise UnusableFile(f"“{path.name}”是 Word 文档，不是表格。请使用 Excel 或 WPS 表格文件。")
    raise UnusableFile(f"“{path.name}”是一个压缩包，不是 Excel 表格。请解压后选择其中的表格文件。")


def _check_ole(path: Path, data: bytes) -> None:
    # An .xlsx saved with an open password is an OLE container holding EncryptionInfo and EncryptedPackage
    # streams; directory entries hold stream names in UTF-16LE. A protected .xls starts its workbook stream with
    # the BIFF8 globals BOF record followed at once by FILEPASS (calamine only says "Cannot detect file format").
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise _password(path)
    bof = data.find(_BIFF8_GLOBALS_BOF)
    if bof >= 0 and data[bof + 20:bof + 22] == _FILEPASS:
        raise _password(path)
    if "WordDocument".encode("utf-16-le") in data and "Workbook".encode("utf-16-le") not in data:
        raise UnusableFile(f"“{path.name}”是 Word 文档，不是表格。请使用 Excel 或 WPS 表格文件。")


def _password(path: Path) -> UnusableFile:
    return UnusableFile(password_message(path.name))


class _CalamineErrors:
    """Turns every calamine failure, Rust panics included (they derive from BaseException), into UnusableFile."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or isinstance(exc, (UnusableFile, KeyboardInterrupt, SystemExit, GeneratorExit)):
            return False
        if isinstance(exc, MemoryError):
            raise UnusableFile(f"“{self.path.name}”太大，内存不足，无法读取。请把数据分成几个文件分别导入。") from exc
        text = f"{type(exc).__name__} {exc}".lower()
        if "password" in text or "encrypt" in text:
            raise _password(self.path) from exc
        raise UnusableFile(f"“{self.path.name}”已损坏或格式不受支持，无法读取。{_RESAVE}") from exc


def _has_data(rows: list[list[CellValue]]) -> bool:
    return any(c != "" and not (isinstance(c, str) and not c.strip()) for row in rows for c in row)


# --- CSV ------------------------------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030 ⊃ GBK (Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _read_csv(path: Path, data: bytes) -> Iterator[SheetData]:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnusableFile(f"“{path.name}”不是文本格式的 CSV 文件，可能已损坏。{_RESAVE}")
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise UnusableFile(f"“{path.name}”的文字编码无法识别（不是 UTF-8 也不是 GBK）。{_RESAVE}") from None
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    delimiter = max(",\t;|", key=lambda d: sum(line.count(d) for line in lines))
    try:
        rows: list[list[CellValue]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise UnusableFile(f"“{path.name}”的 CSV 格式有误，无法读取。{_RESAVE}") from None
    if _has_data(rows):
        yield SheetData(path.stem, rows)
