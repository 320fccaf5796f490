"""修改密码 (one's own: the old password first) and the administrator's 重设密码 (for someone who forgot theirs, no
old password; also lifts a lock-out). Both with the checklist of the password rule."""

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from ...services.accounts import AccountInfo, change_own_password, reset_password
from ...services.database import Database
from ..theme import HINT, set_role
from ..widgets import FieldMessage
from ..widgets.dialog_frame import form_grid, lay_out_dialog, ok_cancel
from ..widgets.password_rules import NewPassword, password_edit
from .service_form import WholeFormDialog


class PasswordDialog(WholeFormDialog):
    """`reset` False: the logged-in user changes `account`'s password; True: the administrator resets it."""

    def __init__(self, db: Database, account: AccountInfo, parent: QWidget | None = None, *, reset: bool = False):
        super().__init__(parent)
        self.db, self.account, self.reset = db, account, reset
        who = f"{account.full_name}（{account.user_name}）" if account.full_name else account.user_name
        self.setWindowTitle(self.tr("重设密码 — {0}").format(who) if reset else self.tr("修改密码"))
        self.old_password = password_edit()
        self.new_password = NewPassword(self, lambda: account.user_name, self.tr("新密码"),
                                        also_shown=(self.old_password,))
        self.summary = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("确定"), self.save)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        grid = form_grid()
        if reset:
            intro = self.tr("为 {0} 设置一个新密码；账号如因密码输错被锁定，也一并解锁。"
                            "请把新密码当面告诉本人，并提醒他登录后在“账号 → 修改密码”中改成只有自己知道的密码。")
            self.old_password.hide()
            self.new_password.place(grid, 0)
        else:
            intro = self.tr("{0}，请先输入现在的密码，再输入两遍新密码。")
            grid.addWidget(QLabel(self.tr("原密码")), 0, 0)
            grid.addWidget(self.old_password, 0, 1)
            self.new_password.place(grid, 1)
        label = set_role(QLabel(intro.format(who)), HINT)
        label.setWordWrap(True)
        lay_out_dialog(self, (label, grid), self.buttons, self.summary)
        self.old_password.textChanged.connect(self.check_now)
        self.new_password.edited.connect(self.check_now)
        self.check_now()

    def _acceptable(self) -> bool:
        return self.new_password.acceptable() and (self.reset or bool(self.old_password.text()))

    def _write(self) -> None:
        if self.reset:
            reset_password(self.db, self.account.id, self.new_password.text())
        else:
            change_own_password(self.db, self.account.id, self.old_password.text(), self.new_password.text())
