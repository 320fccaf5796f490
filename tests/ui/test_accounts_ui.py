"""Accounts in the GUI (issue 5, item 5): the first administrator, logging in, 账号管理, 修改/重设密码, and a
read-only user's main window."""

import json
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from account_fixtures import ADMIN_PASSWORD, PASSWORD, audit
from dangjian_desktop.domain.access import Role
from dangjian_desktop.services.accounts import (MAX_FAILURES, LoginRefused, add_account, create_first_admin,
                                                has_accounts, idle_lock_minutes, list_accounts, log_in)
from dangjian_desktop.services.audit import current_actor
from dangjian_desktop.services.members import list_members
from dangjian_desktop.ui.dialogs.accounts_dialog import AccountsDialog
from dangjian_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
from dangjian_desktop.ui.dialogs.login_dialog import LAST_USER_KEY, LoginDialog
from dangjian_desktop.ui.dialogs.member_dialog import MemberDialog
from dangjian_desktop.ui.dialogs.password_dialog import PasswordDialog
from dangjian_desktop.ui.login_flow import sign_in
from dangjian_desktop.ui.main_window import MainWindow


@pytest.fixture
def admin(db):
    return create_first_admin(db, "admin", ADMIN_PASSWORD, "王管理")


# ------------------------------------------------------------------------------------------ first administrator
def test_first_admin_dialog_enables_ok_only_for_a_strong_matching_password(ui_app, qtbot, db):
    dialog = FirstAdminDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "创建管理员账号 — t.db"
    assert not dialog.ok_button.isEnabled()
    fields = dialog.new_password
    assert fields.password.echoMode() == QLineEdit.EchoMode.Password
    dialog.user_name.setText("admin")
    dialog.full_name.setText("王管理")
    for password, repeat in (("short1A", "short1A"),            # too short
                             ("abcdefgh12", "abcdefgh12"),       # two classes
                             ("Dangjian#2025", "Dangjian#202"),  # not the same twice
                             ("Admin#20250", "Admin#20250"),     # holds the user name
                             ("Dang jian#25", "Dang jian#25")):  # a space
        fields.password.setText(password)
        fields.repeat.setText(repeat)
        assert not dialog.ok_button.isEnabled(), password
    assert fields.rules.other.text() == "密码中不能有空格。"
    fields.password.setText(ADMIN_PASSWORD)
    assert fields.rules.length.text().startswith("✓") and fields.rules.repeat.text().startswith("○")
    fields.repeat.setText(ADMIN_PASSWORD)
    assert all(label.text().startswith("✓") for label in (fields.rules.length, fields.rules.classes,
                                                           fields.rules.repeat, fields.rules.no_name))
    assert dialog.ok_button.isEnabled()
    dialog.user_name.setText("")                                 # a user name is needed too
    assert not dialog.ok_button.isEnabled()
    dialog.user_name.setText("admin")
    fields.show_toggle.setChecked(True)
    assert fields.password.echoMode() == QLineEdit.EchoMode.Normal
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (dialog.account.user_name, dialog.account.full_name, dialog.account.role) == ("admin", "王管理",
                                                                                         Role.ADMIN)
    assert has_accounts(db) and current_actor(db).account_id == dialog.account.id


def test_first_admin_dialog_says_a_refusal_in_the_dialog(ui_app, qtbot, db, admin):
    dialog = FirstAdminDialog(db)             # a second copy of the program got there first
    qtbot.addWidget(dialog)
    dialog.user_name.setText("other")
    dialog.new_password.password.setText(ADMIN_PASSWORD)
    dialog.new_password.repeat.setText(ADMIN_PASSWORD)
    dialog.ok_button.click()
    assert dialog.account is None and dialog.result() != dialog.DialogCode.Accepted
    assert "已经有管理员账号了" in dialog.summary.text()


# ------------------------------------------------------------------------------------------ logging in
def test_login_dialog_shows_the_refusal_under_the_fields(ui_app, qtbot, db, admin):
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "登录 — t.db"
    assert not dialog.login_button.isEnabled()
    dialog.user_name.setText("admin")
    dialog.password.setText("Wrong-2025")
    dialog.login_button.click()
    assert dialog.account is None and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message.text() == f"用户名或密码不正确。再输错 {MAX_FAILURES - 1} 次，账号将被锁定 30 分钟。"
    assert dialog.message.styleSheet() == "color: #B3261E;"
    assert dialog.password.text() == ""
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.login_button.click()
    assert dialog.account.user_name == "admin"
    assert QSettings().value(LAST_USER_KEY) == "admin"
    again = LoginDialog(db)                                      # the last user name is remembered
    qtbot.addWidget(again)
    assert again.user_name.text() == "admin"


