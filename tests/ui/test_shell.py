"""The application shell: start-up, first start, main window and navigation, 首页, 数据与设置."""

import logging
import sys
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.services.meetings import new_meeting, save_meeting
from dangjian_desktop.services.members import list_members, save_member
from dangjian_desktop.services.organizations import get_root
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui import login_flow
from dangjian_desktop.ui.dialogs.first_start_dialog import FirstStartDialog
from dangjian_desktop.ui.main_window import GEOMETRY_KEY
from dangjian_desktop.ui.pages.home_page import HomePage


def texts(tree) -> list[str]:
    """Every item of the attention tree, groups first then their children, as shown."""
    shown = []
    for row in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(row)
        shown.append(group.text(0))
        shown.extend(group.child(i).text(0) for i in range(group.childCount()))
    return shown


# ----------------------------------------------------------------------------------------------------- 首页
def test_home_page_shows_the_counts_and_what_needs_doing(ui_app, qtbot, db, small_street):
    page = HomePage(db)
    qtbot.addWidget(page)
    counts = {key: card.number.text() for key, card in page.cards.items()}
    assert counts == {"organizations": "6", "branches": "3", "members": "6", "probationary": "1", "mobile": "0",
                      "lost_contact": "1"}
    assert page.title.text() == "测试街道党工委"
    shown = texts(page.attention_tree)
    assert "正式党员不足3名的党支部（2）" in shown
    assert "幸福里社区第二党支部：正式党员 2 名" in shown
    assert "退休党员党支部：正式党员 0 名" in shown
    assert not any(line.startswith("幸福里社区第一党支部") for line in shown)
    assert any(line.startswith("预备张（幸福里社区第二党支部）") for line in shown)
    assert "失联李（幸福里社区第二党支部）" in shown
    assert page.nothing_to_do.isHidden()


def test_home_page_refresh_follows_the_data(ui_app, qtbot, db, small_street, make_member):
    page = HomePage(db)
    qtbot.addWidget(page)
    save_member(db, make_member(small_street.street.retired, 40, name="新党员"))
    assert page.cards["members"].number.text() == "6"
    page.refresh()
    assert page.cards["members"].number.text() == "7"


def test_home_page_on_an_empty_street_has_nothing_to_do(ui_app, qtbot, db, street):
    page = HomePage(db)
    qtbot.addWidget(page)
    page.show()
    assert texts(page.attention_tree)[0] == "正式党员不足3名的党支部（3）"
    assert not page.nothing_to_do.isVisible()


