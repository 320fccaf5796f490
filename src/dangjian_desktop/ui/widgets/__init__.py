"""Reusable widgets: the organisation tree, the date field, the message shown beside a form field, a drop-down
of choices, a row of buttons, a column of parts, and tabs that reload a panel only when it is looked at."""

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

MESSAGE_COLOURS = {"error": "#B3261E", "warning": "#8A5A00", "fixed": "#2E6B30"}


class FieldMessage(QLabel):
    """A line of text under a form field saying what is wrong (red), doubtful (amber) or was tidied (green)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setText(text)
        self.setStyleSheet(f"color: {MESSAGE_COLOURS[kind]};")
        self.setProperty("kind", kind if text else "")
        self.setVisible(bool(text))
        self._fit_height()

    def clear_message(self) -> None:
        self.show_message("")

    def summarise(self, *, has_error: bool, others: list[str] = (), missing: list[str] = ()) -> None:
        """A form's line beside 保存: messages with no field of their own first, then what is still to be filled
        in, then a reminder to mend the red fields; nothing when the form can be saved."""
        if others:
            self.show_message("；".join(others))
        elif missing:
            self.show_message(self.tr("还需填写：{0}").format("、".join(missing)), "warning")
        elif has_error:
            self.show_message(self.tr("请先改正红色提示的内容，再保存。"))
        else:
            self.clear_message()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Ask for the height the wrapped text needs at the width it got (form layouts guess too short)."""
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def kind(self) -> str:
        return self.property("kind") or ""


def choice_combo(items: tuple[tuple[str, object], ...]) -> QComboBox:
    """A drop-down of (text, value) pairs; `currentData()` is the chosen value."""
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


def button_row(actions: Sequence[QPushButton], outputs: Sequence[QPushButton] = ()) -> QHBoxLayout:
    """The record actions on the left, the outputs (import, export, print) on the right."""
    row = QHBoxLayout()
    for button in actions:
        row.addWidget(button)
    row.addStretch(1)
    for button in outputs:
        row.addWidget(button)
    return row


def stacked(*parts: QWidget | QLayout, margins: int = 0, spacing: int = 0) -> QWidget:
    """One widget holding `parts` (widgets, or rows laid out) one under the other."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return box


def with_message(field: QWidget, message: FieldMessage) -> QWidget:
    """The field with its message line underneath, as one widget for a form row (no gap while no message)."""
    return stacked(field, message, spacing=2)


class StaleTabs(QTabWidget):
    """Tabs of panels (each with `refresh()`) that hold data written elsewhere: `mark_stale` reloads the panel in
    view at once, the others when they are next shown, so a change does not reload every tab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self._stale: set[QWidget] = set()
        self.currentChanged.connect(lambda _index: self._reload_if_stale())

    def mark_stale(self, panels: tuple[QWidget, ...], *, source: QWidget | None = None) -> None:
        """Their data changed; `source` (the panel that wrote it) shows it already. While the tabs are hidden
        the panel in view waits too: it reloads when shown."""
        for panel in panels:
            if panel is source:
                continue
            if panel is self.currentWidget() and self.isVisible():
                panel.refresh()
            else:
                self._stale.add(panel)

    def show_loading(self, panel: QWidget) -> None:
        """Bring `panel` to the front without reloading it: the caller is about to load it (with a filter)."""
        self._stale.discard(panel)
        if self.currentWidget() is not panel:
            self.blockSignals(True)
            self.setCurrentWidget(panel)
            self.blockSignals(False)

    def _reload_if_stale(self) -> None:
        panel = self.currentWidget()
        if panel in self._stale:
            self._stale.discard(panel)
            panel.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._reload_if_stale()
