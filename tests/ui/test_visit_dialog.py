"""The visit dialog: a visit recorded the quick way (from the enterprise list, nine clicks and typed lines) raising
two demands; problems pasted as "A；B" or as lines; the officer following the enterprise; the checks beside the
fields; a stored visit with the demands it raised, still taking new ones; unsaved changes kept on 取消."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.domain.visits import DemandSource, DemandStatus
from dangjian_desktop.services.demands import list_demands
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules
from dangjian_desktop.services.visits import get_visit, list_visits
from dangjian_desktop.ui.dialogs.visit_dialog import VisitDialog
from dangjian_desktop.ui.pages.enterprise_list import EnterpriseListPanel
from enterprise_fixtures import fill_census
from meeting_fixtures import type_text

TODAY = date.today()


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch):
    """A dialog left with typed changes is closed when a test ends: drop them instead of asking."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Discard)


@pytest.fixture
def census(db, street):
    return fill_census(db, street, today=TODAY)


def open_dialog(qtbot, db, **kwargs):
    dialog = VisitDialog(db, None, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_visit_with_two_problems_from_the_enterprise_list(qtbot, ui_app, db, census):
    panel = EnterpriseListPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loaded):
        panel.refresh()
    enterprise_id = census.enterprises["货拉拉城东服务中心"]
    panel.select_id(enterprise_id)                                              # 1 the enterprise
    click(qtbot, panel.visit_button)                                            # 2 新建走访
    dialog = panel.editor
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.officer.currentText() == "陈志强" and dialog.visited_on.date() == date.today()
    assert dialog.ways.checkedButton().text() == "实地"
    assert dialog.focusWidget() is dialog.met_person
    type_text(qtbot, dialog.met_person, "郑主管")                                # 3
    click(qtbot, dialog.texts["findings"])                                      # 4
    type_text(qtbot, dialog.texts["findings"], "司机反映夜间装卸无处休息")          # 5
    click(qtbot, dialog.problems.entry)                                         # 6
    type_text(qtbot, dialog.problems.entry, "夜间装卸场地缺少照明")
    qtbot.keyClick(dialog.problems.entry, Qt.Key.Key_Return)                    # 7
    assert dialog.isVisible()                                                   # 回车 added, did not save
    type_text(qtbot, dialog.problems.entry, "司机休息室不足")
    qtbot.keyClick(dialog.problems.entry, Qt.Key.Key_Return)                    # 8
    assert dialog.problems.problems() == ("夜间装卸场地缺少照明", "司机休息室不足")
    assert dialog.tabs.tabText(dialog.problems_tab) == "发现问题（2）"
    assert dialog.problems.note.text() == "保存后每个问题将登记为一件诉求（办理期限 30 天）"
    qtbot.waitUntil(dialog.save_button.isEnabled)
    with qtbot.waitSignal(panel.loaded):
        click(qtbot, dialog.save_button)                                        # 9 保存
    [visit] = list_visits(db, enterprise_id=enterprise_id, date_from=date.today())
    assert (visit.officer_name, visit.met_person, visit.findings, visit.demands) == (
        "陈志强", "郑主管", "司机反映夜间装卸无处休息", 2)
    demands = list_demands(db, visit_id=visit.id)
    assert sorted(d.content for d in demands) == ["司机休息室不足", "夜间装卸场地缺少照明"]
    for demand in demands:
        assert (demand.status, demand.source, demand.raised_on, demand.deadline, demand.enterprise_id) == (
            DemandStatus.ACCEPTED.value, DemandSource.VISIT.value, date.today(), date.today() + timedelta(days=30),
            enterprise_id)
        assert demand.raised_by == "郑主管"
    assert panel.selected().open_demands == 2


def test_pasted_problems_are_split(qtbot, ui_app, db, census):
    dialog = open_dialog(qtbot, db, enterprise_id=census.enterprises["美团外卖城东站"])
    dialog.problems.entry.setText("1、商圈停车难；2、骑手进小区难")
    click(qtbot, dialog.problems.add_button)
    assert dialog.problems.problems() == ("商圈停车难", "骑手进小区难")
    QApplication.clipboard().setText("充电桩不足\n午休无处可去\n")   # (a QMimeData set here crashes Qt at exit)
    dialog.problems.entry.paste()                                              # several lines: added at once
    assert dialog.problems.entry.text() == ""
    assert dialog.problems.problems()[2:] == ("充电桩不足", "午休无处可去")
    dialog.problems.list.setCurrentRow(0)
    click(qtbot, dialog.problems.remove_button)
    assert dialog.problems.problems() == ("骑手进小区难", "充电桩不足", "午休无处可去")
    type_text(qtbot, dialog.problems.entry, "还没按回车的问题")
    assert dialog.problems.problems()[-1] == "还没按回车的问题"                # typed but not added still counts


