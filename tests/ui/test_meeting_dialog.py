"""The meeting editor: attendees from the roster of the day, one-click marks with reasons, live checks, photos,
定稿 read-only and 重新打开 with a recorded reason; the 支委会成员 dialog."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType, RecordStatus
from dangjian_desktop.services.meetings import finalize_meeting, get_meeting, list_meetings, meeting_events, \
    new_meeting, save_meeting
from dangjian_desktop.services.members import save_member
from dangjian_desktop.services.membership import committee
from dangjian_desktop.ui.dialogs import meeting_dialog
from dangjian_desktop.ui.dialogs.committee_dialog import CommitteeDialog
from dangjian_desktop.ui.dialogs.meeting_dialog import MeetingDialog
from meeting_fixtures import NAMES, add_branch_members, click_status, reason_editor, row_of, type_text

TODAY = date.today()


@pytest.fixture
def people(db, street, make_member):
    return add_branch_members(db, street.branch1, make_member, probationary=("郑十",))


@pytest.fixture
def host(qtbot, ui_app):
    """The window the dialogs open over; the fixture keeps it alive until pytest-qt closes it after the test
    (a reference from the dialog to its own parent would make a cycle the garbage collector may free mid-paint)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


@pytest.fixture
def open_dialog(qtbot, host, db):
    def open_(record):
        dialog = MeetingDialog(host, db, record)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return open_


def names(dialog):
    return [a.name for a in dialog.attendance.attendance()]


def test_everyone_on_the_roster_that_day_is_expected_and_marked_present(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    assert sorted(names(dialog)) == sorted(NAMES)
    assert {a.status for a in dialog.attendance.attendance()} == {AttendanceStatus.PRESENT}
    assert "应到 <b>8</b> 人　实到 <b>8</b> 人" in dialog.attendance.counts.text()
    assert dialog.save_button.isEnabled()
    host = dialog.fields.names["host"]
    assert [host.itemText(i) for i in range(host.count())] == names(dialog)
    assert host.currentText() == ""


def test_leave_needs_a_reason_typed_in_the_cell_that_opens(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    editor = dialog.attendance
    row = row_of(editor, "王五")
    click_status(qtbot, editor, row, AttendanceStatus.LEAVE)
    dialog.check_now()
    assert not dialog.save_button.isEnabled()
    assert "请填写王五请假的原因" in editor.message.text()
    cell = reason_editor(qtbot, editor)                      # the reason cell opened by itself
    type_text(qtbot, cell, "出差")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.model.attendee(row).reason == "出差")    # the cell commits after the key
    dialog.check_now()
    assert editor.message.isHidden()
    assert dialog.save_button.isEnabled()
    assert "实到 <b>7</b> 人　请假 <b>1</b> 人" in editor.counts.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = get_meeting(db, dialog.saved.id)
    assert {a.name: (a.status, a.reason) for a in stored.attendance}["王五"] == (AttendanceStatus.LEAVE, "出差")
    assert (stored.expected, stored.present, stored.count(AttendanceStatus.LEAVE)) == (8, 7, 1)


def test_keys_mark_the_current_row_and_all_present_resets(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    editor = dialog.attendance
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(0, 0))
    qtbot.keyClick(editor.table, Qt.Key.Key_3)
    assert editor.model.attendee(0).status == AttendanceStatus.ABSENT
    qtbot.keyClick(reason_editor(qtbot, editor), Qt.Key.Key_Escape)
    qtbot.mouseClick(editor.all_present, Qt.MouseButton.LeftButton)
    assert {a.status for a in editor.attendance()} == {AttendanceStatus.PRESENT}


def test_a_party_congress_without_quorum_is_flagged_in_red(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    editor = dialog.attendance
    assert editor.quorum.isHidden()
    for name in ("张三", "李四", "王五", "赵六"):   # 7 voting members (郑十 is probationary): 3 present
        editor.mark(row_of(editor, name), AttendanceStatus.ABSENT)
    assert editor.quorum.isVisible()
    assert editor.quorum.text() == "未达法定人数：有表决权的正式党员 7 人，实到 3 人，须超过半数"
    editor.mark(row_of(editor, "张三"), AttendanceStatus.PRESENT)
    assert editor.quorum.isHidden()


def test_changing_the_date_recomputes_the_attendees_and_keeps_the_marks(open_dialog, qtbot, db, street, people,
                                                                       make_member):
    save_member(db, make_member(street.branch1, 30, name="新调入", joined_branch_on=TODAY - timedelta(days=10)))
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    assert "新调入" in names(dialog)
    dialog.attendance.mark(row_of(dialog.attendance, "李四"), AttendanceStatus.ABSENT)
    line = dialog.fields.held_on.line_edit()
    line.selectAll()
    qtbot.keyClicks(line, (TODAY - timedelta(days=30)).strftime("%Y.%m.%d"))
    assert "新调入" not in names(dialog)
    assert len(names(dialog)) == 8
    assert dialog.attendance.model.attendee(row_of(dialog.attendance, "李四")).status == AttendanceStatus.ABSENT
    assert dialog.record().held_on == TODAY - timedelta(days=30)


def test_a_future_date_cannot_be_saved_but_the_sign_in_sheet_prints(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS,
                                                TODAY + timedelta(days=3)))
    assert not dialog.save_button.isEnabled()
    assert "不能晚于今天" in dialog.fields.messages["held_on"].text()
    qtbot.mouseClick(dialog.signin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview_dialog is not None, timeout=20_000)
    assert dialog.preview_dialog.page_count >= 1
    dialog.preview_dialog.close()
    assert list_meetings(db) == []


def test_a_lecture_needs_its_lecturer_and_times_are_tidied(open_dialog, qtbot, db, street, people):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.LECTURE, TODAY))
    assert dialog.fields.names["lecturer"].isVisible()
    assert dialog.fields.messages["lecturer"].text() == "党课请填写讲课人"
    assert not dialog.save_button.isEnabled()
    dialog.fields.names["lecturer"].setEditText("张三")
    qtbot.keyClicks(dialog.fields.start_time, "1430")
    qtbot.keyClicks(dialog.fields.end_time, "9:5")
    dialog.check_now()
    assert dialog.fields.messages["time"].text() == "结束时间应晚于开始时间"
    dialog.fields.end_time.clear()
    type_text(qtbot, dialog.fields.end_time, "16：00")
    dialog.check_now()
    assert dialog.save_button.isEnabled()
    record = dialog.record()
    assert (record.start_time, record.end_time, record.lecturer) == ("14:30", "16:00", "张三")


