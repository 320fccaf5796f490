"""Importing a census (企业普查表) through the dialog: preview, an unknown officer created only with consent,
registered enterprises skipped or updated, the problem list, and cancel or decline writing nothing."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.services.enterprises import list_enterprises, save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, list_officers, save_officer
from dangjian_desktop.ui.dialogs.enterprise_import_dialog import EnterpriseImportDialog, start_enterprise_import
from dangjian_desktop.ui.models.enterprise_import_model import CHOICE, STATUS

from enterprise_fixtures import credit_code, import_dialog_opener

HEADER = ["序号", "企业名称", "统一社会信用代码", "行业", "品牌/平台", "地址", "所属社区", "法定代表人",
          "法定代表人是否党员", "从业人员数", "35岁以下人数", "党员数", "党组织", "是否开展党的工作", "党建指导员",
          "联系电话"]


def census_row(number: int, name: str, code: str, industry: str, officer: str, phone: str = "13812345678"):
    return [number, name, code, industry, "顺丰", f"城东区建设路{number}号", "幸福里社区", "张三", "否", 30, 20, 2,
            "无", "是", officer, phone]


@pytest.fixture
def registered(db, street):
    officer = save_officer(db, OfficerInfo(None, "王建国", "街道党工委", "组织委员", "", True))
    enterprise = save_enterprise(db, EnterpriseRecord("中通快递城东网点", credit_code(50), Industry.EXPRESS.value,
                                                      phone="13800000000"))
    return officer, enterprise


@pytest.fixture
def census_file(tmp_path, registered):
    """Rows 3–6: ok; an officer not registered; a wrong credit code; an enterprise already registered."""
    wrong = credit_code(3)
    wrong = wrong[:17] + ("1" if wrong[17] != "1" else "2")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["城东街道新业态企业摸底表"])
    sheet.append(HEADER)
    for row in (census_row(1, "顺丰速运城东营业部", credit_code(1), "快递", "王建国"),
                census_row(2, "美团外卖和平站", credit_code(2), "外卖", "孙新人"),
                census_row(3, "坏代码配送公司", wrong, "同城配送", ""),
                census_row(4, "中通快递城东网点", credit_code(50), "快递物流", "", phone="13900001111")):
        sheet.append(row)
    sheet.append([])
    sheet.append(["填表人：李秀英"])
    path = tmp_path / "企业摸底表.xlsx"
    book.save(path)
    return path


@pytest.fixture
def open_dialog(qtbot, ui_app, db, census_file, monkeypatch):
    return import_dialog_opener(qtbot, monkeypatch, db, census_file, start_enterprise_import, EnterpriseImportDialog)


def statuses(dialog) -> list[tuple[int, str]]:
    model = dialog.model
    return [(model.row_at(r).row_number, model.index(r, STATUS).data()) for r in range(model.rowCount())]


def stored(db) -> tuple[list, list]:
    return ([(e.record.name, e.record.phone, e.officer_name) for e in list_enterprises(db)],
            [o.name for o in list_officers(db)])


def test_the_census_is_imported_with_the_new_officer_created_by_consent(open_dialog, qtbot, db, registered):
    dialog = open_dialog()
    assert dialog.windowTitle() == "导入企业普查表 — 企业摸底表.xlsx"
    assert statuses(dialog) == [(3, "正常"), (4, "拒绝"), (5, "拒绝"), (6, "冲突")]
    assert "校验码" in dialog.model.index(2, 7).data()
    assert "拒绝 <b>2</b>" in dialog.counts.text()
    assert dialog.officer_box.isVisibleTo(dialog) and "孙新人（1 行）" in dialog.officer_label.text()
    assert dialog.conflict_box.isVisibleTo(dialog) and not dialog.table.isColumnHidden(CHOICE)
    assert not dialog.import_button.isEnabled() and "有 2 行被拒绝" in dialog.note.text()

    dialog.create_officers.setChecked(True)
    assert "有 1 行被拒绝" in dialog.note.text()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert dialog.note.text() == "将写入 2 家企业（新增 2 家，更新 0 家）。并登记 1 名党建指导员。"
    assert dialog.model.index(3, CHOICE).data() == "跳过"
    qtbot.mouseClick(dialog.update_all_button, Qt.MouseButton.LeftButton)
    assert dialog.model.index(3, CHOICE).data() == "用本行更新"
    assert dialog.note.text() == "将写入 3 家企业（新增 2 家，更新 1 家）。并登记 1 名党建指导员。"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on_done" in dialog.reports, timeout=20_000)
    enterprises, officers = stored(db)
    assert enterprises == [("中通快递城东网点", "13900001111", ""), ("美团外卖和平站", "13812345678", "孙新人"),
                           ("顺丰速运城东营业部", "13812345678", "王建国")]
    assert sorted(officers) == ["孙新人", "王建国"]
    assert "已导入 2 家企业，更新 1 家，跳过 1 行" in dialog.reports[-1]
    assert "新建党建指导员：孙新人" in dialog.reports[-1]
    assert dialog.result_summary.officers_created == ["孙新人"]


def test_cancel_writes_nothing_and_declining_the_officer_leaves_their_rows_out(open_dialog, qtbot, db):
    before = stored(db)
    dialog = open_dialog()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stored(db) == before

    dialog = open_dialog()
    dialog.skip_invalid.setChecked(True)   # no consent: the unknown officer's row is one of the skipped
    assert dialog.note.text() == "将写入 1 家企业（新增 1 家，更新 0 家）。"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on_done" in dialog.reports, timeout=20_000)
    enterprises, officers = stored(db)
    assert enterprises == [("中通快递城东网点", "13800000000", ""), ("顺丰速运城东营业部", "13812345678", "王建国")]
    assert officers == ["王建国"]


def test_the_problem_list_is_saved(open_dialog, qtbot, tmp_path, monkeypatch):
    dialog = open_dialog()
    target = tmp_path / "问题清单"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    qtbot.mouseClick(dialog.save_problems, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.saved_note.isVisible, timeout=10_000)
    saved = target.with_name("问题清单.xlsx")
    cells = [str(v) for row in openpyxl.load_workbook(saved).active.iter_rows(values_only=True) for v in row if v]
    assert any("孙新人" in text for text in cells) and any("校验码" in text for text in cells)


def test_choosing_a_row_shows_its_problems_in_full(open_dialog):
    dialog = open_dialog()
    dialog.table.setCurrentIndex(dialog.model.index(3, 0))
    assert dialog.detail.text().startswith("第 6 行（冲突）：")
    assert "默认跳过" in dialog.detail.text()
    dialog.problems_only.setChecked(True)
    assert [n for n, _status in statuses(dialog)] == [4, 5, 6]

