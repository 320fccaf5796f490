"""Writing the roster (花名册), the blank member template and the problem list of an import as .xlsx files.

Exported rosters read back with read_member_sheet into the same records (unless masked), so a roster can be
exported, corrected in Excel and imported again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..domain.masking import mask_id_number, mask_phone
from ..domain.member import MemberRecord
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.roster import BOOLEAN_KEYS, DATE_KEYS, ROSTER_COLUMNS
from .member_template import write_member_template
from .xlsx_common import (
    DATE_FORMAT, TEXT_FORMAT, TITLE_COLOR, ExportFailed, atomic_save, clean_text, header_styles, save_or_discard,
    set_widths, setup_print, styled_cell,
)

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
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet("党员花名册")
    last = get_column_letter(len(ROSTER_COLUMNS))
    set_widths(ws, [c.width for c in ROSTER_COLUMNS])
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = "A3"
    ws.merged_cells.add(f"A1:{last}1")
    setup_print(ws, "2:2")
    ws.append([styled_cell(ws, clean_text(roster_title(org_name, as_of)),
                           font=Font(bold=True, size=16, color=TITLE_COLOR),
                           alignment=Alignment(horizontal="center", vertical="center"))])
    styles = header_styles()
    ws.append([styled_cell(ws, c.label, **styles) for c in ROSTER_COLUMNS])

    # One styled cell per format; each data cell copies its style array, far cheaper than setting attributes.
    text_style = styled_cell(ws, None, number_format=TEXT_FORMAT)._style
    date_style = styled_cell(ws, None, number_format=DATE_FORMAT)._style
    plan = [(c.key, _kind(c.key)) for c in ROSTER_COLUMNS]
    total = len(members)

    def fill() -> None:
        _fill_roster(ws, Cell, members, plan, text_style, date_style, masked, progress)
        ws.auto_filter.ref = f"A2:{last}{total + 2}"
        progress.check()
        progress.report(total, total, "正在保存文件…")

    save_or_discard(book, temp, fill)


def _fill_roster(ws, Cell, members, plan, text_style, date_style, masked, progress) -> None:  # noqa: N803
    total = len(members)
    for done, member in enumerate(members):
        if done % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(done, total, f"正在导出第 {done + 1} 人…")
        row: list[object] = []
        for key, kind in plan:
            value = getattr(member, key)
            if kind == "text":
                row.append(clean_text(value) if value else None)
            elif kind == "date":
                row.append(Cell(ws, row=1, column=1, value=value, style_array=date_style) if value else None)
            elif kind == "bool":
                row.append("是" if value else "否")
            elif value:  # ID or phone
                if masked:
                    value = mask_id_number(value) if key == "id_number" else mask_phone(value)
                row.append(Cell(ws, row=1, column=1, value=clean_text(value), style_array=text_style))
            else:
                row.append(None)
        ws.append(row)


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
    setup_print(ws, "1:1")
    ws.append([styled_cell(ws, h, **header_styles()) for h in PROBLEM_HEADERS])
    fonts = {kind: Font(color=color, bold=kind == "错误") for kind, color in _PROBLEM_COLORS.items()}
    wrap = Alignment(wrap_text=True, vertical="top")

    def fill() -> None:
        for row_number, column, kind, message in problems:
            kind_cell = styled_cell(ws, clean_text(kind), font=fonts[kind]) if kind in fonts else clean_text(kind)
            ws.append([row_number, clean_text(column), kind_cell,
                       styled_cell(ws, clean_text(message), alignment=wrap)])
        ws.auto_filter.ref = f"A1:D{len(problems) + 1}"

    save_or_discard(book, temp, fill)
