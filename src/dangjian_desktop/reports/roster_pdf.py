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
from .layout import (
    A4_LANDSCAPE, TABLE_SIZE, aligned, build_pdf, form_styles, paginate_rows, stack_height, title_block, wrap_lines,
)

PAD_X = 2
PAD_TOP = 2.5
PAD_BOTTOM = 3.5       # CJK glyphs sit low in their em box: evens out the white space
LEADING = 12
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class _Column:
    key: str
    width: float        # points; 0 = shares what the fixed columns leave, by weight
    align: str = "center"
    weight: float = 0


# Fixed widths (points, padding included) fit the usual content at 9.5 pt: 4-character names and education,
# 3-character ethnicities, 10-character dates, 18-character IDs, mobiles (a landline wraps after its area
# code). Branch, work unit and note share what is left; everything longer wraps inside its cell.
_COLUMNS = (
    _Column("seq", 24),
    _Column("name", 43),
    _Column("sex", 23),
    _Column("ethnicity", 33),
    _Column("birth_date", 54),
    _Column("age", 23),
    _Column("id_number", 92),
    _Column("education", 43),
    _Column("category", 43),
    _Column("branch_name", 0, "left", 3),
    _Column("joined_on", 54),
    _Column("confirmed_on", 54),
    _Column("work_unit", 0, "left", 4),
    _Column("phone", 57),
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
    """Plain strings wherever possible (3x faster to lay out than Paragraphs, DESIGN §10), wrapped by hand
    with "\\n"; a Paragraph only for text that needs a fallback font for a rare character.
    Returns each cell with its height, so that the table never has to measure its rows itself."""

    def __init__(self, widths: list[float]):
        cell_style = form_styles().table_cell
        self.inner = [w - 2 * PAD_X for w in widths]
        self.styles = [aligned(cell_style, c.align) for c in _COLUMNS]
        # Branches, units, dates, education… repeat down a roster: measure and wrap each value once.
        self.plain: list[dict[str, tuple[str, float]]] = [{} for _ in _COLUMNS]

    def __call__(self, column: int, text: str) -> tuple[str | Paragraph | tuple, float]:
        if not text:
            return (), LEADING      # an empty flowable list: reportlab skips it, "" would still be drawn
        known = self.plain[column].get(text)
        if known is not None:
            return known
        if needs_fallback(text, BODY_FONT):     # rare: not worth caching
            cell = Paragraph(markup(text, BODY_FONT), self.styles[column])
            return cell, cell.wrap(self.inner[column], 1e6)[1]
        if "\n" not in text and stringWidth(text, BODY_FONT, TABLE_SIZE) <= self.inner[column]:
            made = text, LEADING
        else:
            lines = wrap_lines(text, BODY_FONT, TABLE_SIZE, self.inner[column])
            made = "\n".join(lines), LEADING * len(lines)
        self.plain[column][text] = made
        return made


class _PageTable(Table):
    member_rows = 0     # members on this page (pieces reportlab might split off keep 0)


def _table_style(valign: str = "MIDDLE") -> TableStyle:
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, 0), HEADING_FONT, TABLE_SIZE, LEADING),   # else Helvetica sneaks into the PDF
        ("FONT", (0, 1), (-1, -1), BODY_FONT, TABLE_SIZE, LEADING),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EDEDED")),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), valign),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "CENTER") for i, c in enumerate(_COLUMNS) if c.align == "center"]
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
    layout = A4_LANDSCAPE
    widths = _column_widths(layout.frame_width)
    make_cell = _CellMaker(widths)
    padding = PAD_TOP + PAD_BOTTOM

    header_style = form_styles().table_header
    header = [Paragraph(_LABELS[c.key], header_style) for c in _COLUMNS]
    header_height = max(p.wrap(w - 2 * PAD_X, 1e6)[1] for p, w in zip(header, widths)) + padding
    rows: list[list] = []
    heights: list[float] = []
    for index, member in enumerate(members):
        if index % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(index, work, "正在整理党员信息…")
        cells = [make_cell(col, text) for col, text in enumerate(_row_texts(index + 1, member, as_of, masked))]
        rows.append([cell for cell, _ in cells])
        heights.append(max(height for _, height in cells) + padding)
    progress.check()
    progress.report(total, work, "正在排版…")

    # One table per page, cut by our own row heights: reportlab would otherwise re-measure and re-split
    # the remaining thousands of rows on every page. Each table repeats the header row.
    title = title_block(f"{org_name}党员花名册", f"截至 {as_of:%Y年%m月%d日}　共 {total} 人")
    first_room = layout.frame_height - stack_height(title, layout.frame_width)
    style = _table_style()
    story: list[Flowable] = [*title]
    for start, end in paginate_rows(heights, header_height, first_room, layout.frame_height):
        row_heights = [header_height, *heights[start:end]]
        if sum(row_heights) <= layout.frame_height:
            table = _PageTable([header, *rows[start:end]], colWidths=widths, rowHeights=row_heights,
                               repeatRows=1, style=style)
        else:
            # A row taller than a page (a very long note) is cut across pages by reportlab, which needs
            # to measure it itself and loops forever on vertically centred cells (reportlab 5.1).
            table = _PageTable([header, *rows[start:end]], colWidths=widths, repeatRows=1, splitInRow=1,
                               style=_table_style("TOP"))
        table.member_rows = end - start
        story.append(table)

    placed = 0

    def on_flowable(flowable: Flowable) -> None:
        nonlocal placed
        if isinstance(flowable, Table):
            placed += getattr(flowable, "member_rows", 0)
            progress.check()
            progress.report(total + placed, work, "正在排版…")

    pages = build_pdf(path, story, header=org_name, header_right="党员花名册", title=f"{org_name}党员花名册",
                      layout=layout, on_flowable=on_flowable)
    progress.report(work, work, "完成")
    return pages
