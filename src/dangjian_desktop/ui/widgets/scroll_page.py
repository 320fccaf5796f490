"""A page whose content scrolls when the window is lower (or narrower) than the content, on the page's own
white surface rather than the grey a scroll area paints by default."""

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling_content(page: QWidget) -> QWidget:
    """Fill `page` with a frameless scroll area and return the widget inside it, for the page's layout."""
    content = QWidget()
    scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    for painted in (scroll.viewport(), content):   # setWidget turned on the content's grey fill
        painted.setAutoFillBackground(False)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return content
