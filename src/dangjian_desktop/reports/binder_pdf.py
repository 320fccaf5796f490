"""The 三会一课台账 binder: a cover, a table of contents with page numbers, then every record, each starting on
a new page, in one PDF with continuous page numbers — what inspectors leaf through.

One layout pass: the contents print their page numbers through PageRef, filled in when the document is saved.
Records are loaded one at a time (load(meeting_id)), so only their print-size photos stay in memory.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from dangjian_desktop.domain.meetings import MeetingRecord
from dangjian_desktop.domain.progress import NO_PROGRESS, Progress

from .fonts import BODY_FONT, HEADING_FONT
from .layout import (
    A4_PORTRAIT, TABLE_SIZE, PageDecor, PageMark, PageRef, aligned, build_pdf, form_styles, paragraph, title_block,
)
from .meeting_pdf import organisation_line, record_story
from .ruled_table import ruled_grid

BINDER_TITLE = "三会一课台账"
# 序号, 日期, 党组织, 会议类型, 次数, 主题 (what is left), 页码
TOC_WIDTHS = (10 * mm, 21 * mm, 38 * mm, 25 * mm, 14 * mm, 0, 12 * mm)


@dataclass(frozen=True)
class BinderCover:
    street: str                 # the 街道党工委, on the cover and in the header of the contents
    scope: str                  # 全部党支部, or the branches chosen
    date_from: date
    date_to: date
    printed_on: date


@dataclass(frozen=True)
class _TocEntry:
    anchor: str
    held_on: date
    organisation: str
    type: str
    sequence: int | None
    topic: str


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cover(cover: BinderCover, count: int) -> list[Flowable]:
    base = form_styles()
    street = ParagraphStyle("dj-cover-street", parent=base.title, fontSize=20, leading=30)
    title = ParagraphStyle("dj-cover-title", parent=base.title, fontSize=40, leading=56)
    label = ParagraphStyle("dj-cover-label", parent=base.heading, fontSize=13, leading=22, spaceBefore=0,
                           spaceAfter=0)
    value = ParagraphStyle("dj-cover-value", parent=base.body, fontSize=13, leading=22, firstLineIndent=0)
    lines = [("党 组 织", cover.scope), ("时间范围", f"{_day(cover.date_from)} 至 {_day(cover.date_to)}"),
             ("记录份数", f"{count} 份"), ("打印日期", _day(cover.printed_on))]
    facts = Table([[paragraph(f"{name}：", aligned(label, "right")), paragraph(text, value)] for name, text in lines],
                  colWidths=[32 * mm, 92 * mm], style=TableStyle([
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
                      ("TOPPADDING", (0, 0), (-1, -1), 5),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                  ]))
    rule = Table([[""]], colWidths=[A4_PORTRAIT.frame_width * 0.7], rowHeights=[4], style=TableStyle([
        ("LINEABOVE", (0, 0), (-1, 0), 1.5, colors.HexColor("#C8161D")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#C8161D")),
    ]))
    return [PageMark(PageDecor(cover.street, numbered=False)), Spacer(1, 40 * mm), paragraph(cover.street, street),
            Spacer(1, 14 * mm), paragraph(BINDER_TITLE, title), Spacer(1, 6 * mm), rule, Spacer(1, 45 * mm), facts]


def _contents(cover: BinderCover, entries: Sequence[_TocEntry]) -> list[Flowable]:
    cell = form_styles().table_cell
    centered = aligned(cell, "center")
    header = form_styles().table_header
    widths = list(TOC_WIDTHS)
    widths[5] = A4_PORTRAIT.frame_width - sum(widths)
    rows: list[list] = [[paragraph(text, header) for text in ("序号", "日期", "党组织", "会议类型", "次数", "主题",
                                                               "页码")]]
    for number, entry in enumerate(entries, start=1):
        rows.append([str(number), f"{entry.held_on:%Y-%m-%d}", paragraph(entry.organisation, cell),
                     paragraph(entry.type, centered), f"第{entry.sequence}次" if entry.sequence else "",
                     paragraph(entry.topic, cell), PageRef(entry.anchor, BODY_FONT, TABLE_SIZE)])
    table = Table(rows, colWidths=widths, repeatRows=1, style=TableStyle([
        ("FONT", (0, 0), (-1, -1), BODY_FONT, TABLE_SIZE),
        ("FONT", (0, 0), (-1, 0), HEADING_FONT, TABLE_SIZE),
        *ruled_grid(bottom_padding=4),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    decor = PageDecor(cover.street, f"{BINDER_TITLE}　目录")
    return [PageMark(decor), *title_block("目　　录", f"{cover.scope}　{_day(cover.date_from)} 至 "
                                          f"{_day(cover.date_to)}　共 {len(entries)} 份记录"), table]


def write_binder_pdf(path: str | os.PathLike, cover: BinderCover, meeting_ids: Sequence[int],
                     load: Callable[[int], MeetingRecord], *, progress: Progress = NO_PROGRESS) -> int:
    """Write the binder of the meetings meeting_ids, in that order, to path and return its page count.

    load(meeting_id) reads one record. Raises Cancelled (leaving no file) when the user cancels.
    """
    total = len(meeting_ids)
    work = 2 * total or 1      # half for reading the records (and their photos), half for laying out the pages
    records: list[Flowable] = []
    entries: list[_TocEntry] = []
    for index, meeting_id in enumerate(meeting_ids):
        progress.check()
        progress.report(index, work, f"正在整理第 {index + 1} 份记录（共 {total} 份）…")
        record = load(meeting_id)
        anchor = f"r{index}"
        entries.append(_TocEntry(anchor, record.held_on, organisation_line(record), str(record.type),
                                 record.sequence, record.topic))
        records += [PageBreak(), *record_story(record, anchor=anchor, on_photo=progress.check)]
    progress.report(total, work, "正在排版…")
    placed = 0

    def on_flowable(flowable: Flowable) -> None:
        nonlocal placed
        progress.check()
        if isinstance(flowable, PageMark) and flowable.anchor:
            placed += 1
            progress.report(total + placed, work, f"正在排版第 {placed} 份记录…")

    story = [*_cover(cover, total), PageBreak(), *_contents(cover, entries), *records]
    pages = build_pdf(path, story, header=cover.street, header_right=BINDER_TITLE, title=f"{cover.street}{BINDER_TITLE}",
                      on_flowable=on_flowable)
    progress.report(work, work, "完成")
    return pages