def photo_file(path, colour="#C8161D", size=QSize(640, 480)):
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_photos_are_added_captioned_stored_and_bad_files_refused(open_dialog, qtbot, db, street, people, tmp_path,
                                                                 monkeypatch):
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.THEMED_DAY, TODAY))
    first, second = photo_file(tmp_path / "会场.png"), photo_file(tmp_path / "合影.jpg", "#2E7D32")
    not_a_picture = tmp_path / "说明.png"
    not_a_picture.write_text("不是图片", encoding="utf-8")
    chosen = [str(first), str(second), str(not_a_picture)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args, **_kwargs: (chosen, ""))
    strip = dialog.photos
    dialog.tabs.setCurrentWidget(strip)
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    assert [p.file_name for p in strip.photos()] == ["会场.png", "合影.jpg"]
    assert "不是 JPEG 或 PNG 图片" in strip.message.text()
    assert not strip.list.item(0).icon().isNull()
    strip.list.setCurrentRow(0)
    type_text(qtbot, strip.caption, "支部书记讲话")
    strip.list.setCurrentRow(1)
    qtbot.mouseClick(strip.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = get_meeting(db, dialog.saved.id)
    assert [(p.file_name, p.caption) for p in stored.photos] == [("会场.png", "支部书记讲话")]
    assert stored.photos[0].data == first.read_bytes()


def test_a_final_record_is_read_only_and_reopening_records_the_reason(open_dialog, qtbot, db, street, people,
                                                                      monkeypatch):
    saved = save_meeting(db, new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    finalize_meeting(db, saved.id, "王干事")
    dialog = open_dialog(get_meeting(db, saved.id))
    assert dialog.is_read_only()
    assert dialog.fields.lines["topic"].isReadOnly() and dialog.fields.texts["content"].isReadOnly()
    assert dialog.attendance.model.is_read_only() and not dialog.attendance.all_present.isEnabled()
    assert not dialog.save_button.isVisible() and not dialog.finalize_button.isVisible()
    assert dialog.reopen_button.isVisible()
    dialog.attendance.mark(0, AttendanceStatus.ABSENT)
    assert dialog.attendance.model.attendee(0).status == AttendanceStatus.PRESENT
    assert "定稿　王干事" in dialog.history.toPlainText()

    monkeypatch.setattr(meeting_dialog, "ask_reopen_reason", lambda _parent: "  ")
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert dialog.is_read_only()
    assert "请说明重新打开的原因" in dialog.summary.text()

    monkeypatch.setattr(meeting_dialog, "ask_reopen_reason", lambda _parent: "补记请假原因")
    monkeypatch.setattr(meeting_dialog, "user_name", lambda _db: "李书记")
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_read_only()
    assert dialog.save_button.isVisible()
    assert get_meeting(db, saved.id).status == RecordStatus.DRAFT
    events = meeting_events(db, saved.id)
    assert [(e.action, e.user, e.note) for e in events] == [("定稿", "王干事", ""), ("重新打开", "李书记", "补记请假原因")]
    assert "重新打开　李书记　原因：补记请假原因" in dialog.history.toPlainText()


def test_finalize_saves_first_and_closes(open_dialog, qtbot, db, street, people, monkeypatch):
    monkeypatch.setattr(meeting_dialog, "user_name", lambda _db: "王干事")
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    type_text(qtbot, dialog.fields.lines["topic"], "讨论发展党员")
    qtbot.mouseClick(dialog.finalize_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = get_meeting(db, dialog.saved.id)
    assert (stored.status, stored.topic) == (RecordStatus.FINAL, "讨论发展党员")


def test_cancel_with_changes_asks_once(open_dialog, qtbot, db, street, people, monkeypatch):
    untouched = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    assert not untouched.is_modified()
    qtbot.mouseClick(untouched.close_button, Qt.MouseButton.LeftButton)      # nothing typed: closes at once
    assert not untouched.isVisible()
    dialog = open_dialog(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, TODAY))
    type_text(qtbot, dialog.fields.lines["location"], "党群服务中心")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kwargs: asked.append(args[2])
                        or QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(asked) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert list_meetings(db) == []


def test_committee_seats_make_the_committee_meeting_expect_only_the_committee(open_dialog, qtbot, db, street, people):
    dialog = CommitteeDialog(None, db, street.branch1, "幸福里社区第一党支部")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "正式党员 7 名" in dialog.roster_hint.text()
    dialog.started_on.setDate(TODAY - timedelta(days=365))
    for name, post in (("张三", "书记"), ("李四", "组织委员"), ("王五", "宣传委员")):
        dialog.member.setCurrentIndex(dialog.member.findText(name))
        dialog.post.setCurrentText(post)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text() == f"已添加：{name} 任{post}。"
    assert [(s.name, s.post) for s in committee(db, street.branch1)] == [
        ("张三", "书记"), ("李四", "组织委员"), ("王五", "宣传委员")]
    assert dialog.model.rowCount() == 3 and not dialog.end_button.isEnabled()

    dialog.table.selectRow(2)
    dialog.ended_on.setDate(TODAY - timedelta(days=400))   # before the term began
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "任职结束日期应晚于开始日期。"        # the service's reason, beside the buttons
    dialog.ended_on.setDate(TODAY)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert dialog.model.data(dialog.model.index(2, 4)) == "已离任"

    editor = open_dialog(new_meeting(db, street.branch1, MeetingType.COMMITTEE, TODAY))
    assert sorted(names(editor)) == ["张三", "李四"]