def test_clicking_a_card_or_an_item_asks_for_the_organisation(ui_app, qtbot, db, small_street):
    page = HomePage(db)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.open_organization) as signal:
        qtbot.mouseClick(page.cards["members"], Qt.MouseButton.LeftButton)
    assert signal.args == [small_street.street.root]
    lost_item = page.attention_tree.findItems("失联李（幸福里社区第二党支部）",
                                              Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    with qtbot.waitSignal(page.open_organization) as signal:
        page.attention_tree.itemActivated.emit(lost_item, 0)
    assert signal.args == [small_street.street.branch2]


def all_texts(item_or_tree) -> list[str]:
    """Every item of a tree at every depth, parents before their children."""
    items = ([item_or_tree.topLevelItem(i) for i in range(item_or_tree.topLevelItemCount())]
             if hasattr(item_or_tree, "topLevelItemCount")
             else [item_or_tree.child(i) for i in range(item_or_tree.childCount())])
    return [text for item in items for text in [item.text(0), *all_texts(item)]]


def test_home_page_lists_the_meetings_due_and_overdue(ui_app, qtbot, db, small_street):
    street, today = small_street.street, date.today()
    save_meeting(db, new_meeting(db, street.branch1, MeetingType.THEMED_DAY, today))
    congress = new_meeting(db, street.branch2, MeetingType.PARTY_CONGRESS, today)
    save_meeting(db, replace(congress, held_on=today, attendance=tuple(
        replace(a, status=AttendanceStatus.ABSENT, reason="外出") for a in congress.attendance)))
    page = HomePage(db)
    qtbot.addWidget(page)
    shown = all_texts(page.due_tree)
    # overdue: 支部党员大会, 党课 (last quarter) and 主题党日 (last month) × 3 branches, 党小组会 × 1 (only
    # branch1 has a group), 组织生活会 and 民主评议党员 (last year) × 3; no 支部委员会 (no branch has 7 正式党员)
    assert shown[0] == "已逾期（16 项）"
    assert "本期应开未开（15 项）" in shown
    assert not any(text.startswith("支部委员会") for text in shown)
    month = f"{today.year}年{today.month}月"
    themed = next(i for i, text in enumerate(shown) if text.startswith(f"主题党日 · {month}（"))
    assert shown[themed].endswith("前）：2 个党支部")
    assert shown[themed + 1:themed + 3] == ["幸福里社区第二党支部", "退休党员党支部"]
    assert "幸福里社区第二党支部（已开 1 次，其中 1 次未达法定人数）" in shown
    assert page.due_tree.isVisibleTo(page) and not page.due_status.isVisibleTo(page)
    overdue = page.due_tree.topLevelItem(0)
    assert all(overdue.child(i).isExpanded() for i in range(overdue.childCount()))   # 3 branches or fewer each
    branch_item = page.due_tree.findItems("退休党员党支部", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    with qtbot.waitSignal(page.open_meetings) as signal:   # a due meeting opens that branch's records
        page.due_tree.itemActivated.emit(branch_item, 0)
    branch_id, first, last = signal.args
    assert branch_id == street.retired and first < last and last < today
    save_meeting(db, new_meeting(db, street.branch2, MeetingType.THEMED_DAY, today))
    page.refresh()
    shown = all_texts(page.due_tree)
    assert "本期应开未开（14 项）" in shown
    assert next(text for text in shown if text.startswith(f"主题党日 · {month}（")).endswith("：1 个党支部")


def test_home_page_says_when_no_meeting_is_due(ui_app, qtbot, db):
    page = HomePage(db)
    qtbot.addWidget(page)
    assert page.due_tree.topLevelItemCount() == 0
    assert not page.due_tree.isVisibleTo(page)
    assert page.due_status.isVisibleTo(page) and "都已开" in page.due_status.text()


# ------------------------------------------------------------------------------------------------ first start
def test_first_start_refuses_an_empty_name_beside_the_field(ui_app, qtbot, db):
    dialog = FirstStartDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("   ")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "请填写街道党工委的名称" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert get_root(db) is None
    dialog.name_edit.insert("泉")   # typing (QTest cannot type Chinese)
    assert not dialog.error_label.isVisible()   # the message goes as soon as the user types


def test_first_start_creates_the_root(ui_app, qtbot, db):
    dialog = FirstStartDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.insert("泉城路街道党工委")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_root(db).name == "泉城路街道党工委"


@pytest.mark.slow
def test_first_start_can_load_the_demo(ui_app, qtbot, db):
    dialog = FirstStartDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert not dialog.start_button.isEnabled()
    assert len(list_members(db)) > 500
    assert get_root(db) is not None


# --------------------------------------------------------------------------------------------------- start-up
def test_an_unusable_data_file_is_a_chinese_message_and_exit_code_1(ui_app, tmp_path, monkeypatch):
    bad = tmp_path / "坏文件.db"
    bad.write_bytes(b"this is not a database" * 100)
    shown = []
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append((title, text)))
    assert app_module.run_gui(bad) == 1
    assert shown and shown[0][0] == "无法打开数据文件" and str(bad) in shown[0][1]


def test_closing_the_login_ends_the_program_before_anything_is_shown(ui_app, tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    asked = []
    monkeypatch.setattr(login_flow, "sign_in", lambda db, parent=None: asked.append(db.path))
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: pytest.fail("no first-start dialog before a login"))
    monkeypatch.setattr(QApplication, "exec", lambda *args: pytest.fail("the main loop must not start"))
    assert app_module.run_gui(tmp_path / "new.db") == 0
    assert asked == [tmp_path / "new.db"]


def test_closing_the_first_start_dialog_ends_the_program(ui_app, tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(login_flow, "sign_in", lambda db, parent=None: "管理员")
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QApplication, "exec", lambda *args: pytest.fail("the main loop must not start"))
    assert app_module.run_gui(tmp_path / "new.db") == 0


def test_setup_logging_writes_to_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "user_data_dir", lambda: tmp_path)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = app_module.setup_logging()
        logging.getLogger("dangjian_desktop.test").info("启动")
        for handler in root.handlers:
            handler.flush()
        assert path == tmp_path / "logs" / "dangjian.log"
        assert "启动" in path.read_text(encoding="utf-8")
    finally:
        for handler in set(root.handlers) - set(before):
            root.removeHandler(handler)
            handler.close()


