"""The member form: live checks beside the fields, 保存 only when nothing is wrong, values stored as typed."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog

from dangjian_desktop.domain.idcard import check_digit
from dangjian_desktop.services.members import get_member, list_members, save_member
from dangjian_desktop.ui.dialogs.member_dialog import MemberDialog

TODAY = date(2025, 6, 1)


@pytest.fixture
def open_dialog(qtbot, ui_app, db, street):
    def open_(**kwargs) -> MemberDialog:
        kwargs.setdefault("branch_id", None if "record" in kwargs else street.branch1)
        dialog = MemberDialog(None, db, today=TODAY, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return open_


def type_into(qtbot, dialog, key, text):
    """Type as a user does: ASCII on the keyboard, Chinese through the input method."""
    edit = dialog.edits[key]
    target = edit.line_edit() if hasattr(edit, "line_edit") else edit
    target.selectAll()
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(target, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(target, event)


def wrong_check_digit(number: str) -> tuple[str, str]:
    wrong = "3" if number[17] != "3" else "4"
    return number[:17] + wrong, wrong


def test_a_wrong_check_digit_is_named_beside_the_field_and_blocks_saving(qtbot, open_dialog, make_id):
    dialog = open_dialog()
    right = make_id(date(1985, 3, 12), 21)
    wrong, typed = wrong_check_digit(right)
    type_into(qtbot, dialog, "name", "张三")
    type_into(qtbot, dialog, "id_number", wrong)
    message = dialog.messages["id_number"]
    qtbot.waitUntil(message.isVisible)
    assert message.text() == f"身份证号第18位校验码应为 {check_digit(right[:17])}，现在是 {typed}"
    assert message.kind() == "error"
    assert message.parentWidget() is dialog.edits["id_number"].parentWidget()   # right under the field
    assert not dialog.save_button.isEnabled()
    assert dialog.edits["sex"].text() == ""


def test_the_right_number_is_accepted_derives_the_rest_and_is_stored(qtbot, open_dialog, make_id, db, street):
    dialog = open_dialog()
    right = make_id(date(1985, 3, 12), 21)
    type_into(qtbot, dialog, "name", "张三")
    type_into(qtbot, dialog, "id_number", right[:17] + wrong_check_digit(right)[1])
    qtbot.waitUntil(dialog.messages["id_number"].isVisible)
    type_into(qtbot, dialog, "id_number", right.lower())
    type_into(qtbot, dialog, "joined_on", "2010.7.1")
    type_into(qtbot, dialog, "confirmed_on", "2011年7月1日")
    type_into(qtbot, dialog, "phone", "138 1234 5678")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert not dialog.messages["id_number"].isVisible()
    assert dialog.edits["sex"].text() == ("男" if int(right[16]) % 2 else "女")
    assert dialog.edits["birth_date"].text() == "1985-03-12"
    assert dialog.edits["age"].text() == "40 岁"
    assert dialog.edits["party_age"].text() == "13 年"
    assert dialog.messages["phone"].kind() == "fixed"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [stored] = list_members(db, street.branch1)
    assert (stored.name, stored.id_number, stored.phone) == ("张三", right, "13812345678")
    assert (stored.joined_on, stored.confirmed_on, stored.birth_date) == (date(2010, 7, 1), date(2011, 7, 1),
                                                                          date(1985, 3, 12))


def test_a_new_form_does_not_shout_but_says_what_is_missing(qtbot, open_dialog):
    dialog = open_dialog()
    assert not any(message.isVisible() for message in dialog.messages.values())
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text() == "还需填写：姓名、公民身份号码、入党时间"


def test_an_unreadable_date_is_explained_and_a_missing_branch_is_named(qtbot, open_dialog):
    dialog = open_dialog(branch_id=None)
    type_into(qtbot, dialog, "joined_on", "2010年13月")
    qtbot.waitUntil(dialog.messages["joined_on"].isVisible)
    assert "不存在" in dialog.messages["joined_on"].text()
    assert "所在党支部" in dialog.summary.text()


def test_an_id_number_already_registered_is_refused(qtbot, open_dialog, db, street, make_member):
    existing = save_member(db, make_member(street.branch2, 7, name="李四"))
    dialog = open_dialog()
    type_into(qtbot, dialog, "id_number", existing.id_number)
    qtbot.waitUntil(dialog.messages["id_number"].isVisible)
    assert "李四" in dialog.messages["id_number"].text()
    assert "幸福里社区第二党支部" in dialog.messages["id_number"].text()


def test_editing_shows_the_stored_values_and_saves_changes(qtbot, open_dialog, db, street, make_member):
    stored = save_member(db, make_member(street.branch1, 8, name="王五", group_id=street.group1, is_mobile=True,
                                         mobile_direction="流出", mobile_place="上海"))
    dialog = open_dialog(record=stored)
    assert dialog.windowTitle() == "编辑党员 — 王五"
    assert dialog.edits["group_name"].currentText() == "第一党小组"
    assert dialog.edits["mobile_place"].isEnabled()
    assert dialog.save_button.isEnabled()
    type_into(qtbot, dialog, "phone", "+86 139-0000-1111")
    qtbot.waitUntil(dialog.messages["phone"].isVisible)
    assert dialog.messages["phone"].text() == "联系电话已整理为 13900001111"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = get_member(db, stored.id)
    assert (again.phone, again.group_id, again.mobile_place) == ("13900001111", street.group1, "上海")


def test_groups_follow_the_chosen_branch_and_mobile_fields_follow_the_checkbox(qtbot, open_dialog, street):
    dialog = open_dialog()
    groups = dialog.edits["group_name"]
    assert [groups.itemText(i) for i in range(groups.count())] == ["（不编入党小组）", "第一党小组"]
    branches = dialog.edits["branch_name"]
    branches.setCurrentIndex(branches.findData(street.branch2))
    assert groups.count() == 1
    assert not dialog.edits["mobile_direction"].isEnabled()
    dialog.edits["is_mobile"].setChecked(True)
    assert dialog.edits["mobile_direction"].isEnabled()
