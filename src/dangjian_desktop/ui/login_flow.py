"""Who works on this data file: at start the first administrator is created (a file without accounts), or someone
logs in. Called by run_gui after the data file is open and before anything of it is shown."""

from PySide6.QtWidgets import QDialog, QWidget

from ..services.accounts import AccountInfo, has_accounts
from ..services.database import Database
from .dialogs.first_admin_dialog import FirstAdminDialog
from .dialogs.login_dialog import LoginDialog


def sign_in(db: Database, parent: QWidget | None = None) -> AccountInfo | None:
    """The account now acting on `db` (the services log and check everything as this user from here on);
    None when the user cancelled, and the program should end."""
    dialog = LoginDialog(db, parent) if has_accounts(db) else FirstAdminDialog(db, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.account
