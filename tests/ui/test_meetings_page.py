"""组织生活 page: a meeting recorded end to end (new → attendees → one on leave → save → list → print preview),
copy, 定稿 / 重新打开, delete, filters, the import preview, and the wiring of the tabs and the tree."""

from dataclasses import replace
from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType, RecordStatus
from dangjian_desktop.services.meetings import finalize_meeting, get_meeting, list_meetings, meeting_events, \
    new_meeting, save_meeting
from dangjian_desktop.services.members import save_member
from dangjian_desktop.services.themes import Theme, save_theme
from dangjian_desktop.ui.app import create_main_window
from dangjian_desktop.ui.dialogs import meeting_import_dialog
from dangjian_desktop.ui.dialogs.committee_dialog import CommitteeDialog
from dangjian_desktop.ui.dialogs.ledger_dialog import LedgerDialog
from dangjian_desktop.ui.dialogs.meeting_import_dialog import MeetingImportDialog
from dangjian_desktop.ui.dialogs.new_meeting_dialog import NewMeetingDialog
from dangjian_desktop.ui.models.meeting_model import ABSENT, EXPECTED, LEAVE, NO_QUORUM, PRESENT, QUORUM, STATUS, \
    TYPE
from dangjian_desktop.ui.pages import meeting_outputs, meeting_records
from dangjian_desktop.ui.pages.meetings_page import MeetingsPage
from meeting_fixtures import NAMES, add_branch_members, click_status, reason_editor, row_of, type_text

TODAY = date.today()


@pytest.fixture
def people(db, street, make_member):
    return add_branch_members(db, street.branch1, make_member)


@pytest.fixture
def page(qtbot, ui_app, db, street, people):
    widget = MeetingsPage(db)
    qtbot.addWidget(widget)
    loaded = []
    widget.records.meetings_loaded.connect(lambda: loaded.append(True))
    widget.resize(1300, 760)
    widget.show()
    qtbot.waitUntil(lambda: bool(loaded))
    return widget


def choose(qtbot, page, org_id):
    with qtbot.waitSignal(page.records.meetings_loaded):
        page.records.select_organization(org_id)


def reload(qtbot, page):
    with qtbot.waitSignal(page.records.meetings_loaded):
        page.refresh()


def cell(page, row, column):
    model = page.records.model
    return model.data(model.index(row, column))


def stored(db, street, meeting_type=MeetingType.PARTY_CONGRESS, day=TODAY, **fields):
    return save_meeting(db, replace(new_meeting(db, street.branch1, meeting_type, day), **fields))


def test_recording_a_meeting_end_to_end_then_printing_it(qtbot, page, db, street):
    records = page.records
    choose(qtbot, page, street.branch1)
    qtbot.mouseClick(records.new_button, Qt.MouseButton.LeftButton)
    chooser = records.findChild(NewMeetingDialog)
    qtbot.waitUntil(chooser.isVisible)
    assert chooser.branch.currentData() == street.branch1
    chooser.type.setCurrentIndex(chooser.type.findData(MeetingType.PARTY_CONGRESS))
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: records.editor is not None and records.editor.isVisible())
    editor = records.editor
    attendance = editor.attendance
    assert sorted(a.name for a in attendance.attendance()) == sorted(NAMES)   # picked from the roster, not typed
    click_status(qtbot, attendance, row_of(attendance, "王五"), AttendanceStatus.LEAVE)
    reason = reason_editor(qtbot, attendance)
    type_text(qtbot, reason, "外出学习")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not attendance.message.isVisible() and editor.check_now() == [])
    type_text(qtbot, editor.fields.lines["topic"], "讨论接收预备党员")
    with qtbot.waitSignal(records.meetings_loaded):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert records.model.rowCount() == 1
    assert [cell(page, 0, c) for c in (TYPE, EXPECTED, PRESENT, LEAVE, ABSENT, STATUS, QUORUM)] == [
        "支部党员大会", "8", "7", "1", "0", "草稿", ""]
    assert records.count_label.text() == "共 1 次"
    assert records.selected_summary().topic == "讨论接收预备党员"     # the saved record is selected

    qtbot.mouseClick(records.outputs.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: records.outputs.preview_dialog is not None, timeout=30_000)
    preview = records.outputs.preview_dialog
    assert preview.page_count >= 1
    assert "支部党员大会" in preview.windowTitle()
    preview.close()


