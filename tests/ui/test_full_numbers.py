"""Whole ID numbers and phones on screen (issue 5, item 7): the 显示完整号码 boxes and the 隐去 choices follow the
acting user's role, showing is logged, a refusal leaves everything masked, and the member form masks a stored
member's numbers for a role that may not see them."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.domain.access import Actor, Role
from dangjian_desktop.services import audit
from dangjian_desktop.services.audit import list_entries
from dangjian_desktop.services.members import get_member, list_members
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.ui.dialogs.member_dialog import MemberDialog
from dangjian_desktop.ui.models.roster_model import COLUMN_KEYS
from dangjian_desktop.ui.pages.data_page import DataPage
from dangjian_desktop.ui.pages.officer_panel import OfficerPanel
from dangjian_desktop.ui.pages.roster_page import RosterPage

READER = Actor("王读", Role.READ_ONLY, "测试机")
OPERATOR = Actor("张操", Role.OPERATOR, "测试机")
ID_COLUMN = COLUMN_KEYS.index("id_number")


def newest(db):
    actor = audit.current_actor(db)
    audit.set_actor(db, Actor.command_line())
    try:
        return list_entries(db, limit=1)[0]
    finally:
        audit.set_actor(db, actor)


def roster(qtbot, db, members):
    widget = RosterPage(db)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.total_count == members)
    return widget


def shown_id(page):
    return page.model.data(page.model.index(0, ID_COLUMN))


def test_an_operator_sees_whole_numbers_on_asking_and_it_is_logged(qtbot, ui_app, db, small_street):
    audit.set_actor(db, OPERATOR)
    page = roster(qtbot, db, small_street.members)
    assert page.show_full.isEnabled() and "*" in shown_id(page)
    page.show_full.setChecked(True)
    assert "*" not in shown_id(page)
    shown = newest(db)
    assert (shown.action, shown.target, shown.user) == ("显示完整号码", "花名册：测试街道党工委", "张操")
    page.show_full.setChecked(False)
    assert "*" in shown_id(page)


def test_a_read_only_user_cannot_tick_the_box_and_is_told_why(qtbot, ui_app, db, small_street):
    audit.set_actor(db, READER)
    page = roster(qtbot, db, small_street.members)
    assert not page.show_full.isEnabled() and not page.show_full.isChecked()
    assert "只读" in page.show_full.toolTip() and "显示和导出完整的身份证号、电话" in page.show_full.toolTip()


def test_a_refusal_leaves_the_numbers_masked(qtbot, ui_app, db, small_street, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    page = roster(qtbot, db, small_street.members)
    audit.set_actor(db, READER)           # e.g. another person logged in since the page was built
    page.show_full.setChecked(True)
    assert not page.show_full.isChecked() and "*" in shown_id(page)
    assert "不能查看完整号码" in warned[0]
    assert newest(db).action == "越权尝试"


def test_copying_id_numbers_is_logged_and_refused_without_the_permission(qtbot, ui_app, db, small_street,
                                                                        monkeypatch):
    page = roster(qtbot, db, small_street.members)
    page.table.selectRow(0)
    audit.set_actor(db, OPERATOR)
    page.copy_id_numbers()
    assert QApplication.clipboard().text() == page.selected_records()[0].id_number
    assert newest(db).target.startswith("复制的身份证号：")
    QApplication.clipboard().clear()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    audit.set_actor(db, READER)
    page.copy_id_numbers()
    assert QApplication.clipboard().text() == "" and warned


def test_the_officer_list_follows_the_role(qtbot, ui_app, db):
    save_officer(db, OfficerInfo(None, "陈志强", "街道党建办", "组织委员", "13987654321"))
    audit.set_actor(db, READER)
    panel = OfficerPanel(db)
    qtbot.addWidget(panel)
    assert not panel.show_full.isEnabled()
    audit.set_actor(db, OPERATOR)
    panel = OfficerPanel(db)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.total_count == 1)
    panel.show_full.setChecked(True)
    assert newest(db).target == "党建指导员名单的电话"


@pytest.mark.parametrize(("actor", "usable"), [(READER, False), (OPERATOR, True)])
def test_the_export_choice_to_hide_digits_is_fixed_for_roles_without_the_permission(qtbot, ui_app, db, actor,
                                                                                   usable):
    audit.set_actor(db, actor)
    page = DataPage(db)
    qtbot.addWidget(page)
    assert page.masked_check.isChecked() and page.masked_check.isEnabled() == usable


def test_the_member_form_masks_a_stored_members_numbers_for_a_read_only_user(qtbot, ui_app, db, small_street):
    record = get_member(db, list_members(db)[0].id)
    audit.set_actor(db, READER)
    dialog = MemberDialog(None, db, record=record)
    qtbot.addWidget(dialog)
    id_edit, phone_edit = dialog.edits["id_number"], dialog.edits["phone"]
    assert id_edit.text() == record.id_number[:6] + "********" + record.id_number[14:]
    assert phone_edit.text() == "138****5678" and id_edit.isReadOnly() and phone_edit.isReadOnly()
    assert dialog.record().id_number == record.id_number and dialog.record().phone == record.phone
    audit.set_actor(db, OPERATOR)
    editor = MemberDialog(None, db, record=record)
    qtbot.addWidget(editor)
    assert editor.edits["id_number"].text() == record.id_number and not editor.edits["id_number"].isReadOnly()
