"""备份与恢复, 工具 → 数据检查, the automatic backups and the off-PC reminder, on real data files (offscreen)."""

from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from dangjian_desktop.services import auto_backup as auto_backup_service
from dangjian_desktop.services.backups import BackupReason, last_offsite_copy, list_backups, make_backup
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.members import list_members, save_member
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui import auto_backups
from dangjian_desktop.ui.auto_backups import remind_offsite_copy
from dangjian_desktop.ui.dialogs.check_dialog import CheckResultDialog
from dangjian_desktop.ui.models.backup_model import HEADERS
from dangjian_desktop.ui.pages.backup_page import BackupPage


def column(name: str) -> int:
    return HEADERS.index(name)


def cell(page: BackupPage, row: int, name: str) -> str:
    return page.model.data(page.model.index(row, column(name)))


@pytest.fixture
def page(ui_app, qtbot, db, small_street):
    make_backup(db, BackupReason.OPENED)
    make_backup(db, BackupReason.BEFORE_IMPORT)
    shown = BackupPage(db)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.model.rowCount() == 2)
    return shown


@pytest.fixture
def window(ui_app, qtbot, db, small_street):
    main = app_module.create_main_window(db)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_the_page_lists_the_backups_with_their_counts(page):
    assert page.model.columnCount() == 9
    assert {cell(page, row, "类型") for row in range(2)} == {"打开时", "导入前"}
    assert cell(page, 0, "党员") == "6" and cell(page, 0, "党组织") == "6" and cell(page, 0, "诉求") == "0"
    assert cell(page, 0, "大小").endswith("KB")
    assert page.count_label.text().startswith("共 2 份备份，占用 ")
    assert "最近两天的备份全部保留" in " ".join(label.text() for label in page.findChildren(type(page.count_label)))
    assert page.offsite_label.text().startswith("还没有把备份另存到这台电脑以外的地方")
    assert not page.restore_button.isEnabled()   # nothing selected yet
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()


def test_backup_now_adds_a_row(page, qtbot):
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.backup_button.click()
    assert page.model.rowCount() == 3
    assert "手动" in {cell(page, row, "类型") for row in range(3)}
    assert page.message_label.text().startswith("已备份并校验完好")


def test_saving_a_copy_elsewhere_is_remembered(page, qtbot, tmp_path, monkeypatch, db):
    target = tmp_path / "U盘" / "党建备份.db"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.save_copy_button.click()
    assert target.is_file() and str(target) in said[0]
    assert last_offsite_copy(db) is not None
    assert page.offsite_label.text().startswith("上次另存到其他位置：") and "（今天）" in page.offsite_label.text()


def test_restore_through_the_page_brings_the_old_data_back(ui_app, qtbot, db, small_street, make_member,
                                                           monkeypatch):
    saved = make_backup(db, BackupReason.MANUAL)
    save_member(db, make_member(small_street.street.retired, 60, name="后来的党员"))
    assert len(list_members(db)) == 7
    controller = app_module.AppController(db)
    old = controller.show_window()     # not given to qtbot: the controller deletes it after the restore
    old.show_page(old.backup_page)
    page = old.backup_page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)
    row = next(r for r in range(page.model.rowCount()) if page.model.record_at(r).path == saved.path)
    page.table.selectRow(row)
    questions, said = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: questions.append(text) or
                        QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    page.restore_button.click()
    qtbot.waitUntil(lambda: controller.window is not old, timeout=20_000)
    try:
        assert saved.taken_at.strftime("%Y-%m-%d %H:%M:%S") in questions[0] and "先自动备份现在的数据" in questions[0]
        assert len(list_members(controller.db)) == 6
        safety = next(info for info in list_backups(controller.db) if info.reason == "恢复前")
        assert safety.counts["member"] == 7 and str(safety.path) in said[0]
        assert controller.window.current_page() is controller.window.backup_page
        save_member(controller.db, make_member(small_street.street.retired, 61))   # the reopened file is usable
    finally:
        controller.window.close()
        controller.db.close()


def test_a_failed_restore_leaves_the_old_data_open_and_usable(ui_app, qtbot, db, small_street, tmp_path,
                                                              monkeypatch, make_member):
    bad = tmp_path / "坏备份.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    controller = app_module.AppController(db)
    old = controller.show_window()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    old.restore_requested.emit(bad)
    qtbot.waitUntil(lambda: controller.window is not old, timeout=20_000)
    try:
        assert "当前数据没有改动" in warnings[0]
        assert len(list_members(controller.db)) == 6
        save_member(controller.db, make_member(small_street.street.retired, 62))
        assert not [info for info in list_backups(controller.db) if info.reason == "恢复前"]
    finally:
        controller.window.close()
        controller.db.close()


