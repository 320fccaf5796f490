"""Meeting records through the service: new, save, 定稿/重新打开, delete, copy, photos, numbering, lists."""

from dataclasses import replace
from datetime import date

import pytest

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType, Photo, RecordStatus
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.meetings import (
    MAX_PHOTO_BYTES, InvalidMeeting, check_photo, copy_meeting, delete_meeting, finalize_meeting, get_meeting,
    list_meetings, meeting_events, new_meeting, reopen_meeting, save_meeting, with_attendance_for,
)
from dangjian_desktop.services.members import delete_members, save_member
from dangjian_desktop.services.themes import Theme, save_theme

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONGRESS, THEMED_DAY, LECTURE = MeetingType.PARTY_CONGRESS, MeetingType.THEMED_DAY, MeetingType.LECTURE


@pytest.fixture
def people(db, street, make_member):
    """Branch 1: 张三, 李四 (第一党小组), 王五, and 赵六 who joined the branch on 2024-06-01."""
    ids = {}
    for number, name, extra in ((1, "张三", {"group_id": street.group1}), (2, "李四", {"group_id": street.group1}),
                                (3, "王五", {}), (4, "赵六", {"joined_branch_on": date(2024, 6, 1)})):
        ids[name] = save_member(db, make_member(street.branch1, number, name=name, **extra)).id
    return ids


def on_leave(record, name, reason="外出务工"):
    return replace(record, attendance=tuple(replace(a, status=AttendanceStatus.LEAVE, reason=reason)
                                            if a.name == name else a for a in record.attendance))


def saved(db, org_id, meeting_type=CONGRESS, day=date(2024, 7, 5), **fields):
    return save_meeting(db, replace(new_meeting(db, org_id, meeting_type, day), **fields))


def test_a_new_meeting_expects_the_roster_of_its_day(db, street, people):
    record = new_meeting(db, street.branch1, CONGRESS, date(2024, 5, 31))
    assert [a.name for a in record.attendance] == ["张三", "李四", "王五"]
    assert all(a.status == AttendanceStatus.PRESENT for a in record.attendance)
    assert (record.id, record.sequence, record.status) == (None, 1, RecordStatus.DRAFT)
    assert (record.org_name, record.branch_id, record.branch_name) == ("幸福里社区第一党支部", street.branch1,
                                                                       "幸福里社区第一党支部")
    moved = with_attendance_for(db, on_leave(record, "王五"), date(2024, 6, 3))
    assert [(a.name, a.status) for a in moved.attendance] == [
        ("张三", "出席"), ("李四", "出席"), ("王五", "请假"), ("赵六", "出席")]  # marks kept, 赵六 now expected
    assert moved.held_on == date(2024, 6, 3)


def test_a_group_meeting_belongs_to_the_group(db, street, people):
    record = new_meeting(db, street.group1, MeetingType.GROUP, date(2024, 7, 1))
    assert (record.org_name, record.branch_id) == ("第一党小组", street.branch1)
    assert [a.name for a in record.attendance] == ["张三", "李四"]
    with pytest.raises(RuleViolation, match="党小组"):
        new_meeting(db, street.branch1, MeetingType.GROUP, date(2024, 7, 1))
    with pytest.raises(RuleViolation, match="党支部"):
        new_meeting(db, street.group1, CONGRESS, date(2024, 7, 1))
    with pytest.raises(RuleViolation):
        new_meeting(db, street.community, THEMED_DAY, date(2024, 7, 1))


def test_save_stores_the_record_and_its_counts(db, street, people):
    record = on_leave(new_meeting(db, street.branch1, CONGRESS, date(2024, 7, 5)), "王五", " 外出务工 ")
    record = replace(record, start_time="14:30", end_time="16:00", location="党群服务中心", host="张三",
                     recorder="李四", topic=" 讨论年度计划 ", content="内容\n第二段", resolution="通过",
                     vote_result="全票通过", observers="入党积极分子 2 名", guidance_staff="刘海燕")
    stored = save_meeting(db, record)
    assert stored.id is not None and stored.topic == "讨论年度计划"
    assert [(a.name, a.status, a.reason) for a in stored.attendance] == [
        ("张三", "出席", ""), ("李四", "出席", ""), ("王五", "请假", "外出务工"), ("赵六", "出席", "")]
    assert replace(stored, topic=record.topic, attendance=record.attendance) == replace(
        record, id=stored.id, sequence=1)
    [summary] = list_meetings(db)
    assert (summary.expected, summary.present, summary.leave, summary.absent) == (4, 3, 1, 0)
    assert (summary.voting_expected, summary.voting_present, summary.lacks_quorum) == (4, 3, False)


