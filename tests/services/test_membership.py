"""Who belonged where on a day: rosters at past dates, transfers, categories then, and the 支部委员会 seats."""

from datetime import date, timedelta

import pytest

from dangjian_desktop.domain.enums import MemberCategory, PartyStatus
from dangjian_desktop.domain.meetings import MeetingType
from dangjian_desktop.services.errors import RuleViolation
from dangjian_desktop.services.meetings import expected_attendance
from dangjian_desktop.services.members import move_members, save_member
from dangjian_desktop.services.membership import (
    RosterHistory, committee, end_committee_seat, roster_on, set_committee_seat,
)

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def names(entries):
    return sorted(entry.name for entry in entries)


@pytest.fixture
def add(db, make_member):
    counter = iter(range(1, 1000))

    def add_member(branch_id, name, **fields):
        return save_member(db, make_member(branch_id, next(counter), name=name, **fields)).id
    return add_member


def test_a_member_counts_from_joining_the_branch(db, street, add):
    add(street.branch1, "老党员")                                          # 入党 2010-07-01
    add(street.branch1, "新来的", joined_branch_on=date(2024, 6, 1))
    assert names(roster_on(db, street.branch1, date(2024, 5, 31))) == ["老党员"]
    assert names(roster_on(db, street.branch1, date(2024, 6, 1))) == ["新来的", "老党员"]


def test_without_a_joining_date_a_member_counts_from_the_day_of_joining_the_party(db, street, add):
    add(street.branch1, "张三", joined_on=date(2012, 3, 1), confirmed_on=date(2013, 3, 1))
    assert roster_on(db, street.branch1, date(2012, 2, 29)) == []
    assert names(roster_on(db, street.branch1, date(2012, 3, 1))) == ["张三"]


def test_a_member_moved_away_is_expected_before_the_move_only(db, street, add):
    moved = add(street.branch1, "调走的")
    add(street.branch1, "留下的")
    move_members(db, [moved], street.branch2)
    assert names(roster_on(db, street.branch1, YESTERDAY)) == ["留下的", "调走的"]
    assert names(roster_on(db, street.branch1, TODAY)) == ["留下的"]
    assert roster_on(db, street.branch2, YESTERDAY) == []
    assert names(roster_on(db, street.branch2, TODAY)) == ["调走的"]


def test_moving_twice_keeps_every_stay(db, street, add):
    member = add(street.branch1, "张三", joined_branch_on=date(2020, 1, 1))
    move_members(db, [member], street.branch2)
    move_members(db, [member], street.retired)
    history = RosterHistory(db)
    assert names(history.members(street.branch1, YESTERDAY)) == ["张三"]
    assert history.members(street.branch1, TODAY) == []
    assert history.members(street.branch2, TODAY) == []  # arrived and left the same day
    assert names(history.members(street.retired, TODAY)) == ["张三"]
    assert history.members(street.retired, YESTERDAY) == []


def test_category_on_the_day_a_confirmed_member_was_still_probationary(db, street, add):
    add(street.branch1, "张三", joined_on=date(2023, 5, 1), confirmed_on=date(2024, 5, 1))
    before, after = (roster_on(db, street.branch1, day)[0] for day in (date(2024, 4, 30), date(2024, 5, 1)))
    assert before.category == MemberCategory.PROBATIONARY and not before.voting
    assert after.category == MemberCategory.FULL and after.voting
    history = RosterHistory(db, [street.branch1])
    assert history.full_members(street.branch1, date(2024, 4, 30)) == 0
    assert history.full_members(street.branch1, date(2024, 5, 1)) == 1


def test_members_who_left_the_party_or_died_are_not_expected(db, street, add):
    add(street.branch1, "在册")
    add(street.branch1, "出党", status=PartyStatus.LEFT.value)
    add(street.branch1, "去世", status=PartyStatus.DECEASED.value)
    assert names(roster_on(db, street.branch1, TODAY)) == ["在册"]


def test_group_meetings_expect_the_group_and_branch_meetings_everyone(db, street, add):
    add(street.branch1, "组员", group_id=street.group1)
    add(street.branch1, "非组员")
    day = date(2024, 1, 10)
    assert [a.name for a in expected_attendance(db, street.group1, MeetingType.GROUP, day)] == ["组员"]
    assert [a.name for a in expected_attendance(db, street.branch1, MeetingType.THEMED_DAY, day)] == ["组员", "非组员"]


def test_committee_seats_with_dates_decide_who_is_expected_at_a_committee_meeting(db, street, add):
    secretary = add(street.branch1, "书记甲")
    first = add(street.branch1, "委员乙")
    second = add(street.branch1, "委员丙")
    set_committee_seat(db, street.branch1, first, "组织委员", date(2022, 3, 1), date(2024, 3, 1))
    set_committee_seat(db, street.branch1, second, "组织委员", date(2024, 3, 1))
    set_committee_seat(db, street.branch1, secretary, "书记", date(2022, 3, 1))
    assert [(s.name, s.post) for s in committee(db, street.branch1)] == [
        ("书记甲", "书记"), ("委员乙", "组织委员"), ("委员丙", "组织委员")]  # 书记 first
    assert [s.name for s in committee(db, street.branch1, date(2024, 2, 29))] == ["书记甲", "委员乙"]
    assert [s.name for s in committee(db, street.branch1, date(2024, 3, 1))] == ["书记甲", "委员丙"]
    expected = expected_attendance(db, street.branch1, MeetingType.COMMITTEE, date(2024, 3, 1))
    assert [(a.name, a.voting) for a in expected] == [("书记甲", True), ("委员丙", True)]
    assert expected_attendance(db, street.branch1, MeetingType.COMMITTEE, date(2022, 2, 28)) == ()


def test_ending_a_seat(db, street, add):
    member = add(street.branch1, "委员")
    set_committee_seat(db, street.branch1, member, "宣传委员", date(2023, 1, 1))
    seat = committee(db, street.branch1)[0]
    with pytest.raises(RuleViolation, match="晚于"):
        end_committee_seat(db, seat.id, date(2023, 1, 1))
    end_committee_seat(db, seat.id, date(2024, 7, 1))
    assert committee(db, street.branch1, date(2024, 6, 30))[0].ended_on == date(2024, 7, 1)
    assert committee(db, street.branch1, date(2024, 7, 1)) == []


@pytest.mark.parametrize("case", ["post", "dates", "other-branch", "group"])
def test_seats_that_make_no_sense_are_refused(db, street, add, case):
    member = add(street.branch1, "张三")
    stranger = add(street.branch2, "李四")
    branch, person, post, start, end = {
        "post": (street.branch1, member, "主任", date(2023, 1, 1), None),
        "dates": (street.branch1, member, "书记", date(2023, 1, 1), date(2022, 1, 1)),
        "other-branch": (street.branch1, stranger, "书记", date(2023, 1, 1), None),
        "group": (street.group1, member, "书记", date(2023, 1, 1), None),
    }[case]
    with pytest.raises(RuleViolation):
        set_committee_seat(db, branch, person, post, start, end)
    assert committee(db, street.branch1) == []
