"""The compliance grid at its edges: quarter boundaries, founding dates, the 7-member rule, groups and quorum."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dangjian_desktop.domain.compliance import DEFAULT_REQUIREMENTS, Frequency, Requirement
from dangjian_desktop.domain.enums import BranchKind, OrgLevel
from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.services.compliance import MeetingRules, compliance_grid, due_items, load_rules, save_rules
from dangjian_desktop.services.errors import RuleViolation
from dangjian_desktop.services.meetings import finalize_meeting, list_meetings, new_meeting, save_meeting
from dangjian_desktop.services.members import move_members, save_member
from dangjian_desktop.services.organizations import OrgFields, create_organization

CONGRESS, COMMITTEE, GROUP = MeetingType.PARTY_CONGRESS, MeetingType.COMMITTEE, MeetingType.GROUP
THEMED_DAY, LIFE = MeetingType.THEMED_DAY, MeetingType.LIFE_MEETING


def rules(*types, minimum=1):
    return MeetingRules(tuple(replace(r, minimum=minimum) for r in DEFAULT_REQUIREMENTS if r.type in types))


def grid(db, first, last, branch_id, *types):
    return {(c.type, c.period): c for c in compliance_grid(db, first, last, [branch_id], rules(*types))}


def held(cells):
    return {key: (cell.required, cell.held) for key, cell in cells.items()}


@pytest.fixture
def members(db, make_member):
    counter = iter(range(1, 1000))

    def add(branch_id, count, **fields):
        return [save_member(db, make_member(branch_id, next(counter), name=f"党员{next(counter)}", **fields)).id
                for _ in range(count)]
    return add


def hold(db, org_id, meeting_type, day, present=None):
    """Record a meeting; with `present` (a number), only that many of the expected attend, the rest on leave."""
    record = new_meeting(db, org_id, meeting_type, day)
    if present is not None:
        record = replace(record, attendance=tuple(
            a if index < present else replace(a, status=AttendanceStatus.LEAVE, reason="外出务工")
            for index, a in enumerate(record.attendance)))
    return save_meeting(db, record)


def branch(db, street, name, founded_on):
    return create_organization(db, street.root, OrgFields(name, OrgLevel.BRANCH, BranchKind.STANDALONE,
                                                          founded_on=founded_on)).id


def test_a_congress_on_31_march_counts_for_q1_and_on_1_april_for_q2(db, street, members):
    members(street.retired, 3)
    hold(db, street.retired, CONGRESS, date(2025, 3, 31))
    cells = grid(db, date(2025, 1, 1), date(2025, 6, 1), street.retired, CONGRESS)
    assert held(cells) == {(CONGRESS, "2025-Q1"): (1, 1), (CONGRESS, "2025-Q2"): (1, 0)}
    hold(db, street.retired, CONGRESS, date(2025, 4, 1))
    cells = grid(db, date(2025, 1, 1), date(2025, 6, 1), street.retired, CONGRESS)
    assert held(cells) == {(CONGRESS, "2025-Q1"): (1, 1), (CONGRESS, "2025-Q2"): (1, 1)}
    assert all(cell.met for cell in cells.values())


def test_months_cut_from_a_quarter_still_judge_the_whole_quarter(db, street, members):
    members(street.retired, 3)
    hold(db, street.retired, CONGRESS, date(2025, 1, 15))
    cells = grid(db, date(2025, 3, 1), date(2025, 3, 1), street.retired, CONGRESS, THEMED_DAY)
    assert held(cells) == {(CONGRESS, "2025-Q1"): (1, 1), (THEMED_DAY, "2025-03"): (1, 0)}


def test_a_branch_founded_mid_quarter_is_judged_from_that_quarter(db, street):
    founded = branch(db, street, "新建党支部", date(2025, 5, 15))
    cells = grid(db, date(2025, 1, 1), date(2025, 12, 1), founded, CONGRESS, THEMED_DAY, LIFE)
    assert sorted(p for t, p in cells if t == CONGRESS) == ["2025-Q2", "2025-Q3", "2025-Q4"]
    assert sorted(p for t, p in cells if t == THEMED_DAY) == [f"2025-{m:02d}" for m in range(5, 13)]
    assert [p for t, p in cells if t == LIFE] == ["2025"]


def test_a_branch_founded_after_the_range_has_nothing_due(db, street):
    later = branch(db, street, "明年成立的党支部", date(2026, 2, 1))
    assert grid(db, date(2025, 1, 1), date(2025, 12, 1), later, CONGRESS, THEMED_DAY, LIFE) == {}


def test_a_branch_without_founding_date_is_judged_over_every_period(db, street):
    cells = grid(db, date(2025, 1, 1), date(2025, 6, 1), street.branch2, THEMED_DAY, CONGRESS)
    assert sorted(p for t, p in cells if t == THEMED_DAY) == [f"2025-{m:02d}" for m in range(1, 7)]
    assert sorted(p for t, p in cells if t == CONGRESS) == ["2025-Q1", "2025-Q2"]
    assert not any(cell.met for cell in cells.values())


def test_the_committee_rule_starts_when_the_seventh_member_is_confirmed(db, street, members):
    members(street.branch1, 6)
    members(street.branch1, 1, joined_on=date(2024, 6, 15), confirmed_on=date(2025, 6, 15))
    cells = grid(db, date(2025, 1, 1), date(2025, 12, 1), street.branch1, COMMITTEE)
    assert sorted(p for _t, p in cells) == [f"2025-{m:02d}" for m in range(6, 13)]  # 7 正式党员 at the end of June


def test_the_committee_rule_follows_members_moving_between_branches(db, street, members):
    leaving, *_ = members(street.branch1, 7)
    members(street.branch2, 6)
    today = date.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    move_members(db, [leaving], street.branch2)
    this_month = f"{today:%Y-%m}"
    before = grid(db, last_month, today, street.branch1, COMMITTEE)
    after = grid(db, last_month, today, street.branch2, COMMITTEE)
    assert sorted(p for _t, p in before) == [f"{last_month:%Y-%m}"]   # 7 then, 6 now
    assert sorted(p for _t, p in after) == [this_month]               # 6 then, 7 now


def test_group_meetings_are_required_once_per_group(db, street, members):
    group2 = create_organization(db, street.branch1, OrgFields("第二党小组", OrgLevel.GROUP)).id
    members(street.branch1, 2, group_id=street.group1)
    members(street.branch1, 2, group_id=group2)
    hold(db, street.group1, GROUP, date(2025, 3, 5))
    hold(db, street.group1, GROUP, date(2025, 3, 25))  # a second one in the same group does not stand in for group 2
    hold(db, street.group1, GROUP, date(2025, 4, 8))
    hold(db, group2, GROUP, date(2025, 4, 9))
    cells = grid(db, date(2025, 3, 1), date(2025, 4, 1), street.branch1, GROUP)
    assert held(cells) == {(GROUP, "2025-03"): (2, 1), (GROUP, "2025-04"): (2, 2)}
    assert [cells[GROUP, "2025-03"].met, cells[GROUP, "2025-04"].met] == [False, True]
    assert grid(db, date(2025, 3, 1), date(2025, 4, 1), street.retired, GROUP) == {}  # no groups, nothing due


def test_a_congress_needs_more_than_half_of_its_voting_members(db, street, members):
    members(street.retired, 6)
    hold(db, street.retired, CONGRESS, date(2025, 2, 10), present=3)
    hold(db, street.retired, CONGRESS, date(2025, 5, 10), present=4)
    cells = grid(db, date(2025, 1, 1), date(2025, 6, 1), street.retired, CONGRESS)
    q1, q2 = cells[CONGRESS, "2025-Q1"], cells[CONGRESS, "2025-Q2"]
    assert (q1.held, q1.without_quorum, q1.met) == (1, 1, False)
    assert (q2.held, q2.without_quorum, q2.met) == (1, 0, True)
    assert [m.lacks_quorum for m in list_meetings(db)] == [False, True]


def test_probationary_members_do_not_count_towards_the_quorum(db, street, members):
    members(street.retired, 4)                                                               # 正式党员
    members(street.retired, 3, joined_on=date(2024, 9, 1), confirmed_on=date(2025, 9, 1))  # 预备党员 in March
    record = new_meeting(db, street.retired, CONGRESS, date(2025, 3, 20))
    assert (record.expected, record.voting_expected) == (7, 4)
    # 2 正式党员 and the 3 预备党员 present: 5 of 7 attend, but only 2 of 4 who may vote
    on_leave = {a.member_id for a in record.attendance if a.voting}
    on_leave = set(sorted(on_leave)[:2])
    saved = save_meeting(db, replace(record, attendance=tuple(
        replace(a, status=AttendanceStatus.LEAVE, reason="值班") if a.member_id in on_leave else a
        for a in record.attendance)))
    assert (saved.present, saved.voting_present, saved.lacks_quorum) == (5, 2, True)
    cell = grid(db, date(2025, 1, 1), date(2025, 3, 1), street.retired, CONGRESS)[CONGRESS, "2025-Q1"]
    assert not cell.met and cell.without_quorum == 1


def test_drafts_and_final_records_both_count_as_held(db, street, members):
    members(street.retired, 2)
    hold(db, street.retired, THEMED_DAY, date(2025, 1, 10))
    final = hold(db, street.retired, THEMED_DAY, date(2025, 2, 10))
    finalize_meeting(db, final.id, "测试")
    cells = grid(db, date(2025, 1, 1), date(2025, 3, 1), street.retired, THEMED_DAY)
    assert held(cells) == {(THEMED_DAY, "2025-01"): (1, 1), (THEMED_DAY, "2025-02"): (1, 1),
                           (THEMED_DAY, "2025-03"): (1, 0)}


def test_due_items_list_last_months_gap_as_overdue_and_this_months_as_due(db, street, members):
    members(street.retired, 2)
    hold(db, street.retired, THEMED_DAY, date(2025, 3, 14))
    items = [i for i in due_items(db, date(2025, 5, 10), rules(THEMED_DAY)) if i.cell.branch_id == street.retired]
    assert [(i.cell.period, i.overdue, i.deadline) for i in items] == [("2025-04", True, date(2025, 4, 30)),
                                                                       ("2025-05", False, date(2025, 5, 31))]
    hold(db, street.retired, THEMED_DAY, date(2025, 5, 9))
    items = [i for i in due_items(db, date(2025, 5, 10), rules(THEMED_DAY)) if i.cell.branch_id == street.retired]
    assert [i.cell.period for i in items] == ["2025-04"]


def test_rules_are_settings(db, street, members):
    assert load_rules(db) == MeetingRules()
    stricter = MeetingRules((Requirement(THEMED_DAY, Frequency.MONTH, 2),), committee_threshold=5)
    save_rules(db, stricter)
    assert load_rules(db) == stricter
    members(street.retired, 5)
    hold(db, street.retired, THEMED_DAY, date(2025, 1, 10))
    cell = compliance_grid(db, date(2025, 1, 1), date(2025, 1, 1), [street.retired])[0]
    assert (cell.type, cell.required, cell.held, cell.met) == (THEMED_DAY, 2, 1, False)


@pytest.mark.parametrize("bad", [
    MeetingRules((Requirement(THEMED_DAY, Frequency.MONTH), Requirement(THEMED_DAY, Frequency.YEAR))),
    MeetingRules((Requirement(THEMED_DAY, Frequency.MONTH, 0),)),
    MeetingRules((Requirement("周例会", Frequency.MONTH),)),
    MeetingRules(committee_threshold=0),
])
def test_rules_that_make_no_sense_are_refused(db, bad):
    with pytest.raises(RuleViolation):
        save_rules(db, bad)
    assert load_rules(db) == MeetingRules()
