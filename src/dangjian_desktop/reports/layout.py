"""The page every printed form shares: A4 portrait or landscape, the organisation's name in the header,
"第 N 页 共 M 页" in the footer, 宋体-style body and 黑体-style headings (DESIGN §9).

A form module builds a story (title_block() + its own flowables) and hands it to build_pdf(), which writes
into a temporary file beside the target and renames it only when the whole document is done.
Documents made of several records (a binder) change the header from page to page with PageMark, and print
the page on which something starts (a table of contents) with PageRef — in one layout pass.
"""

import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from .fonts import BODY_FONT, HEADING_FONT, font_runs, markup, needs_fallback, register_fonts

PRODUCER = "党建工作台"

# Binary (Flate-only) streams: ASCII85 on top costs ~10% of a long roster's build time and 25% of its size.
rl_config.useA85 = 0


@dataclass(frozen=True)
class PageLayout:
    """Paper size and margins in points; header and footer sit inside the top and bottom margins."""

    pagesize: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.pagesize[1] - self.top - self.bottom


# Portrait forms go into binders: a wider left margin keeps the text clear of the punched holes.
A4_PORTRAIT = PageLayout(A4, left=25 * mm, right=18 * mm, top=22 * mm, bottom=20 * mm)
# Landscape lists (rosters, ledgers) need every millimetre of width for their columns.
A4_LANDSCAPE = PageLayout(landscape(A4), left=12 * mm, right=12 * mm, top=20 * mm, bottom=16 * mm)

HEADER_SIZE = 9
FOOTER_SIZE = 9
BODY_SIZE = 10.5      # 五号: the smallest size middle-aged readers are comfortable with on forms
TABLE_SIZE = 9.5      # dense lists (a 15-column roster) on landscape paper
WATERMARK_SIZE = 120


@dataclass(frozen=True)
class FormStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    table_cell: ParagraphStyle
    table_header: ParagraphStyle


@cache
def form_styles() -> FormStyles:
    register_fonts()
    common = dict(wordWrap="CJK", allowWidows=0, allowOrphans=0)
    return FormStyles(
        title=ParagraphStyle("dj-title", fontName=HEADING_FONT, fontSize=18, leading=26, alignment=TA_CENTER,
                             spaceAfter=4, **common),
        subtitle=ParagraphStyle("dj-subtitle", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=16,
                                alignment=TA_CENTER, spaceAfter=8, **common),
        heading=ParagraphStyle("dj-heading", fontName=HEADING_FONT, fontSize=12, leading=20, spaceBefore=6,
                               spaceAfter=4, **common),
        body=ParagraphStyle("dj-body", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=18, firstLineIndent=21,
                            **common),
        table_cell=ParagraphStyle("dj-cell", fontName=BODY_FONT, fontSize=TABLE_SIZE, leading=12, **common),
        table_header=ParagraphStyle("dj-th", fontName=HEADING_FONT, fontSize=TABLE_SIZE, leading=12,
                                    alignment=TA_CENTER, **common),
    )


def aligned(style: ParagraphStyle, alignment: str) -> ParagraphStyle:
    """A copy of style aligned "left", "center" or "right" (table columns differ only in that)."""
    value = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[alignment]
    return ParagraphStyle(f"{style.name}-{alignment}", parent=style, alignment=value)


class _MeasuredParagraph(Paragraph):
    """Breaks its lines once per width: a table wraps each cell two or three times (sizing, splitting at a page
    end, drawing), and line breaking is most of the cost of a long record."""

    _measured: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        # split() drops blPara when it gives up on a page end: measure again then
        if self._measured is not None and self._measured[0] == availWidth and hasattr(self, "blPara"):
            return self._measured[1]
        size = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, size)
        return size


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (never markup): escaped, with fallback fonts for rare characters."""
    return _MeasuredParagraph(markup(text, style.fontName), style)


def cell_text(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell's content: the plain string when it fits on one line of width and needs no fallback font
    (3x cheaper to lay out, DESIGN §10; the table's FONT and ALIGN commands must then match style), else a
    Paragraph that wraps."""
    if "\n" not in text and not needs_fallback(text, style.fontName) \
            and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return paragraph(text, style)


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    """The form's title in 黑体, and an optional line under it (date range, count…)."""
    styles = form_styles()
    block: list[Flowable] = [paragraph(title, styles.title)]
    if subtitle:
        block.append(paragraph(subtitle, styles.subtitle))
    else:
        block.append(Spacer(1, 6))
    return block


