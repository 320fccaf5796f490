"""登录: user name (the last one is remembered on this PC) and password; a refusal is said in red under the
fields, never in a box to click away. The title names the data file, so it is clear which data one logs into."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...services.accounts import AccountInfo, log_in
from ...services.database import Database
from ...services.errors import ServiceError
from ..theme import HEADING, HINT, set_role
from ..widgets import FieldMessage
from ..widgets.dialog_frame import lay_out_dialog, ok_cancel
from ..widgets.password_rules import password_edit

LAST_USER_KEY = "login/last_user"


class LoginDialog(QDialog):
    """After 登录, `account` is the account logged in. `clock` gives the time the lock-out is judged by."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = datetime.now):
        super().__init__(parent)
        self.db, self._clock = db, clock
        self.account: AccountInfo | None = None
        self.setWindowTitle(self.tr("登录 — {0}").format(db.path.name))
        self.user_name = QLineEdit(QSettings().value(LAST_USER_KEY, "", str))
        self.user_name.setMaxLength(50)
        self.password = password_edit()
        self.message = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("登录"), self.log_in)
        self.login_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("用户名"), self.user_name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.message)
        place = set_role(QLabel(self.tr("数据文件：{0}").format(db.path)), HINT)
        place.setWordWrap(True)
        lay_out_dialog(self, (set_role(QLabel(self.tr("登录党建工作台")), HEADING), form, place), self.buttons)
        self.layout().setContentsMargins(28, 22, 28, 18)
        self.layout().setSpacing(12)
        self.user_name.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 24)
        for edit in (self.user_name, self.password):
            edit.textChanged.connect(self._edited)
        self._edited()
        (self.password if self.user_name.text() else self.user_name).setFocus()

    def _edited(self) -> None:
        self.login_button.setEnabled(bool(self.user_name.text().strip() and self.password.text()))

    def log_in(self) -> None:
        if not self.login_button.isEnabled():
            return
        name = self.user_name.text().strip()
        try:
            self.account = log_in(self.db, name, self.password.text(), now=self._clock())
        except ServiceError as exc:     # LoginRefused, or the data file cannot be written
            self.message.show_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        QSettings().setValue(LAST_USER_KEY, self.account.user_name)
        self.accept()