def test_login_dialog_judges_the_lock_out_by_its_clock(ui_app, qtbot, db, admin):
    start = datetime(2025, 6, 3, 9, 0)
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            log_in(db, "admin", "Wrong-2025", now=start)
    dialog = LoginDialog(db, clock=lambda: start + timedelta(minutes=31))
    qtbot.addWidget(dialog)
    dialog.user_name.setText("admin")
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.login_button.click()
    assert dialog.account is not None


def answer_modal(fill) -> None:
    """Fill in the next modal dialog once it is shown (sign_in runs it with exec)."""
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
        else:
            fill(dialog)
    QTimer.singleShot(0, act)


def test_sign_in_creates_the_first_administrator_then_logs_in(ui_app, qtbot, db):
    def first(dialog):
        assert isinstance(dialog, FirstAdminDialog)
        dialog.user_name.setText("admin")
        dialog.new_password.password.setText(ADMIN_PASSWORD)
        dialog.new_password.repeat.setText(ADMIN_PASSWORD)
        dialog.ok_button.click()

    answer_modal(first)
    assert sign_in(db).user_name == "admin"

    def login(dialog):
        assert isinstance(dialog, LoginDialog)
        dialog.user_name.setText("admin")
        dialog.password.setText(ADMIN_PASSWORD)
        dialog.login_button.click()

    answer_modal(login)
    assert sign_in(db).role == Role.ADMIN
    answer_modal(lambda dialog: dialog.reject())
    assert sign_in(db) is None


# ------------------------------------------------------------------------------------------ 账号管理
def test_accounts_dialog_adds_a_user_and_changes_a_role(ui_app, qtbot, db, admin):
    dialog = AccountsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.count_label.text() == "共 1 个账号"
    add = dialog.add_account()
    assert not add.ok_button.isEnabled()
    add.user_name.setText("zhangsan")
    add.full_name.setText("张三")
    add.roles.buttons[Role.OPERATOR].setChecked(True)
    add.new_password.password.setText(PASSWORD)
    add.new_password.repeat.setText(PASSWORD)
    add.ok_button.click()
    assert [a.user_name for a in list_accounts(db)] == ["admin", "zhangsan"]
    assert dialog.model.rowCount() == 2
    assert dialog.selected().user_name == "zhangsan"
    assert [dialog.model.data(dialog.model.index(1, column)) for column in range(3)] == ["zhangsan", "张三", "操作员"]

    edit = dialog.edit_selected()
    assert edit.user_name.isReadOnly() and edit.roles.role() == Role.OPERATOR
    edit.roles.buttons[Role.READ_ONLY].setChecked(True)
    edit.ok_button.click()
    assert dialog.model.data(dialog.model.index(1, 2)) == "只读"
    assert json.loads(audit(db, "角色变更")[-1].details) == {"角色": ["操作员", "只读"]}


def test_accounts_dialog_says_why_a_change_is_refused(ui_app, qtbot, db, admin):
    dialog = AccountsDialog(db)
    qtbot.addWidget(dialog)
    dialog.select_user("admin")
    edit = dialog.edit_selected()
    edit.roles.buttons[Role.OPERATOR].setChecked(True)
    edit.ok_button.click()
    assert edit.result() != edit.DialogCode.Accepted
    assert "不能修改自己的角色" in edit.summary.text()


def test_accounts_dialog_unlocks_and_resets(ui_app, qtbot, db, admin):
    add_account(db, "zhangsan", "张三", Role.OPERATOR, PASSWORD)
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            log_in(db, "zhangsan", "Wrong-2025")
    log_in(db, "admin", ADMIN_PASSWORD)
    dialog = AccountsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.model.data(dialog.model.index(1, 3)).startswith("锁定至 ")
    dialog.select_user("zhangsan")
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert dialog.model.data(dialog.model.index(1, 3)) == "正常"
    assert dialog.message.text() == "zhangsan 已解锁，可以立即登录。"
    reset = dialog.reset_selected()
    assert reset.windowTitle() == "重设密码 — 张三（zhangsan）" and reset.old_password.isHidden()
    reset.new_password.password.setText("Reset-2025x")
    reset.new_password.repeat.setText("Reset-2025x")
    reset.ok_button.click()
    assert dialog.message.text() == "已为 zhangsan 重设密码。"
    assert log_in(db, "zhangsan", "Reset-2025x").user_name == "zhangsan"


def test_accounts_dialog_sets_the_idle_minutes(ui_app, qtbot, db, admin):
    dialog = AccountsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes.value() == 10 and not dialog.idle_save_button.isEnabled()
    dialog.idle_minutes.set_value(0)
    assert dialog.idle_minutes.currentText() == "不自动锁定"
    with qtbot.waitSignal(dialog.idle_minutes_changed) as changed:
        dialog.idle_save_button.click()
    assert changed.args == [0] and idle_lock_minutes(db) == 0
    assert not dialog.idle_save_button.isEnabled()


def test_changing_ones_own_password(ui_app, qtbot, db, admin):
    dialog = PasswordDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.old_password.setText("Wrong-2025")
    dialog.new_password.password.setText("Newer#2025")
    dialog.new_password.repeat.setText("Newer#2025")
    dialog.ok_button.click()
    assert dialog.summary.text() == "原密码不正确。"
    dialog.old_password.setText(ADMIN_PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert log_in(db, "admin", "Newer#2025").id == admin.id


# ------------------------------------------------------------------------------------------ the role in the window
@pytest.fixture
def reader(db, admin, small_street):
    add_account(db, "wangdu", "王读", Role.READ_ONLY, PASSWORD)
    return log_in(db, "wangdu", PASSWORD)


def test_a_read_only_window_greys_out_what_writes(ui_app, qtbot, db, reader):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.account_menu.user_label.text() == "当前用户：王读（只读）"
    assert not window.account_menu.accounts_action.isVisible()
    for action in (window.import_action, window.export_action, window.census_action, window.visits_action):
        assert not action.isEnabled()
    shown = [window.navigation.item(row).text() for row in range(window.navigation.count())
             if not window.navigation.isRowHidden(row)]
    assert shown == ["首页", "组织与党员", "组织生活", "企业与走访", "诉求台账", "数据与设置"]

    roster = window.roster_page
    qtbot.waitUntil(lambda: roster.model.total_count == 6)
    roster.table.selectRow(0)
    for button in (roster.add_button, roster.edit_button, roster.move_button, roster.delete_button,
                   roster.import_button, roster.export_button):
        assert not button.isEnabled(), button.text()
    assert roster.print_button.isEnabled()
    assert roster.tree.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    meetings = window.meetings_page
    assert not meetings.records.new_button.isEnabled() and not meetings.compliance.rules_button.isEnabled()
    assert not meetings.themes.new_button.isEnabled()
    enterprises = window.enterprises_page
    assert not enterprises.enterprises.new_button.isEnabled() and not enterprises.officers.add_button.isEnabled()
    assert not enterprises.visits.new_button.isEnabled()
    assert not window.demands_page.add_button.isEnabled()
    data = window.data_page
    for button in (data.import_button, data.export_button, data.census_import_button, data.visit_rules_button):
        assert not button.isEnabled()
    assert data.print_button.isEnabled()


def test_a_read_only_user_opens_a_member_without_saving(ui_app, qtbot, db, reader, monkeypatch):
    window = MainWindow(db)
    qtbot.addWidget(window)
    roster = window.roster_page
    qtbot.waitUntil(lambda: roster.model.total_count == 6)
    roster.table.selectRow(0)
    opened = []
    monkeypatch.setattr(MemberDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    roster.edit_member()                              # what a double-click does
    assert opened[0].save_button.isHidden() and opened[0].windowTitle().endswith("（只读）")


def test_a_read_only_users_write_is_refused_with_a_message(ui_app, qtbot, db, reader):
    """A write the buttons did not stop (here the member form opened for editing) is refused with a message."""
    member = list_members(db)[0]
    dialog = MemberDialog(None, db, record=member)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("改名字")
    dialog.save_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.summary.text().startswith("当前账号（wangdu，只读）没有修改数据的权限，刚才的修改没有保存。")
    assert list_members(db)[0].name == member.name


def test_the_auditor_sees_only_the_audit_log(ui_app, qtbot, db, admin):
    add_account(db, "shenji", "审小计", Role.AUDITOR, PASSWORD)
    log_in(db, "shenji", PASSWORD)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    shown = [window.navigation.item(row).text() for row in range(window.navigation.count())
             if not window.navigation.isRowHidden(row)]
    assert shown == ["审计日志"]
    assert window.navigation.currentItem().text() == "审计日志"


def test_the_operator_sees_the_data_but_not_the_rules(ui_app, qtbot, db, admin):
    add_account(db, "zhangsan", "张三", Role.OPERATOR, PASSWORD)
    log_in(db, "zhangsan", PASSWORD)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.roster_page.add_button.isEnabled() and window.import_action.isEnabled()
    assert not window.data_page.visit_rules_button.isEnabled()
    assert not window.meetings_page.compliance.rules_button.isEnabled()


def test_records_are_signed_by_the_logged_in_user_not_the_computer_account(ui_app, db, admin):
    from dangjian_desktop.services.accounts import log_in
    from dangjian_desktop.ui.dialogs.meeting_dialog import user_name

    log_in(db, "admin", ADMIN_PASSWORD)
    assert user_name(db) == "admin"
