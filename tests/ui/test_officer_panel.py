"""党建指导员 panel: the table models without a view, and the panel against a real database — creating an officer,
包联 of two enterprises, reassigning one to another officer (the previous 包联 ends that day), 包联 of a 党组织,
结对 with a mobile member, ending them, the refusal to delete an officer with visits, and the monthly report."""

import importlib.util
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.members import save_member
from dangjian_desktop.services.officers import AssignmentInfo, OfficerInfo, assignments, list_officers, pairings, \
    save_officer
from dangjian_desktop.services.visits import save_visit
from dangjian_desktop.ui.dialogs.assignment_dialog import EndDateDialog, member_choices
from dangjian_desktop.ui.models.officer_model import ACTIVE, NAME, PHONE, AssignmentTableModel, Choice, \
    ChoiceTableModel, OfficerTableModel
from dangjian_desktop.ui.pages import officer_panel
from dangjian_desktop.ui.pages.officer_panel import OfficerPanel

TODAY = date.today()
EARLIER = TODAY - timedelta(days=100)


# ----- models without a view ---------------------------------------------------------------------------------------
def names(model):
    return [model.data(model.index(row, NAME)) for row in range(model.rowCount())]


def test_officer_model_masks_phones_filters_and_sorts(ui_app):
    model = OfficerTableModel()
    model.set_records([OfficerInfo(1, "张丽华", "街道党建办", "党建指导员", "13812345678", enterprises=3),
                       OfficerInfo(2, "陈志强", "街道党建办", "组织委员", "0531-88123456", enterprises=5),
                       OfficerInfo(3, "马卫东", "区市场监管局", "", "13512340000", active=False)])
    assert model.data(model.index(0, PHONE)) == "138****5678"
    model.set_masked(False)
    assert model.data(model.index(0, PHONE)) == "13812345678"
    assert model.data(model.index(2, ACTIVE)) == "否"
    assert model.data(model.index(2, NAME), Qt.ItemDataRole.ForegroundRole).color().name().upper() == "#8F959E"
    model.set_active_only(True)
    assert names(model) == ["张丽华", "陈志强"]
    model.set_search("组织委员")
    assert names(model) == ["陈志强"]
    model.set_search("")
    model.set_active_only(False)
    model.sort(5, Qt.SortOrder.DescendingOrder)          # 包联企业
    assert names(model) == ["陈志强", "张丽华", "马卫东"]


def test_period_model_puts_running_rows_first(ui_app):
    model = AssignmentTableModel("企业")
    model.set_records([AssignmentInfo(1, 1, "张丽华", "企业", 1, "顺丰", date(2024, 1, 1), date(2025, 1, 1)),
                       AssignmentInfo(2, 1, "张丽华", "企业", 2, "美团", date(2023, 5, 1), None)])
    assert model.HEADERS == ("企业", "开始日期", "结束日期", "状态")
    rows = [[model.data(model.index(row, column)) for column in range(4)] for row in range(2)]
    assert rows == [["美团", "2023-05-01", "", "包联中"], ["顺丰", "2024-01-01", "2025-01-01", "已结束"]]


def test_choice_model_ticks_survive_search_and_taken_rows_cannot_be_ticked(ui_app):
    model = ChoiceTableModel(("企业名称", "当前包联"))
    model.set_records([Choice(1, ("顺丰", "未包联")), Choice(2, ("美团", "当前：张三"), date(2025, 1, 1)),
                       Choice(3, ("滴滴", "当前：李四"), taken="已由该指导员包联")])
    model.toggle(0)
    model.toggle(2)
    model.set_search("美团")
    model.toggle(0)
    model.set_search("")
    assert [c.id for c in model.checked_choices()] == [1, 2]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.flags(model.index(2, 0)) == Qt.ItemFlag.NoItemFlags
    assert model.data(model.index(2, 1), Qt.ItemDataRole.ToolTipRole) == "已由该指导员包联"


# ----- the panel ---------------------------------------------------------------------------------------------------
@pytest.fixture
def street_data(db, street, make_member):
    enterprises = [save_enterprise(db, EnterpriseRecord(name, industry=industry)) for name, industry in (
        ("顺丰速运幸福里营业部", "快递"), ("美团外卖幸福街道站点", "外卖"), ("滴滴出行济南服务中心", "网约车"))]
    mobile = save_member(db, make_member(street.branch1, 21, name="王建国", is_mobile=True,
                                         mobile_direction="流出", mobile_place="广东省深圳市"))
    save_member(db, make_member(street.branch1, 22, name="周海涛"))
    other = save_officer(db, OfficerInfo(None, "陈志强", "街道党建办", "组织委员", "13987654321"))
    return {"enterprises": enterprises, "mobile": mobile.id, "other": other, "street": street}


@pytest.fixture
def panel(qtbot, ui_app, db, street_data):
    widget = OfficerPanel(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.model.total_count == 1)
    return widget


