"""The printed meeting record (会议记录): A4 portrait, every field of DESIGN §5 in a bordered form, the
attendance table, the photos and the signature lines. Long texts flow over as many pages as they need.

record_story() is shared with the binder (binder_pdf), which prints many records in one document.
"""

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from dangjian_desktop.domain.meetings import Attendance, AttendanceStatus, MeetingRecord, MeetingType, RecordStatus
from dangjian_desktop.domain.progress import NO_PROGRESS, Progress

from .fonts import BODY_FONT, HEADING_FONT
from .layout import A4_PORTRAIT, BODY_SIZE, PageDecor, PageMark, build_pdf, cell_text, paragraph, title_block
from .meeting_photos import prepare_photo
from .meeting_pieces import attendance_table, photo_grid, signature_lines

FRAME_WIDTH = A4_PORTRAIT.frame_width
LABEL_WIDTH = 26 * mm
VALUE_WIDTH = (FRAME_WIDTH - 2 * LABEL_WIDTH) / 2
PAD_X, PAD_TOP, PAD_BOTTOM = 4, 4, 5.5      # CJK glyphs sit low in their em box
LEADING = 16
LABEL_FILL = colors.HexColor("#F2F2F2")
TEXT_PIECE_LINES = 2     # long texts go into rows of this many lines: a page break wastes at most one line
MAX_CELL_HEIGHT = 160    # a label/value cell taller than this becomes a section of its own (it may need pages)
EMPTY_TEXT_HEIGHT = 30 * mm   # room left to write by hand under an empty 会议内容 or 决议
_WEEKDAYS = "一二三四五六日"


def meeting_title(record: MeetingRecord, suffix: str = "记录") -> str:
    """幸福里社区第一党支部支部党员大会记录; an 其他 meeting is a 会议记录."""
    kind = "会议" if record.type == MeetingType.OTHER else record.type
    return f"{record.org_name}{kind}{suffix}"


def organisation_line(record: MeetingRecord) -> str:
    """The branch, and the group for a 党小组会: what the page header names."""
    if record.org_name and record.org_name != record.branch_name:
        return f"{record.branch_name}　{record.org_name}"
    return record.branch_name or record.org_name


def sequence_text(record: MeetingRecord) -> str:
    return f"{record.held_on.year}年第{record.sequence}次" if record.sequence else ""


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"


def time_text(record: MeetingRecord) -> str:
    """The date with the start–end time, as much of it as is known."""
    if record.start_time and record.end_time:
        return f"{day_text(record.held_on)} {record.start_time}—{record.end_time}"
    if record.start_time:
        return f"{day_text(record.held_on)} {record.start_time} 起"
    return day_text(record.held_on)


def record_decor(record: MeetingRecord) -> PageDecor:
    """The header of the record's pages; a draft carries a 草稿 watermark so it is not taken for the record."""
    right = "　".join(part for part in (str(record.type), sequence_text(record)) if part)
    watermark = "草稿" if record.status != RecordStatus.FINAL else ""
    return PageDecor(organisation_line(record), right, watermark)


@dataclass(frozen=True)
class _Styles:
    value: ParagraphStyle
    strong: ParagraphStyle
    text: ParagraphStyle


@cache
def _styles() -> _Styles:
    common = dict(fontSize=BODY_SIZE, leading=LEADING, wordWrap="CJK", allowWidows=1, allowOrphans=1)
    return _Styles(
        value=ParagraphStyle("dj-meeting-value", fontName=BODY_FONT, **common),
        strong=ParagraphStyle("dj-meeting-strong", fontName=HEADING_FONT, **common),
        text=ParagraphStyle("dj-meeting-text", fontName=BODY_FONT, alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE,
                            **common | {"leading": 19}),
    )


