"""The pieces the enterprise and visit forms share: visit and demand tables, section headings, notes for empty
sections, ruled lines to write on and signature lines.

Tables repeat their header row on every page and wrap long texts inside their cells. Cells are plain strings
where the text fits on one line (3x cheaper to lay out, DESIGN §10), Paragraphs where it must wrap or needs a
fallback font.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from .fonts import BODY_FONT, HEADING_FONT, markup, register_fonts
from .layout import BODY_SIZE, TABLE_SIZE, aligned, cell_text, form_styles, paragraph
from .ruled_table import PAD_X, ruled_grid

EMPHASIS_FILL = colors.HexColor("#FBE4E5")   # overdue rows: a light red that prints as a light grey
LEADING = 12
WRITING_LINE = 9 * mm
TALL_ROW = 120 * mm     # a row with a cell this tall may be cut across pages (a very long text)


@dataclass(frozen=True)
class Column:
    label: str
    width: float           # points; 0 = shares what the fixed columns leave, by weight
    align: str = "center"
    weight: float = 1


@dataclass(frozen=True)
class VisitLine:
    """A visit as the tables print it."""

    visited_on: date
    officer_name: str
    enterprise_name: str
    way: str
    met_person: str
    findings: str
    demands: int = 0


@dataclass(frozen=True)
class DemandLine:
    """A demand as the tables print it; `overdue` as of the report's day."""

    raised_on: date
    source: str
    enterprise_name: str
    content: str
    responsible: str        # 责任单位 and 责任人: 幸福里社区 张三
    deadline: date
    status: str
    outcome: str = ""
    closed_on: date | None = None
    overdue: bool = False


def day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def long_day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def rate(count: int, total: int) -> str:
    """85.7%; a dash when there is nothing to divide by."""
    return f"{count / total:.1%}" if total else "—"


def section_heading(text: str, room: float = 40 * mm) -> list[Flowable]:
    """一、走访情况: never left alone at the bottom of a page (a new page unless `room` is left for what
    follows it)."""
    return [CondPageBreak(room), paragraph(text, form_styles().heading)]


@cache
def _note_style() -> ParagraphStyle:
    return ParagraphStyle("dj-work-note", parent=form_styles().body, spaceAfter=4)


def note(text: str) -> Paragraph:
    """A line of running text under a heading (a summary, or 本月无走访记录 for an empty section)."""
    return paragraph(text, _note_style())


@cache
def day_width() -> float:
    """A column just wide enough for 2026-12-31."""
    register_fonts()
    return stringWidth("2026-12-31", BODY_FONT, TABLE_SIZE) + 2 * PAD_X + 1


def column_widths(columns: Sequence[Column], total: float) -> list[float]:
    fixed = sum(c.width for c in columns)
    weights = sum(c.weight for c in columns if not c.width) or 1
    return [c.width or (total - fixed) * c.weight / weights for c in columns]


@cache
def _cell_styles(emphasis: bool) -> dict[str, ParagraphStyle]:
    base = form_styles().table_cell
    if emphasis:
        base = ParagraphStyle("dj-work-strong", parent=base, fontName=HEADING_FONT)
    return {alignment: aligned(base, alignment) for alignment in ("left", "center", "right")}


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """cell_text, and a line break in the text stays a line break (a Paragraph takes it for a blank)."""
    if "\n" in text:
        return Paragraph("<br/>".join(markup(line, style.fontName) for line in text.splitlines()), style)
    return cell_text(text, style, width) if text else ""


def data_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: float, *,
               emphasis: Sequence[int] = (), bold_last: bool = False) -> Table:
    """A bordered table: the header row (repeated on every page), then one row per item. Rows whose index is in
    `emphasis` print in 黑体 on a light fill; bold_last does the same for a 合计 row, without the fill."""
    widths = column_widths(columns, width)
    strong = set(emphasis) | ({len(rows) - 1} if bold_last and rows else set())
    header_style = form_styles().table_header
    body: list[list] = [[paragraph(c.label, header_style) for c in columns]]
    tall = False
    for index, texts in enumerate(rows):
        styles = _cell_styles(index in strong)
        cells = [_cell(text, styles[c.align], w - 2 * PAD_X) for c, w, text in zip(columns, widths, texts)]
        tall = tall or any(isinstance(cell, Flowable) and cell.wrap(w - 2 * PAD_X, 1e6)[1] > TALL_ROW
                           for cell, w in zip(cells, widths))
        body.append(cells)
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), BODY_FONT, TABLE_SIZE, LEADING),
        *ruled_grid(),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        # reportlab 5.1 loops forever cutting a vertically centred row across pages
        ("VALIGN", (0, 1), (-1, -1), "TOP" if tall else "MIDDLE"),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), c.align.upper()) for i, c in enumerate(columns)]
    for index in sorted(strong):
        commands.append(("FONT", (0, index + 1), (-1, index + 1), HEADING_FONT, TABLE_SIZE, LEADING))
        if index in emphasis:
            commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), EMPHASIS_FILL))
    return Table(body, colWidths=widths, repeatRows=1, splitInRow=int(tall), style=TableStyle(commands))