@pytest.mark.parametrize("change, field", [
    (dict(held_on=date(2099, 1, 1)), "held_on"),
    (dict(start_time="9点"), "start_time"),
    (dict(start_time="25:00"), "start_time"),
    (dict(start_time="16:00", end_time="14:00"), "end_time"),
    (dict(type=LECTURE), "lecturer"),
    (dict(type="周例会"), "type"),
])
def test_invalid_records_are_refused_and_say_why(db, street, people, change, field):
    record = replace(new_meeting(db, street.branch1, CONGRESS, date(2024, 7, 5)), **change)
    with pytest.raises(InvalidMeeting) as caught:
        save_meeting(db, record, today=date(2025, 1, 1))
    assert field in [issue.field for issue in caught.value.issues]
    assert list_meetings(db) == []


def test_leave_needs_a_reason(db, street, people):
    record = on_leave(new_meeting(db, street.branch1, CONGRESS, date(2024, 7, 5)), "王五", "  ")
    with pytest.raises(InvalidMeeting, match="王五"):
        save_meeting(db, record)


def test_finalize_reopen_with_a_reason_and_the_events_recorded(db, street, people):
    meeting = saved(db, street.branch1)
    finalize_meeting(db, meeting.id, "王干事")
    assert get_meeting(db, meeting.id).status == RecordStatus.FINAL
    with pytest.raises(RuleViolation, match="已定稿"):
        save_meeting(db, replace(get_meeting(db, meeting.id), topic="改"))
    with pytest.raises(RuleViolation):
        finalize_meeting(db, meeting.id, "王干事")
    with pytest.raises(RuleViolation, match="原因"):
        reopen_meeting(db, meeting.id, "王干事", "  ")
    assert get_meeting(db, meeting.id).status == RecordStatus.FINAL
    reopen_meeting(db, meeting.id, "李干事", "补充会议照片")
    events = meeting_events(db, meeting.id)
    assert [(e.action, e.user, e.note) for e in events] == [("定稿", "王干事", ""), ("重新打开", "李干事", "补充会议照片")]
    assert all(e.at for e in events)
    edited = save_meeting(db, replace(get_meeting(db, meeting.id), topic="补充后"))
    assert (edited.topic, edited.status) == ("补充后", RecordStatus.DRAFT)


def test_only_drafts_can_be_deleted(db, street, people):
    draft, final = saved(db, street.branch1), saved(db, street.branch1, day=date(2024, 8, 5))
    finalize_meeting(db, final.id, "王干事")
    with pytest.raises(RuleViolation, match="已定稿"):
        delete_meeting(db, final.id)
    delete_meeting(db, draft.id)
    with pytest.raises(NotFound):
        get_meeting(db, draft.id)
    assert [m.id for m in list_meetings(db)] == [final.id]


def test_copy_starts_from_the_earlier_texts_with_the_roster_of_the_new_day(db, street, people):
    source = saved(db, street.branch1, day=date(2024, 5, 10), topic="学习党章", content="书记领学", location="会议室",
                   host="张三")
    copy = copy_meeting(db, source.id, date(2024, 8, 9))
    assert (copy.id, copy.status, copy.held_on, copy.sequence) == (None, RecordStatus.DRAFT, date(2024, 8, 9), 2)
    assert (copy.topic, copy.content, copy.location, copy.host) == ("学习党章", "书记领学", "会议室", "张三")
    assert [a.name for a in copy.attendance] == ["张三", "李四", "王五", "赵六"]
    assert len(list_meetings(db)) == 1


