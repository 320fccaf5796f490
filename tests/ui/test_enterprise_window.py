"""企业与走访 and 诉求台账 inside the real main window: pages built only when first needed, the issue's path — a
visit raising two demands, then one of them closed with a result — numbers of the dashboard and of 首页 opening
the lists behind them, and the Delete key still acting on a list when other pages have one too."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from dangjian_desktop.domain.visits import DemandStatus
from dangjian_desktop.services.coverage import dashboard
from dangjian_desktop.services.demands import get_demand, list_demands
from dangjian_desktop.services.visits import list_visits
from dangjian_desktop.ui import app as app_module
from enterprise_fixtures import fill_census
from meeting_fixtures import type_text

TODAY = date.today()


@pytest.fixture
def census(db, street):
    return fill_census(db, street, today=TODAY)


@pytest.fixture
def window(ui_app, qtbot, db, census, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Discard)
    main = app_module.create_main_window(db)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_only_the_home_page_is_built_at_start(window):
    assert not any(slot.is_built for _label, slot in window.pages[1:])
    window.navigation.setCurrentRow(3)
    assert window._enterprises.is_built and not window._demands.is_built


def test_a_visit_raises_two_demands_and_one_is_closed_with_a_result(window, qtbot, db, census):
    window.navigation.setCurrentRow(3)
    page = window.enterprises_page
    panel = page.enterprises
    with qtbot.waitSignal(panel.loaded):
        page.tabs.setCurrentWidget(panel)
    enterprise_id = census.enterprises["货拉拉城东服务中心"]
    panel.select_id(enterprise_id)
    click(qtbot, panel.visit_button)
    dialog = panel.editor
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.met_person, "郑主管")
    type_text(qtbot, dialog.texts["findings"], "司机反映夜间装卸无处休息")
    for problem in ("夜间装卸场地缺少照明", "司机休息室不足"):
        type_text(qtbot, dialog.problems.entry, problem)
        qtbot.keyClick(dialog.problems.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)
    [visit] = list_visits(db, enterprise_id=enterprise_id, date_from=TODAY)
    raised = {d.content: d.id for d in list_demands(db, visit_id=visit.id)}
    assert set(raised) == {"夜间装卸场地缺少照明", "司机休息室不足"}

    window.show_demands(list(raised.values()), "本次走访提出的诉求")
    demands = window.demands_page
    assert window.current_page() is demands
    qtbot.waitUntil(lambda: demands.model.rowCount() == 2)
    assert "仅显示：本次走访提出的诉求（2 件）" in demands.scope_label.text()
    demands.select_id(raised["司机休息室不足"])
    dialog = demands.handle_selected()
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.handling.choose(DemandStatus.DONE)
    dialog.check_now()
    assert not ok.isEnabled()                        # nothing is closed without a result
    dialog.handling.text.setPlainText("协调场地方腾出一间休息室，已投入使用")
    dialog.handling.closed_on.setText(TODAY.isoformat())
    qtbot.waitUntil(ok.isEnabled)
    click(qtbot, ok)
    closed = get_demand(db, raised["司机休息室不足"])
    assert (closed.status, closed.outcome, closed.closed_on) == ("已办结", "协调场地方腾出一间休息室，已投入使用", TODAY)
    assert get_demand(db, raised["夜间装卸场地缺少照明"]).status == "已受理"


def test_a_dashboard_number_opens_the_enterprises_behind_it(window, qtbot, db):
    window.navigation.setCurrentRow(3)
    page = window.enterprises_page
    expected = dashboard(db).unassigned_ids
    assert expected
    page.dashboard.open_enterprises.emit(expected, "未配备党建指导员的企业")
    panel = page.enterprises
    assert page.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(expected))
    assert sorted(panel.model.visible_records()[i].id for i in range(len(expected))) == sorted(expected)


def test_an_overdue_demand_on_the_home_page_opens_the_ledger(window, qtbot, db):
    overdue = [d.id for d in list_demands(db, overdue_only=True)]
    assert overdue
    window.home_page.open_demands.emit(overdue, "超期诉求")
    assert window.current_page() is window.demands_page
    qtbot.waitUntil(lambda: window.demands_page.model.rowCount() == len(overdue))


def test_delete_acts_on_the_list_in_view_when_other_pages_have_lists(window, qtbot, db, monkeypatch):
    window.navigation.setCurrentRow(1)          # the roster: a Delete shortcut of its own
    window.navigation.setCurrentRow(3)
    page = window.enterprises_page
    panel = page.visits
    with qtbot.waitSignal(panel.loaded):
        page.tabs.setCurrentWidget(panel)
    asked = []
    monkeypatch.setattr(type(panel), "delete_selected", lambda self: asked.append(self))
    panel.table.selectRow(0)
    window.activateWindow()   # a Delete shortcut acts only in the active window (earlier tests leave others)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert asked == [panel]


def test_the_file_menu_offers_the_census_and_visit_imports(window, monkeypatch):
    started = []
    monkeypatch.setattr(type(window.data_page), "import_census", lambda page: started.append("census"))
    monkeypatch.setattr(type(window.data_page), "import_visits", lambda page: started.append("visits"))
    actions = {action.text(): action for action in window.findChildren(QAction)}
    actions["导入企业普查表…"].trigger()
    actions["导入走访台账…"].trigger()
    assert started == ["census", "visits"]
