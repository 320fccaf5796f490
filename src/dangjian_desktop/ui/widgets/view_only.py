"""For a role that may look but not change data (只读): a record's dialog opens to be read, without the buttons that
save it, and the pages grey out what writes, imports or exports (each page's `set_editable`). The database refuses
such writes anyway; this spares the user a form they could never save."""

from PySide6.QtWidgets import QDialog

SAVING_BUTTONS = ("save_button", "ok_button", "finalize_button", "reopen_button")   # as the record dialogs name them


def view_only(dialog: QDialog, editable: bool) -> QDialog:
    """The dialog unchanged when `editable`; else without its saving buttons and with （只读） in its title."""
    if editable:
        return dialog
    for name in SAVING_BUTTONS:
        button = getattr(dialog, name, None)
        if button is not None:
            button.hide()
    dialog.setWindowTitle(dialog.tr("{0}（只读）").format(dialog.windowTitle()))
    return dialog



class Editable:
    """A list whose writing actions a role may lack (mixed into a ListPanel): `set_editable(False)` greys them out
    — the panel's `_update_buttons` and right-click menu consult `editable` — and its records open `view_only`."""

    editable = True

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()
