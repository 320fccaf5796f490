"""企业名录: the table model on its own (filters, search, sort, show_ids, counts), then the panel against a real
database: loading, the dashboard's restricted view, delete (refused with the reason shown, and done), a visit for
the selected enterprise, the edit dialog on double-click, the printed profile and the Excel export of the rows shown."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox

from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.services.enterprises import delete_enterprise, list_enterprises, save_enterprise
from dangjian_desktop.ui.dialogs.enterprise_dialog import EnterpriseDialog
from dangjian_desktop.ui.dialogs.visit_dialog import VisitDialog
from dangjian_desktop.ui.models.enterprise_model import (
    EMPLOYEES, LAST_VISIT, NAME, NO, NO_ORG, OFFICER, OPEN_DEMANDS, ORG_COVERED, PARTY_ORG, UNASSIGNED,
    UNASSIGNED_FILTER, WORK_COVERED, YES, Coverage, EnterpriseTableModel,
)
from dangjian_desktop.ui.pages import enterprise_list, list_panel
from dangjian_desktop.ui.pages.enterprise_list import EnterpriseListPanel
from enterprise_fixtures import ENTERPRISES, fill_census


@pytest.fixture
def census(db, street):
    return fill_census(db, street)


@pytest.fixture
def model(ui_app, db, census):
    table = EnterpriseTableModel()
    table.set_records(list_enterprises(db))
    return table


def names(model):
    return [model.data(model.index(row, NAME)) for row in range(model.rowCount())]


def row_named(model, name):
    return names(model).index(name)


def test_every_enterprise_with_its_cells(model, census):
    assert model.total_count == model.visible_count == model.rowCount() == len(ENTERPRISES)
    row = row_named(model, "顺丰速运幸福里营业部")
    cell = lambda column: model.data(model.index(row, column))  # noqa: E731
    assert (cell(EMPLOYEES), cell(PARTY_ORG), cell(ORG_COVERED), cell(WORK_COVERED), cell(OFFICER)) == \
        ("36", "顺丰速运幸福里营业部党支部", YES, YES, "王建国")
    assert cell(OPEN_DEMANDS) == "2" and cell(LAST_VISIT)
    row = row_named(model, "韵达快递和平街网点")
    assert [model.data(model.index(row, c)) for c in (PARTY_ORG, ORG_COVERED, WORK_COVERED, OFFICER, LAST_VISIT)] \
        == [NO_ORG, NO, NO, UNASSIGNED, ""]
    unknown = row_named(model, "曹操出行城东分公司")
    assert model.data(model.index(unknown, EMPLOYEES + 2)) == ""      # 党员数 未填, not 0
    assert model.data(model.index(unknown, OFFICER), Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_by_industry_coverage_and_officer(model, census):
    model.set_filters(industry=Industry.FOOD_DELIVERY.value)
    assert sorted(names(model)) == ["美团外卖城东站", "饿了么蜂鸟配送和平站"]
    model.set_filters(coverage=Coverage.ORG)
    assert len(names(model)) == 4
    model.set_filters(coverage=Coverage.WORK_ONLY)
    assert sorted(names(model)) == ["中通快递城东网点", "货拉拉城东服务中心"]
    model.set_filters(coverage=Coverage.NONE)
    assert len(names(model)) == 6
    model.set_filters(officer=UNASSIGNED_FILTER)
    assert sorted(names(model)) == ["UU跑腿和平街站", "曹操出行城东分公司", "韵达快递和平街网点"]
    model.set_filters(officer=census.officers["陈志强"], coverage=Coverage.NONE)
    assert sorted(names(model)) == ["满帮运力服务站", "滴滴出行城区服务站"]
    assert (model.visible_count, model.total_count) == (2, 12)
    model.set_filters()
    assert model.visible_count == 12


def test_search_on_brand_community_code_and_officer(model, census):
    model.set_search("美团")
    assert names(model) == ["美团外卖城东站"]
    model.set_search("东湖社区")
    assert len(names(model)) == 3
    model.set_search("91330102ma2000004")          # any case, part of the code
    assert names(model) == ["美团外卖城东站"]
    model.set_search("刘芳")
    assert sorted(names(model)) == ["星河直播电商基地", "闪送城东服务点"]
    model.set_search("刘芳 闪送")
    assert names(model) == ["闪送城东服务点"]
    model.set_search("")
    assert model.visible_count == 12


def test_sorting_keeps_unknown_counts_first_and_can_be_cleared(model):
    loaded = names(model)
    model.sort(EMPLOYEES, Qt.SortOrder.DescendingOrder)
    assert names(model)[:2] == ["滴滴出行城区服务站", "美团外卖城东站"]
    model.sort(EMPLOYEES + 2, Qt.SortOrder.AscendingOrder)          # 党员数: 未填 before 0
    assert names(model)[0] == "曹操出行城东分公司"
    model.sort(LAST_VISIT, Qt.SortOrder.DescendingOrder)
    assert names(model)[0] == "星河直播电商基地"
    model.sort(-1)
    assert names(model) == loaded


def test_show_ids_restricts_the_scope_and_its_counts(model, census):
    ids = [census.enterprises[n] for n in ("美团外卖城东站", "UU跑腿和平街站")]
    model.set_only_ids(ids)
    assert sorted(names(model)) == ["UU跑腿和平街站", "美团外卖城东站"]
    assert (model.visible_count, model.total_count) == (2, 2)
    model.set_search("美团")
    assert (model.visible_count, model.total_count) == (1, 2)
    model.set_only_ids(None)
    assert (model.visible_count, model.total_count) == (1, 12)


# ----- the panel -------------------------------------------------------------------------------------------------
@pytest.fixture
def panel(qtbot, ui_app, db, census):
    widget = EnterpriseListPanel(db)
    qtbot.addWidget(widget)
    widget.resize(1400, 700)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()
    return widget


def select(panel, name):
    assert panel.select_id(panel.model.record_at(row_named(panel.model, name)).id)


def test_panel_lists_counts_and_filters(qtbot, panel):
    assert panel.count_label.text() == "共 12 家"
    assert panel.officer_filter.findText("王建国") >= 0 and panel.officer_filter.findText("赵德明（不在任）") >= 0
    panel.coverage_filter.setCurrentIndex(panel.coverage_filter.findData(Coverage.NONE))
    assert panel.count_label.text() == "显示 6 / 共 12 家"
    qtbot.keyClicks(panel.search, "UU")
    assert panel.model.visible_count == 1
    assert not panel.edit_button.isEnabled()
    select(panel, "UU跑腿和平街站")
    assert panel.edit_button.isEnabled() and panel.visit_button.isEnabled()


def test_show_ids_shows_the_bar_until_show_all(qtbot, panel, census):
    panel.coverage_filter.setCurrentIndex(1)
    panel.search.setText("顺丰")
    ids = [census.enterprises[n] for n in ("UU跑腿和平街站", "韵达快递和平街网点", "曹操出行城东分公司")]
    with qtbot.waitSignal(panel.loaded):
        panel.show_ids(ids, "未配备党建指导员的企业")
    assert panel.scope_bar.isVisible()
    assert panel.scope_label.text() == "仅显示：未配备党建指导员的企业（3 家）"
    assert panel.search.text() == "" and panel.coverage_filter.currentIndex() == 0
    assert panel.model.visible_count == 3 and panel.count_label.text() == "共 3 家"
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    assert not panel.scope_bar.isVisible() and panel.model.visible_count == 12


def test_delete_refused_shows_the_reason(qtbot, panel, monkeypatch):
    asked, warned = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kwargs: asked.append(args[2])
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    select(panel, "美团外卖城东站")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "“美团外卖城东站”" in asked[0]
    assert warned == ["“美团外卖城东站”已有 2 次走访记录，不能删除。企业注销或迁出时，请在备注中注明。"]
    assert panel.model.total_count == 12


def test_delete_an_enterprise_without_visits(qtbot, panel, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    select(panel, "UU跑腿和平街站")
    changed = []
    panel.data_changed.connect(lambda: changed.append(True))
    panel.table.setFocus()          # Delete is a shortcut of the focused list
    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert changed and panel.model.total_count == 11
    assert "UU跑腿和平街站" not in [e.record.name for e in list_enterprises(db)]


def test_an_enterprise_deleted_meanwhile_is_said_not_opened(qtbot, panel, db, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    select(panel, "UU跑腿和平街站")
    delete_enterprise(db, panel.selected().id)          # by another window, say
    assert panel.open_selected() is None and panel.editor is None
    assert warned == ["该企业已不存在，可能已被删除。"]


def test_declining_the_question_deletes_nothing(qtbot, panel, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.No)
    select(panel, "UU跑腿和平街站")
    panel.delete_selected()
    assert len(list_enterprises(db)) == 12


def test_new_visit_for_the_selected_enterprise(qtbot, panel, census):
    select(panel, "货拉拉城东服务中心")
    dialog = panel.new_visit()
    assert isinstance(dialog, VisitDialog) and dialog.isVisible()
    assert dialog.enterprise_id() == census.enterprises["货拉拉城东服务中心"]
    assert dialog.officer.currentText() == "陈志强"
    dialog.texts["findings"].setPlainText("了解司机党员情况")
    with qtbot.waitSignal(panel.loaded):
        dialog.save()
    assert panel.selected().record.name == "货拉拉城东服务中心"
    assert panel.selected().visits == 2


def test_double_click_opens_the_editor_and_saving_reloads(qtbot, panel, census):
    select(panel, "闪送城东服务点")
    row = row_named(panel.model, "闪送城东服务点")
    rect = panel.table.visualRect(panel.model.index(row, NAME))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.editor is not None)
    dialog = panel.editor
    assert isinstance(dialog, EnterpriseDialog) and dialog.isVisible()
    dialog.edits["brand"].setText("闪送同城")
    with qtbot.waitSignal(panel.loaded):
        dialog.save()
    assert panel.selected().record.brand == "闪送同城"


def test_a_new_enterprise_is_selected_after_saving(qtbot, panel, db):
    dialog = panel.new_enterprise()
    dialog.edits["name"].setText("叮咚买菜城东站")
    dialog.check_now()
    with qtbot.waitSignal(panel.loaded):
        dialog.save()
    assert panel.selected().record.name == "叮咚买菜城东站"
    assert panel.count_label.text() == "共 13 家"


def test_an_enterprise_saved_elsewhere_appears_on_refresh(qtbot, panel, db):
    save_enterprise(db, EnterpriseRecord("达达快送城东站", industry=Industry.CITY_DELIVERY.value))
    with qtbot.waitSignal(panel.loaded):
        panel.refresh()
    assert "达达快送城东站" in names(panel.model)


def test_print_the_profile_of_the_selected_enterprise(qtbot, panel):
    select(panel, "美团外卖城东站")
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview_dialog is not None, timeout=30_000)
    assert panel.preview_dialog.title == "一企一档-美团外卖城东站" and panel.preview_dialog.page_count >= 1
    panel.preview_dialog.reject()


def test_export_writes_the_rows_shown(qtbot, panel, tmp_path, monkeypatch):
    target = tmp_path / "名录.xlsx"
    monkeypatch.setattr(enterprise_list, "ask_save_path", lambda *_args: target)
    done = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    panel.industry_filter.setCurrentIndex(panel.industry_filter.findData(Industry.FOOD_DELIVERY.value))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert done == [f"已导出 2 家企业到：\n{target}"]
    cells = {cell.value for row in openpyxl.load_workbook(target).active.iter_rows() for cell in row}
    assert {"美团外卖城东站", "饿了么蜂鸟配送和平站"} <= cells and "顺丰速运幸福里营业部" not in cells


def test_right_click_menu_on_a_row(qtbot, panel, monkeypatch):
    shown = []

    class ShownMenu(QMenu):
        def exec(self, *_args):
            shown.extend(action.text() for action in self.actions())

    monkeypatch.setattr(list_panel, "QMenu", ShownMenu)
    select(panel, "美团外卖城东站")
    row = row_named(panel.model, "美团外卖城东站")
    panel.table.customContextMenuRequested.emit(panel.table.visualRect(panel.model.index(row, NAME)).center())
    assert shown == ["编辑…", "新建走访…", "", "打印一企一档…", "", "删除…"]
