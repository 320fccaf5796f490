"""The parts of a meeting record below its form: the attendance table, the photos, the signature lines."""

import io
from collections.abc import Sequence
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, Spacer, Table, TableStyle

from dangjian_desktop.domain.meetings import Attendance, AttendanceStatus

from .fonts import BODY_FONT, HEADING_FONT
from .layout import BODY_SIZE, TABLE_SIZE, aligned, cell_text, form_styles, paragraph
from .ruled_table import ruled_grid

SINGLE_LIST_MAX = 6               # up to this many attendees: one list; more: two lists side by side
PHOTO_HALF_HEIGHT = 62 * mm       # two photos a row
PHOTO_FULL_WIDTH = 125 * mm       # a photo alone on its row
PHOTO_FULL_HEIGHT = 88 * mm
SIGNATURE_GAP = 14 * mm


@cache
def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    cell = ParagraphStyle("dj-meeting-cell", parent=form_styles().table_cell, fontSize=BODY_SIZE, leading=14)
    header = ParagraphStyle("dj-meeting-th", parent=form_styles().table_header, fontSize=BODY_SIZE, leading=14)
    caption = ParagraphStyle("dj-meeting-caption", parent=form_styles().table_cell, alignment=TA_CENTER)
    return cell, header, caption


def _heading(text: str) -> list[Flowable]:
    # A heading never stays alone at the bottom of a page.
    return [CondPageBreak(45 * mm), paragraph(text, form_styles().heading)]


def attendance_table(attendance: Sequence[Attendance], width: float) -> list[Flowable]:
    """序号, 姓名, 出席情况, 原因 for every expected attendee; a longer list runs in two halves side by side."""
    cell, header, _caption = _cell_styles()
    centered = aligned(cell, "center")
    halves = 1 if len(attendance) <= SINGLE_LIST_MAX else 2
    fixed = [11 * mm, 22 * mm, 19 * mm] if halves == 2 else [13 * mm, 30 * mm, 22 * mm]
    half_width = width / halves
    widths = [*fixed, half_width - sum(fixed)] * halves
    per_half = -(-len(attendance) // halves)
    labels = [paragraph(text, header) for text in ("序号", "姓名", "出席情况", "原因")]
    rows: list[list] = [labels * halves]
    for line in range(per_half):
        row: list = []
        for half in range(halves):
            index = half * per_half + line
            if index < len(attendance):
                attendee = attendance[index]
                row += [str(index + 1), cell_text(attendee.name, centered, widths[1] - 6), str(attendee.status),
                        cell_text(attendee.reason, cell, widths[3] - 6)]
            else:
                row += ["", "", "", ""]
        rows.append(row)
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE, cell.leading),
        *ruled_grid(),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        *[("ALIGN", (column, 1), (column, -1), "LEFT") for column in range(3, 4 * halves, 4)],
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if halves == 2:
        commands.append(("LINEAFTER", (3, 0), (3, -1), 1, colors.black))
    # Someone on leave or absent stands out even on a black-and-white copy.
    for number, row in enumerate(rows[1:], start=1):
        for column in range(2, 4 * halves, 4):
            if row[column] and row[column] != AttendanceStatus.PRESENT:
                commands.append(("FONT", (column, number), (column, number), HEADING_FONT, BODY_SIZE))
    table = Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands))
    return [*_heading("参会人员出席情况"), table]


def _photo_cell(number: int, photo, max_width: float, max_height: float) -> list[Flowable]:
    _cell, _header, caption_style = _cell_styles()
    caption = f"图{number}　{photo.caption}" if photo.caption else f"图{number}"
    if not photo.readable:
        note = paragraph(f"（照片“{photo.file_name}”无法读取，未能打印）", caption_style)
        return [note, paragraph(caption, caption_style)]
    scale = min(max_width / photo.width, max_height / photo.height)
    image = Image(io.BytesIO(photo.jpeg), width=photo.width * scale, height=photo.height * scale)
    return [image, Spacer(1, 2), paragraph(caption, caption_style)]


def photo_grid(photos: Sequence, width: float) -> list[Flowable]:
    """The heading 会议照片 and the photo table."""
    return [*_heading("会议照片"), photo_table(photos, width)]


def photo_table(photos: Sequence, width: float) -> Table:
    """The photos (meeting_photos.PrintPhoto), two a row scaled to fit, with their captions; a photo left alone
    on the last row is printed larger across the page."""
    half = width / 2
    rows: list[list] = []
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE),   # else the blank cell of a lone photo asks for Helvetica
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    for start in range(0, len(photos), 2):
        pair = photos[start:start + 2]
        if len(pair) == 2:
            rows.append([_photo_cell(start + n + 1, photo, half - 12, PHOTO_HALF_HEIGHT)
                         for n, photo in enumerate(pair)])
        else:
            commands.append(("SPAN", (0, len(rows)), (1, len(rows))))
            rows.append([_photo_cell(start + 1, pair[0], PHOTO_FULL_WIDTH, PHOTO_FULL_HEIGHT), ""])
    return Table(rows, colWidths=[half, half], style=TableStyle(commands))


def signature_lines(width: float) -> list[Flowable]:
    """主持人（签字）：______　记录人（签字）：______ — lines to sign on, at the end of the record."""
    label = aligned(form_styles().table_header, "right")
    label = ParagraphStyle("dj-sign", parent=label, fontSize=BODY_SIZE + 1, leading=16)
    label_width = 42 * mm
    line_width = width / 2 - label_width
    table = Table([[paragraph("主持人（签字）：", label), "", paragraph("记录人（签字）：", label), ""]],
                  colWidths=[label_width, line_width, label_width, line_width],
                  style=TableStyle([
                      ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                      ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                      ("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black),
                      ("LEFTPADDING", (0, 0), (-1, -1), 2),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                      ("FONT", (0, 0), (-1, -1), BODY_FONT, TABLE_SIZE),
                  ]))
    return [Spacer(1, SIGNATURE_GAP), table]
