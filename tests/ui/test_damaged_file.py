"""Start-up on a damaged data file: the dialog explains, offers the newest whole backup, restores, and the program
starts normally; never a traceback."""

import sys

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from dangjian_desktop.services.backups import BackupReason, backups_next_to, make_backup
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.members import list_members, save_member
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui import login_flow
from dangjian_desktop.ui.dialogs.damaged_file_dialog import DamagedFileDialog


def corrupt(path, where: str) -> None:
    """Junk over pages in the middle of the file, or over its first page (then it no longer looks like SQLite)."""
    data = bytearray(path.read_bytes())
    start = len(data) // 2 if where == "middle" else 0
    data[start:start + 8192] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(db, street, make_member):
    """The `db` file with 40 members, an older backup with 30 and a newer damaged backup, then itself damaged."""
    for sequence in range(30):
        save_member(db, make_member(street.branch1, sequence + 1, note="备注" * 100))
    good = make_backup(db, BackupReason.OPENED)
    for sequence in range(30, 40):
        save_member(db, make_member(street.branch1, sequence + 1, note="备注" * 100))
    broken = make_backup(db, BackupReason.PERIODIC)
    corrupt(broken.path, "middle")
    path = db.path
    db.close()
    return path, good


def answer(qtbot, choose):
    """A DamagedFileDialog.exec that shows the dialog, waits for its list and lets `choose(dialog)` act."""
    def exec_(dialog: DamagedFileDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.status_label.text().startswith("正在查找"), timeout=20_000)
        choose(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        return dialog.result()
    return exec_


@pytest.mark.parametrize("where", ["middle", "start"])
def test_start_up_restores_the_newest_whole_backup_and_goes_on(ui_app, qtbot, damaged, monkeypatch, where):
    path, good = damaged
    corrupt(path, where)
    seen, said = [], []

    def restore_the_preselected(dialog):
        seen.append([dialog.model.record_at(row).path for row in range(dialog.model.rowCount())])
        seen.append(dialog.selected().path)
        dialog.restore_button.click()

    monkeypatch.setattr(DamagedFileDialog, "exec", answer(qtbot, restore_the_preselected))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(login_flow, "sign_in", lambda db, parent=None: "管理员")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    started = []
    monkeypatch.setattr(QApplication, "exec", lambda *args: started.append(True) or 0)
    assert app_module.run_gui(path) == 0
    assert started                                         # the program went on to its main window
    assert seen == [[good.path], good.path]                # the damaged newer backup is not offered
    assert "数据已从" in said[0] and "损坏的文件已原样保存为" in said[0]
    kept = [info for info in backups_next_to(path) if info.reason == "恢复前_已损坏"]
    assert len(kept) == 1 and str(kept[0].path) in said[0]
    reopened = open_database(path)
    try:
        assert len(list_members(reopened)) == 30
    finally:
        reopened.close()


def test_quitting_the_dialog_leaves_the_file_as_it_is(ui_app, qtbot, damaged, monkeypatch):
    path, _good = damaged
    corrupt(path, "middle")
    before = path.read_bytes()
    monkeypatch.setattr(DamagedFileDialog, "exec", answer(qtbot, lambda dialog: dialog.quit_button.click()))
    assert app_module.open_checked_database(path) is None
    assert path.read_bytes() == before


def test_without_a_whole_backup_another_file_can_be_chosen(ui_app, qtbot, damaged, monkeypatch, tmp_path):
    path, good = damaged
    elsewhere = tmp_path / "U盘备份.db"
    elsewhere.write_bytes(good.path.read_bytes())
    for info in backups_next_to(path):
        info.path.unlink()
    corrupt(path, "middle")
    states = []

    def choose_other(dialog):
        states.append((dialog.model.rowCount(), dialog.restore_button.isEnabled(), dialog.status_label.text()))
        dialog.other_button.click()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(elsewhere), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    monkeypatch.setattr(DamagedFileDialog, "exec", answer(qtbot, choose_other))
    db = app_module.open_checked_database(path)
    try:
        assert db is not None and len(list_members(db)) == 30
    finally:
        db.close()
    rows, enabled, text = states[0]
    assert rows == 0 and not enabled and "没有找到完好的备份" in text


def test_a_healthy_file_opens_without_a_dialog(ui_app, db, street, monkeypatch):
    monkeypatch.setattr(DamagedFileDialog, "exec", lambda dialog: pytest.fail("no dialog for a healthy file"))
    path = db.path
    db.close()
    opened = app_module.open_checked_database(path)
    assert opened is not None
    opened.close()


def test_the_dialog_explains_in_chinese(ui_app, qtbot, damaged):
    path, good = damaged
    dialog = DamagedFileDialog(path, ["数据文件结构损坏：Page 7: btree error。"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.status_label)))
    assert "已经损坏" in texts and "不会删除" in texts and "Page 7" in texts
    assert dialog.selected().path == good.path
    assert [dialog.restore_button.text(), dialog.other_button.text(), dialog.quit_button.text()] == \
        ["从这份备份恢复", "选择其他备份文件…", "退出"]
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
