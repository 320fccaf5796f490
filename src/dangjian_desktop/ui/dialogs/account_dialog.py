"""添加账号 / 修改账号 for the administrator: user name, the person's name, the role (each with what it may do) and,
for a new account, the first password; for an existing one, whether it may log in."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialogButtonBox, QLabel, QLineEdit,
                               QRadioButton, QVBoxLayout, QWidget)

from ...domain.access import ACCOUNT_ROLES, ROLE_DESCRIPTIONS, Role
from ...services.accounts import AccountInfo, add_account, update_account
from ...services.database import Database
from ..theme import HINT, set_role
from ..widgets import FieldMessage
from ..widgets.dialog_frame import form_grid, lay_out_dialog, ok_cancel
from ..widgets.password_rules import NewPassword
from .service_form import WholeFormDialog

ROLE_TEXT_CHARS = 38      # the role descriptions fit on one line


class RoleChooser(QWidget):
    """The four roles as choices, each with a line saying what it may do."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[Role, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for role in ACCOUNT_ROLES:
            button = QRadioButton(role.value)
            self.buttons[role] = button
            self.group.addButton(button)
            description = set_role(QLabel(ROLE_DESCRIPTIONS[role]), HINT)
            description.setWordWrap(True)
            description.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(button)
            layout.addWidget(description)
        self.choose(Role.OPERATOR)

    def role(self) -> Role:
        return next(role for role, button in self.buttons.items() if button.isChecked())

    def choose(self, role: Role) -> None:
        self.buttons[role].setChecked(True)


class AccountDialog(WholeFormDialog):
    """`account` None adds one; else it is modified. After 确定, `saved` is the account as stored."""

    def __init__(self, db: Database, parent: QWidget | None = None, account: AccountInfo | None = None):
        super().__init__(parent)
        self.db, self._account = db, account
        self.saved: AccountInfo | None = None
        self.setWindowTitle(self.tr("添加账号") if account is None
                            else self.tr("修改账号 — {0}").format(account.user_name))
        self.user_name = QLineEdit(account.user_name if account else "")
        self.user_name.setMaxLength(50)
        self.user_name.setReadOnly(account is not None)
        if account is not None:
            self.user_name.setStyleSheet("QLineEdit { background: #F4F5F7; }")   # a user name stays as it is
        self.user_name.setPlaceholderText(self.tr("登录时输入，例如姓名拼音"))
        self.full_name = QLineEdit(account.full_name if account else "")
        self.full_name.setMaxLength(50)
        self.roles = RoleChooser()
        self.roles.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * ROLE_TEXT_CHARS)
        self.active = QCheckBox(self.tr("可以登录（取消勾选即停用账号：不能再登录，其操作记录保留）"))
        self.new_password = NewPassword(self, self.user_name.text, self.tr("初始密码"))
        self.summary = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("确定"), self.save)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        grid = form_grid()
        grid.addWidget(QLabel(self.tr("用户名")), 0, 0)
        grid.addWidget(self.user_name, 0, 1)
        grid.addWidget(QLabel(self.tr("姓名")), 1, 0)
        grid.addWidget(self.full_name, 1, 1)
        role_label = QLabel(self.tr("角色"))
        role_label.setContentsMargins(0, 2, 0, 0)
        grid.addWidget(role_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.roles, 2, 1, 1, 2)
        parts: list = [grid]
        if account is None:
            self.new_password.place(grid, 3)
            hint = set_role(QLabel(self.tr("请把初始密码当面告诉本人，并提醒他登录后在“账号 → 修改密码”中"
                                           "改成只有自己知道的密码。")), HINT)
            hint.setWordWrap(True)
            parts.append(hint)
            self.active.hide()
        else:
            self.roles.choose(account.role)
            self.active.setChecked(account.active)
            grid.addWidget(self.active, 3, 1, 1, 2)
        lay_out_dialog(self, parts, self.buttons, self.summary)
        self.user_name.textChanged.connect(self.check_now)
        self.new_password.edited.connect(self.check_now)
        self.check_now()

    def _acceptable(self) -> bool:
        return self._account is not None or (bool(self.user_name.text().strip()) and self.new_password.acceptable())

    def _write(self) -> None:
        if self._account is None:
            self.saved = add_account(self.db, self.user_name.text(), self.full_name.text(), self.roles.role(),
                                     self.new_password.text())
        else:
            self.saved = update_account(self.db, self._account.id, self.full_name.text(), self.roles.role(),
                                        self.active.isChecked())
