"""诉求 dialog: registering a demand (the deadline follows the raised date), and its 办理 — nothing closes without a
result, 不予受理 needs a reason, a closed demand is reopened only with a reason; every step leaves an event."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import DemandStatus, VisitRecord
from dangjian_desktop.services.demands import DemandDraft, add_demand, change_status, demand_events, get_demand, \
    list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules
from dangjian_desktop.services.visits import save_visit
from dangjian_desktop.ui.dialogs import demand_dialog
from dangjian_desktop.ui.dialogs.demand_dialog import DemandDialog

TODAY = date.today()
RAISED = TODAY - timedelta(days=10)


@pytest.fixture(autouse=True)
def user(monkeypatch):
    monkeypatch.setattr(demand_dialog, "user_name", lambda _db: "王干事")


@pytest.fixture
def enterprise(db):
    return save_enterprise(db, EnterpriseRecord("美团外卖幸福街道站点", industry="外卖"))


@pytest.fixture
def demand(db, enterprise):
    return add_demand(db, DemandDraft("骑手休息场所不足，希望设立暖新驿站", RAISED, "党员反映", "休息场所",
                                      raised_by="骑手王某", responsible_unit="幸福里社区居委会",
                                      responsible_person="刘芳", enterprise_id=enterprise), user="admin")


def open_dialog(qtbot, db, demand_id=None, **options):
    dialog = DemandDialog(db, None, demand_id, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_chinese(widget, text):
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def step_to(dialog, status):
    dialog.handling.choose(DemandStatus(status))
    dialog.check_now()


def test_a_new_demand_needs_its_content_and_gets_the_default_deadline(qtbot, db, enterprise):
    save_visit_rules(db, VisitRules(deadline_days=20))
    dialog = open_dialog(qtbot, db, enterprise_id=enterprise)
    assert dialog.handling is None
    assert dialog.enterprise.currentText() == "美团外卖幸福街道站点"
    assert dialog.deadline.date() == TODAY + timedelta(days=20)
    assert "走访" not in [dialog.source.itemText(i) for i in range(dialog.source.count())]
    assert not ok_button(dialog).isEnabled()
    assert dialog.summary.text() == "还需填写：诉求内容"

    dialog.raised_on.setText(RAISED.isoformat())
    assert dialog.deadline.date() == RAISED + timedelta(days=20)       # follows the raised date …
    dialog.deadline.setText((RAISED + timedelta(days=5)).isoformat())
    dialog.raised_on.setText((RAISED + timedelta(days=1)).isoformat())
    assert dialog.deadline.date() == RAISED + timedelta(days=5)        # … until the user sets it

    type_chinese(dialog.content, "快递车辆进小区难")
    dialog.source.setCurrentIndex(dialog.source.findText("网格上报"))
    dialog.unit.setText("城管执法中队")
    assert dialog.check_now() and ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    stored = get_demand(db, dialog.saved_id)
    assert (stored.content, stored.source, stored.status, stored.deadline, stored.enterprise_id) == (
        "快递车辆进小区难", "网格上报", "已受理", RAISED + timedelta(days=5), enterprise)
    assert [(e.status, e.user) for e in demand_events(db, stored.id)] == [("已受理", "王干事")]


def test_fields_say_what_is_wrong_beside_them(qtbot, db, demand):
    dialog = open_dialog(qtbot, db, demand)
    dialog.deadline.setText((RAISED - timedelta(days=1)).isoformat())
    dialog.check_now()
    assert dialog.messages["deadline"].text() == "办理期限不能早于提出日期"
    assert not ok_button(dialog).isEnabled()
    dialog.deadline.setText((RAISED + timedelta(days=3)).isoformat())
    dialog.enterprise.setEditText("不存在的企业")
    dialog.check_now()
    assert "没有名为“不存在的企业”的企业" in dialog.messages["enterprise"].text()
    dialog.enterprise.setEditText("")
    dialog.content.setPlainText("  ")
    dialog.check_now()
    assert dialog.messages["content"].text() == "请填写诉求内容"
    assert not ok_button(dialog).isEnabled()


def test_closing_without_a_result_is_impossible(qtbot, db, demand):
    dialog = open_dialog(qtbot, db, demand, handling=True)
    assert [dialog.handling._step_name(DemandStatus.ACCEPTED, s) for s in dialog.handling.step_targets] == [
        "开始办理", "办结", "不予受理"]
    assert ok_button(dialog).isEnabled()        # nothing changed yet: 确定 just closes
    step_to(dialog, "已办结")
    assert dialog.handling.text.isVisible() and dialog.handling.closed_on.isVisible()
    assert dialog.handling.text_label.text() == "办理结果"
    assert dialog.handling.text_message.isVisible()
    assert dialog.handling.text_message.text() == "办结前请填写办理结果"
    assert not ok_button(dialog).isEnabled()
    ok_button(dialog).click()
    assert get_demand(db, demand).status == "已受理"

    dialog.handling.closed_on.setText((RAISED - timedelta(days=1)).isoformat())
    dialog.handling.text.setPlainText("社区协调物业开放一处休息点")
    dialog.check_now()
    assert dialog.handling.closed_message.text() == "办结日期不能早于提出日期"
    assert not ok_button(dialog).isEnabled()
    dialog.handling.closed_on.setText((TODAY + timedelta(days=1)).isoformat())
    dialog.check_now()
    assert dialog.handling.closed_message.text() == "办结日期不能晚于今天"
    dialog.handling.closed_on.setText((TODAY - timedelta(days=2)).isoformat())
    assert dialog.check_now() and ok_button(dialog).isEnabled()
    ok_button(dialog).click()

    stored = get_demand(db, demand)
    assert (stored.status, stored.outcome, stored.closed_on) == ("已办结", "社区协调物业开放一处休息点",
                                                                 TODAY - timedelta(days=2))
    events = demand_events(db, demand)
    assert (events[-1].status, events[-1].user, events[-1].note) == ("已办结", "王干事", "社区协调物业开放一处休息点")


def test_declining_needs_the_reason(qtbot, db, demand):
    dialog = open_dialog(qtbot, db, demand)
    step_to(dialog, "不予受理")
    assert dialog.handling.text_label.text() == "不予受理理由"
    assert not dialog.handling.closed_on.isVisible()
    assert dialog.handling.text_message.text() == "不予受理时请写明理由"
    assert not ok_button(dialog).isEnabled()
    dialog.handling.text.setPlainText("属区教育局职责，已告知咨询电话")
    assert dialog.check_now()
    ok_button(dialog).click()
    stored = get_demand(db, demand)
    assert (stored.status, stored.outcome, stored.closed_on) == ("不予受理", "属区教育局职责，已告知咨询电话", TODAY)


def test_starting_work_records_an_optional_note_and_edits_are_kept(qtbot, db, demand):
    dialog = open_dialog(qtbot, db, demand)
    step_to(dialog, "办理中")
    assert dialog.handling.text_label.text() == "办理说明"
    assert ok_button(dialog).isEnabled()            # the note may stay empty
    dialog.person.setText("赵刚")
    dialog.handling.text.setPlainText("已转城管执法中队")
    dialog.check_now()
    ok_button(dialog).click()
    stored = get_demand(db, demand)
    assert (stored.status, stored.responsible_person) == ("办理中", "赵刚")
    assert demand_events(db, demand)[-1].note == "已转城管执法中队"


def test_a_closed_demand_is_read_only_until_reopened_with_a_reason(qtbot, db, demand):
    change_status(db, demand, "已办结", outcome="已设立驿站", closed_on=TODAY, user="admin")
    dialog = open_dialog(qtbot, db, demand)
    assert "已办结" in dialog.handling.status_label.text() and "已设立驿站" in dialog.handling.status_label.text()
    assert [dialog.handling._step_name(DemandStatus.DONE, s) for s in dialog.handling.step_targets] == ["重新打开"]
    assert not dialog.fields.isEnabled()
    assert "重新打开后才能修改" in dialog.fields.title()
    step_to(dialog, "办理中")
    assert dialog.fields.isEnabled()
    assert dialog.handling.text_label.text() == "重新打开原因"
    assert dialog.handling.text_message.text() == "请说明重新打开的原因"
    assert not ok_button(dialog).isEnabled()
    dialog.handling.text.setPlainText("驿站尚未开放，骑手再次反映")
    assert dialog.check_now()
    ok_button(dialog).click()
    stored = get_demand(db, demand)
    assert (stored.status, stored.closed_on, stored.outcome) == ("办理中", None, "")
    assert [e.status for e in demand_events(db, demand)] == ["已受理", "已办结", "办理中"]


def test_overdue_status_is_shown_in_red(qtbot, db, enterprise):
    late = add_demand(db, DemandDraft("照明不足", TODAY - timedelta(days=40), deadline=TODAY - timedelta(days=3)))
    dialog = open_dialog(qtbot, db, late)
    assert "超期 3 天" in dialog.handling.status_label.text()
    assert "#B3261E" in dialog.handling.status_label.styleSheet()


def test_a_demand_raised_by_a_visit_keeps_its_source_and_enterprise(qtbot, db, enterprise):
    officer = save_officer(db, OfficerInfo(None, "张丽华"))
    save_visit(db, VisitRecord(officer, enterprise, RAISED, findings="充电难", problems=("电动车充电难",)))
    demand = list_demands(db)[0]
    dialog = open_dialog(qtbot, db, demand.id)
    assert not dialog.source.isEnabled() and dialog.source.currentText() == "走访"
    assert not dialog.enterprise.isEnabled() and dialog.enterprise.currentText() == "美团外卖幸福街道站点"
    dialog.unit.setText("街道平安办")
    dialog.check_now()
    ok_button(dialog).click()
    stored = get_demand(db, demand.id)
    assert (stored.source, stored.visit_id, stored.responsible_unit) == ("走访", demand.visit_id, "街道平安办")


def test_cancel_asks_before_dropping_edits(qtbot, db, demand, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kw: asked.append(args[2]) or
                        QMessageBox.StandardButton.Cancel)
    dialog = open_dialog(qtbot, db, demand)
    dialog.reject()                                   # nothing changed: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog = open_dialog(qtbot, db, demand)
    dialog.unit.setText("区城管局")
    dialog.reject()                                   # the user keeps the edits
    assert asked == ["诉求还没有保存，确定放弃所做的修改吗？"] and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()
