"""What every Excel file we write shares: the all-or-nothing save, the house styles, cell text clean-up.

openpyxl is imported inside functions only: it costs ~125 ms at start-up (DESIGN §10).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

HEADER_FILL = "F2F2F2"   # calm light grey; the party red stays for headings in the program itself
TITLE_COLOR = "C8161D"
EXAMPLE_COLOR = "808080"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"

# Control characters that pasted text brings along and that Excel refuses (openpyxl raises on them), and
# lone surrogates that cannot be written as UTF-8.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportFailed(OSError):
    """Writing a file failed; `message` is Chinese and says what to do. Nothing half-written is left behind.

    An OSError, so callers that already report file errors (the command line) report this one too.
    """

    def __init__(self, message: str, filename: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.strerror = message
        self.filename = str(filename) if filename is not None else None

    def __str__(self) -> str:
        return self.message


def clean_text(text: str) -> str:
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def atomic_save(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call write(temp_path) for a temp file beside `path`, then rename it over `path`.

    A cancel (domain.progress.Cancelled) or any failure removes the temp file, so the user never finds a half
    file; OSErrors become ExportFailed with a Chinese message.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportFailed(f"文件夹“{path.parent}”不存在，请重新选择保存位置。", path)
    # Not mkstemp: its 0600 mode would stick to the renamed file; the writer creates it with normal rights.
    temp = path.with_name(f"~{path.stem}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(temp)
        os.replace(temp, path)
    except PermissionError:
        _remove(temp)
        raise ExportFailed(f"无法保存“{path.name}”：文件可能正在 Excel 或 WPS 中打开，或者没有写入该文件夹的权限。"
                           "请关闭文件后重试，或换一个位置。", path) from None
    except OSError as exc:
        _remove(temp)
        raise ExportFailed(f"保存“{path.name}”失败（{exc.strerror or exc}），请检查磁盘空间后重试。", path) from None
    except BaseException:
        _remove(temp)
        raise


def _remove(temp: Path) -> None:
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        pass


def header_styles() -> dict[str, object]:
    """Font, fill, alignment and border for header cells."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    return {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def styled_cell(ws, value, **styles):
    """A write-only cell with the given style attributes (font=, fill=, number_format=, …)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    for name, style in styles.items():
        setattr(cell, name, style)
    return cell


def set_widths(ws, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def setup_print(ws, title_rows: str) -> None:
    """A4 landscape, all columns on one page width, header repeated on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = title_rows


def write_template_sheet(ws, columns, required: Collection[str], examples: Mapping[str, object],  # noqa: ANN001
                         format_of: Callable[[str], str | None], example_alignment=None) -> None:  # noqa: ANN001
    """An import template's data sheet: the header row (required columns starred and in the title colour),
    one grey italic example row, each column's width and number format (also set on rows 3-102 for programs
    that ignore column formats), and the header frozen."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    styles = header_styles()
    required_font = Font(bold=True, color=TITLE_COLOR)
    example_font = Font(italic=True, color=EXAMPLE_COLOR)
    for index, column in enumerate(columns, 1):
        is_required = column.key in required
        cell = ws.cell(row=1, column=index, value=("*" if is_required else "") + column.label)
        for name, style in styles.items():
            setattr(cell, name, style)
        if is_required:
            cell.font = required_font
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        number_format = format_of(column.key)
        if number_format:
            dimension.number_format = number_format  # new cells typed into the column get it too
        example = ws.cell(row=2, column=index, value=examples.get(column.key))
        example.font = example_font
        if number_format:
            example.number_format = number_format
        if example_alignment is not None:
            example.alignment = example_alignment
        if number_format:
            for row in range(3, 103):
                ws.cell(row=row, column=index).number_format = number_format
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"


def write_guide_sheet(book, name: str, title: str, first_width: int, general_notes: Iterable[str],  # noqa: ANN001
                      columns, required: Collection[str], notes: Mapping[str, str]) -> None:  # noqa: ANN001
    """An import template's notes sheet: a title, the general notes, then one line per column (名称, 必填, 要求)."""
    from openpyxl.styles import Alignment, Font

    styles = header_styles()
    guide = book.create_sheet(name)
    for letter, width in (("A", first_width), ("B", 8), ("C", 90)):
        guide.column_dimensions[letter].width = width
    guide.append([title])
    guide["A1"].font = Font(bold=True, size=14, color=TITLE_COLOR)
    guide.merge_cells("A1:C1")
    wrap = Alignment(wrap_text=True, vertical="top")
    for note in general_notes:
        guide.append([note])
        guide.merge_cells(start_row=guide.max_row, start_column=1, end_row=guide.max_row, end_column=3)
        guide.cell(row=guide.max_row, column=1).alignment = wrap
        guide.row_dimensions[guide.max_row].height = 32
    guide.append([])
    guide.append(["列名", "必填", "填写要求"])
    for cell in guide[guide.max_row]:
        for attribute, style in styles.items():
            setattr(cell, attribute, style)
    for column in columns:
        guide.append([column.label, "是" if column.key in required else "", notes.get(column.key, "")])
        guide.cell(row=guide.max_row, column=3).alignment = wrap


def write_ledger_sheet(ws, title: str, columns: Sequence[tuple[str, int]], values: list[list]) -> None:  # noqa: ANN001
    """A ledger on a write-only sheet: the title merged across row 1, the bold header on row 2 (frozen, with
    filters, repeated on every printed page), then the rows as made by the caller."""
    from openpyxl.styles import Alignment, Font

    from .xlsx_rows import column_letters

    last = column_letters(len(columns))[-1]
    set_widths(ws, [width for _, width in columns])
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = "A3"
    ws.merged_cells.add(f"A1:{last}1")
    ws.auto_filter.ref = f"A2:{last}{len(values) + 2}"
    setup_print(ws, "2:2")
    ws.append([styled_cell(ws, clean_text(title), font=Font(bold=True, size=16, color=TITLE_COLOR),
                           alignment=Alignment(horizontal="center", vertical="center"))])
    ws.append([styled_cell(ws, name, **header_styles()) for name, _ in columns])
    for row in values:
        ws.append(row)