def test_a_group_meeting_is_chosen_for_a_group_and_expects_its_members(qtbot, page, db, street, make_member):
    for number, name in ((41, "组员甲"), (42, "组员乙")):
        save_member(db, make_member(street.branch1, number, name=name, group_id=street.group1))
    choose(qtbot, page, street.group1)
    qtbot.mouseClick(page.records.new_button, Qt.MouseButton.LeftButton)
    chooser = page.records.findChild(NewMeetingDialog)
    qtbot.waitUntil(chooser.isVisible)
    assert chooser.type.currentData() == MeetingType.GROUP and chooser.group.isVisible()
    assert chooser.group.currentData() == street.group1 and chooser.day.date() == TODAY
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.records.editor is not None)
    record = page.records.editor.record()
    assert (record.org_id, record.branch_id) == (street.group1, street.branch1)
    assert sorted(a.name for a in record.attendance) == ["组员乙", "组员甲"]
    page.records.editor.close()


def test_copying_a_record_starts_a_new_one_with_its_texts(qtbot, page, db, street):
    source = stored(db, street, topic="学习党章", location="党群服务中心", host="张三")
    choose(qtbot, page, street.branch1)
    page.records.table.selectRow(0)
    qtbot.mouseClick(page.records.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.records.editor is not None)
    editor = page.records.editor
    copy = editor.record()
    assert (copy.id, copy.held_on, copy.topic, copy.location, copy.host) == (None, TODAY, "学习党章", "党群服务中心",
                                                                           "张三")
    with qtbot.waitSignal(page.records.meetings_loaded):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert page.records.model.rowCount() == 2
    assert get_meeting(db, source.id) == source


