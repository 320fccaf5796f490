"""数据与设置 → 企业与走访: the two imports, their templates and the visit and demand settings."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from dangjian_desktop.services.enterprises import list_enterprises
from dangjian_desktop.services.visit_rules import load_visit_rules
from dangjian_desktop.ui.dialogs.enterprise_import_dialog import EnterpriseImportDialog
from dangjian_desktop.ui.dialogs.visit_import_dialog import VisitImportDialog
from dangjian_desktop.ui.dialogs.visit_rules_dialog import VisitRulesDialog
from dangjian_desktop.ui.pages.data_page import DataPage


@pytest.fixture
def page(ui_app, qtbot, db, street):
    widget = DataPage(db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_group_has_its_buttons(page):
    buttons = (page.census_import_button, page.visit_import_button, page.census_template_button,
               page.visit_template_button, page.visit_rules_button)
    assert [b.text() for b in buttons] == ["导入企业普查表…", "导入走访台账…", "保存普查表模板…", "保存走访台账模板…",
                                           "走访与诉求设置…"]
    assert all(b.isEnabled() for b in buttons)


@pytest.mark.parametrize(("button", "header"), [("census_template_button", "企业名称"),
                                                ("visit_template_button", "党建指导员")])
def test_the_templates_are_saved(page, qtbot, tmp_path, monkeypatch, button, header):
    target = tmp_path / "模板"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    messages = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: messages.append(box.text()))
    qtbot.mouseClick(getattr(page, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    saved = target.with_name("模板.xlsx")
    assert "模板已保存到" in messages[0] and str(saved) in messages[0]
    first_row = next(openpyxl.load_workbook(saved, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert any(header in str(cell) for cell in first_row if cell)


def test_the_settings_dialog_saves_and_tells_the_other_pages(page, qtbot, db):
    qtbot.mouseClick(page.visit_rules_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(VisitRulesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.days_edit.setText("20")
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert load_visit_rules(db).deadline_days == 20


def test_the_census_import_opens_its_preview_and_reports_the_change(page, qtbot, db, tmp_path, monkeypatch):
    path = tmp_path / "普查表.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["企业名称", "行业", "党组织", "是否开展党的工作"])
    book.active.append(["闪送城东服务点", "同城配送", "无", "否"])
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    qtbot.mouseClick(page.census_import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(EnterpriseImportDialog) is not None, timeout=20_000)
    dialog = page.findChild(EnterpriseImportDialog)
    with qtbot.waitSignal(page.data_changed, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [e.record.name for e in list_enterprises(db)] == ["闪送城东服务点"]


def test_the_visit_import_asks_for_a_file(page, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "走访.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["党建指导员", "企业名称", "走访日期", "走访情况"])
    book.active.append(["无此人", "无此企业", "2025-03-01", "了解情况"])
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(path), ""))
    qtbot.mouseClick(page.visit_import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(VisitImportDialog) is not None, timeout=20_000)
    dialog = page.findChild(VisitImportDialog)
    assert not dialog.import_button.isEnabled() and "有 1 行被拒绝" in dialog.note.text()