def test_the_application_is_set_up_in_chinese(ui_app):
    assert ui_app.applicationName() == "党建工作台"
    assert ui_app.font().pointSizeF() == pytest.approx(10.5)
    assert ui_app.font().families()[0] == "WenQuanYi Micro Hei"
    assert "#C8161D" in ui_app.styleSheet()
    assert not ui_app.windowIcon().isNull()
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"


# ------------------------------------------------------------------------------------------------ main window
@pytest.fixture
def window(ui_app, qtbot, db, small_street, monkeypatch):
    main = app_module.create_main_window(db)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_main_window_builds_with_its_pages(window, db):
    assert window.windowTitle() == "党建工作台 — t.db"
    labels = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert labels == ["首页", "组织与党员", "组织生活", "企业与走访", "诉求台账", "备份与恢复", "数据与设置", "审计日志"]
    assert window.current_page() is window.home_page
    assert str(db.path) in window.statusBar().findChildren(type(window.home_page.title))[0].text()


def test_navigation_switches_pages(window, qtbot):
    window.navigation.setCurrentRow(6)
    assert window.current_page() is window.data_page
    window.navigation.setCurrentRow(4)
    assert window.current_page() is window.demands_page
    window.navigation.setCurrentRow(3)
    assert window.current_page() is window.enterprises_page
    window.navigation.setCurrentRow(2)
    assert window.current_page() is window.meetings_page
    window.navigation.setCurrentRow(1)
    assert window.current_page() is window.roster_page


def test_home_page_item_opens_the_roster_page(window, small_street):
    window.home_page.open_organization.emit(small_street.street.branch2)
    assert window.current_page() is window.roster_page


def test_data_changes_refresh_the_other_pages(window, db, small_street, make_member):
    save_member(db, make_member(small_street.street.retired, 41, name="又一名党员"))
    window.navigation.setCurrentRow(2)
    window.data_page.data_changed.emit()
    assert window.home_page.cards["members"].number.text() == "6"   # hidden pages wait until shown
    window.navigation.setCurrentRow(0)
    assert window.home_page.cards["members"].number.text() == "7"


def test_ctrl_f_focuses_the_roster_search(window, qtbot):
    if not hasattr(window.roster_page, "focus_search"):
        pytest.skip("RosterPage has no search box yet")
    window.navigation.setCurrentRow(1)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.roster_page.isAncestorOf(QApplication.focusWidget())


def test_about_names_version_and_licences(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.show_about()
    for name in ("0.", "WenQuanYi", "Arphic", "Open Font License", "LGPL", "reportlab", "openpyxl", "SQLAlchemy"):
        assert name in shown[0]


def test_geometry_is_remembered(window, ui_app, qtbot, db):
    # The offscreen screen is 800 × 600, narrower than the window may be: restoring keeps the height only.
    window.resize(window.width(), 580)
    window.close()
    assert QSettings().value(GEOMETRY_KEY) == window.saveGeometry()
    again = app_module.create_main_window(db)
    qtbot.addWidget(again)
    assert again.height() == 580


def test_data_page_has_its_buttons(window):
    page = window.data_page
    for button in (page.import_button, page.template_button, page.export_button, page.print_button,
                   page.open_folder_button):
        assert button.isEnabled() and button.text()
    assert page.masked_check.isChecked()
    assert str(window.db.path) == page.path_label.text()
    assert "--db" in " ".join(label.text() for label in page.findChildren(type(page.path_label)))


def test_export_writes_the_whole_roster(window, qtbot, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "花名册"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    messages = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: messages.append(box.text()))
    window.data_page.export_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    saved = target.with_name("花名册.xlsx")
    assert "已导出 6 名党员" in messages[0] and str(saved) in messages[0]
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    cells = [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert "预备张" in cells and "失联李" in cells


def test_print_opens_the_preview_and_cleans_up(window, qtbot):
    page = window.data_page
    page.print_button.click()
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=30_000)
    dialog = page.preview_dialog
    assert dialog.page_count >= 1
    assert dialog.pdf_path.exists()
    folder = dialog.pdf_path.parent
    dialog.reject()
    assert not folder.exists()


def test_saving_the_template(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: None)
    window.data_page.template_button.click()
    qtbot.waitUntil(target.exists, timeout=20_000)


def test_unexpected_errors_are_logged_not_printed(ui_app, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", app_module._excepthook)
    try:
        raise ValueError("坏了")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "坏了" in shown[0]
    assert "ValueError" in caplog.text
