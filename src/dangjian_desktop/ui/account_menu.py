"""The main window's 账号 menu (修改密码…, 账号管理… for 管理员, 锁定 Ctrl+L, 切换用户…), the “当前用户” line of the
status bar, and the idle lock they share."""

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from ..domain.access import Actor, Permission
from ..services.accounts import current_account
from ..services.audit import current_actor
from ..services.database import Database
from .dialogs.accounts_dialog import AccountsDialog
from .dialogs.password_dialog import PasswordDialog
from .idle_lock import IdleLock, account_label


class AccountMenu(QObject):
    """`user_switched(account)` after someone else logged in (the window then applies that user's role)."""

    user_switched = Signal(object)

    def __init__(self, window: QMainWindow, db: Database, menu: QMenu):
        super().__init__(window)
        self.window, self.db = window, db
        self.dialog: AccountsDialog | PasswordDialog | None = None
        self.user_label = QLabel()
        self.idle_lock = IdleLock(window, db)
        self.idle_lock.user_switched.connect(self.user_switched)
        self.password_action = QAction(self.tr("修改密码…"), window, triggered=self.change_password)
        self.accounts_action = QAction(self.tr("账号管理…"), window, triggered=self.manage_accounts)
        self.lock_action = QAction(self.tr("锁定"), window, triggered=lambda: self.idle_lock.lock())
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_action = QAction(self.tr("切换用户…"), window, triggered=self.idle_lock.switch_user)
        menu.addActions([self.password_action, self.accounts_action])
        menu.addSeparator()
        menu.addActions([self.lock_action, self.switch_action])

    def apply(self, actor: Actor) -> None:
        """Show who works now and offer what their role allows."""
        account = current_account(self.db)
        self.idle_lock.set_account(account)
        self.user_label.setText(self.tr("当前用户：{0}").format(
            account_label(account) if account else f"{actor.user}（{actor.role}）"))
        self.password_action.setEnabled(account is not None)
        self.accounts_action.setVisible(actor.can(Permission.MANAGE_USERS))
        self.lock_action.setEnabled(account is not None)
        self.switch_action.setEnabled(account is not None)

    def change_password(self) -> PasswordDialog | None:
        account = current_account(self.db)
        return None if account is None else self._open(PasswordDialog(self.db, account, self.window))

    def manage_accounts(self) -> AccountsDialog | None:
        if not current_actor(self.db).can(Permission.MANAGE_USERS):
            return None
        dialog = AccountsDialog(self.db, self.window)
        dialog.idle_minutes_changed.connect(self.idle_lock.set_minutes)
        dialog.finished.connect(lambda _code: self.apply(current_actor(self.db)))   # one's own name may be new
        return self._open(dialog)

    def _open(self, dialog: AccountsDialog | PasswordDialog) -> AccountsDialog | PasswordDialog:
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
