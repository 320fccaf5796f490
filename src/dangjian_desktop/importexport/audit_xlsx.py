"""The audit log as an Excel file for the 审计员: a title row, a bold frozen header with filters, one row per entry
(its details in words), failed and refused actions in red, A4 landscape printing with the header repeated.

A year of a busy office is 100,000 entries and more, so openpyxl lays out the sheet and the rows are streamed in
as SpreadsheetML (xlsx_rows), as for the roster. Written to a temp file and renamed: ExportFailed (Chinese) or
Cancelled leave no half file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.progress import NO_PROGRESS, Progress
from .xlsx_common import atomic_save, styled_cell, write_ledger_sheet
from .xlsx_rows import column_letters, number_cell, splice_rows, text_cell

SHEET_NAME = "审计日志"
# (header, width): the order of AuditRow's fields
AUDIT_COLUMNS = (
    ("序号", 9), ("时间", 20), ("用户", 12), ("角色", 9), ("计算机", 16), ("操作", 12), ("对象", 32), ("内容", 70),
    ("结果", 7),
)
FAILED_RESULTS = ("失败", "拒绝")
FAILED_COLOR = "C00000"
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class AuditRow:
    number: int
    at: str
    user: str
    role: str
    machine: str
    action: str
    target: str
    content: str      # the details in words
    result: str


def write_audit_xlsx(path: str | Path, rows: Sequence[AuditRow], *, title: str,
                     progress: Progress = NO_PROGRESS) -> None:
    atomic_save(path, lambda temp: _write(temp, rows, title, progress))


def _write(temp: Path, rows: Sequence[AuditRow], title: str, progress: Progress) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(SHEET_NAME)
    write_ledger_sheet(ws, title, AUDIT_COLUMNS, [])
    letters = column_letters(len(AUDIT_COLUMNS))
    ws.auto_filter.ref = f"A2:{letters[-1]}{len(rows) + 2}"   # the rows are spliced in below
    failed_style = styled_cell(ws, None, font=Font(color=FAILED_COLOR)).style_id
    skeleton = io.BytesIO()
    book.save(skeleton)
    splice_rows(skeleton.getvalue(), temp, "xl/worksheets/sheet1.xml",
                _rows(rows, letters, failed_style, progress))
    progress.report(len(rows), len(rows), "导出完成")


def _rows(rows: Sequence[AuditRow], letters: list[str], failed_style: int, progress: Progress) -> Iterator[str]:
    total = len(rows)
    for done, row in enumerate(rows):
        if done % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(done, total, f"正在导出第 {done + 1:,} 条…")
        number = done + 3  # below the title and the header
        style = failed_style if row.result in FAILED_RESULTS else None
        texts = (row.at, row.user, row.role, row.machine, row.action, row.target, row.content, row.result)
        cells = [number_cell(f"A{number}", row.number, style)]
        cells += [text_cell(f"{letter}{number}", value, style) for letter, value in zip(letters[1:], texts, strict=True) if value]
        yield f'<row r="{number}">{"".join(cells)}</row>'
    progress.check()
    progress.report(total, total, "正在保存文件…")