def visit_table(lines: Sequence[VisitLine], width: float, *, show_enterprise: bool = True,
                show_officer: bool = True) -> Table:
    """序号, 日期, 企业, 指导员, 方式, 接待人, 走访情况, 诉求 (the demands the visit raised)."""
    columns = [Column("序号", 9 * mm), Column("走访日期", day_width())]
    if show_enterprise:
        columns.append(Column("企业名称", 0, "left", 1.2))
    if show_officer:
        columns.append(Column("指导员", 16 * mm))
    columns += [Column("方式", 11 * mm), Column("接待人", 16 * mm), Column("走访情况", 0, "left", 2),
                Column("诉求", 10 * mm)]
    rows = []
    for number, line in enumerate(lines, start=1):
        row = [str(number), day(line.visited_on)]
        if show_enterprise:
            row.append(line.enterprise_name)
        if show_officer:
            row.append(line.officer_name)
        row += [line.way, line.met_person, line.findings, f"{line.demands} 件" if line.demands else ""]
        rows.append(row)
    return data_table(columns, rows, width)


def demand_status(line: DemandLine) -> str:
    """已受理 / 办理中 / 已办结 / 不予受理, and 超期 on a line of its own."""
    return f"{line.status}\n超期" if line.overdue else line.status


def demand_table(lines: Sequence[DemandLine], width: float, *, show_enterprise: bool = True) -> Table:
    """序号, 提出日期, 来源, 企业, 诉求内容, 责任单位, 办理期限, 状态, 办理结果; overdue rows stand out."""
    columns = [Column("序号", 9 * mm), Column("提出日期", day_width()), Column("来源", 12 * mm)]
    if show_enterprise:
        columns.append(Column("企业", 0, "left", 1.5))
    columns += [Column("诉求内容", 0, "left", 1.6), Column("责任单位", 0, "left", 1),
                Column("办理期限", day_width()), Column("状态", 15.7 * mm), Column("办理结果", 0, "left", 1.3)]
    rows, late = [], []
    for number, line in enumerate(lines, start=1):
        if line.overdue:
            late.append(number - 1)
        row = [str(number), day(line.raised_on), line.source]
        if show_enterprise:
            row.append(line.enterprise_name)
        result = f"{day(line.closed_on)} {line.outcome}" if line.closed_on else line.outcome
        row += [line.content, line.responsible, day(line.deadline), demand_status(line), result]
        rows.append(row)
    return data_table(columns, rows, width, emphasis=late)


def writing_lines(count: int, width: float) -> Table:
    """Ruled lines to write on by hand (四、下步工作)."""
    return Table([[""] for _ in range(count)], colWidths=[width], rowHeights=[WRITING_LINE] * count,
                 style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE)]))   # else Helvetica


def signature_block(labels: Sequence[str], width: float) -> list[Flowable]:
    """Lines to sign on, two a row: 指导员（签字）：______　企业负责人（签字）：______; a label "" leaves its half
    empty."""
    label_style = ParagraphStyle("dj-work-sign", parent=aligned(form_styles().table_header, "right"),
                                 fontSize=BODY_SIZE, leading=16)
    label_width = max(stringWidth(text, HEADING_FONT, BODY_SIZE) for text in labels) + 2 * PAD_X + 2
    line_width = width / 2 - label_width
    rows, commands = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 12),
                          ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE),     # else Helvetica for the blanks
                          ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X)]
    for start in range(0, len(labels), 2):
        pair = list(labels[start:start + 2]) + [""] * (2 - len(labels[start:start + 2]))
        row = len(rows)
        rows.append([paragraph(pair[0], label_style), "", paragraph(pair[1], label_style) if pair[1] else "", ""])
        commands += [("LINEBELOW", (column, row), (column, row), 0.6, colors.black)
                     for column, label in ((1, pair[0]), (3, pair[1])) if label]
    table = Table(rows, colWidths=[label_width, line_width, label_width, line_width], style=TableStyle(commands))
    return [Spacer(1, 10 * mm), table]
