"""The frame of a form dialog: its two buttons named in Chinese, and a column that ends with the dialog's summary
message beside them."""

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from . import FieldMessage

Button = QDialogButtonBox.StandardButton


def form_grid() -> QGridLayout:
    """The grid of a form's labelled fields, spaced the same in every dialog."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(8)
    return grid


def ok_cancel(dialog: QDialog, ok_text: str, on_ok: Callable[[], object], ok: Button = Button.Ok) -> QDialogButtonBox:
    """`ok` named `ok_text` calls `on_ok` (which checks, saves and accepts); 取消 rejects the dialog."""
    buttons = QDialogButtonBox(ok | Button.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(Button.Cancel).setText(dialog.tr("取消"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def lay_out_dialog(dialog: QDialog, parts: Sequence[QWidget | QLayout], buttons: QDialogButtonBox,
                   summary: FieldMessage | None = None, *, stretch: QWidget | QLayout | None = None) -> None:
    """The parts top to bottom (`stretch` takes the height to spare), then the buttons with `summary` on their left.
    The dialog grows, never squashes, as messages appear under its fields."""
    column = QVBoxLayout(dialog)
    column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    for part in parts:
        add = column.addLayout if isinstance(part, QLayout) else column.addWidget
        add(part, 1 if part is stretch else 0)
    if summary is None:
        column.addWidget(buttons)
        return
    bottom = QHBoxLayout()
    bottom.addWidget(summary, 1)
    bottom.addWidget(buttons)
    column.addLayout(bottom)