def text_pieces(text: str, style: ParagraphStyle, width: float, lines: int) -> list[Paragraph]:
    """Paragraphs of text (one per line of input, blank lines dropped), each cut into pieces of at most `lines`
    lines, so that a table row never has to be taller than a page."""
    limit = style.leading * lines + 1
    pieces: list[Paragraph] = []
    for source in text.splitlines():
        source = source.strip()      # users indent with spaces or 全角空格; the style indents every paragraph
        if not source:
            continue
        rest = paragraph(source, style)
        while rest.wrap(width, 1e6)[1] > limit:
            parts = rest.split(width, limit)
            if len(parts) < 2:
                break
            pieces.append(parts[0])
            rest = parts[1]
        pieces.append(rest)
    return pieces


class Form:
    """The bordered form: label/value rows over four columns, and sections (a grey heading row across the
    form, then the text in rows without lines between them, so it reads as one box that pages can cut)."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.commands: list[tuple] = []

    def _add(self, cells: list) -> int:
        self.rows.append(cells)
        return len(self.rows) - 1

    def _label(self, row: int, column: int) -> None:
        cell = (column, row)
        self.commands += [("FONT", cell, cell, HEADING_FONT, BODY_SIZE, LEADING), ("ALIGN", cell, cell, "CENTER"),
                          ("BACKGROUND", cell, cell, LABEL_FILL)]

    def pair(self, label1: str, value1: str, label2: str, value2: str) -> None:
        style = _styles().value
        inner = VALUE_WIDTH - 2 * PAD_X
        row = self._add([label1, cell_text(value1, style, inner), label2, cell_text(value2, style, inner)])
        self.commands.append(("GRID", (0, row), (-1, row), 0.5, colors.black))
        self._label(row, 0)
        self._label(row, 2)

    def wide(self, label: str, value: str, *, strong: bool = False) -> None:
        styles = _styles()
        inner = FRAME_WIDTH - LABEL_WIDTH - 2 * PAD_X
        cell = cell_text(value, styles.strong if strong else styles.value, inner)
        if isinstance(cell, Paragraph) and cell.wrap(inner, 1e6)[1] > MAX_CELL_HEIGHT:
            self.section(label, value, styles.value)
            return
        row = self._add([label, cell, "", ""])
        self.commands += [("SPAN", (1, row), (-1, row)), ("GRID", (0, row), (-1, row), 0.5, colors.black),
                          ("FONT", (1, row), (1, row), HEADING_FONT if strong else BODY_FONT, BODY_SIZE, LEADING)]
        self._label(row, 0)

    def section(self, heading: str, text: str, style: ParagraphStyle | None = None) -> None:
        row = self._add([heading, "", "", ""])
        self.commands += [("SPAN", (0, row), (-1, row)), ("GRID", (0, row), (-1, row), 0.5, colors.black),
                          ("FONT", (0, row), (0, row), HEADING_FONT, BODY_SIZE, LEADING),
                          ("BACKGROUND", (0, row), (-1, row), LABEL_FILL)]
        pieces = text_pieces(text, style or _styles().text, FRAME_WIDTH - 2 * PAD_X, TEXT_PIECE_LINES)
        first = row + 1
        for piece in pieces or [Spacer(1, EMPTY_TEXT_HEIGHT)]:
            row = self._add([piece, "", "", ""])
            self.commands += [("SPAN", (0, row), (-1, row)), ("TOPPADDING", (0, row), (-1, row), 0),
                              ("BOTTOMPADDING", (0, row), (-1, row), 0)]
        # the text's own box: a little air above and below, a line under it
        self.commands += [("TOPPADDING", (0, first), (-1, first), PAD_TOP),
                          ("BOTTOMPADDING", (0, row), (-1, row), PAD_BOTTOM),
                          ("LINEBELOW", (0, row), (-1, row), 0.5, colors.black)]

    def table(self) -> Table:
        style = TableStyle([
            ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE, LEADING),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
            *self.commands,
            ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ])
        return Table(self.rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH], style=style)


def _names(attendees: Sequence[Attendance]) -> str:
    if not attendees:
        return "无"
    return "、".join(f"{a.name}（{a.reason}）" if a.reason else a.name for a in attendees)


def _quorum_line(record: MeetingRecord) -> str:
    counts = f"有表决权的正式党员应到 {record.voting_expected} 人，实到 {record.voting_present} 人"
    if record.lacks_quorum:
        return f"※ 未达到法定人数：{counts}，未超过半数。"
    return f"达到（{counts}，超过半数）"


def _form(record: MeetingRecord) -> Table:
    form = Form()
    form.pair("会议时间", time_text(record), "会议地点", record.location)
    if record.planned_at is not None:
        form.wide("计划时间", f"{day_text(record.planned_at.date())} {record.planned_at:%H:%M}")
    form.pair("主持人", record.host, "记录人", record.recorder)
    if record.type == MeetingType.LECTURE:
        form.wide("讲课人", record.lecturer)
    form.pair("应到人数", f"{record.expected} 人", "实到人数", f"{record.present} 人")
    form.pair("请假人数", f"{record.count(AttendanceStatus.LEAVE)} 人",
              "缺席人数", f"{record.count(AttendanceStatus.ABSENT)} 人")
    if record.type == MeetingType.PARTY_CONGRESS:
        form.wide("法定人数", _quorum_line(record), strong=record.lacks_quorum)
    form.wide("请假人员", _names([a for a in record.attendance if a.status == AttendanceStatus.LEAVE]))
    form.wide("缺席人员", _names([a for a in record.attendance if a.status == AttendanceStatus.ABSENT]))
    form.wide("列席人员", record.observers)
    form.wide("到会指导人员", record.guidance_staff)
    form.wide("会议主题", record.topic)
    form.section("会议内容（发言要点）", record.content)
    form.section("会议决议", record.resolution)
    form.wide("表决情况", record.vote_result)
    return form.table()


def record_story(record: MeetingRecord, *, anchor: str = "",
                 on_photo: Callable[[], None] = lambda: None) -> list[Flowable]:
    """The flowables of one record, starting with the PageMark that sets its page header (and names its first
    page `anchor`). on_photo is called after each photo is prepared (the caller's progress and cancel check)."""
    status = "定稿" if record.status == RecordStatus.FINAL else "草稿（未定稿）"
    subtitle = "　　".join(part for part in (sequence_text(record), f"记录状态：{status}") if part)
    story: list[Flowable] = [PageMark(record_decor(record), anchor), *title_block(meeting_title(record), subtitle),
                             _form(record)]
    if record.attendance:
        story += attendance_table(record.attendance, FRAME_WIDTH)
    photos = []
    if record.photos:    # Pillow decodes and scales outside the GIL: one thread per core
        with ThreadPoolExecutor(max_workers=min(len(record.photos), os.cpu_count() or 1)) as pool:
            for prepared in pool.map(prepare_photo, record.photos):
                photos.append(prepared)
                on_photo()
    if photos:
        story += photo_grid(photos, FRAME_WIDTH)
    story += signature_lines(FRAME_WIDTH)
    return story


def write_meeting_pdf(path: str | os.PathLike, record: MeetingRecord, *, progress: Progress = NO_PROGRESS) -> int:
    """Write one meeting record to path as a PDF and return its page count (raises Cancelled, leaving no file)."""
    total = len(record.photos) + 2
    done = 0
    progress.check()
    progress.report(0, total, "正在整理会议记录…")

    def photo_ready() -> None:
        nonlocal done
        done += 1
        progress.check()
        progress.report(done, total, "正在处理照片…")

    story = record_story(record, on_photo=photo_ready)
    progress.report(total - 1, total, "正在排版…")
    pages = build_pdf(path, story, header=organisation_line(record), title=meeting_title(record),
                      on_flowable=lambda _flowable: progress.check())
    progress.report(total, total, "完成")
    return pages