def test_finalize_reopen_and_delete_from_the_list(qtbot, page, db, street, monkeypatch):
    meeting = stored(db, street, topic="第一次")
    reload(qtbot, page)
    records = page.records
    records.table.selectRow(0)
    assert records.delete_button.isEnabled() and not records.reopen_button.isEnabled()
    monkeypatch.setattr(meeting_records, "user_name", lambda _db: "王干事")
    with qtbot.waitSignal(records.meetings_loaded):
        qtbot.mouseClick(records.finalize_button, Qt.MouseButton.LeftButton)
    assert cell(page, 0, STATUS) == "定稿"
    assert not records.delete_button.isEnabled() and records.reopen_button.isEnabled()

    monkeypatch.setattr(meeting_records, "ask_reopen_reason", lambda _parent: "补记决议")
    with qtbot.waitSignal(records.meetings_loaded):
        qtbot.mouseClick(records.reopen_button, Qt.MouseButton.LeftButton)
    assert cell(page, 0, STATUS) == "草稿"
    assert [(e.action, e.note) for e in meeting_events(db, meeting.id)] == [("定稿", ""), ("重新打开", "补记决议")]

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kwargs: asked.append(args[2])
                        or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(records.meetings_loaded):
        qtbot.mouseClick(records.delete_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "删除后只能从备份中恢复" in asked[0]
    assert list_meetings(db) == [] and records.model.rowCount() == 0


def test_a_final_record_opens_read_only_by_double_click(qtbot, page, db, street):
    meeting = stored(db, street)
    finalize_meeting(db, meeting.id, "王干事")
    reload(qtbot, page)
    table = page.records.table
    rect = table.visualRect(page.records.model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.records.editor is not None)
    assert page.records.editor.is_read_only()
    page.records.editor.close()


def test_binder_and_excel_ledger_of_the_chosen_branch(qtbot, page, db, street, tmp_path, monkeypatch):
    stored(db, street, topic="学习党章")
    choose(qtbot, page, street.branch1)
    asked = []

    def accept(dialog):
        asked.append((dialog.current.text(), dialog.current.isChecked(), dialog.scope()))
        return 1

    monkeypatch.setattr(LedgerDialog, "exec", accept)
    qtbot.mouseClick(page.records.outputs.binder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.records.outputs.preview_dialog is not None, timeout=30_000)
    assert page.records.outputs.preview_dialog.page_count >= 2          # a cover and the record at least
    page.records.outputs.preview_dialog.close()
    text, current, scope = asked[0]
    assert current and text == "幸福里社区第一党支部（1 个党支部）"
    assert (scope.branch_ids, scope.date_from, scope.date_to) == ([street.branch1], date(TODAY.year, 1, 1),
                                                                  date(TODAY.year, 12, 31))

    target = tmp_path / "台账.xlsx"
    monkeypatch.setattr(meeting_outputs, "ask_save_path", lambda *_args: target)
    done = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    qtbot.mouseClick(page.records.outputs.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert target.exists() and done[0].startswith("已导出 1 次会议")


def test_filters_search_and_the_quorum_flag(qtbot, page, db, street):
    stored(db, street, topic="讨论发展党员")
    stored(db, street, MeetingType.LECTURE, topic="党史学习", lecturer="张三")
    lacking = new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY)
    stored(db, street, topic="缺人", attendance=tuple(replace(a, status=AttendanceStatus.ABSENT, reason="出差")
                                                       if i < 5 else a for i, a in enumerate(lacking.attendance)))
    reload(qtbot, page)
    records = page.records
    assert records.count_label.text() == "共 3 次"
    flagged = [r for r in range(3) if cell(page, r, QUORUM) == NO_QUORUM]
    assert len(flagged) == 1 and records.model.summary_at(flagged[0]).topic == "缺人"
    assert records.model.data(records.model.index(flagged[0], QUORUM), Qt.ItemDataRole.ForegroundRole).color().name() \
        == "#b3261e"
    records.type_filter.setCurrentIndex(records.type_filter.findData(MeetingType.LECTURE))
    assert records.count_label.text() == "显示 1 次，共 3 次"
    records.type_filter.setCurrentIndex(0)
    type_text(qtbot, records.search, "发展")
    assert [records.model.summary_at(r).topic for r in range(records.model.rowCount())] == ["讨论发展党员"]
    records.search.clear()
    records.status_filter.setCurrentIndex(records.status_filter.findData(RecordStatus.FINAL))
    assert records.model.rowCount() == 0
    records.status_filter.setCurrentIndex(0)
    with qtbot.waitSignal(records.meetings_loaded):
        records.date_from.setDate(TODAY + timedelta(days=1))
    assert records.model.total_count == 0


def meeting_ledger(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["所在党支部", "会议类型", "日期", "开始时间", "结束时间", "地点", "主持人", "记录人", "主题", "内容",
                  "决议", "出席人员", "请假人员"])
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def test_import_preview_shows_rejected_rows_and_cancel_writes_nothing(qtbot, page, db, street, tmp_path,
                                                                       monkeypatch):
    branch, day = "幸福里社区第一党支部", (TODAY - timedelta(days=20)).isoformat()
    everyone = "、".join(NAMES[:7])
    path = meeting_ledger(tmp_path / "会议台账.xlsx", [
        [branch, "支部党员大会", day, "14:30", "16:00", "会议室", "张三", "李四", "学习", "内容", "", everyone,
         "郑十（出差）"],
        [branch, "支部党员大会", day, "14:30", "16:00", "会议室", "张三", "李四", "学习", "内容", "", "张三、不存在", ""],
        [branch, "茶话会", day, "", "", "", "", "", "", "", "", everyone, ""],
    ])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(path), ""))
    qtbot.mouseClick(page.records.outputs.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.records.findChild(MeetingImportDialog) is not None, timeout=20_000)
    dialog = page.records.findChild(MeetingImportDialog)
    model = dialog.model
    statuses = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert statuses.count("拒绝") == 2
    problems = " ".join(model.data(model.index(r, 8)) for r in range(model.rowCount()))
    assert "不存在" in problems and "茶话会" in problems
    assert not dialog.import_button.isEnabled() and dialog.skip_invalid.isVisible()
    dialog.problems_only.setChecked(True)
    assert model.rowCount() == 2

    saved_to = tmp_path / "问题清单.xlsx"
    monkeypatch.setattr(meeting_import_dialog, "ask_save_path", lambda *_args: saved_to)
    qtbot.mouseClick(dialog.save_problems, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_note.isVisible(), timeout=10_000)
    assert saved_to.exists()

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert list_meetings(db) == []

    done = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: done.append(text))
    qtbot.mouseClick(page.records.outputs.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in page.records.findChildren(MeetingImportDialog)), timeout=20_000)
    dialog = next(d for d in page.records.findChildren(MeetingImportDialog) if d.isVisible())
    dialog.skip_invalid.setChecked(True)
    with qtbot.waitSignal(page.records.meetings_loaded, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(list_meetings(db)) == 1 and "已导入 1 条" in done[0]


def test_the_import_template_is_saved_where_asked(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(meeting_outputs, "ask_save_path", lambda *_args: target)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    qtbot.mouseClick(page.records.outputs.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10_000)


def test_a_theme_request_opens_the_themed_day_prefilled(qtbot, page, db, street):
    theme = save_theme(db, Theme(None, f"{TODAY:%Y-%m}", "学习贯彻全会精神", "一、集中学习\n二、交流发言",
                                 TODAY.replace(day=1)))
    page.tabs.setCurrentWidget(page.themes)
    page.themes.record_requested.emit(street.branch1, theme.month)
    qtbot.waitUntil(lambda: page.records.editor is not None)
    record = page.records.editor.record()
    assert page.tabs.currentWidget() is page.records
    assert (record.type, record.topic, record.theme_id, record.held_on) == (
        MeetingType.THEMED_DAY, "学习贯彻全会精神", theme.id, theme.planned_on)
    assert record.content.startswith("一、集中学习") and record.expected == len(NAMES)
    page.records.editor.close()


def test_a_compliance_cell_opens_that_branch_and_period(qtbot, page, street):
    first, last = date(TODAY.year, 1, 1), date(TODAY.year, 3, 31)
    page.tabs.setCurrentWidget(page.compliance)
    with qtbot.waitSignal(page.records.meetings_loaded):
        page.compliance.open_meetings.emit(street.branch1, first, last)
    assert page.tabs.currentWidget() is page.records
    assert page.records.tree.current_org_id() == street.branch1
    assert page.records.date_range() == (first, last)


def test_the_tree_offers_the_committee_for_branches_only(qtbot, page, street, monkeypatch):
    menus = []

    def read_and_close_menu():
        menu = QApplication.activePopupWidget()
        menus.append([a.text() for a in menu.actions()])
        menu.close()

    tree = page.records.tree
    for org_id in (street.branch1, street.community):
        tree.select_org(org_id)
        QTimer.singleShot(100, read_and_close_menu)
        tree.customContextMenuRequested.emit(tree.visualRect(tree.currentIndex()).center())
    assert "支委会成员…" in menus[0] and "支委会成员…" not in menus[1]
    opened = []
    monkeypatch.setattr(CommitteeDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    tree.edit_committee(tree.node(street.branch1))
    assert opened == ["支委会成员 — 幸福里社区第一党支部"]


def test_the_main_window_lists_the_page_after_the_roster(qtbot, ui_app, db, street):
    window = create_main_window(db)
    qtbot.addWidget(window)
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels[labels.index("组织与党员") + 1] == "组织生活"
    window.show_page(window.meetings_page)
    assert [window.meetings_page.tabs.tabText(i) for i in range(3)] == ["会议记录", "落实情况", "主题党日"]
