"""组织与党员 page: search, filters, sorting, the tree driving the list, and the member actions."""

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.services.members import list_members
from dangjian_desktop.ui.dialogs import move_dialog
from dangjian_desktop.ui.pages import roster_page
from dangjian_desktop.ui.pages.roster_page import RosterPage


@pytest.fixture
def page(qtbot, ui_app, db, small_street):
    widget = RosterPage(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.total_count == small_street.members)
    return widget


def names(page):
    return [page.model.record_at(row).name for row in range(page.model.rowCount())]


def type_chinese(widget, text):
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def select_rows(page, *rows):
    page.table.clearSelection()
    for row in rows:
        page.table.selectionModel().select(page.model.index(row, 0), page.table.selectionModel().SelectionFlag.Select
                                           | page.table.selectionModel().SelectionFlag.Rows)


def test_the_street_is_chosen_first_with_everyone_counted(page):
    assert page.title.text() == "测试街道党工委"
    assert page.count_label.text() == "共 6 人"
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()


def test_typing_in_the_search_box_narrows_the_list(qtbot, page):
    type_chinese(page.search, "一支部")
    assert page.model.visible_count == 3
    assert page.count_label.text() == "显示 3 人，共 6 人"
    qtbot.keyClicks(page.search, "2")
    assert names(page) == ["一支部2"]
    page.search.clear()
    assert page.count_label.text() == "共 6 人"


def test_filters_pick_probationary_mobile_and_lost_members(page, small_street):
    page.category_filter.setCurrentIndex(page.category_filter.findText("预备党员"))
    assert names(page) == [small_street.probationary_name]
    page.category_filter.setCurrentIndex(0)
    page.lost_filter.setCurrentIndex(page.lost_filter.findText("是"))
    assert names(page) == [small_street.lost_name]
    page.lost_filter.setCurrentIndex(page.lost_filter.findText("否"))
    assert page.model.visible_count == 5
    page.mobile_filter.setCurrentIndex(page.mobile_filter.findText("是"))
    assert page.model.visible_count == 0
    assert page.count_label.text() == "显示 0 人，共 6 人"


def test_clicking_a_header_sorts_by_that_column(qtbot, page):
    header = page.table.horizontalHeader()
    column = page.model.column_of("name")
    point = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    first = names(page)
    assert header.sortIndicatorSection() == column
    assert first in (sorted(first), sorted(first, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert names(page) == first[::-1]


def test_choosing_an_organisation_shows_its_members_with_or_without_sub_organisations(qtbot, page, small_street):
    street = small_street.street
    with qtbot.waitSignal(page.members_loaded):
        page.select_organization(street.branch1)
    assert names(page) == ["一支部1", "一支部2", "一支部3"]
    assert page.title.text() == "幸福里社区第一党支部"
    with qtbot.waitSignal(page.members_loaded):
        page.select_organization(street.community)
    assert page.model.total_count == 6
    with qtbot.waitSignal(page.members_loaded):
        page.include_subtree.setChecked(False)
    assert page.model.total_count == 0


def test_full_numbers_only_when_asked(page):
    column = page.model.column_of("id_number")
    record = page.model.record_at(0)
    assert page.model.data(page.model.index(0, column)) != record.id_number
    page.show_full.setChecked(True)
    assert page.model.data(page.model.index(0, column)) == record.id_number


def test_delete_asks_once_naming_who_and_removes_them(qtbot, page, db, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *_args: asked.append(text) or QMessageBox.StandardButton.Yes)
    select_rows(page, 0, 1)
    chosen = [page.model.record_at(0).name, page.model.record_at(1).name]
    assert page.delete_button.isEnabled() and not page.edit_button.isEnabled()
    with qtbot.waitSignal(page.data_changed), qtbot.waitSignal(page.members_loaded):
        page.delete_button.click()
    assert len(asked) == 1
    assert "这 2 名党员" in asked[0] and "、".join(chosen) in asked[0]
    assert page.model.total_count == 4
    assert not {m.name for m in list_members(db)} & set(chosen)


def test_refusing_the_question_deletes_nothing(page, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.No)
    select_rows(page, 0)
    page.delete_members()
    assert len(list_members(db)) == 6


def test_transfer_moves_the_selected_members_to_the_chosen_branch(qtbot, page, db, small_street, monkeypatch):
    retired = small_street.street.retired
    monkeypatch.setattr(move_dialog, "choose_organization", lambda *_args: retired)
    select_rows(page, 0, 1)
    moved = {page.model.record_at(0).id, page.model.record_at(1).id}
    with qtbot.waitSignal(page.members_loaded):
        page.move_button.click()
    assert {m.id for m in list_members(db, retired)} == moved
    assert {r.id for r in page.selected_records()} == moved      # still selected after the reload


def test_double_click_opens_the_member_for_editing(qtbot, page, monkeypatch):
    opened = []
    monkeypatch.setattr(roster_page.MemberDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    rect = page.table.visualRect(page.model.index(1, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [f"编辑党员 — {page.model.record_at(1).name}"]


def test_export_writes_the_chosen_organisation_masked(qtbot, page, small_street, tmp_path, monkeypatch):
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(page, "_ask_masked", lambda *_args: True)
    monkeypatch.setattr(roster_page, "ask_save_path", lambda *_args: target)
    done = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    with qtbot.waitSignal(page.members_loaded):
        page.select_organization(small_street.street.branch1)
    page.export_roster()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert "3 名党员" in done[0]
    cells = [str(c) for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
    assert "一支部1" in cells and "二支部正式" not in cells
    assert any("********" in c for c in cells)


def test_column_widths_are_remembered(qtbot, page, ui_app, db):
    page.table.setColumnWidth(0, 222)
    page._save_layout()
    again = RosterPage(db)
    qtbot.addWidget(again)
    assert again.table.columnWidth(0) == 222
