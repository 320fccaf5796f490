"""The Excel ledger of meetings (三会一课台账): one row per meeting with its attendance counts.

A street records a few thousand meetings a year, so openpyxl's own write-only cells are fast enough here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.progress import NO_PROGRESS, Progress
from .xlsx_common import DATE_FORMAT, atomic_save, clean_text, styled_cell, write_ledger_sheet

SHEET_NAME = "三会一课台账"
# (header, width): the order of LedgerRow's values
LEDGER_COLUMNS = (
    ("序号", 6), ("所在党支部", 28), ("党小组", 14), ("会议类型", 13), ("第几次", 8), ("日期", 12),
    ("开始时间", 9), ("结束时间", 9), ("地点", 24), ("主持人", 10), ("记录人", 10), ("主题", 40),
    ("应到", 7), ("实到", 7), ("请假", 7), ("缺席", 7), ("是否达到法定人数", 10), ("状态", 8),
)
PROGRESS_EVERY = 200
NO_QUORUM_COLOR = "C00000"


@dataclass(frozen=True)
class LedgerRow:
    branch: str
    group: str                # the 党小组 of a 党小组会, else ""
    type: str
    sequence: int | None
    held_on: date
    start_time: str
    end_time: str
    location: str
    host: str
    recorder: str
    topic: str
    expected: int
    present: int
    leave: int
    absent: int
    has_quorum: bool | None   # 支部党员大会 only
    status: str               # 草稿 / 定稿


def write_meeting_ledger(path: str | Path, rows: Sequence[LedgerRow], *, title: str,
                         progress: Progress = NO_PROGRESS) -> None:
    """Title row, a bold frozen header with filters, one row per meeting. Written to a temp file and renamed:
    raises ExportFailed (Chinese message) or Cancelled, and either way no half file is left."""
    atomic_save(path, lambda temp: _write(temp, rows, title, progress))


def _write(temp: Path, rows: Sequence[LedgerRow], title: str, progress: Progress) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(SHEET_NAME)
    # The rows are made before any is written: a write-only sheet left half-written when the user cancels
    # complains as it is thrown away.
    values = _values(ws, rows, progress)
    write_ledger_sheet(ws, title, LEDGER_COLUMNS, values)
    progress.report(len(rows), len(rows), "正在保存文件…")
    book.save(temp)


def _values(ws, rows: Sequence[LedgerRow], progress: Progress) -> list[list]:
    from openpyxl.styles import Font

    no_quorum = Font(bold=True, color=NO_QUORUM_COLOR)
    values = []
    for index, row in enumerate(rows):
        if index % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(index, len(rows), f"正在导出第 {index + 1} 条…")
        quorum = "" if row.has_quorum is None else "是" if row.has_quorum else "否"
        values.append([
            index + 1, clean_text(row.branch), clean_text(row.group), row.type, row.sequence,
            styled_cell(ws, row.held_on, number_format=DATE_FORMAT), row.start_time, row.end_time,
            clean_text(row.location), clean_text(row.host), clean_text(row.recorder), clean_text(row.topic),
            row.expected, row.present, row.leave, row.absent,
            styled_cell(ws, quorum, font=no_quorum) if row.has_quorum is False else quorum, row.status,
        ])
    progress.check()
    return values
