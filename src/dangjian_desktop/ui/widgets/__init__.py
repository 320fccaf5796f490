"""Reusable widgets: the organisation tree, the date field, and the message shown beside a form field."""

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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


def with_message(field: QWidget, message: FieldMessage) -> QWidget:
    """The field with its message line underneath, as one widget for a form row (no gap while no message)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(message)
    return box