# ----- 工具 → 数据检查 ---------------------------------------------------------------------------------------------
def check_result(window, qtbot) -> CheckResultDialog:
    window.check_data()
    qtbot.waitUntil(lambda: window.findChild(CheckResultDialog) is not None, timeout=20_000)
    return window.findChild(CheckResultDialog)


def test_the_check_of_a_healthy_file_says_it_is_whole(window, qtbot):
    dialog = check_result(window, qtbot)
    assert dialog.headline.text() == "检查完毕：数据完好。"
    assert dialog.problem_list.isHidden()
    dialog.reject()


def test_the_check_lists_a_broken_reference_and_leads_to_the_backups(window, qtbot, db):
    with db.engine.connect() as connection:   # a reference broken behind the program's back
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("UPDATE member SET branch_id = 777 WHERE id = 1")
        connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    dialog = check_result(window, qtbot)
    assert dialog.headline.text() == "检查发现 1 个问题："
    assert dialog.problem_list.item(0).text() == \
        "1. 党员（member）中编号为 1 的记录所引用的党组织（organization）记录已不存在。"
    dialog.backups_button.click()
    assert window.current_page() is window.backup_page


def test_the_tools_menu_has_the_check_and_backup_now(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[-2:] == ["工具(&T)", "帮助(&H)"]
    tools = window.menuBar().actions()[titles.index("工具(&T)")]
    assert [action.text() for action in tools.menu().actions()] == ["数据检查…", "立即备份"]
    labels = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert labels.index("备份与恢复") == labels.index("诉求台账") + 1 == labels.index("数据与设置") - 1


def test_backup_now_from_the_tools_menu_shows_the_page_with_the_new_backup(window, qtbot, db):
    window.backup_now()
    assert window.current_page() is window.backup_page
    qtbot.waitUntil(lambda: window.backup_page.model.rowCount() == 1, timeout=20_000)
    assert [info.reason for info in list_backups(db)] == ["手动"]


# ----- automatic backups and the reminder ----------------------------------------------------------------------------
def test_the_backup_on_open_is_taken_quietly_then_the_reminder_shows_once(window, qtbot, db, monkeypatch):
    monkeypatch.setattr(auto_backups, "OPENING_DELAY_MS", 0)
    window.auto_backups.start()
    qtbot.waitUntil(lambda: any(info.reason == "打开时" for info in list_backups(db)), timeout=20_000)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=20_000)
    box = window.findChild(QMessageBox)
    assert box.windowTitle() == "请把备份另存到这台电脑以外"
    assert [button.text() for button in box.buttons()] == ["现在保存到U盘…", "下周再提醒"]
    assert window.statusBar().currentMessage().startswith("已自动备份")
    next(button for button in box.buttons() if button.text() == "下周再提醒").click()
    assert remind_offsite_copy(window, db, date.today()) is None     # not again this week
    window.auto_backups.stop()


def test_a_failed_automatic_backup_shows_in_the_status_bar(window, qtbot, monkeypatch, db):
    monkeypatch.setattr(auto_backups, "OPENING_DELAY_MS", 0)
    monkeypatch.setattr(auto_backup_service.AutoBackup, "take",
                        lambda self, reason, progress: (_ for _ in ()).throw(ServiceError("无法写入备份：磁盘已满。")))
    monkeypatch.setattr(auto_backup_service, "offsite_reminder_due", lambda *args: False)
    window.auto_backups.start()
    qtbot.waitUntil(lambda: window.auto_backups.warning.isVisible(), timeout=20_000)
    assert window.auto_backups.warning.text() == "自动备份没有成功"
    assert "磁盘已满" in window.auto_backups.warning.toolTip()
    window.auto_backups.stop()


def test_the_reminder_can_save_a_copy_at_once(window, qtbot, db, tmp_path, monkeypatch):
    target = tmp_path / "U盘.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    box = remind_offsite_copy(window, db, date.today())
    next(button for button in box.buttons() if button.text() == "现在保存到U盘…").click()
    qtbot.waitUntil(target.is_file, timeout=20_000)
    qtbot.waitUntil(lambda: last_offsite_copy(db) is not None, timeout=20_000)


def test_after_a_restore_the_reopened_file_is_not_backed_up_again_at_once(ui_app, qtbot, db, small_street):
    controller = app_module.AppController(db)
    window = controller.show_window(restored=True)
    qtbot.addWidget(window)
    assert not window.auto_backups.auto.due()
    window.auto_backups.stop()
