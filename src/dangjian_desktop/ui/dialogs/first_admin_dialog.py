"""The first start of a data file without accounts (new, or from a version before accounts): the administrator
sets a user name and a password. 确定 is enabled only once the password meets every rule of the checklist."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from ...services.accounts import AccountInfo, create_first_admin
from ...services.database import Database
from ...services.errors import ServiceError
from ..theme import HEADING, HINT, set_role
from ..widgets import FieldMessage
from ..widgets.dialog_frame import form_grid, lay_out_dialog, ok_cancel
from ..widgets.password_rules import NewPassword


class FirstAdminDialog(QDialog):
    """After 确定, `account` is the administrator created (and now logged in)."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.account: AccountInfo | None = None
        self.setWindowTitle(self.tr("创建管理员账号 — {0}").format(db.path.name))
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText(self.tr("登录时输入，例如 admin 或姓名拼音"))
        self.user_name.setMaxLength(50)
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText(self.tr("例如 王建华"))
        self.full_name.setMaxLength(50)
        self.new_password = NewPassword(self, self.user_name.text, self.tr("密码"))
        self.summary = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("确定"), self.create)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        intro = QLabel(self.tr(
            "数据文件中有党员的身份证号、电话等个人信息，为防止他人随意查看和修改，使用前需要登录。"
            "请先创建管理员账号：以后由管理员为其他同事添加账号并分配权限。"), wordWrap=True)
        grid = form_grid()
        grid.addWidget(QLabel(self.tr("用户名")), 0, 0)
        grid.addWidget(self.user_name, 0, 1)
        grid.addWidget(QLabel(self.tr("姓名")), 1, 0)
        grid.addWidget(self.full_name, 1, 1)
        self.new_password.place(grid, 2)
        note = set_role(QLabel(self.tr(
            "请记住这个密码：密码无法找回，忘记后只能由另一位管理员重设。建议把它写下来，放在安全的地方"
            "（例如上锁的抽屉里），不要贴在电脑旁。")), HINT)
        note.setWordWrap(True)
        lay_out_dialog(self, (set_role(QLabel(self.tr("创建管理员账号")), HEADING), intro, grid, note),
                       self.buttons, self.summary)
        self.layout().setContentsMargins(28, 22, 28, 18)
        self.layout().setSpacing(12)
        self.user_name.textChanged.connect(self.check_now)
        self.new_password.edited.connect(self.check_now)
        self.check_now()

    def check_now(self) -> bool:
        ok = self.new_password.acceptable() and bool(self.user_name.text().strip())
        self.ok_button.setEnabled(ok)
        self.summary.clear_message()
        return ok

    def create(self) -> None:
        if not self.check_now():
            return
        try:
            self.account = create_first_admin(self.db, self.user_name.text(), self.new_password.text(),
                                              self.full_name.text())
        except ServiceError as exc:
            self.summary.show_message(exc.message)
            return
        self.accept()
