"""走访记录: the table model on its own (newest first, officer and date filters, search, sort, counts), then the
panel against a real database: one officer's month as the dashboard opens it, opening a visit, delete refused while
its demands are in the ledger (the reason shown) and done otherwise, the printed 走访记录表 and the Excel ledger."""

from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.services.visits import list_visits
from dangjian_desktop.ui.dialogs.visit_dialog import VisitDialog
from dangjian_desktop.ui.models.visit_model import DATE, DEMANDS, ENTERPRISE, FINDINGS, OFFICER, VisitTableModel, \
    first_line
from dangjian_desktop.ui.pages import visit_list
from dangjian_desktop.ui.pages.visit_list import VisitListPanel
from enterprise_fixtures import VISITS, fill_census

TODAY = date.today()


@pytest.fixture
def census(db, street):
    return fill_census(db, street, today=TODAY)


@pytest.fixture
def model(ui_app, db, census):
    table = VisitTableModel()
    table.set_records(list_visits(db))
    return table


def column(model, number):
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def test_newest_first_with_the_demands_each_raised(model):
    dates = column(model, DATE)
    assert len(dates) == len(VISITS) and dates == sorted(dates, reverse=True)
    assert dates[0] == (TODAY - timedelta(days=2)).isoformat()
    row = column(model, ENTERPRISE).index("顺丰速运幸福里营业部")
    assert model.data(model.index(row, DEMANDS)) == "2"
    assert model.data(model.index(row, FINDINGS)) == "营业部运转正常，党员亮身份上岗。"
    assert first_line("\n  第一行\n第二行") == "第一行"


def test_filters_by_officer_and_dates(model, census):
    model.set_filters(officer_id=census.officers["陈志强"])
    assert set(column(model, OFFICER)) == {"陈志强"} and model.visible_count == 4
    model.set_filters(officer_id=census.officers["陈志强"], date_from=TODAY - timedelta(days=30))
    assert sorted(column(model, ENTERPRISE)) == ["曹操出行城东分公司", "货拉拉城东服务中心"]
    model.set_filters(date_from=TODAY - timedelta(days=10), date_to=TODAY - timedelta(days=5))
    assert column(model, DATE) == [(TODAY - timedelta(days=d)).isoformat() for d in (5, 8, 10)]
    assert (model.visible_count, model.total_count) == (3, len(VISITS))
    model.set_filters()
    assert model.visible_count == len(VISITS)


def test_search_and_sort(model):
    model.set_search("孙站长")
    assert column(model, ENTERPRISE) == ["美团外卖城东站", "美团外卖城东站"]
    model.set_search("电话")                              # in the findings of the phone visits
    assert len(column(model, ENTERPRISE)) == 2
    model.set_search("")
    model.sort(DEMANDS, Qt.SortOrder.DescendingOrder)
    assert column(model, DEMANDS)[0] == "2"
    model.sort(DATE, Qt.SortOrder.AscendingOrder)
    assert column(model, DATE)[0] == (TODAY - timedelta(days=200)).isoformat()
    model.sort(-1)
    assert column(model, DATE)[0] == (TODAY - timedelta(days=2)).isoformat()


# ----- the panel -------------------------------------------------------------------------------------------------
@pytest.fixture
def panel(qtbot, ui_app, db, census):
    widget = VisitListPanel(db)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()
    return widget


def select(panel, enterprise, day_offset):
    visit = next(v for v in panel.model.visible_records()
                 if v.enterprise_name == enterprise and v.visited_on == TODAY - timedelta(days=day_offset))
    assert panel.select_id(visit.id)
    return visit


def test_the_panel_counts_and_filters(qtbot, panel, census):
    assert panel.count_label.text() == f"共 {len(VISITS)} 次"
    assert panel.officer_filter.findText("赵德明（不在任）") >= 0
    panel.officer_filter.setCurrentIndex(panel.officer_filter.findData(census.officers["刘芳"]))
    assert panel.count_label.text() == f"显示 3 / 共 {len(VISITS)} 次"
    panel.date_from.setText((TODAY - timedelta(days=10)).isoformat())
    assert panel.model.visible_count == 1
    panel.date_from.setText("2025-02-30")                 # unreadable: the list stays as it was
    assert panel.model.visible_count == 1
    panel.date_from.setText("")
    assert panel.model.visible_count == 3
    assert panel.filters() == (census.officers["刘芳"], None, None)


def test_show_officer_month(qtbot, panel, census):
    panel.search.setText("顺丰")
    first, last = TODAY - timedelta(days=40), TODAY
    with qtbot.waitSignal(panel.loaded):
        panel.show_officer_month(census.officers["陈志强"], first, last)
    assert panel.officer_filter.currentText() == "陈志强" and panel.search.text() == ""
    assert (panel.date_from.date(), panel.date_to.date()) == (first, last)
    assert sorted(column(panel.model, ENTERPRISE)) == ["曹操出行城东分公司", "滴滴出行城区服务站",
                                                       "货拉拉城东服务中心"]


def test_a_new_visit_takes_the_chosen_officer(qtbot, panel, census):
    panel.officer_filter.setCurrentIndex(panel.officer_filter.findData(census.officers["刘芳"]))
    dialog = panel.new_visit()
    assert isinstance(dialog, VisitDialog) and dialog.officer.currentText() == "刘芳"
    dialog.done(0)


def test_open_edits_the_visit_and_reselects_it(qtbot, panel, db):
    visit = select(panel, "中通快递城东网点", 10)
    dialog = panel.open_selected()
    assert dialog.met_person.text() == "周站长"
    dialog.met_person.setText("周站长、李副站长")
    with qtbot.waitSignal(panel.loaded):
        dialog.save()
    assert panel.selected().id == visit.id and panel.selected().met_person == "周站长、李副站长"


def test_delete_refused_while_its_demands_are_in_the_ledger(qtbot, panel, db, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    select(panel, "顺丰速运幸福里营业部", 3)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert warned == ["这次走访提出的 2 件诉求还在诉求台账中，请先在诉求台账中删除它们。"]
    assert len(list_visits(db)) == len(VISITS)


def test_delete_a_visit_without_demands(qtbot, panel, db, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kwargs: asked.append(args[2])
                        or QMessageBox.StandardButton.Yes)
    visit = select(panel, "满帮运力服务站", 120)
    with qtbot.waitSignal(panel.loaded):
        panel.delete_selected()
    assert "陈志强" in asked[0] and "“满帮运力服务站”" in asked[0]
    assert visit.id not in [v.id for v in list_visits(db)] and panel.model.total_count == len(VISITS) - 1


def test_print_the_visit_record(qtbot, panel):
    select(panel, "顺丰速运幸福里营业部", 3)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview_dialog is not None, timeout=30_000)
    assert panel.preview_dialog.title.startswith("走访记录表-顺丰速运幸福里营业部-")
    panel.preview_dialog.reject()


def test_export_the_ledger_of_the_chosen_officer_and_dates(qtbot, panel, census, tmp_path, monkeypatch):
    target = tmp_path / "走访台账.xlsx"
    monkeypatch.setattr(visit_list, "ask_save_path", lambda *_args: target)
    done = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    panel.officer_filter.setCurrentIndex(panel.officer_filter.findData(census.officers["刘芳"]))
    panel.date_from.setDate(TODAY - timedelta(days=40))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert done == [f"已导出 2 次走访到：\n{target}"]
    cells = {cell.value for row in openpyxl.load_workbook(target).active.iter_rows() for cell in row}
    assert {"星河直播电商基地", "闪送城东服务点"} <= cells and "美团外卖城东站" not in cells
