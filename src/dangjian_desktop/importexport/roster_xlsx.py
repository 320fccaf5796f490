"""Writing the roster (花名册), the blank member template and the problem list of an import as .xlsx files.

Exported rosters read back with read_member_sheet into the same records (unless masked), so a roster can be
exported, corrected in Excel and imported again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from ..domain.masking import mask_id_number, mask_phone
from ..domain.member import MemberRecord
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.roster import BOOLEAN_KEYS, DATE_KEYS, ROSTER_COLUMNS
from .member_template import write_member_template
from .xlsx_common import (
    DATE_FORMAT, TEXT_FORMAT, TITLE_COLOR, ExportFailed, atomic_save, clean_text, header_styles, set_widths,
    setup_print, styled_cell,
)
from .xlsx_rows import column_letters, date_cell, number_cell, splice_rows, text_cell

__all__ = ["ExportFailed", "roster_title", "write_member_template", "write_problem_list", "write_roster_xlsx"]

TEXT_KEYS = frozenset({"id_number", "phone"})  # digits that Excel must not turn into numbers
PROGRESS_EVERY = 500
PROBLEM_HEADERS = ("行号", "列名", "类别", "说明")
_PROBLEM_COLORS = {"错误": "C00000", "警告": "B7791F", "已修正": "2E7D32"}


def roster_title(org_name: str, as_of: date) -> str:
    return f"{org_name}党员花名册（截至{as_of.year}年{as_of.month:02d}月{as_of.day:02d}日）"


def write_roster_xlsx(path: str | Path, members: Sequence[MemberRecord], *, org_name: str, as_of: date,
                      masked: bool, progress: Progress = NO_PROGRESS) -> None:
    """The roster with every standard column: title row, header row, one row per member.

    IDs and phones are text cells, dates real dates, booleans 是/否; masked=True hides the middle of IDs and
    phones. Raises ExportFailed (Chinese message) or Cancelled; either way no file or the old file stays.
    """
    atomic_save(path, lambda temp: _write_roster(temp, members, org_name, as_of, masked, progress))


def _write_roster(temp: Path, members: Sequence[MemberRecord], org_name: str, as_of: date, masked: bool,
                  progress: Progress) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    # openpyxl lays out the sheet (title, header, styles, panes, filter, printing); the member rows are
    # streamed in afterwards by xlsx_rows, ~8x faster than openpyxl's own cells.
    book = Workbook(write_only=True)
    ws = book.create_sheet("党员花名册")
    letters = column_letters(len(ROSTER_COLUMNS))
    set_widths(ws, [c.width for c in ROSTER_COLUMNS])
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = "A3"
    ws.merged_cells.add(f"A1:{letters[-1]}1")
    ws.auto_filter.ref = f"A2:{letters[-1]}{len(members) + 2}"
    setup_print(ws, "2:2")
    ws.append([styled_cell(ws, clean_text(roster_title(org_name, as_of)),
                           font=Font(bold=True, size=16, color=TITLE_COLOR),
                           alignment=Alignment(horizontal="center", vertical="center"))])
    styles = header_styles()
    ws.append([styled_cell(ws, c.label, **styles) for c in ROSTER_COLUMNS])
    text_style = styled_cell(ws, None, number_format=TEXT_FORMAT).style_id  # registers the formats
    date_style = styled_cell(ws, None, number_format=DATE_FORMAT).style_id
    skeleton = io.BytesIO()
    book.save(skeleton)

    plan = [(letter, c.key, _kind(c.key)) for letter, c in zip(letters, ROSTER_COLUMNS)]
    rows = _roster_rows(members, plan, text_style, date_style, masked, progress)
    splice_rows(skeleton.getvalue(), temp, "xl/worksheets/sheet1.xml", rows)
    progress.report(len(members), len(members), "导出完成")


def _roster_rows(members: Sequence[MemberRecord], plan: list[tuple[str, str, str]], text_style: int,
                 date_style: int, masked: bool, progress: Progress) -> Iterator[str]:
    total = len(members)
    for done, member in enumerate(members):
        if done % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(done, total, f"正在导出第 {done + 1} 人…")
        number = done + 3  # below the title and the header
        cells = [f'<row r="{number}">']
        for letter, key, kind in plan:
            value = getattr(member, key)
            if kind == "bool":
                cells.append(text_cell(f"{letter}{number}", "是" if value else "否"))
            elif not value:
                continue
            elif kind == "text":
                cells.append(text_cell(f"{letter}{number}", value))
            elif kind == "date":
                cells.append(date_cell(f"{letter}{number}", value, date_style))
            else:  # ID or phone: text cells with the text format, so editing them in Excel keeps them text
                if masked:
                    value = mask_id_number(value) if key == "id_number" else mask_phone(value)
                cells.append(text_cell(f"{letter}{number}", value, text_style))
        cells.append("</row>")
        yield "".join(cells)
    progress.check()
    progress.report(total, total, "正在保存文件…")


def _kind(key: str) -> str:
    if key in DATE_KEYS:
        return "date"
    if key in BOOLEAN_KEYS:
        return "bool"
    if key in TEXT_KEYS:
        return "digits"
    return "text"


def write_problem_list(path: str | Path, problems: Sequence[tuple[int, str, str, str]]) -> None:
    """The problems found in an import — (sheet row, 列名, 错误/警告/已修正, 说明) — for the user to fix in Excel."""
    atomic_save(path, lambda temp: _write_problems(temp, problems))


def _write_problems(temp: Path, problems: Sequence[tuple[int, str, str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    ws = book.create_sheet("问题清单")
    set_widths(ws, [8, 16, 10, 70])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{len(problems) + 1}"
    setup_print(ws, "1:1")
    ws.append([styled_cell(ws, h, **header_styles()) for h in PROBLEM_HEADERS])
    kind_styles = {kind: styled_cell(ws, None, font=Font(color=color, bold=kind == "错误")).style_id
                   for kind, color in _PROBLEM_COLORS.items()}
    wrap = styled_cell(ws, None, alignment=Alignment(wrap_text=True, vertical="top")).style_id
    skeleton = io.BytesIO()
    book.save(skeleton)

    def rows() -> Iterator[str]:
        for number, (row_number, column, kind, message) in enumerate(problems, 2):
            yield (f'<row r="{number}">{number_cell(f"A{number}", row_number)}{text_cell(f"B{number}", column)}'
                   f'{text_cell(f"C{number}", kind, kind_styles.get(kind))}{text_cell(f"D{number}", message, wrap)}'
                   "</row>")

    splice_rows(skeleton.getvalue(), temp, "xl/worksheets/sheet1.xml", rows())