def type_chinese(widget, text):
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(qtbot, panel, start, names_to_tick, open_chooser):
    open_chooser()
    qtbot.waitUntil(lambda: panel.chooser is not None)
    chooser = panel.chooser
    for name in names_to_tick:
        row = next(r for r in range(chooser.model.rowCount()) if chooser.model.record_at(r).texts[0] == name)
        chooser.table.clicked.emit(chooser.model.index(row, 1))      # a click anywhere on the row ticks it
    chooser.start.setDate(start)
    return chooser


def accept(qtbot, panel, dialog):
    with qtbot.waitSignal(panel.loaded):
        dialog.ok_button.click()


def test_create_an_officer_assign_two_enterprises_and_reassign_one(qtbot, panel, db, street_data):
    dialog = panel.add_officer()
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text() == "还需填写：姓名"
    type_chinese(dialog.name, "陈志强")
    assert "已有名为“陈志强”的党建指导员" in dialog.name_message.text()
    dialog.name.clear()
    type_chinese(dialog.name, "张丽华")
    type_chinese(dialog.unit, "街道党建工作办公室")
    qtbot.keyClicks(dialog.phone, "1381234")
    assert "联系电话应为11位手机号" in dialog.phone_message.text() and not dialog.save_button.isEnabled()
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "138 1234 5678")
    assert dialog.save_button.isEnabled() and not dialog.name_message.isVisible()
    with qtbot.waitSignal(panel.loaded):
        dialog.save_button.click()
    new = panel.selected()
    assert (new.name, new.phone) == ("张丽华", "13812345678")
    assert panel.count_label.text() == "共 2 人"

    sf, mt, _dd = street_data["enterprises"]
    chooser = choose(qtbot, panel, EARLIER, ["顺丰速运幸福里营业部", "美团外卖幸福街道站点"], panel.add_enterprises)
    assert "已勾选 2 家" in chooser.count_label.text()
    accept(qtbot, panel, chooser)
    assert {a.target_id for a in assignments(db, officer_id=new.id) if a.running} == {sf, mt}
    assert panel.selected().id == new.id and panel.selected().enterprises == 2
    assert panel.enterprise_tab.model.rowCount() == 2
    assert panel.tabs.tabText(0) == "包联企业（2）"

    panel.select_id(street_data["other"])
    chooser = choose(qtbot, panel, EARLIER, ["顺丰速运幸福里营业部"], panel.add_enterprises)
    current = next(c for c in chooser.model.checked_choices())
    assert current.texts[-1] == "当前：张丽华"
    assert chooser.date_message.text() == (       # not on or before the day 张丽华 began
        f"开始日期早于上一次包联：“顺丰速运幸福里营业部”最早可从 {EARLIER + timedelta(days=1):%Y-%m-%d} 开始")
    assert not chooser.ok_button.isEnabled()
    chooser.start.setDate(EARLIER + timedelta(days=1))
    assert chooser.ok_button.isEnabled()
    chooser.start.setDate(TODAY)
    assert chooser.check_now()
    accept(qtbot, panel, chooser)
    history = assignments(db, enterprise_id=sf)
    assert [(a.officer_name, a.started_on, a.ended_on) for a in history] == [
        ("陈志强", TODAY, None), ("张丽华", EARLIER, TODAY)]
    panel.select_id(new.id)
    ended = [panel.enterprise_tab.model.record_at(r) for r in range(2)]
    assert [(a.target_name, a.ended_on) for a in ended] == [("美团外卖幸福街道站点", None),
                                                            ("顺丰速运幸福里营业部", TODAY)]
    assert panel.tabs.tabText(0) == "包联企业（1）"


def test_assign_a_branch_pair_a_mobile_member_and_end_both(qtbot, panel, db, street_data, monkeypatch):
    officer = street_data["other"]
    panel.select_id(officer)
    chooser = choose(qtbot, panel, EARLIER, ["幸福里社区第一党支部"], panel.add_organizations)
    assert "测试街道党工委" not in [c.texts[0] for c in chooser.model.checked_choices() + chooser.model._records]
    assert "第一党小组" not in [c.texts[0] for c in chooser.model._records]
    accept(qtbot, panel, chooser)
    assert [(a.target, a.target_name) for a in assignments(db, officer_id=officer)] == [
        ("党组织", "幸福里社区第一党支部")]

    chooser = choose(qtbot, panel, EARLIER, ["王建国"], panel.add_pairings)
    assert [c.texts[0] for c in chooser.model._records] == ["王建国"]       # mobile members only
    accept(qtbot, panel, chooser)
    assert [(p.member_name, p.mobile_place, p.started_on) for p in pairings(db, officer_id=officer)] == [
        ("王建国", "广东省深圳市", EARLIER)]
    assert member_choices(db, officer)[0].taken == "已与该指导员结对"
    assert panel.selected().pairings == 1

    asked = []
    monkeypatch.setattr(officer_panel, "ask_end_date", lambda parent, title, text, started: asked.append(text) or TODAY)
    panel.tabs.setCurrentIndex(2)
    panel.pairing_tab.table.selectRow(0)
    assert panel.pairing_tab.end_button.isEnabled()
    with qtbot.waitSignal(panel.loaded):
        panel.pairing_tab.end_button.click()
    assert "陈志强与王建国的结对" in asked[0]
    assert pairings(db, officer_id=officer)[0].ended_on == TODAY
    panel.tabs.setCurrentIndex(1)
    panel.org_tab.table.selectRow(0)
    with qtbot.waitSignal(panel.loaded):
        panel.org_tab.end_button.click()
    assert assignments(db, officer_id=officer)[0].ended_on == TODAY
    assert panel.selected().organizations == 0


