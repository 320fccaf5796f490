"""The session lock: after the idle minutes of the settings without a key pressed or the mouse moved (or at once
from 账号 → 锁定, Ctrl+L), every window of the program is blanked and an application-modal dialog asks for the
password of the user logged in — checked by `log_in`, so wrong passwords count towards the 5-strike lock-out and
are audited. 切换用户 logs someone else in instead; the window then rebuilds itself for that user's role.

A dialog rather than a panel inside the main window: an editor opened window-modal over the main window blocks
all input to it, a panel there could not be typed into. The clocks are injectable: tests do not wait 10 minutes.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QProgressDialog, QPushButton, QToolTip,
                               QVBoxLayout, QWidget)

from ..services.accounts import AccountInfo, idle_lock_minutes, log_in
from ..services.audit import AuditAction, log
from ..services.database import Database
from ..services.errors import ServiceError
from . import theme
from .dialogs.login_dialog import LoginDialog
from .theme import HEADING, HINT, PRIMARY, set_role
from .widgets import FieldMessage
from .widgets.password_rules import password_edit

logger = logging.getLogger(__name__)
CHECK_INTERVAL_MS = 15_000
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})
COVER_COLOUR = "#F4F5F7"
COVER_TEXT_TOP = 48
COVERED_WINDOWS = (Qt.WindowType.Window, Qt.WindowType.Dialog)   # not tooltips, menus or the splash


def account_label(account: AccountInfo) -> str:
    """张三（管理员）; the user name when no name was given."""
    return f"{account.full_name or account.user_name}（{account.role}）"


class Cover(QWidget):
    """A plain sheet over a window's content while the program is locked; follows the window's size."""

    def __init__(self, target: QWidget, text: str = ""):
        super().__init__(target)
        self._text = text
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(COVER_COLOUR))
        if self._text:   # above where the lock dialog sits, in case it went behind another program
            painter.setPen(QColor("#8F959E"))
            painter.drawText(self.rect().adjusted(0, COVER_TEXT_TOP, 0, 0), Qt.AlignmentFlag.AlignHCenter,
                             self._text)

    def remove(self) -> None:
        self.parentWidget().removeEventFilter(self)
        self.hide()
        self.deleteLater()


class LockDialog(QDialog):
    """Asks the locked-out user's password. Done (accepted) once `account` is logged in again — the same user, or
    after 切换用户 someone else (`switched` is then True). Esc and the window's close button do nothing."""

    quit_requested = Signal()

    def __init__(self, db: Database, account: AccountInfo, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = datetime.now):
        super().__init__(parent)
        self.db, self.account, self._now = db, account, now
        self.switched = False
        self.setWindowTitle(self.tr("已锁定 — {0}").format(db.path.name))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        icon = QLabel()
        icon.setPixmap(theme.app_icon().pixmap(48, 48))
        self.who = QLabel(wordWrap=True)
        self.password = password_edit()
        self.password.setPlaceholderText(self.tr("输入密码，按回车解锁"))
        self.message = FieldMessage()
        self.unlock_button = set_role(QPushButton(self.tr("解锁")), PRIMARY)
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(self.tr("切换用户…"))
        self.quit_button = QPushButton(self.tr("退出程序"))
        self.unlock_button.clicked.connect(self.unlock)
        self.switch_button.clicked.connect(self.switch_user)
        self.quit_button.clicked.connect(self.quit_requested)

        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addSpacing(8)
        heading.addWidget(set_role(QLabel(self.tr("党建工作台已锁定")), HEADING), 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 22, 28, 18)
        column.setSpacing(10)
        column.addLayout(heading)
        column.addWidget(self.who)
        column.addWidget(self.password)
        column.addWidget(self.message)
        column.addWidget(set_role(QLabel(self.tr("为保护党员个人信息，长时间无人操作时程序会自动锁定。")), HINT))
        column.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 34)
        self._show_account()

    def _show_account(self) -> None:
        self.who.setText(self.tr("当前登录：{0}，用户名 {1}").format(account_label(self.account),
                                                                   self.account.user_name))
        self.password.clear()
        self.password.setFocus()

    def unlock(self) -> None:
        if not self.password.text():
            self.message.show_message(self.tr("请输入密码。"))
            return
        try:
            self.account = log_in(self.db, self.account.user_name, self.password.text(), now=self._now())
        except ServiceError as exc:     # a wrong password (counted, logged), a lock-out, or the disk
            self.message.show_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def switch_user(self) -> LoginDialog:
        """The full login; the one logged in so far is logged out."""
        try:
            log(self.db, AuditAction.LOGOUT, f"账号 {self.account.user_name}", {"原因": "切换用户"},
                user=self.account.user_name)
        except ServiceError as exc:
            logger.warning("logout of %s not logged: %s", self.account.user_name, exc.message)
        dialog = LoginDialog(self.db, self, clock=self._now)
        dialog.user_name.clear()
        dialog.user_name.setFocus()
        dialog.accepted.connect(lambda: self._switched(dialog.account))
        dialog.open()
        return dialog

    def _switched(self, account: AccountInfo) -> None:
        self.account, self.switched = account, True
        self.accept()

    def reject(self) -> None:
        """Esc: stays locked."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()


class IdleLock(QObject):
    """Watches the input to the whole application and locks `window` when idle. `unlocked(account)` after the
    same user came back; `user_switched(account)` after someone else logged in. Armed only while `set_account`
    names a logged-in account (the command line and tests without accounts never lock)."""

    locked = Signal()
    unlocked = Signal(object)
    user_switched = Signal(object)

    def __init__(self, window: QWidget, db: Database, *, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = datetime.now, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(window)
        self.window, self.db = window, db
        self._clock, self._now = clock, now
        self.account: AccountInfo | None = None
        self.minutes = idle_lock_minutes(db)
        self.dialog: LockDialog | None = None
        self._covers: list[Cover] = []
        self._last_input = clock()
        QApplication.instance().installEventFilter(self)
        self._timer = QTimer(self, interval=interval_ms, timeout=self.check)
        self._timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_account(self, account: AccountInfo | None) -> None:
        self.account = account
        self._last_input = self._clock()

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self._last_input = self._clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT_EVENTS:
            self._last_input = self._clock()
        return False

    def idle_seconds(self) -> float:
        return self._clock() - self._last_input

    def check(self) -> None:
        """Lock when nobody has touched the program for the set minutes (the timer calls this)."""
        if self.minutes > 0 and self.idle_seconds() >= self.minutes * 60:
            self.lock(self.tr("空闲 {0} 分钟").format(self.minutes))

    def lock(self, reason: str = "") -> LockDialog | None:
        """Blank every window and ask for the password; None when nobody is logged in or already locked."""
        if self.account is None or self.dialog is not None:
            return None
        try:
            log(self.db, AuditAction.LOCKED, self.tr("程序窗口"), {"原因": reason or self.tr("手动")})
        except ServiceError as exc:    # locking must not depend on the disk
            logger.warning("lock not logged: %s", exc.message)
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        QToolTip.hideText()
        self._covers = [Cover(widget, self.tr("党建工作台已锁定：在锁定窗口中输入密码即可继续使用")
                              if widget is self.window else "")
                        for widget in QApplication.topLevelWidgets()
                        if widget.isVisible() and widget.windowType() in COVERED_WINDOWS]
        self.dialog = LockDialog(self.db, self.account, self.window, now=self._now)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.quit_requested.connect(self.window.close)
        self.dialog.show()
        self.locked.emit()
        return self.dialog

    def switch_user(self) -> LoginDialog | None:
        """Lock, then ask who logs in (账号 → 切换用户)."""
        dialog = self.lock(self.tr("切换用户"))
        return dialog.switch_user() if dialog is not None else None

    def _unlocked(self) -> None:
        dialog, self.dialog = self.dialog, None
        for cover in self._covers:
            cover.remove()
        self._covers = []
        previous, self.account = self.account, dialog.account
        self._last_input = self._clock()
        dialog.deleteLater()
        if dialog.switched and dialog.account.id != previous.id:
            self._close_dialogs()
            self.user_switched.emit(dialog.account)
        else:
            self.unlocked.emit(dialog.account)

    def _close_dialogs(self) -> None:
        """The previous user's open forms are dropped: the next user must not save them under their name."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and not isinstance(widget, QProgressDialog) and widget.isVisible():
                widget.done(QDialog.DialogCode.Rejected)
