"""The administrator's account list: 用户名, 姓名, 角色, 状态 (正常 / 已停用 / 锁定至 HH:MM), 上次登录; searched on the
names, sorted by any column. Disabled and locked accounts are shown in grey and red."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.accounts import AccountInfo
from .sorted_rows import SortedRowsModel

HEADERS = ("用户名", "姓名", "角色", "状态", "上次登录")
USER, NAME, ROLE, STATE, LAST_LOGIN = range(len(HEADERS))
LOCKED_COLOUR, DISABLED_COLOUR = "#B3261E", "#8F959E"


class AccountTableModel(SortedRowsModel):
    """`clock` gives the time a lock is judged by (tests pass a fixed one)."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None, clock: Callable[[], datetime] = datetime.now):
        super().__init__(parent)
        self._clock = clock

    def state(self, account: AccountInfo) -> str:
        if not account.active:
            return self.tr("已停用")
        if account.locked(self._clock()):
            return self.tr("锁定至 {0:%H:%M}").format(account.locked_until)
        return self.tr("正常")

    def _haystack(self, account: AccountInfo) -> str:
        return f"{account.user_name} {account.full_name} {account.role}"

    def _text(self, account: AccountInfo, column: int) -> str:
        if column == USER:
            return account.user_name
        if column == NAME:
            return account.full_name
        if column == ROLE:
            return str(account.role)
        if column == STATE:
            return self.state(account)
        return f"{account.last_login_at:%Y-%m-%d %H:%M}" if account.last_login_at else self.tr("从未登录")

    def _sort_key(self, account: AccountInfo, column: int):  # noqa: ANN202 - any comparable value
        if column == LAST_LOGIN:
            return account.last_login_at or datetime.min
        return self._text(account, column)

    def _role_data(self, account: AccountInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.ForegroundRole:
            if not account.active:
                return QBrush(QColor(DISABLED_COLOUR))
            if column == STATE and account.locked(self._clock()):
                return QBrush(QColor(LOCKED_COLOUR))
        return None
