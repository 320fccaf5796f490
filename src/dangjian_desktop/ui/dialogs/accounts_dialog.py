"""账号管理 (管理员 only): the accounts with their role and state, 添加账号 / 修改 / 重设密码 / 解锁, and after how
many idle minutes the window locks itself. Refusals of the services are said in red in the dialog."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QVBoxLayout, QWidget)

from ...services.accounts import (AccountInfo, idle_lock_minutes, list_accounts, set_idle_lock_minutes,
                                  unlock_account)
from ...services.database import Database
from ...services.errors import ServiceError
from ..models.account_model import AccountTableModel
from ..theme import HEADING, HINT, PRIMARY, set_role
from ..widgets import FieldMessage
from ..widgets.list_table import list_table
from .account_dialog import AccountDialog
from .password_dialog import PasswordDialog
from .rules_dialog import NumberCombo

IDLE_CHOICES = (0, 3, 5, 10, 15, 20, 30, 60, 120, 240)   # minutes; 0 = never (others stored are added)
COLUMN_PADDING = 28


class AccountsDialog(QDialog):
    """`idle_minutes_changed(minutes)` after the 自动锁定 setting was saved."""

    idle_minutes_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = datetime.now):
        super().__init__(parent)
        self.db, self._clock = db, clock
        self.setWindowTitle(self.tr("账号管理"))
        self.model = AccountTableModel(self, clock)
        self.table = list_table(self.model, sortable=True, context_menu=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count_label = set_role(QLabel(), HINT)
        self.add_button = set_role(QPushButton(self.tr("添加账号…")), PRIMARY)
        self.edit_button = QPushButton(self.tr("修改…"))
        self.reset_button = QPushButton(self.tr("重设密码…"))
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setToolTip(self.tr("密码连续输错 5 次的账号会锁定 30 分钟；解锁后可立即再登录"))
        self.message = FieldMessage()
        self.idle_minutes = NumberCombo(IDLE_CHOICES, self.tr(" 分钟"))
        self.idle_minutes.setItemText(self.idle_minutes.findData(0), self.tr("不自动锁定"))
        self.idle_save_button = QPushButton(self.tr("保存"))
        self.idle_message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._connect()
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 64, self.fontMetrics().height() * 34)
        self.refresh()
        self._stored_minutes = idle_lock_minutes(db)
        self.idle_minutes.set_value(self._stored_minutes)
        self._idle_edited()

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(set_role(QLabel(self.tr("账号管理")), HEADING))
        heading.addSpacing(12)
        heading.addWidget(self.count_label)
        heading.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button, self.unlock_button):
            actions.addWidget(button)
        actions.addStretch(1)
        idle_box = QGroupBox(self.tr("自动锁定"))
        idle_row = QHBoxLayout(idle_box)
        idle_row.addWidget(QLabel(self.tr("无人操作")))
        idle_row.addWidget(self.idle_minutes)
        idle_row.addWidget(QLabel(self.tr("后锁定窗口，输入密码才能继续")))
        idle_row.addSpacing(8)
        idle_row.addWidget(self.idle_save_button)
        idle_row.addWidget(self.idle_message)
        idle_row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 14)
        column.setSpacing(10)
        column.addLayout(heading)
        column.addLayout(actions)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(idle_box)
        column.addWidget(self.buttons)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_account)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.idle_minutes.currentIndexChanged.connect(self._idle_edited)
        self.idle_save_button.clicked.connect(self.save_idle_minutes)

    # ----- the list --------------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        try:
            accounts = list_accounts(self.db)
        except ServiceError as exc:
            self.message.show_message(exc.message)
            return
        self.model.set_records(accounts)
        self.count_label.setText(self.tr("共 {0} 个账号").format(len(accounts)))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + COLUMN_PADDING)

    def selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def select_user(self, user_name: str) -> None:
        row = next((row for row in range(self.model.rowCount())
                    if self.model.record_at(row).user_name == user_name), None)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        account = self.selected()
        self.edit_button.setEnabled(account is not None)
        self.reset_button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and account.locked(self._clock()))

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid() or self.selected() is None:
            return
        menu = QMenu(self)
        for button in (self.edit_button, self.reset_button, self.unlock_button):
            menu.addAction(button.text(), button.click).setEnabled(button.isEnabled())
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ----- actions ---------------------------------------------------------------------------------------------
    def add_account(self) -> AccountDialog:
        return self._open(AccountDialog(self.db, self), lambda dialog: dialog.saved.id)

    def edit_selected(self) -> AccountDialog | None:
        account = self.selected()
        return None if account is None else self._open(AccountDialog(self.db, self, account),
                                                       lambda dialog: dialog.saved.id)

    def reset_selected(self) -> PasswordDialog | None:
        account = self.selected()
        if account is None:
            return None
        dialog = self._open(PasswordDialog(self.db, account, self, reset=True), lambda _dialog: account.id)
        dialog.accepted.connect(lambda: self.message.show_message(
            self.tr("已为 {0} 重设密码。").format(account.user_name), "fixed"))
        return dialog

    def _open(self, dialog: QDialog, saved_id: Callable[[QDialog], int]) -> QDialog:
        """Window-modal; after 确定 the list reloads with the account selected."""
        self.message.clear_message()
        dialog.accepted.connect(lambda: self.refresh(saved_id(dialog)))
        dialog.open()
        return dialog

    def unlock_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        try:
            unlock_account(self.db, account.id)
        except ServiceError as exc:
            self.message.show_message(exc.message)
            return
        self.message.show_message(self.tr("{0} 已解锁，可以立即登录。").format(account.user_name), "fixed")
        self.refresh(account.id)

    # ----- idle lock -------------------------------------------------------------------------------------------
    def _idle_edited(self) -> None:
        self.idle_save_button.setEnabled(self.idle_minutes.value() != self._stored_minutes)
        self.idle_message.clear_message()

    def save_idle_minutes(self) -> None:
        minutes = self.idle_minutes.value()
        try:
            set_idle_lock_minutes(self.db, minutes)
        except ServiceError as exc:
            self.idle_message.show_message(exc.message)
            return
        self._stored_minutes = minutes
        self._idle_edited()
        self.idle_message.show_message(self.tr("已保存"), "fixed")
        self.idle_minutes_changed.emit(minutes)
