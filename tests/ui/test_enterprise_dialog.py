"""The enterprise dialog: checked as you type (the credit code's check character named, 保存 disabled), 两个覆盖
derived live, counts that may stay 未填, and its guidance officer: a new 包联 from a date, a change of officer, the
end of a 包联, the history listed."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.services.enterprises import get_enterprise, list_enterprises, save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, assignments, save_officer
from dangjian_desktop.ui.dialogs.enterprise_dialog import EnterpriseDialog
from enterprise_fixtures import credit_code, fill_census
from meeting_fixtures import type_text

TODAY = date.today()


@pytest.fixture
def officers(db):
    return {name: save_officer(db, OfficerInfo(None, name)) for name in ("王建国", "李秀英")}


def open_dialog(qtbot, db, enterprise_id=None):
    dialog = EnterpriseDialog(db, None, enterprise_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_wrong_check_character_is_named_beside_the_field(qtbot, ui_app, db, officers):
    dialog = open_dialog(qtbot, db)
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text() == "还需填写：企业名称"
    type_text(qtbot, dialog.edits["name"], "美团外卖城东站")
    code = credit_code(7)
    wrong = code[:17] + ("1" if code[17] != "1" else "2")
    qtbot.keyClicks(dialog.edits["credit_code"], wrong)
    message = dialog.messages["credit_code"]
    qtbot.waitUntil(message.isVisible)
    assert message.text() == f"统一社会信用代码第18位校验码应为 {code[17]}，现在是 {wrong[17]}"
    assert message.kind() == "error" and not dialog.save_button.isEnabled()
    dialog.edits["credit_code"].clear()
    qtbot.keyClicks(dialog.edits["credit_code"], code.lower())
    qtbot.waitUntil(lambda: not message.isVisible())
    assert dialog.save_button.isEnabled()
    dialog.edits["credit_code"].editingFinished.emit()
    assert dialog.edits["credit_code"].text() == code                         # tidied to capitals


def test_saving_creates_the_enterprise_and_its_assignment(qtbot, ui_app, db, street, officers):
    dialog = open_dialog(qtbot, db)
    type_text(qtbot, dialog.edits["name"], "顺丰速运幸福里营业部")
    qtbot.keyClicks(dialog.edits["credit_code"], credit_code(1))
    dialog.edits["industry"].setCurrentIndex(dialog.edits["industry"].findData(Industry.EXPRESS.value))
    type_text(qtbot, dialog.edits["brand"], "顺丰")
    qtbot.keyClicks(dialog.edits["employees"], "36")
    qtbot.keyClicks(dialog.edits["party_members"], "4")
    coverage = dialog.coverage.text()
    assert "组织覆盖：<b style='color:#8A5A00'>否" in coverage and "工作覆盖：<b style='color:#8A5A00'>否" in coverage
    box = dialog.edits["party_work"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    dialog.check_now()
    assert "工作覆盖：<b style='color:#2E6B30'>是" in dialog.coverage.text()
    org = dialog.edits["party_org_id"]
    org.setCurrentIndex(org.findData(street.branch2))
    dialog.check_now()
    assert "组织覆盖：<b style='color:#2E6B30'>是" in dialog.coverage.text()
    officer = dialog.edits["officer"]
    officer.setCurrentIndex(officer.findData(officers["王建国"]))
    assert dialog.officer_form.isRowVisible(1) and dialog.assigned_label.text() == "包联起始日期"
    dialog.edits["assigned_on"].setText(f"{TODAY.year - 1}-3-1")
    dialog.check_now()
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    info = get_enterprise(db, dialog.saved_id)
    assert (info.record.name, info.record.credit_code, info.record.brand) == (
        "顺丰速运幸福里营业部", credit_code(1), "顺丰")
    assert (info.record.employees, info.record.employees_under_35, info.record.party_members) == (36, None, 4)
    assert info.record.party_org_id == street.branch2 and info.record.party_work
    assert info.officer_name == "王建国"
    [assignment] = assignments(db, enterprise_id=dialog.saved_id)
    assert (assignment.officer_id, assignment.started_on, assignment.running) == (
        officers["王建国"], date(TODAY.year - 1, 3, 1), True)


def test_counts_are_checked_against_the_headcount(qtbot, ui_app, db, officers):
    dialog = open_dialog(qtbot, db)
    type_text(qtbot, dialog.edits["name"], "闪送城东服务点")
    qtbot.keyClicks(dialog.edits["employees"], "10")
    qtbot.keyClicks(dialog.edits["employees_under_35"], "-12")     # the minus sign cannot be typed
    dialog.check_now()
    assert dialog.messages["employees_under_35"].text() == "35岁以下人数（12）不能多于从业人员数（10）"
    assert not dialog.save_button.isEnabled()
    dialog.edits["employees_under_35"].clear()
    assert dialog.edits["employees_under_35"].placeholderText() == "未填"
    dialog.check_now()
    assert dialog.save_button.isEnabled()
    assert dialog.record().employees_under_35 is None


def test_a_duplicate_name_is_refused_beside_the_field(qtbot, ui_app, db, officers):
    save_enterprise(db, EnterpriseRecord("美团外卖城东站", industry=Industry.FOOD_DELIVERY.value))
    dialog = open_dialog(qtbot, db)
    type_text(qtbot, dialog.edits["name"], "美团外卖城东站")
    dialog.check_now()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.messages["name"].text() == "已有名为“美团外卖城东站”的企业"
    assert len(list_enterprises(db)) == 1


@pytest.fixture
def census(db, street):
    return fill_census(db, street, today=TODAY)


def test_an_existing_enterprise_with_its_history(qtbot, ui_app, db, census):
    enterprise_id = census.enterprises["美团外卖城东站"]
    dialog = open_dialog(qtbot, db, enterprise_id)
    assert dialog.windowTitle() == "编辑企业 — 美团外卖城东站"
    assert dialog.edits["officer"].currentText() == "李秀英"
    assert not dialog.officer_form.isRowVisible(1)                      # no date while the officer is unchanged
    assert dialog.history.item(0).text() == f"李秀英　{TODAY - timedelta(days=730):%Y-%m-%d} 至今（现任）"
    assert dialog.edits["party_org_id"].currentText() == "外卖配送行业联合党支部"
    assert dialog.edits["officer"].findText("赵德明") < 0                # not serving: not offered
    dialog.edits["phone"].setText("138 1234 5678")
    dialog.check_now()
    dialog.save()
    assert get_enterprise(db, enterprise_id).record.phone == "13812345678"
    assert len(assignments(db, enterprise_id=enterprise_id)) == 1


def test_another_officer_from_a_later_date(qtbot, ui_app, db, census):
    enterprise_id = census.enterprises["美团外卖城东站"]
    dialog = open_dialog(qtbot, db, enterprise_id)
    officer = dialog.edits["officer"]
    officer.setCurrentIndex(officer.findText("刘芳"))
    started = TODAY - timedelta(days=730)
    dialog.edits["assigned_on"].setDate(started)
    dialog.check_now()
    assert dialog.messages["assigned_on"].text() == f"应晚于李秀英的包联开始日期（{started:%Y-%m-%d}）"
    assert not dialog.save_button.isEnabled()
    dialog.edits["assigned_on"].setDate(TODAY)
    dialog.check_now()
    dialog.save()
    history = assignments(db, enterprise_id=enterprise_id)
    assert [(a.officer_name, a.started_on, a.ended_on) for a in history] == [
        ("刘芳", TODAY, None), ("李秀英", started, TODAY)]


def test_ending_the_assignment(qtbot, ui_app, db, census):
    enterprise_id = census.enterprises["闪送城东服务点"]
    dialog = open_dialog(qtbot, db, enterprise_id)
    dialog.edits["officer"].setCurrentIndex(0)
    assert dialog.assigned_label.text() == "包联结束日期"
    dialog.edits["assigned_on"].setDate(TODAY)
    dialog.check_now()
    dialog.save()
    assert get_enterprise(db, enterprise_id).officer_id is None
    [ended] = assignments(db, enterprise_id=enterprise_id)
    assert ended.ended_on == TODAY


def test_a_new_officer_after_an_ended_assignment(qtbot, ui_app, db, census):
    enterprise_id = census.enterprises["闪送城东服务点"]
    ended = TODAY - timedelta(days=10)
    dialog = open_dialog(qtbot, db, enterprise_id)
    dialog.edits["officer"].setCurrentIndex(0)
    dialog.edits["assigned_on"].setDate(ended)
    dialog.save()
    dialog = open_dialog(qtbot, db, enterprise_id)
    assert dialog.edits["officer"].currentText() == "（未配备）"
    dialog.edits["officer"].setCurrentIndex(dialog.edits["officer"].findText("王建国"))
    dialog.edits["assigned_on"].setDate(ended - timedelta(days=1))
    dialog.check_now()
    assert dialog.messages["assigned_on"].text() == f"不能早于上一次包联的结束日期（{ended:%Y-%m-%d}）"
    dialog.edits["assigned_on"].setDate(ended)
    dialog.check_now()
    dialog.save()
    assert get_enterprise(db, enterprise_id).officer_name == "王建国"
