"""The session lock (issue 5, item 5): idle minutes on a fake clock, the password to come back (counted and
audited like any login), 切换用户, and the main window's 锁定 (Ctrl+L) and role after a switch."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow

from account_fixtures import ADMIN_PASSWORD, PASSWORD, audit
from dangjian_desktop.domain.access import Role
from dangjian_desktop.services.accounts import (MAX_FAILURES, add_account, create_first_admin, log_in,
                                                set_idle_lock_minutes)
from dangjian_desktop.services.audit import current_actor
from dangjian_desktop.ui.idle_lock import Cover, IdleLock
from dangjian_desktop.ui.main_window import MainWindow


class FakeClock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def clerk(db):
    """An 操作员 logged in; the administrator (created first, as at a first start) set the lock to 5 minutes."""
    create_first_admin(db, "admin", ADMIN_PASSWORD, "王管理")
    set_idle_lock_minutes(db, 5)
    add_account(db, "zhangsan", "张三", Role.OPERATOR, PASSWORD)
    add_account(db, "lisi", "李四", Role.READ_ONLY, PASSWORD)
    return log_in(db, "zhangsan", PASSWORD)


@pytest.fixture
def locked_window(ui_app, qtbot, db, clerk):
    """A plain window with the idle lock on a fake clock (its timer never fires by itself)."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("党员名单"))
    window.resize(600, 400)
    qtbot.addWidget(window)
    window.show()
    clock = FakeClock()
    lock = IdleLock(window, db, clock=clock, interval_ms=10**8)
    assert lock.minutes == 5                          # as the administrator set it
    lock.set_account(clerk)
    return window, lock, clock


def test_locks_after_the_idle_minutes_and_not_before(locked_window, db):
    window, lock, clock = locked_window
    clock.advance(4 * 60 + 59)
    lock.check()
    assert not lock.is_locked
    QTest.keyClick(window, Qt.Key.Key_A)              # any input starts the minutes again
    clock.advance(4 * 60)
    lock.check()
    assert not lock.is_locked
    clock.advance(60)
    lock.check()
    assert lock.is_locked
    covers = window.findChildren(Cover)
    assert len(covers) == 1 and covers[0].isVisible() and covers[0].geometry() == window.rect()
    assert lock.dialog.isVisible() and lock.dialog.isModal()
    assert "张三（操作员）" in lock.dialog.who.text()
    entry = audit(db, "锁定")[-1]
    assert (entry.user_name, entry.target, json.loads(entry.details)) == ("zhangsan", "程序窗口",
                                                                          {"原因": "空闲 5 分钟"})


def test_the_password_unlocks_and_a_wrong_one_is_counted(locked_window, qtbot, db):
    window, lock, clock = locked_window
    clock.advance(5 * 60)
    lock.check()
    dialog = lock.dialog
    dialog.reject()                                   # Esc does not unlock
    assert lock.is_locked and dialog.isVisible()
    dialog.password.setText("Wrong-2025")
    dialog.unlock()
    assert lock.is_locked
    assert dialog.message.isVisible()
    assert dialog.message.text() == f"用户名或密码不正确。再输错 {MAX_FAILURES - 1} 次，账号将被锁定 30 分钟。"
    assert audit(db, "登录失败")[-1].user_name == "zhangsan"
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked) as unlocked:
        dialog.unlock()
    assert unlocked.args[0].user_name == "zhangsan"
    assert not lock.is_locked
    qtbot.waitUntil(lambda: not window.findChildren(Cover))
    assert audit(db, "登录")[-1].user_name == "zhangsan"
    assert current_actor(db).role == Role.OPERATOR
    clock.advance(4 * 60)                             # the minutes start again after unlocking
    lock.check()
    assert not lock.is_locked


def test_five_wrong_passwords_lock_the_account_too(locked_window, db):
    _window, lock, clock = locked_window
    clock.advance(600)
    lock.check()
    for _attempt in range(MAX_FAILURES):
        lock.dialog.password.setText("Wrong-2025")
        lock.dialog.unlock()
    assert "账号已锁定 30 分钟" in lock.dialog.message.text()
    lock.dialog.password.setText(PASSWORD)
    lock.dialog.unlock()
    assert lock.is_locked and "请在" in lock.dialog.message.text()


def test_no_lock_when_switched_off_or_nobody_logged_in(locked_window):
    _window, lock, clock = locked_window
    lock.set_minutes(0)
    clock.advance(10**6)
    lock.check()
    assert not lock.is_locked
    lock.set_minutes(5)
    lock.set_account(None)
    clock.advance(10**6)
    lock.check()
    assert lock.lock() is None and not lock.is_locked


def test_every_open_window_is_covered(locked_window, qtbot):
    window, lock, _clock = locked_window
    form = QDialog(window)                 # e.g. a member's form left open
    form.resize(300, 200)
    form.show()
    lock.lock()
    for covered in (window, form):
        assert len(covered.findChildren(Cover, options=Qt.FindChildOption.FindDirectChildrenOnly)) == 1
    assert not lock.dialog.findChildren(Cover)
    lock.dialog.quit_button.click()        # 退出程序 closes the window without unlocking
    assert not window.isVisible()


def test_switching_user_from_the_lock(locked_window, qtbot, db):
    window, lock, _clock = locked_window
    form = QDialog(window)                 # the previous user's unsaved form
    form.show()
    lock.lock()
    login = lock.dialog.switch_user()
    assert login.user_name.text() == ""
    login.user_name.setText("lisi")
    login.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.user_switched) as switched:
        login.log_in()
    assert switched.args[0].user_name == "lisi"
    assert not lock.is_locked and lock.account.user_name == "lisi"
    assert current_actor(db).role == Role.READ_ONLY
    assert not form.isVisible()            # not saved under the new user's name
    logout = audit(db, "退出登录")[-1]
    assert (logout.user_name, json.loads(logout.details)) == ("zhangsan", {"原因": "切换用户"})


def test_the_main_window_locks_with_ctrl_l_and_takes_the_new_users_role(ui_app, qtbot, db, clerk, street):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    menu = window.account_menu
    assert menu.user_label.text() == "当前用户：张三（操作员）"
    assert menu.lock_action.shortcut().toString() == "Ctrl+L"
    assert not menu.accounts_action.isVisible()               # 账号管理 is the administrator's
    menu.lock_action.trigger()
    lock = menu.idle_lock
    assert lock.is_locked
    assert json.loads(audit(db, "锁定")[-1].details) == {"原因": "手动"}
    login = lock.dialog.switch_user()
    login.user_name.setText("admin")
    login.password.setText(ADMIN_PASSWORD)
    login.log_in()
    assert menu.user_label.text() == "当前用户：王管理（管理员）"
    assert menu.accounts_action.isVisible()
    window.show_page(window.data_page)
    assert window.data_page.visit_rules_button.isEnabled()     # rule settings: the administrator's


def test_enter_in_the_password_field_unlocks_once(locked_window, db):
    _window, lock, _clock = locked_window
    logins = len(audit(db, "登录"))
    lock.lock()
    dialog = lock.dialog
    dialog.password.setFocus()
    QTest.keyClicks(dialog.password, "Wrong-2025")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text().startswith("用户名或密码不正确。再输错 4 次")   # counted once, not twice
    QTest.keyClicks(dialog.password, PASSWORD)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert len(audit(db, "登录")) == logins + 1
