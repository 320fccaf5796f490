"""Typing a new password: the two fields, 显示密码, and the checklist beside them whose rules turn green as they are
met, so nobody has to guess why 确定 stays grey. Shared by the first administrator, 修改密码, 重设密码 and
添加账号."""

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.passwords import MIN_CLASSES, MIN_LENGTH, character_classes, password_problem
from ..theme import HINT, set_role
from . import MESSAGE_COLOURS

MET, UNMET = MESSAGE_COLOURS["fixed"], "#8F959E"
MAX_PASSWORD_LENGTH = 128
FIELD_CHARS = 16          # the width of the password fields, in Chinese characters


class PasswordRules(QWidget):
    """The checklist; `check(password, repeat, user_name)` ticks the rules and says whether all are met."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.length, self.classes, self.repeat, self.no_name = QLabel(), QLabel(), QLabel(), QLabel()
        self.other = QLabel(wordWrap=True)     # what the rule refuses beyond the list (a space)
        self.other.setStyleSheet(f"color: {MESSAGE_COLOURS['error']};")
        self.other.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(set_role(QLabel(self.tr("密码要求：")), HINT))
        for label in (self.length, self.classes, self.repeat, self.no_name, self.other):
            layout.addWidget(label)
        layout.addStretch(1)
        self.check("", "", "")

    def check(self, password: str, repeat: str, user_name: str) -> bool:
        used = len(character_classes(password))
        name = user_name.strip().lower()
        rules = (
            (self.length, len(password) >= MIN_LENGTH,
             self.tr("至少 {0} 位（已输入 {1} 位）").format(MIN_LENGTH, len(password))),
            (self.classes, used >= MIN_CLASSES,
             self.tr("包含大写字母、小写字母、数字、符号中的 {0} 种（已有 {1} 种）").format(MIN_CLASSES, used)),
            (self.repeat, bool(password) and password == repeat, self.tr("两次输入一致")),
            (self.no_name, bool(password) and not (name and name in password.lower()), self.tr("不含用户名")),
        )
        for label, met, text in rules:
            label.setText(("✓ " if met else "○ ") + text)
            label.setStyleSheet(f"color: {MET if met else UNMET};")
        all_met = all(met for _label, met, _text in rules)
        problem = password_problem(password, user_name.strip()) if all_met else None
        self.other.setText(problem or "")
        self.other.setVisible(bool(problem))
        return all_met and problem is None


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(MAX_PASSWORD_LENGTH)
    return edit


class NewPassword(QObject):
    """新密码 and 再次输入 with 显示密码 and the checklist, laid into a form's grid by `place`. `edited` on every
    keystroke; `acceptable()` when the checklist is all green for the user name `user_name()` gives."""

    edited = Signal()

    def __init__(self, owner: QWidget, user_name: Callable[[], str], label: str, *,
                 also_shown: tuple[QLineEdit, ...] = ()):
        super().__init__(owner)
        self._user_name, self._label = user_name, label
        self.password, self.repeat = password_edit(), password_edit()
        self.rules = PasswordRules()
        self.show_toggle = QCheckBox(self.tr("显示密码"))
        self._shown = (*also_shown, self.password, self.repeat)
        self.show_toggle.toggled.connect(self._show_text)
        for edit in (self.password, self.repeat):
            edit.textChanged.connect(self.edited)

    def place(self, grid: QGridLayout, row: int) -> int:
        """The fields in columns 0–1 from `row` on, the checklist beside them in column 2; the next free row."""
        grid.addWidget(QLabel(self._label), row, 0)
        grid.addWidget(self.password, row, 1)
        grid.addWidget(QLabel(self.tr("再次输入")), row + 1, 0)
        grid.addWidget(self.repeat, row + 1, 1)
        grid.addWidget(self.show_toggle, row + 2, 1)
        grid.addWidget(self.rules, row, 2, 4, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(1, FIELD_CHARS * self.password.fontMetrics().horizontalAdvance("汉"))
        grid.setColumnMinimumWidth(2, self.rules.sizeHint().width() + 12)
        return row + 3

    def _show_text(self, shown: bool) -> None:
        for edit in self._shown:
            edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def acceptable(self) -> bool:
        return self.rules.check(self.password.text(), self.repeat.text(), self._user_name())

    def text(self) -> str:
        return self.password.text()
