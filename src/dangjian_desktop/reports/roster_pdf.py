"""The printed roster (党员花名册): A4 landscape, one row per member, the header row repeated on every page."""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from dangjian_desktop.domain.masking import mask_id_number, mask_phone
from dangjian_desktop.domain.member import MemberRecord
from dangjian_desktop.domain.progress import NO_PROGRESS, Progress
from dangjian_desktop.domain.roster import FIELD_LABELS

from .fonts import BODY_FONT, HEADING_FONT, markup, needs_fallback
from .layout import A4_LANDSCAPE, TABLE_SIZE, aligned, build_pdf, form_styles, title_block, wrap_lines

PAD_X = 2.5
PAD_Y = 2.5
LEADING = 12
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class _Column:
    key: str
    width: float        # points; 0 = shares what the fixed columns leave, by weight
    align: str = "center"
    weight: float = 0


# Fixed widths fit their longest usual content at 9.5 pt: 4 Chinese characters, 10-character dates,
# 18-character ID numbers, 13-character landlines. Branch, work unit and note take the rest and wrap.
_COLUMNS = (
    _Column("seq", 26),
    _Column("name", 46),
    _Column("sex", 25),
    _Column("ethnicity", 29),
    _Column("birth_date", 55),
    _Column("age", 25),
    _Column("id_number", 92),
    _Column("education", 44),
    _Column("category", 44),
    _Column("branch_name", 0, "left", 3),
    _Column("joined_on", 55),
    _Column("confirmed_on", 55),
    _Column("work_unit", 0, "left", 4),
    _Column("phone", 67),
    _Column("note", 0, "left", 1.6),
)
_LABELS = FIELD_LABELS | {"seq": "序号"}


def _column_widths(total: float) -> list[float]:
    fixed = sum(c.width for c in _COLUMNS)
    weights = sum(c.weight for c in _COLUMNS)
    return [c.width or (total - fixed) * c.weight / weights for c in _COLUMNS]


def _date(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _row_texts(seq: int, member: MemberRecord, as_of: date, masked: bool) -> list[str]:
    age = member.age(as_of)
    return [
        str(seq),
        member.name,
        member.sex,
        member.ethnicity,
        _date(member.birth_date),
        "" if age is None else str(age),
        mask_id_number(member.id_number) if masked else member.id_number,
        member.education,
        member.category,
        member.branch_name,
        _date(member.joined_on),
        _date(member.confirmed_on),
        member.work_unit,
        mask_phone(member.phone) if masked else member.phone,
        member.note,
    ]


class _CellMaker:
    """Plain strings wherever possible (3x faster to lay out than Paragraphs, DESIGN §10): wrapped by hand
    with "\\n"; a Paragraph only for text that needs a fallback font for a rare character."""

    def __init__(self, widths: list[float]):
        cell_style = form_styles().table_cell
        self.inner = [w - 2 * PAD_X for w in widths]
        self.styles = [aligned(cell_style, c.align) for c in _COLUMNS]

    def __call__(self, column: int, text: str) -> str | Paragraph:
        if not text:
            return ""
        if needs_fallback(text, BODY_FONT):
            return Paragraph(markup(text, BODY_FONT), self.styles[column])
        if stringWidth(text, BODY_FONT, TABLE_SIZE) <= self.inner[column] and "\n" not in text:
            return text
        return "\n".join(wrap_lines(text, BODY_FONT, TABLE_SIZE, self.inner[column]))


def _table_style(row_count: int) -> TableStyle:
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, 0), HEADING_FONT, TABLE_SIZE, LEADING),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EDEDED")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),   # CJK glyphs sit low: even out the white space
    ]
    if row_count:
        commands.append(("FONT", (0, 1), (-1, -1), BODY_FONT, TABLE_SIZE, LEADING))
        for index, column in enumerate(_COLUMNS):
            if column.align != "center":
                continue
            commands.append(("ALIGN", (index, 1), (index, -1), "CENTER"))
    return TableStyle(commands)


def write_roster_pdf(
    path: str | os.PathLike,
    org_name: str,
    members: Sequence[MemberRecord],
    *,
    as_of: date,
    masked: bool = True,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write the roster of org_name to path as a PDF and return its page count.

    Ages are as of `as_of`; ID numbers and phones are masked unless masked=False. Raises Cancelled (leaving
    no file at path) when progress says the user cancelled.
    """
    total = len(members)
    work = 2 * total or 1          # half for preparing the rows, half for laying out the pages
    progress.check()
    widths = _column_widths(A4_LANDSCAPE.frame_width)
    make_cell = _CellMaker(widths)
    header_style = form_styles().table_header
    data: list[list] = [[Paragraph(_LABELS[c.key], header_style) for c in _COLUMNS]]
    for index, member in enumerate(members):
        if index % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(index, work, "正在整理党员信息…")
        texts = _row_texts(index + 1, member, as_of, masked)
        data.append([make_cell(col, text) for col, text in enumerate(texts)])
    progress.report(total, work, "正在排版…")

    table = Table(data, colWidths=widths, repeatRows=1, style=_table_style(total), hAlign="CENTER")
    placed = 0

    def on_flowable(flowable: Flowable) -> None:
        # A table split across pages arrives here once per page; each piece repeats the header row.
        nonlocal placed
        if isinstance(flowable, Table):
            placed += max(getattr(flowable, "_nrows", 1) - 1, 0)
            progress.check()
            progress.report(total + min(placed, total), work, "正在排版…")

    story = [*title_block(f"{org_name}党员花名册", f"截至 {as_of:%Y年%m月%d日}　共 {total} 人"), table]
    pages = build_pdf(path, story, header=org_name, header_right="党员花名册", title=f"{org_name}党员花名册",
                      layout=A4_LANDSCAPE, on_flowable=on_flowable)
    progress.report(work, work, "完成")
    return pages
