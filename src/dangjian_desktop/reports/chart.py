"""Bar charts for the printed reports, drawn with reportlab.graphics shapes.

Horizontal bars: the category names (industries, officers' names) stay horizontal and readable on the left,
however many there are. Every label is drawn in the bundled CJK fonts, with the same per-character fallback as
the rest of the form (reportlab's own chart labels take one font and would print rare characters as boxes).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import BODY_FONT, HEADING_FONT, font_runs, register_fonts

LABEL_SIZE = 9
TITLE_SIZE = 10.5
SERIES_COLORS = (colors.HexColor("#C8161D"), colors.HexColor("#8C8C8C"), colors.HexColor("#404040"))
GRID_COLOR = colors.HexColor("#D0D0D0")
TICKS = 4                 # grid lines after zero
ROW_GAP = 5               # between categories
CROWDED = 20              # more bars than this: thinner bars and smaller labels (40 officers: 2/3 of a page)
VALUE_ROOM = 40           # right of the longest bar, for its value
AXIS_ROOM = 16            # under the bars, for the tick labels


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def text_shape(x: float, y: float, text: str, font: str = BODY_FONT, size: float = LABEL_SIZE,
               anchor: str = "start") -> Group:
    """A label as String shapes, one per font run (rare characters in a fallback font); anchor start/middle/end."""
    runs = font_runs(text, font)
    widths = [stringWidth(run, run_font, size) for run_font, run in runs]
    x -= {"start": 0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    group = Group()
    for (run_font, run), width in zip(runs, widths):
        group.add(String(x, y, run, fontName=run_font, fontSize=size, fillColor=colors.black))
        x += width
    return group


def _text_width(text: str, font: str = BODY_FONT, size: float = LABEL_SIZE) -> float:
    return sum(stringWidth(run, run_font, size) for run_font, run in font_runs(text, font))


def _scale_top(values: Sequence[float]) -> float:
    """A round number at or above the largest value, in four round steps: 4 → 4, 7 → 8, 23 → 40, 130 → 200."""
    largest = max(values, default=0)
    if largest <= TICKS:
        return TICKS
    step = largest / TICKS
    magnitude = 10 ** math.floor(math.log10(step))
    for nice in (1, 2, 2.5, 5, 10):
        if nice * magnitude >= step:
            return nice * magnitude * TICKS
    return largest


def _value_text(value: float, percent: bool, digits: int = 1) -> str:
    return f"{value:.{digits}%}" if percent else f"{value:g}"


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], width: float, *,
              percent: bool = False) -> Drawing:
    """Horizontal bars, one group per category, one bar per series (a legend when there are several).
    percent=True: the values are fractions, the scale runs 0–100%."""
    register_fonts()
    crowded = len(categories) * len(series) > CROWDED
    bar = 7 if crowded else 10 if len(series) == 1 else 8
    gap = 4 if crowded else ROW_GAP
    size = LABEL_SIZE - 1 if crowded else LABEL_SIZE
    row = bar * len(series) + gap
    label_room = max((_text_width(c, size=size) for c in categories), default=0) + 8
    top_room = TITLE_SIZE + 10 + (LABEL_SIZE + 8 if len(series) > 1 else 0)
    height = top_room + row * len(categories) + AXIS_ROOM
    plot_left, plot_width = label_room, width - label_room - VALUE_ROOM
    maximum = 1.0 if percent else _scale_top([v for s in series for v in s.values])
    drawing = Drawing(width, height, initialFontName=BODY_FONT, initialFontSize=LABEL_SIZE)   # not Helvetica
    drawing.add(text_shape(width / 2, height - TITLE_SIZE, title, HEADING_FONT, TITLE_SIZE, "middle"))
    if len(series) > 1:
        _legend(drawing, series, width, height - TITLE_SIZE - 8 - LABEL_SIZE)
    plot_top = height - top_room
    for tick in range(TICKS + 1):
        x = plot_left + plot_width * tick / TICKS
        drawing.add(Line(x, AXIS_ROOM, x, plot_top, strokeColor=GRID_COLOR if tick else colors.black,
                         strokeWidth=0.5 if tick else 0.8))
        drawing.add(text_shape(x, AXIS_ROOM - LABEL_SIZE - 2, _value_text(maximum * tick / TICKS, percent, 0),
                               size=LABEL_SIZE - 1, anchor="middle"))
    for index, category in enumerate(categories):
        row_top = plot_top - index * row - gap / 2
        drawing.add(text_shape(plot_left - 5, row_top - row / 2 + gap / 2 - size / 3, category, size=size,
                               anchor="end"))
        for number, one in enumerate(series):
            value = one.values[index]
            y = row_top - (number + 1) * bar
            length = plot_width * min(value / maximum, 1.0) if maximum else 0
            drawing.add(Rect(plot_left, y, length, bar - 1, fillColor=SERIES_COLORS[number % len(SERIES_COLORS)],
                             strokeColor=None))
            drawing.add(text_shape(plot_left + length + 3, y + (bar - 1) / 2 - (LABEL_SIZE - 1) / 3,
                                   _value_text(value, percent), size=LABEL_SIZE - 1))
    return drawing


def _legend(drawing: Drawing, series: Sequence[Series], width: float, y: float) -> None:
    entries = [(one.name, _text_width(one.name) + 22) for one in series]
    x = (width - sum(room for _, room in entries)) / 2
    for number, (name, room) in enumerate(entries):
        drawing.add(Rect(x, y, 9, 7, fillColor=SERIES_COLORS[number % len(SERIES_COLORS)], strokeColor=None))
        drawing.add(text_shape(x + 12, y, name))
        x += room
