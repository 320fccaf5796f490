"""Importing a messy roster through the dialogs: preview, refusals, consent for new branches, conflicts, cancel."""

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dangjian_desktop.services.members import get_member, list_members, save_member
from dangjian_desktop.services.organizations import list_organizations
from dangjian_desktop.ui.dialogs.import_dialog import ImportPreviewDialog, start_member_import
from dangjian_desktop.ui.models.import_preview_model import CHOICE, STATUS

NEW_BRANCH = "幸福里社区第九党支部"


@pytest.fixture
def existing(db, street, make_member):
    return save_member(db, make_member(street.branch2, 40, name="老党员"))


@pytest.fixture
def messy_file(tmp_path, roster, make_id, existing):
    """Rows 4–9: ok, wrong check digit, blank, unknown branch, ID already stored, ok in the second branch."""
    write, row = roster
    wrong = make_id(date(1980, 5, 17), 2)
    wrong = wrong[:17] + ("1" if wrong[17] != "1" else "2")
    return write(tmp_path / "三月花名册.xlsx", [
        row(1, "张三"),
        row(2, "错号", number=wrong),
        [],
        row(3, "新支部人", NEW_BRANCH),
        row(40, "老党员改名", "幸福里社区第二党支部"),
        row(5, "李四", "幸福里社区第二党支部"),
    ])


@pytest.fixture
def preview_dialog(qtbot, ui_app, db, messy_file, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    done = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(messy_file), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    start_member_import(parent, db, lambda: done.append("on_done"))
    qtbot.waitUntil(lambda: parent.findChild(ImportPreviewDialog) is not None, timeout=10_000)
    dialog = parent.findChild(ImportPreviewDialog)
    dialog.reports = done
    yield dialog            # the parent must live as long as the test


def shown(dialog):
    model = dialog.model
    return [(model.row_at(r).row_number, model.index(r, STATUS).data()) for r in range(model.rowCount())]


def everything(db):
    return [(m.name, m.id_number, m.branch_id) for m in list_members(db)], list_organizations(db)


def test_preview_lists_every_row_with_its_status_and_blocks_rejected_rows(preview_dialog):
    dialog = preview_dialog
    assert dialog.windowTitle() == "导入党员 — 三月花名册.xlsx"
    assert shown(dialog) == [(4, "正常"), (5, "拒绝"), (7, "拒绝"), (8, "冲突"), (9, "正常")]
    issues = dialog.model.index(1, 5).data()
    assert "校验码" in issues
    assert "拒绝 <b>2</b>" in dialog.counts.text()
    assert NEW_BRANCH in dialog.unknown_label.text()
    assert not dialog.create_branches.isChecked()
    assert not dialog.import_button.isEnabled()
    assert "有 2 行被拒绝" in dialog.note.text()
    assert "********" in dialog.model.index(0, 3).data()


def test_problem_filter_hides_the_plain_rows(preview_dialog):
    preview_dialog.problems_only.setChecked(True)
    assert [n for n, _status in shown(preview_dialog)] == [5, 7, 8]


def test_cancel_writes_nothing(qtbot, preview_dialog, db):
    before = everything(db)
    qtbot.mouseClick(preview_dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert everything(db) == before
    assert preview_dialog.reports == []


def test_import_with_consent_creates_the_unknown_branch_and_skips_the_rest(qtbot, preview_dialog, db, street,
                                                                           existing):
    dialog = preview_dialog
    dialog.create_branches.setChecked(True)
    assert not dialog.import_button.isEnabled()          # the wrong check digit is still rejected
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert dialog.note.text() == "将写入 3 名党员。"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on_done" in dialog.reports, timeout=10_000)
    new = [o for o in list_organizations(db) if o.name == NEW_BRANCH]
    assert len(new) == 1 and new[0].parent_id == street.root
    assert {m.name for m in list_members(db)} == {"张三", "新支部人", "李四", "老党员"}
    assert get_member(db, existing.id).name == "老党员"        # the conflict was skipped by default
    assert "新增 3 人，更新 0 人，跳过 2 行" in dialog.reports[-1]
    assert NEW_BRANCH in dialog.reports[-1]


def test_a_conflict_row_chosen_for_update_updates_the_stored_member(qtbot, preview_dialog, db, existing):
    dialog = preview_dialog
    dialog.skip_invalid.setChecked(True)
    row = [dialog.model.row_at(r).row_number for r in range(dialog.model.rowCount())].index(8)
    cell = dialog.model.index(row, CHOICE)
    assert cell.data() == "跳过"
    dialog.model.setData(cell, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert cell.data() == "更新"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on_done" in dialog.reports, timeout=10_000)
    assert get_member(db, existing.id).name == "老党员改名"
    assert NEW_BRANCH not in {o.name for o in list_organizations(db)}


def test_putting_every_row_in_one_branch_checks_the_file_again(qtbot, preview_dialog, street):
    dialog = preview_dialog
    combo = dialog.branch_combo
    combo.setCurrentIndex(combo.findData(street.retired))
    qtbot.waitUntil(lambda: dialog.unknown_box.isHidden(), timeout=10_000)
    assert dict(shown(dialog))[7] == "正常"
    assert {dialog.model.row_at(r).record.branch_id for r in range(dialog.model.rowCount())} == {street.retired}


def test_problem_list_is_saved_where_chosen(qtbot, preview_dialog, tmp_path, monkeypatch):
    target = tmp_path / "问题"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    preview_dialog.save_problems.click()
    qtbot.waitUntil(lambda: "已保存问题清单" in preview_dialog.saved_note.text(), timeout=10_000)
    cells = [str(c) for row in openpyxl.load_workbook(tmp_path / "问题.xlsx").active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert any("校验码" in c for c in cells)
