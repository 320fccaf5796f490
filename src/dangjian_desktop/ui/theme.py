"""The look (DESIGN §11): bundled fonts, the base font size, the stylesheet and the application icon."""

import logging
import time

from PySide6.QtCore import QDir
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ..paths import resource

log = logging.getLogger(__name__)

ACCENT = "#C8161D"          # party red: primary buttons and headings only
BASE_POINT_SIZE = 10.5      # many users are middle-aged (DESIGN §11)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

# File under resources/fonts → the family Qt should list it under. The first is the UI font (黑体 style);
# the others are fallbacks Qt uses for characters the UI font lacks (宋体 style, then CJK Ext-A … F).
FONT_FILES = {
    "wqy-microhei.ttc": "WenQuanYi Micro Hei",
    "uming.ttc": "AR PL UMing CN",
    "HanaMinA.ttf": "HanaMinA",
    "HanaMinB.ttf": "HanaMinB",
}
UI_FAMILY = "WenQuanYi Micro Hei"

# Values of the "role" property the stylesheet knows (set with set_role).
PRIMARY = "primary"         # the one main action of a page or dialog: red button
HEADING = "heading"         # a page title: red, large
SUBHEADING = "subheading"   # a section title
HINT = "hint"               # a one-line explanation in grey
ERROR = "error"             # an inline validation message in red


def register_fonts() -> float:
    """Load every bundled font into Qt; returns the milliseconds it took."""
    started = time.perf_counter()
    for file_name in FONT_FILES:
        path = resource("fonts", file_name)
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font not loaded: %s", path)
    elapsed = (time.perf_counter() - started) * 1000
    log.info("fonts registered in %.0f ms", elapsed)
    return elapsed


def base_font() -> QFont:
    """The UI font at 10.5 pt, with the bundled fonts listed as fallbacks for rare name characters."""
    font = QFont()
    font.setFamilies(list(FONT_FILES.values()))
    font.setPointSizeF(BASE_POINT_SIZE)
    return font


def stylesheet() -> str:
    return resource("qss", "app.qss").read_text(encoding="utf-8")


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"app-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def apply_theme(app: QApplication) -> None:
    QDir.addSearchPath("icons", str(resource("icons")))   # url(icons:…) in the stylesheet
    app.setStyle("Fusion")  # the same widgets on Windows and on 信创 Linux desktops; the stylesheet builds on it
    app.setFont(base_font())
    app.setStyleSheet(stylesheet())
    app.setWindowIcon(app_icon())


def set_role(widget: QWidget, role: str) -> QWidget:
    """Give a widget one of the stylesheet's roles (PRIMARY, HEADING, …) and re-polish it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget
