"""诉求台账: the table model without a view (filters, overdue marks and sorting, search, a restricted set), and
the page against a real database: counts, filters, the dashboard's `show_ids`, registering, handling (a visit that
raised two demands, one closed with a result), deleting and exporting the shown rows."""

import importlib.util
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import DemandStatus, VisitRecord, is_overdue
from dangjian_desktop.services.demands import DemandDraft, DemandInfo, add_demand, change_status, demand_events, \
    list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visits import save_visit
from dangjian_desktop.ui.dialogs import demand_dialog
from dangjian_desktop.ui.models.demand_model import CONTENT, NUMBER, REMAINING, STATUS, DemandTableModel
from dangjian_desktop.ui.pages import demands_page
from dangjian_desktop.ui.pages.demands_page import DemandsPage

DAY = date(2025, 4, 10)
TODAY = date.today()


def info(number, *, status="已受理", deadline=DAY + timedelta(days=20), source="其他", content="诉求",
         enterprise="", unit="", person="", closed_on=None, outcome=""):
    return DemandInfo(number, source, content, "其他", "", date(2025, 3, 1), unit, person, deadline, status, outcome,
                      closed_on, None, enterprise, None, is_overdue(status, deadline, DAY))


@pytest.fixture
def model(ui_app):
    model = DemandTableModel(today=DAY)
    model.set_records([
        info(1, deadline=DAY - timedelta(days=3), content="快递车辆进小区难", unit="幸福里社区居委会"),
        info(2, status="办理中", deadline=DAY + timedelta(days=5), source="网格上报", content="停车点照明不足",
             person="赵刚"),
        info(3, status="已办结", deadline=DAY - timedelta(days=9), closed_on=DAY - timedelta(days=12),
             outcome="已开通绿色通道", content="就医挂号难", enterprise="顺丰速运幸福里营业部"),
        info(4, deadline=DAY, content="技能培训"),
        info(5, status="不予受理", outcome="不属街道职责", content="子女入学咨询", source="走访"),
    ])
    return model


def column(model, col):
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def test_remaining_days_and_overdue_marks(model):
    assert column(model, REMAINING) == ["超期 3 天", "剩 5 天", "—", "今天到期", "—"]
    red = model.data(model.index(0, STATUS), Qt.ItemDataRole.ForegroundRole).color().name().upper()
    amber = model.data(model.index(1, REMAINING), Qt.ItemDataRole.ForegroundRole).color().name().upper()
    assert (red, amber) == ("#B3261E", "#8A5A00")
    assert model.data(model.index(0, CONTENT), Qt.ItemDataRole.FontRole).bold()      # the whole row is bold
    assert model.data(model.index(1, CONTENT), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(0, STATUS), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(2, STATUS), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(2, STATUS), Qt.ItemDataRole.ToolTipRole) == "办理结果：已开通绿色通道"
    assert model.overdue_count == 1


def test_status_source_and_overdue_filters(model):
    model.set_filters(statuses=("已受理", "办理中"))
    assert column(model, NUMBER) == ["1", "2", "4"]
    model.set_filters(statuses=("已办结",))
    assert column(model, NUMBER) == ["3"]
    model.set_filters(source="走访")
    assert column(model, NUMBER) == ["5"]
    model.set_filters(overdue_only=True)
    assert column(model, NUMBER) == ["1"]
    model.set_filters()
    assert model.visible_count == model.total_count == 5


def test_search_on_content_enterprise_unit_and_person(model):
    for text, expected in (("照明", ["2"]), ("顺丰", ["3"]), ("社区居委会", ["1"]), ("赵刚", ["2"]),
                           ("小区 快递", ["1"])):
        model.set_search(text)
        assert column(model, NUMBER) == expected
    model.set_search("")
    assert model.visible_count == 5


def test_sorting_by_remaining_puts_overdue_first_and_closed_last(model):
    model.sort(REMAINING, Qt.SortOrder.AscendingOrder)
    assert column(model, NUMBER) == ["1", "4", "2", "3", "5"]
    model.sort(STATUS, Qt.SortOrder.AscendingOrder)
    assert column(model, NUMBER)[0] == "1"
    model.sort(-1)
    assert column(model, NUMBER) == ["1", "2", "3", "4", "5"]


def test_only_ids_restricts_the_rows_and_the_total(model):
    model.set_only_ids([1, 4])
    assert column(model, NUMBER) == ["1", "4"]
    assert (model.total_count, model.overdue_count) == (2, 1)
    assert [d.id for d in model.visible_records()] == [1, 4]
    model.set_only_ids(None)
    assert model.total_count == 5


# ----- the page ----------------------------------------------------------------------------------------------------
@pytest.fixture
def ledger(db):
    """Two demands raised by one visit, one overdue demand, one due soon and one closed."""
    enterprise = save_enterprise(db, EnterpriseRecord("美团外卖幸福街道站点", industry="外卖"))
    officer = save_officer(db, OfficerInfo(None, "张丽华"))
    save_visit(db, VisitRecord(officer, enterprise, TODAY - timedelta(days=2), met_person="站长王磊",
                               findings="休息难；充电难", problems=("骑手休息场所不足", "电动车充电难")))
    late = add_demand(db, DemandDraft("快递车辆进小区难", TODAY - timedelta(days=40), "党员反映", "进小区难",
                                      responsible_unit="幸福里社区居委会", deadline=TODAY - timedelta(days=4)))
    add_demand(db, DemandDraft("夜间停车点照明不足", TODAY - timedelta(days=25), "网格上报",
                               responsible_person="赵刚", deadline=TODAY + timedelta(days=5)))
    done = add_demand(db, DemandDraft("就医挂号难", TODAY - timedelta(days=60), "其他"))
    change_status(db, done, "已办结", outcome="开通绿色通道", closed_on=TODAY - timedelta(days=30))
    return {"late": late, "done": done}


