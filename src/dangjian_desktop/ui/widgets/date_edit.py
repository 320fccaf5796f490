"""A date field that takes what people type (2025-3-1, 2025.03.01, 20250301, 2025年3月1日) or a calendar pick."""

import datetime as dt

from PySide6.QtCore import QDate, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from ...domain.dates import parse_date

def _calendar_icon() -> QIcon:
    """A small page-of-calendar drawing (no emoji: many office PCs have no emoji font)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#555555"), 2))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(QRectF(4, 6, 24, 22), 3, 3)
    painter.fillRect(QRectF(5, 7, 22, 6), QColor("#C8161D"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#555555"))
    for row in range(2):
        for col in range(3):
            painter.drawRect(QRectF(9 + col * 6, 16 + row * 5, 3, 3))
    painter.end()
    return QIcon(pixmap)


class DateEdit(QWidget):
    """Empty is allowed. `date()` is None when empty or unreadable; `error()` says why it is unreadable.

    `changed` fires on every edit and calendar pick; an unreadable text marks the field red with the reason
    as its tooltip, and a readable one is rewritten as YYYY-MM-DD when the field loses focus.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._date: dt.date | None = None
        self._error = ""
        self._line = QLineEdit(self)
        self._line.setPlaceholderText(self.tr("如 2025-03-01"))
        self._line.setClearButtonEnabled(True)
        self._line.textEdited.connect(self._text_edited)
        self._line.editingFinished.connect(self._tidy)
        self._calendar = QCalendarWidget()
        self._calendar.setGridVisible(True)
        self._calendar.clicked.connect(self._picked)
        self._calendar.activated.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self._calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self._menu = menu
        self._button = QToolButton(self)
        self._button.setIcon(_calendar_icon())
        self._button.setToolTip(self.tr("从日历中选择"))
        self._button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._button.setMenu(menu)
        self._button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._line, 1)
        layout.addWidget(self._button)
        self.setFocusProxy(self._line)

    def date(self) -> dt.date | None:
        return self._date

    def setDate(self, value: dt.date | None) -> None:  # noqa: N802 - Qt naming, like QDateEdit.setDate
        self._line.setText(value.isoformat() if value else "")
        self._set_state(value, "")

    def text(self) -> str:
        return self._line.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        """Set typed text as if the user had entered it (parsed, error shown when unreadable)."""
        self._line.setText(text)
        self._text_edited(text)

    def error(self) -> str:
        return self._error

    def is_valid(self) -> bool:
        return not self._error

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt naming
        self._line.setReadOnly(read_only)
        self._button.setEnabled(not read_only)

    def line_edit(self) -> QLineEdit:
        return self._line

    def _text_edited(self, text: str) -> None:
        try:
            value, error = parse_date(text), ""
        except ValueError as exc:
            value, error = None, str(exc)
        self._set_state(value, error)

    def _set_state(self, value: dt.date | None, error: str) -> None:
        self._date, self._error = value, error
        self._line.setProperty("invalid", bool(error))   # the stylesheet draws an invalid field red
        self._line.style().unpolish(self._line)
        self._line.style().polish(self._line)
        self._line.setToolTip(error)
        self.changed.emit()

    def _tidy(self) -> None:
        if self._date is not None and self._line.text() != self._date.isoformat():
            self._line.setText(self._date.isoformat())

    def _prepare_calendar(self) -> None:
        day = self._date or dt.date.today()
        self._calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, picked: QDate) -> None:
        self._menu.close()
        self.setDate(dt.date(picked.year(), picked.month(), picked.day()))