def test_sequence_numbers_count_per_year_type_and_organisation(db, street, people):
    numbers = [saved(db, org, kind, day).sequence for org, kind, day in (
        (street.branch1, THEMED_DAY, date(2024, 3, 1)), (street.branch1, THEMED_DAY, date(2024, 4, 1)),
        (street.branch1, THEMED_DAY, date(2025, 1, 10)), (street.branch1, CONGRESS, date(2024, 4, 2)),
        (street.branch2, THEMED_DAY, date(2024, 5, 1)), (street.group1, MeetingType.GROUP, date(2024, 5, 1)))]
    assert numbers == [1, 2, 1, 1, 1, 1]
    assert new_meeting(db, street.branch1, THEMED_DAY, date(2024, 12, 1)).sequence == 3


def test_photos_are_checked_and_kept_with_the_record(db, street, people):
    check_photo("a.jpg", JPEG)
    check_photo("b.png", PNG)
    with pytest.raises(RuleViolation, match="JPEG 或 PNG"):
        check_photo("c.gif", b"GIF89a" + b"\x00" * 10)
    with pytest.raises(RuleViolation, match="10 MB"):
        check_photo("big.jpg", JPEG + b"\x00" * MAX_PHOTO_BYTES)
    record = replace(new_meeting(db, street.branch1, THEMED_DAY, date(2024, 7, 5)),
                     photos=(Photo(None, "合影.jpg", "全体党员合影", JPEG), Photo(None, "现场.png", "", PNG)))
    stored = save_meeting(db, record)
    assert [(p.file_name, p.caption, p.data) for p in stored.photos] == [("合影.jpg", "全体党员合影", JPEG),
                                                                         ("现场.png", "", PNG)]
    kept = save_meeting(db, replace(stored, photos=(replace(stored.photos[1], caption="学习现场"),)))
    assert [(p.file_name, p.caption) for p in kept.photos] == [("现场.png", "学习现场")]
    with pytest.raises(RuleViolation, match="不是 JPEG"):
        save_meeting(db, replace(kept, photos=kept.photos + (Photo(None, "x.txt", "", b"hello"),)))
    assert len(get_meeting(db, kept.id).photos) == 1


def test_a_themed_day_starts_from_the_street_theme(db, street, people):
    theme = save_theme(db, Theme(None, "2024-07", "学习贯彻党的二十届三中全会精神", "原原本本学习全会公报",
                                 date(2024, 7, 19)))
    record = new_meeting(db, street.branch1, THEMED_DAY, date(2024, 7, 2))
    assert (record.topic, record.content, record.theme_id, record.held_on) == (
        theme.theme, theme.outline, theme.id, date(2024, 7, 19))
    assert new_meeting(db, street.branch1, THEMED_DAY, date(2024, 8, 2)).theme_id is None
    assert new_meeting(db, street.branch1, CONGRESS, date(2024, 7, 2)).topic == ""


def test_attendance_keeps_the_name_after_the_member_is_deleted(db, street, people):
    meeting = saved(db, street.branch1)
    delete_members(db, [people["王五"]])
    record = get_meeting(db, meeting.id)
    assert [(a.member_id, a.name) for a in record.attendance if a.name == "王五"] == [(None, "王五")]
    assert record.expected == 4


def test_list_meetings_filters_by_branch_with_its_groups_type_and_dates(db, street, people):
    ids = {name: saved(db, org, kind, day).id for name, org, kind, day in (
        ("大会", street.branch1, CONGRESS, date(2024, 3, 31)),
        ("小组会", street.group1, MeetingType.GROUP, date(2024, 4, 1)),
        ("二支部", street.branch2, THEMED_DAY, date(2024, 4, 2)))}
    everything = list_meetings(db)
    assert [m.id for m in everything] == [ids["二支部"], ids["小组会"], ids["大会"]]  # newest first
    group = next(m for m in everything if m.id == ids["小组会"])
    assert (group.org_name, group.branch_id, group.branch_name) == ("第一党小组", street.branch1, "幸福里社区第一党支部")
    assert {m.id for m in list_meetings(db, branch_ids=[street.branch1])} == {ids["大会"], ids["小组会"]}
    assert [m.id for m in list_meetings(db, types=[THEMED_DAY])] == [ids["二支部"]]
    assert [m.id for m in list_meetings(db, date_from=date(2024, 4, 1), date_to=date(2024, 4, 1))] == [ids["小组会"]]