def test_the_officer_follows_the_enterprise_until_chosen(qtbot, ui_app, db, census):
    dialog = open_dialog(qtbot, db)
    assert dialog.officer.currentData() is None and dialog.focusWidget() is dialog.enterprise
    dialog.enterprise.setCurrentIndex(dialog.enterprise.findText("星河直播电商基地"))
    assert dialog.officer.currentText() == "刘芳"
    dialog.enterprise.setCurrentIndex(dialog.enterprise.findText("美团外卖城东站"))
    assert dialog.officer.currentText() == "李秀英"
    dialog.officer.setCurrentIndex(dialog.officer.findText("王建国"))
    dialog.enterprise.setCurrentIndex(dialog.enterprise.findText("滴滴出行城区服务站"))
    assert dialog.officer.currentText() == "王建国"
    assert dialog.officer.findText("赵德明") < 0                                 # no longer serving


def test_what_is_wrong_is_said_beside_the_field(qtbot, ui_app, db, census):
    dialog = open_dialog(qtbot, db, officer_id=census.officers["刘芳"])
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text().startswith("还需：请从列表中选择企业")
    type_text(qtbot, dialog.enterprise.lineEdit(), "星河")
    qtbot.waitUntil(dialog.messages["enterprise"].isVisible)
    assert dialog.messages["enterprise"].text() == "请从列表中选择企业（可输入名称中的字查找）"
    dialog.enterprise.setEditText("星河直播电商基地")
    dialog.visited_on.setText((TODAY + timedelta(days=1)).isoformat())
    dialog.texts["party_work_situation"].setPlainText("支部按时开展主题党日")
    dialog.check_now()
    assert not dialog.messages["enterprise"].isVisible()
    assert dialog.messages["visited_on"].text() == "走访日期不能晚于今天"
    dialog.visited_on.setText("2025-13-1")
    dialog.check_now()
    assert dialog.messages["visited_on"].text() == dialog.visited_on.error() != ""
    dialog.visited_on.setText(TODAY.isoformat())
    dialog.check_now()
    assert dialog.save_button.isEnabled() and not dialog.summary.isVisible()


def test_a_stored_visit_lists_its_demands_and_takes_new_ones(qtbot, ui_app, db, census):
    visit_id = census.visits[0]                                     # 顺丰, two problems raised
    dialog = open_dialog(qtbot, db, visit_id=visit_id)
    assert dialog.windowTitle().startswith("走访记录 — 顺丰速运幸福里营业部")
    raised = [dialog.problems.raised.item(row).text() for row in range(dialog.problems.raised.count())]
    assert len(raised) == 2 and all(text.startswith("【已受理，期限 ") for text in raised)
    assert dialog.problems.problems() == () and dialog.save_button.isEnabled()
    dialog.problems.add_text("快递柜租金偏高")
    dialog.met_person.setText("张经理（站长）")
    dialog.save()
    assert dialog.saved_id == visit_id and get_visit(db, visit_id).met_person == "张经理（站长）"
    assert sorted(d.content for d in list_demands(db, visit_id=visit_id)) == [
        "希望协调小区门禁通行", "快递员午间无处热饭", "快递柜租金偏高"]


def test_the_deadline_note_follows_the_setting(qtbot, ui_app, db, census):
    save_visit_rules(db, VisitRules(deadline_days=15))
    dialog = open_dialog(qtbot, db, enterprise_id=census.enterprises["闪送城东服务点"])
    assert dialog.problems.note.text() == "保存后每个问题将登记为一件诉求（办理期限 15 天）"


def test_cancel_asks_before_dropping_what_was_typed(qtbot, ui_app, db, census, monkeypatch):
    dialog = open_dialog(qtbot, db, enterprise_id=census.enterprises["闪送城东服务点"])
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()                                   # nothing typed: closes at once
    dialog = open_dialog(qtbot, db, enterprise_id=census.enterprises["闪送城东服务点"])
    dialog.problems.add_text("骑手缺少休息驿站")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kwargs: asked.append(args[2])
                        or QMessageBox.StandardButton.Cancel)
    click(qtbot, dialog.cancel_button)
    assert dialog.isVisible() and asked == ["走访记录还没有保存，确定放弃所做的修改吗？"]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Discard)
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert len(list_visits(db)) == len(census.visits)
