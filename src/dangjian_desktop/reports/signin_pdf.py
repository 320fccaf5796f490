"""The sign-in sheet (签到表), printed before a meeting: the expected attendees, with room to sign by hand, and
blank rows for 列席 guests."""

import os

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingRecord, MeetingType

from .fonts import BODY_FONT, HEADING_FONT
from .layout import A4_PORTRAIT, BODY_SIZE, aligned, build_pdf, form_styles, paragraph, title_block
from .meeting_pdf import meeting_title, organisation_line, time_text

ROW_HEIGHT = 11 * mm            # room for a handwritten signature
HEADER_HEIGHT = 9 * mm
GUEST_ROWS = 4
WIDTHS = (12 * mm, 28 * mm, 0, 28 * mm, 34 * mm)     # 签名 takes what is left
HEADER_FILL = colors.HexColor("#EDEDED")


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = form_styles()
    label = ParagraphStyle("dj-signin-label", parent=base.table_header, fontSize=BODY_SIZE, leading=16)
    value = ParagraphStyle("dj-signin-value", parent=base.table_cell, fontSize=BODY_SIZE, leading=16)
    return aligned(label, "left"), value, aligned(value, "center")


def _info_lines(record: MeetingRecord) -> Table:
    """会议时间, 地点, 主题 (and 主持人, 讲课人 when known) as label: value lines."""
    label, value, _centered = _styles()
    lines = [("会议时间", time_text(record)), ("会议地点", record.location), ("会议主题", record.topic)]
    if record.host:
        lines.append(("主持人", record.host))
    if record.type == MeetingType.LECTURE and record.lecturer:
        lines.append(("讲课人", record.lecturer))
    rows = [[paragraph(f"{name}：", label), paragraph(text, value)] for name, text in lines]
    return Table(rows, colWidths=[22 * mm, A4_PORTRAIT.frame_width - 22 * mm], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))


def _sheet(record: MeetingRecord) -> Table:
    label, value, centered = _styles()
    header = aligned(label, "center")
    widths = list(WIDTHS)
    widths[2] = A4_PORTRAIT.frame_width - sum(widths)
    rows: list[list] = [[paragraph(text, header) for text in ("序号", "姓名", "签名", "签到时间", "备注")]]
    for number, attendee in enumerate(record.attendance, start=1):
        note = f"{attendee.status}：{attendee.reason}" if attendee.status != AttendanceStatus.PRESENT else ""
        rows.append([str(number), paragraph(attendee.name, centered), "", "", paragraph(note, value)])
    guests_at = len(rows)
    rows.append([paragraph("列席人员", aligned(label, "center")), "", "", "", ""])
    rows += [["", "", "", "", ""] for _ in range(GUEST_ROWS)]
    heights = [HEADER_HEIGHT] + [ROW_HEIGHT] * (guests_at - 1) + [HEADER_HEIGHT] + [ROW_HEIGHT] * GUEST_ROWS
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("SPAN", (0, guests_at), (-1, guests_at)),
        ("BACKGROUND", (0, guests_at), (-1, guests_at), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, 0), HEADING_FONT, BODY_SIZE),
    ])
    return Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1, style=style)


def write_signin_pdf(path: str | os.PathLike, record: MeetingRecord) -> int:
    """Write the sign-in sheet of a (maybe not yet held) meeting to path; returns the page count."""
    label, _value, _centered = _styles()
    title = meeting_title(record, "签到表")
    story: list[Flowable] = [
        *title_block(title),
        _info_lines(record),
        Spacer(1, 4 * mm),
        _sheet(record),
        Spacer(1, 5 * mm),
        paragraph(f"应到 {record.expected} 人　　实到______人　　请假______人　　缺席______人", label),
    ]
    return build_pdf(path, story, header=organisation_line(record), header_right=f"{record.type}签到表",
                     title=title, layout=A4_PORTRAIT)
