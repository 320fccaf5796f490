"""Importing a visit ledger (走访台账) through the dialog: every problem becomes a demand, a visit already recorded
is skipped, a rejected row blocks the import until skipped, and cancel writes nothing."""

from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.demands import list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visits import list_visits, save_visit
from dangjian_desktop.ui.dialogs.visit_import_dialog import VisitImportDialog, start_visit_import
from dangjian_desktop.ui.models.visit_import_model import ISSUES, PROBLEMS, STATUS

from enterprise_fixtures import import_dialog_opener

TODAY = date.today()
STORED_DAY = TODAY - timedelta(days=40)
HEADER = ["党建指导员", "企业名称", "走访日期", "走访方式", "接待人", "走访情况", "发现问题"]


@pytest.fixture
def known(db, street):
    officer = save_officer(db, OfficerInfo(None, "王建国", "街道党工委", "组织委员", "", True))
    express = save_enterprise(db, EnterpriseRecord("顺丰速运幸福里营业部", industry=Industry.EXPRESS.value))
    food = save_enterprise(db, EnterpriseRecord("美团外卖城东站", industry=Industry.FOOD_DELIVERY.value))
    save_visit(db, VisitRecord(officer, express, STORED_DAY, findings="上次走访"))
    return officer, express, food


@pytest.fixture
def ledger(tmp_path, known):
    """Rows 3–6: two problems; none; an enterprise not registered; the visit already recorded."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年党建指导员走访台账"])
    sheet.append(HEADER)
    sheet.append(["王建国", "顺丰速运幸福里营业部", TODAY - timedelta(days=3), "实地", "张站长", "了解快递员权益保障情况",
                  "快递员午间无处热饭；希望协调小区门禁通行"])
    sheet.append(["王建国", "美团外卖城东站", (TODAY - timedelta(days=5)).strftime("%Y.%m.%d"), "电话", "孙站长",
                  "电话了解骑手党员情况", "无"])
    sheet.append(["王建国", "不存在的物流公司", TODAY - timedelta(days=6), "实地", "", "走访", ""])
    sheet.append(["王建国", "顺丰速运幸福里营业部", STORED_DAY, "实地", "张站长", "上次走访", ""])
    path = tmp_path / "走访台账.xlsx"
    book.save(path)
    return path


@pytest.fixture
def open_dialog(qtbot, ui_app, db, ledger, monkeypatch):
    return import_dialog_opener(qtbot, monkeypatch, db, ledger, start_visit_import, VisitImportDialog)


def column(dialog, index: int) -> list[str]:
    return [dialog.model.index(r, index).data() for r in range(dialog.model.rowCount())]


def test_the_ledger_is_imported_and_each_problem_becomes_a_demand(open_dialog, qtbot, db, known):
    _officer, express, _food = known
    dialog = open_dialog()
    assert dialog.windowTitle() == "导入走访台账 — 走访台账.xlsx"
    assert column(dialog, STATUS) == ["正常", "正常", "拒绝", "冲突"]
    assert column(dialog, PROBLEMS)[:2] == ["2 件：快递员午间无处热饭；希望协调小区门禁通行", ""]
    assert "不存在的物流公司" in column(dialog, ISSUES)[2]
    assert not dialog.import_button.isEnabled() and "有 1 行被拒绝" in dialog.note.text()
    dialog.skip_invalid.setChecked(True)
    assert dialog.note.text() == "将写入 2 次走访，登记诉求 2 件。已登记过的 1 次走访跳过。"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on_done" in dialog.reports, timeout=20_000)
    assert "已导入 2 次走访，登记诉求 2 件，跳过 2 行" in dialog.reports[-1]
    assert len(list_visits(db)) == 3
    demands = list_demands(db)
    assert sorted(d.content for d in demands) == ["希望协调小区门禁通行", "快递员午间无处热饭"]
    assert {(d.source, d.enterprise_id, d.raised_on, d.status) for d in demands} == {
        ("走访", express, TODAY - timedelta(days=3), "已受理")}


def test_cancel_writes_nothing(open_dialog, qtbot, db):
    dialog = open_dialog()
    dialog.skip_invalid.setChecked(True)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(list_visits(db)) == 1 and list_demands(db) == []


def test_a_chosen_row_shows_its_problems_and_the_tooltip_lists_the_demands(open_dialog):
    dialog = open_dialog()
    dialog.table.setCurrentIndex(dialog.model.index(3, 0))
    assert dialog.detail.text().startswith("第 6 行（冲突）：") and "默认跳过" in dialog.detail.text()
    tip = dialog.model.index(0, PROBLEMS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "1. 快递员午间无处热饭\n2. 希望协调小区门禁通行"