@pytest.fixture
def page(qtbot, ui_app, db, ledger, monkeypatch):
    monkeypatch.setattr(demand_dialog, "user_name", lambda _db: "王干事")
    widget = DemandsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1400, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.total_count == 5)
    return widget


def shown_contents(page):
    return [page.model.record_at(row).content for row in range(page.model.rowCount())]


def select(page, demand_id):
    page.table.selectRow(page.model.row_of(demand_id))


def test_the_page_counts_and_filters(page):
    assert page.count_label.text() == "共 5 件，其中超期 1 件"
    page.status_filter.setCurrentIndex(page.status_filter.findText("未办结"))
    assert page.model.visible_count == 4
    assert page.count_label.text() == "显示 4 / 共 5 件，其中超期 1 件"
    page.source_filter.setCurrentIndex(page.source_filter.findText("走访"))
    assert sorted(shown_contents(page)) == ["电动车充电难", "骑手休息场所不足"]
    page.source_filter.setCurrentIndex(0)
    page.overdue_only.setChecked(True)
    assert shown_contents(page) == ["快递车辆进小区难"]
    page.overdue_only.setChecked(False)
    page.status_filter.setCurrentIndex(0)
    page.search.setText("赵刚")
    assert shown_contents(page) == ["夜间停车点照明不足"]


def test_show_ids_restricts_with_a_bar_and_show_all_goes_back(qtbot, page, ledger):
    page.overdue_only.setChecked(True)
    page.search.setText("不存在")
    page.show_ids([ledger["late"], ledger["done"]], "超期诉求")
    qtbot.waitUntil(lambda: page.model.visible_count == 2)
    assert page.scope_bar.isVisible()
    assert page.scope_label.text() == "仅显示：超期诉求（2 件）"
    assert (page.search.text(), page.overdue_only.isChecked(), page.status_filter.currentIndex()) == ("", False, 0)
    assert page.count_label.text() == "共 2 件，其中超期 1 件"
    page.show_all_button.click()
    assert not page.scope_bar.isVisible()
    assert page.model.visible_count == 5


def test_a_visit_raised_two_demands_and_one_is_closed_with_a_result(qtbot, page, db):
    page.source_filter.setCurrentIndex(page.source_filter.findText("走访"))
    assert page.model.visible_count == 2
    page.table.selectRow(0)
    target = page.selected()
    dialog = page.handle_selected()
    assert page.editor is dialog and dialog.handling is not None
    dialog.handling.choose(DemandStatus.DONE)
    dialog.check_now()
    assert not dialog.ok_button.isEnabled()
    assert dialog.handling.text_message.text() == "办结前请填写办理结果"
    dialog.handling.text.setPlainText("协调物业开放一处骑手休息点")
    assert dialog.check_now()
    with qtbot.waitSignal(page.data_changed):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.model.record_at(page.model.row_of(target.id)).status == "已办结")
    assert page.selected().id == target.id
    stored = [d for d in list_demands(db) if d.source == "走访"]
    assert sorted(d.status for d in stored) == sorted(["已受理", "已办结"])
    closed = next(d for d in stored if d.status == "已办结")
    assert (closed.outcome, closed.closed_on) == ("协调物业开放一处骑手休息点", TODAY)
    assert [e.status for e in demand_events(db, closed.id)] == ["已受理", "已办结"]


def test_registering_a_demand_adds_it_to_the_list(qtbot, page):
    dialog = page.add_demand()
    dialog.content.setPlainText("希望组织新就业群体技能培训")
    dialog.source.setCurrentIndex(dialog.source.findText("党员反映"))
    assert dialog.check_now()
    with qtbot.waitSignal(page.data_changed):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.model.total_count == 6)
    assert page.selected().content == "希望组织新就业群体技能培训"
    assert page.selected().status == "已受理"


def test_deleting_asks_once(qtbot, page, ledger, monkeypatch, db):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    select(page, ledger["late"])
    page.delete_selected()
    assert len(asked) == 1 and "快递车辆进小区难" in asked[0] and "办理过程一并删除" in asked[0]
    assert len(list_demands(db)) == 5
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.data_changed):
        page.delete_selected()
    qtbot.waitUntil(lambda: page.model.total_count == 4)
    assert ledger["late"] not in [d.id for d in list_demands(db)]


def test_buttons_follow_the_selection(page, ledger):
    assert not page.handle_button.isEnabled() and not page.delete_button.isEnabled()
    select(page, ledger["late"])
    assert page.handle_button.isEnabled() and page.edit_button.isEnabled() and page.delete_button.isEnabled()


@pytest.mark.skipif(importlib.util.find_spec("dangjian_desktop.services.enterprise_reports") is None,
                    reason="services.enterprise_reports is written by another engineer")
def test_export_writes_the_shown_demands(qtbot, page, tmp_path, monkeypatch):
    import openpyxl

    target = tmp_path / "诉求台账.xlsx"
    monkeypatch.setattr(demands_page, "ask_save_path", lambda *args: target)
    informed = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: informed.append(args[2]))
    page.source_filter.setCurrentIndex(page.source_filter.findText("走访"))
    page.export_shown()
    qtbot.waitUntil(lambda: bool(informed), timeout=10000)
    assert "已导出 2 件诉求" in informed[0]
    text = "\n".join(str(cell.value) for row in openpyxl.load_workbook(target).active.iter_rows() for cell in row)
    assert "电动车充电难" in text and "骑手休息场所不足" in text and "快递车辆进小区难" not in text
