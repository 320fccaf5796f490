"""The bundled CJK fonts for every printed form, and per-character fallback for rare characters (DESIGN §9–§10).

reportlab never falls back by itself: a character missing from a font prints blank or as a box. So text is
split into runs by font coverage; a run the base font cannot print goes to the first fallback font that can.
The fonts are registered with reportlab once, on first use; the two HanaMin fallbacks (53 MB together) only
when some text actually needs them.
"""

import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dangjian_desktop.paths import resource

BODY_FONT = "DJSong"        # AR PL UMing CN: 宋体/明体 style, body text and table cells
HEADING_FONT = "DJHei"      # WenQuanYi Micro Hei: 黑体 style, titles and table headers (and the GUI font)
FALLBACK_FONTS = ("DJHanaMinA", "DJHanaMinB")   # HanaMin: CJK Ext-A … Ext-F

# reportlab name → (file under resources/fonts, subfont index inside a .ttc)
FONT_FILES: dict[str, tuple[str, int]] = {
    BODY_FONT: ("uming.ttc", 0),
    HEADING_FONT: ("wqy-microhei.ttc", 0),
    "DJHanaMinA": ("HanaMinA.ttf", 0),
    "DJHanaMinB": ("HanaMinB.ttf", 0),
}

_lock = threading.Lock()   # PDFs are built on worker threads
_coverage: dict[str, dict[int, int]] = {}   # font name → code point → glyph id, once registered


def font_file(name: str) -> Path:
    """Path of a bundled font file (also for the GUI, which loads the heading font into Qt)."""
    return resource("fonts", FONT_FILES[name][0])


def ensure_font(name: str) -> dict[int, int]:
    """Register one bundled font with reportlab (once) and return its character → glyph map."""
    cmap = _coverage.get(name)
    if cmap is not None:
        return cmap
    with _lock:
        cmap = _coverage.get(name)
        if cmap is None:
            file_name, index = FONT_FILES[name]
            font = TTFont(name, str(resource("fonts", file_name)), subfontIndex=index)
            pdfmetrics.registerFont(font)
            cmap = font.face.charToGlyph
            _coverage[name] = cmap
    return cmap


def register_fonts() -> None:
    """Register the body and heading fonts; <b> inside body text prints in the heading (黑体) font."""
    if BODY_FONT in _coverage and HEADING_FONT in _coverage:
        return
    ensure_font(BODY_FONT)
    ensure_font(HEADING_FONT)
    pdfmetrics.registerFontFamily(
        BODY_FONT, normal=BODY_FONT, bold=HEADING_FONT, italic=BODY_FONT, boldItalic=HEADING_FONT
    )


def _printable(cp: int) -> bool:
    """Control characters carry no glyph in any font; they never trigger a fallback."""
    return cp >= 0x20 and not (0x7F <= cp < 0xA0)


def needs_fallback(text: str, base: str = BODY_FONT) -> bool:
    """True if the base font lacks a character of text. Fast: only the base font is consulted."""
    if not text or text.isascii():
        return False
    cmap = ensure_font(base)
    return any(ord(ch) not in cmap and _printable(ord(ch)) for ch in text)


def _font_for(cp: int, base: str, base_cmap: dict[int, int]) -> str | None:
    if cp in base_cmap:
        return base
    for name in FALLBACK_FONTS:
        if cp in ensure_font(name):
            return name
    return None


def font_runs(text: str, base: str = BODY_FONT) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs: the base font where it has the glyph, else the first
    fallback that has it. A character no font has (or a control character) stays with the run before it."""
    if not text:
        return []
    base_cmap = ensure_font(base)
    if text.isascii() or not needs_fallback(text, base):
        return [(base, text)]
    runs: list[tuple[str, str]] = []
    current = base
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        font = _font_for(cp, base, base_cmap) if _printable(cp) else None
        if font is None:
            font = current
        if font != current and chars:
            runs.append((current, "".join(chars)))
            chars = []
        current = font
        chars.append(ch)
    runs.append((current, "".join(chars)))
    return runs


def markup(text: str, base: str = BODY_FONT) -> str:
    """Paragraph markup for plain text: &, <, > escaped; fallback runs wrapped in <font face="…">.
    The Paragraph's style must use `base` as its fontName."""
    parts = []
    for font, run in font_runs(text, base):
        run = escape(run)
        parts.append(run if font == base else f'<font face="{font}">{run}</font>')
    return "".join(parts)