def stack_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height the flowables take at the top of a frame (spaces overlapping or not: never less)."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, 1e6)[1] + flowable.getSpaceAfter()
        if index:
            total += flowable.getSpaceBefore()
    return total


def paginate_rows(heights: Sequence[float], header_height: float, first_room: float,
                  room: float) -> list[tuple[int, int]]:
    """Cut table rows into pages: [(start, end), …] so that the header row plus rows[start:end] fit in
    first_room on the first page and in room on the others. Always at least one (maybe empty) page."""
    pages: list[tuple[int, int]] = []
    start, available, used = 0, first_room, header_height
    for index, height in enumerate(heights):
        if used + height > available - 0.5 and index > start:
            pages.append((start, index))
            start, available, used = index, room, header_height
        used += height
    pages.append((start, len(heights)))
    return pages


# Chinese line-breaking rules (避头尾): these never start a line / never end one.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
# Latin words, numbers and masked numbers are kept whole when they fit on a line; a hyphen may end a line
# (0571-|88886666).
_TOKENS = re.compile(r"[0-9A-Za-z@#&*+./:_]*-+|[0-9A-Za-z@#&*+./:_]+|\s+|.", re.S)


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break plain text into lines no wider than width, for plain-string table cells (much faster than a
    Paragraph). Breaks anywhere between Chinese characters, keeps Latin words whole, obeys 避头尾."""
    register_fonts()
    lines: list[str] = []
    for source in text.splitlines() or [""]:
        if stringWidth(source, font, size) <= width:
            lines.append(source)
            continue
        line, used = "", 0.0
        for token in _TOKENS.findall(source):
            token_width = stringWidth(token, font, size)
            if line and used + token_width > width:
                carry = ""
                if token[0] in _NO_LINE_START and len(line) > 1:
                    line, carry = line[:-1], line[-1]     # take the previous character along
                elif line[-1] in _NO_LINE_END and len(line) > 1:
                    line, carry = line[:-1], line[-1]
                if line.strip():
                    lines.append(line.rstrip())
                line, used = carry, stringWidth(carry, font, size)
                if token.isspace():
                    continue
            if token_width > width:      # a "word" longer than the whole line: cut it by characters
                for ch in token:
                    ch_width = stringWidth(ch, font, size)
                    if line and used + ch_width > width:
                        lines.append(line)
                        line, used = "", 0.0
                    line += ch
                    used += ch_width
                continue
            if not line and token.isspace():
                continue
            line += token
            used += token_width
        if line.strip() or not lines:
            lines.append(line.rstrip())
    return lines


def draw_text(canv: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """drawString with fallback fonts for rare characters; align is "left", "center" or "right" of x."""
    runs = font_runs(text, font)
    widths = [stringWidth(run, run_font, size) for run_font, run in runs]
    if align == "center":
        x -= sum(widths) / 2
    elif align == "right":
        x -= sum(widths)
    for (run_font, run), run_width in zip(runs, widths):
        canv.setFont(run_font, size)
        canv.drawString(x, y, run)
        x += run_width


@dataclass(frozen=True)
class PageDecor:
    """What is drawn around a page's content: the header line, and a watermark (e.g. 草稿) across the page.
    numbered=False leaves a page bare (a cover): it still counts in the page numbers."""

    header: str
    header_right: str = ""
    watermark: str = ""
    numbered: bool = True


class PageMark(Flowable):
    """Zero-size: the page it lands on, and the pages after it, get `decor` (when given); `anchor` names that
    page for PageRef. Put it at the top of a page (after a PageBreak)."""

    def __init__(self, decor: PageDecor | None = None, anchor: str = ""):
        super().__init__()
        self.decor = decor
        self.anchor = anchor

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.decor is not None:
            self.canv.page_decor = self.decor
        if self.anchor:
            self.canv.anchor_pages[self.anchor] = self.canv.getPageNumber()


class PageRef(Flowable):
    """The number of the page where PageMark(anchor=…) landed, right-aligned in the available width.

    The number is unknown while the page is laid out (the anchor may come later), so the flowable draws a PDF
    form that is filled in when the document is saved: no second layout pass."""

    def __init__(self, anchor: str, font: str = BODY_FONT, size: float = TABLE_SIZE):
        super().__init__()
        self.anchor = anchor
        self.font = font
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.size * 1.25
        return self.width, self.height

    def draw(self) -> None:
        name = f"pageref{self.anchor}"
        self.canv.page_refs[name] = (self.anchor, self.width, self.height, self.font, self.size)
        self.canv.doForm(name)


def _decorate_page(canv: Canvas, page: int, total: int, *, layout: PageLayout) -> None:
    """Header (organisation name, rule), footer (page numbers) and watermark, drawn once the page count is
    known."""
    decor: PageDecor = canv.page_decor
    if not decor.numbered:
        return
    width, height = layout.pagesize
    left, right = layout.left, width - layout.right
    if decor.watermark:     # drawn over the content: light and translucent, the text stays readable
        canv.saveState()
        canv.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.16))
        canv.translate(width / 2, height / 2)
        canv.rotate(35)
        draw_text(canv, 0, -WATERMARK_SIZE / 3, decor.watermark, HEADING_FONT, WATERMARK_SIZE, align="center")
        canv.restoreState()
    canv.saveState()
    header_y = height - layout.top + 4 * mm
    draw_text(canv, left, header_y, decor.header, HEADING_FONT, HEADER_SIZE)
    if decor.header_right:
        draw_text(canv, right, header_y, decor.header_right, BODY_FONT, HEADER_SIZE, align="right")
    canv.setLineWidth(0.6)
    canv.line(left, header_y - 2 * mm, right, header_y - 2 * mm)
    draw_text(canv, width / 2, layout.bottom - 9 * mm, f"第 {page} 页 共 {total} 页", BODY_FONT, FOOTER_SIZE,
              align="center")
    canv.restoreState()


class _NumberedCanvas(Canvas):
    """Keeps every finished page until save(), when the total page count is known (two-pass numbering), and
    fills in the page references (PageRef) then."""

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], decor: PageDecor, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pending_pages: list[dict] = []
        self.page_count = 0
        self.page_decor = decor
        self.anchor_pages: dict[str, int] = {}
        self.page_refs: dict[str, tuple[str, float, float, str, float]] = {}

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pending_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages, total = self._pending_pages, len(self._pending_pages)
        for state in pages:
            self.__dict__.update(state)     # brings back that page's content stream, number and decor
            self._decorate(self, self._pageNumber, total)
            super().showPage()
        self._pending_pages = []
        self.page_count = total
        for name, (anchor, width, height, font, size) in self.page_refs.items():
            self.beginForm(name, 0, 0, width, height)
            draw_text(self, width, size * 0.3, str(self.anchor_pages.get(anchor, "")), font, size, align="right")
            self.endForm()
        super().save()


class _FormDocument(BaseDocTemplate):
    def __init__(self, filename: str, on_flowable: Callable[[Flowable], None] | None, **kwargs):
        super().__init__(filename, **kwargs)
        self._on_flowable = on_flowable

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if self._on_flowable is not None:
            self._on_flowable(flowable)


def build_pdf(
    path: str | os.PathLike,
    story: Sequence[Flowable],
    *,
    header: str,
    title: str,
    layout: PageLayout = A4_PORTRAIT,
    header_right: str = "",
    on_flowable: Callable[[Flowable], None] | None = None,
) -> int:
    """Lay out story on numbered pages and write it to path; returns the page count.

    on_flowable is called after each flowable is placed (a table split across pages: once per page) — the
    place to report progress and to raise Cancelled. Whatever goes wrong, no partial file is left at path.
    """
    register_fonts()
    target = Path(path)
    # Same folder, so the final rename is atomic; not mkstemp, whose 0600 mode would stick to the PDF.
    temp_name = str(target.with_name(f".{target.name}.{secrets.token_hex(4)}.part"))
    canvases: list[_NumberedCanvas] = []

    def make_canvas(*args, **kwargs) -> _NumberedCanvas:
        canv = _NumberedCanvas(*args, decorate=partial(_decorate_page, layout=layout),
                               decor=PageDecor(header, header_right), **kwargs)
        canvases.append(canv)
        return canv

    try:
        doc = _FormDocument(
            temp_name, on_flowable, pagesize=layout.pagesize, leftMargin=layout.left,
            rightMargin=layout.right, topMargin=layout.top, bottomMargin=layout.bottom,
            title=title, subject=title, author=PRODUCER, creator=PRODUCER, lang="zh-CN",
            initialFontName=BODY_FONT,   # otherwise every page declares an unused Helvetica
        )
        frame = Frame(layout.left, layout.bottom, layout.frame_width, layout.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="form", frames=[frame], pagesize=layout.pagesize)])
        doc.build(list(story), canvasmaker=make_canvas)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return canvases[-1].page_count
