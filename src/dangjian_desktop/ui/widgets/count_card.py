"""The clickable number card of 首页 and 工作概况: a big number, a caption and an optional detail line."""

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..theme import HINT, set_role

ALERT_COLOUR = "#B3261E"   # a number that needs attention (超期诉求), as overdue items on 首页


class CountCard(QPushButton):
    """A flat button with a big number and a caption; what a click opens is up to the page."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("countCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("–", objectName="cardNumber")
        self.caption = QLabel(caption, objectName="cardCaption")
        self.detail = set_role(QLabel(), HINT)
        self.detail.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(2)
        for label in (self.number, self.caption, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setAccessibleName(caption)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name; a button ignores its layout's size otherwise
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.layout().minimumSize()

    def event(self, event: QEvent) -> bool:
        """The stylesheet gives every push button a one-line min-height, which a layout short of room (a page
        that scrolls) would squeeze the card to: keep the minimum at what the number and captions need."""
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.LayoutRequest):
            self.setMinimumHeight(self.layout().minimumSize().height())
        return handled

    def set_count(self, value: int, detail: str | None = None, *, alert: bool = False) -> None:
        """Show the number; `detail` (a rate, what is counted) under the caption; `alert` shows it in red."""
        self.number.setText(f"{value:,}")
        self.number.setStyleSheet(f"color: {ALERT_COLOUR};" if alert else "")
        if detail is not None:
            self.detail.setText(detail)
            self.detail.setVisible(bool(detail))
        self.setAccessibleDescription(f"{value} {detail}" if detail else str(value))