def test_deleting_an_officer_with_visits_shows_the_refusal(qtbot, panel, db, street_data, monkeypatch):
    officer = street_data["other"]
    save_visit(db, VisitRecord(officer, street_data["enterprises"][0], EARLIER, findings="了解党建工作情况"))
    shown = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    panel.select_id(officer)
    panel.delete_selected()
    assert len(shown) == 1 and "已有 1 次走访记录，不能删除" in shown[0]
    assert [o.name for o in list_officers(db)] == ["陈志强"]


def test_deleting_an_officer_without_visits(qtbot, panel, db, street_data, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    panel.select_id(street_data["other"])
    with qtbot.waitSignal(panel.data_changed):
        panel.delete_selected()
    qtbot.waitUntil(lambda: panel.model.total_count == 0)
    assert list_officers(db) == []


def test_cancel_closes_the_officer_form_and_writes_nothing(qtbot, panel, db):
    dialog = panel.add_officer()
    assert panel.editor is dialog
    assert dialog.save_button.text() == "保存"
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "取消"
    type_chinese(dialog.name, "张丽华")
    cancel.click()
    assert panel.editor is None and [o.name for o in list_officers(db)] == ["陈志强"]


def test_the_end_date_dialog_names_its_buttons_and_wants_a_later_day(qtbot, ui_app):
    dialog = EndDateDialog(None, "结束包联", "张丽华对“顺丰”的包联", EARLIER, today=EARLIER)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.text() == "结束"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert not dialog.ok_button.isEnabled() and "结束日期应晚于开始日期" in dialog.message.text()
    dialog.end.setDate(TODAY)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()


def test_the_phone_is_masked_until_asked(panel):
    assert panel.model.data(panel.model.index(0, PHONE)) == "139****4321"
    panel.show_full.setChecked(True)
    assert panel.model.data(panel.model.index(0, PHONE)) == "13987654321"


def test_printing_the_monthly_report_asks_the_month(qtbot, panel, street_data, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(officer_panel, "ask_month", lambda *args: date(2025, 3, 1))
    monkeypatch.setattr(officer_panel, "preview_generated_pdf", lambda parent, title, render, shown: calls.append(
        (title, render)))
    panel.select_id(street_data["other"])
    panel.print_month_report()
    assert calls[0][0] == "陈志强2025年3月工作报告"
    if importlib.util.find_spec("dangjian_desktop.services.enterprise_reports") is not None:
        from dangjian_desktop.domain.progress import NO_PROGRESS

        target = tmp_path / "report.pdf"
        calls[0][1](target, NO_PROGRESS)
        assert target.read_bytes().startswith(b"%PDF")


def test_a_new_assignment_starts_no_earlier_than_the_last_one_ended(qtbot, panel, db, street_data, monkeypatch):
    officer, sf = street_data["other"], street_data["enterprises"][0]
    panel.select_id(officer)
    accept(qtbot, panel, choose(qtbot, panel, EARLIER, ["顺丰速运幸福里营业部"], panel.add_enterprises))
    ended = EARLIER + timedelta(days=30)
    monkeypatch.setattr(officer_panel, "ask_end_date", lambda *args: ended)
    panel.enterprise_tab.table.selectRow(0)
    with qtbot.waitSignal(panel.loaded):
        panel.enterprise_tab.end_button.click()
    assert [a.ended_on for a in assignments(db, enterprise_id=sf)] == [ended]
    chooser = choose(qtbot, panel, ended - timedelta(days=1), ["顺丰速运幸福里营业部"], panel.add_enterprises)
    assert chooser.model.checked_choices()[0].texts[-1] == "未包联"
    assert f"最早可从 {ended:%Y-%m-%d} 开始" in chooser.date_message.text()
    chooser.start.setDate(ended)
    accept(qtbot, panel, chooser)
    assert [(a.started_on, a.ended_on) for a in assignments(db, enterprise_id=sf)] == [(ended, None),
                                                                                      (EARLIER, ended)]
