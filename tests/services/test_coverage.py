"""The 企业与走访 dashboard at its edges: quarter and month boundaries, a monthly minimum of two, reassigned and
ended assignments, visits after the as-of day, per-industry sums, and the demand lists behind its numbers."""

from dataclasses import fields
from datetime import date

import pytest
from census_helpers import enterprise, officer, visit

from sqlalchemy import text

from dangjian_desktop.domain.compliance import Frequency
from dangjian_desktop.domain.enterprises import Industry
from dangjian_desktop.domain.visits import DemandStatus, VisitFrequency
from dangjian_desktop.services.coverage import CoverageCounts, OfficerMonth, dashboard
from dangjian_desktop.services.demands import DemandDraft, add_demand, change_status
from dangjian_desktop.services.officers import OfficerInfo, assign_officers, assignments, end_assignment, save_officer
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules

COUNTS = [f.name for f in fields(CoverageCounts)]


def visited(db, as_of) -> int:
    return dashboard(db, as_of).overall.visited_within_frequency


@pytest.fixture
def one(db):
    """One enterprise assigned to 王指导 since 2024-01-01."""
    wang = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点", officer_id=wang, assigned_on=date(2024, 1, 1))
    return wang, firm


def test_a_visit_on_the_last_day_of_a_quarter_counts_for_that_quarter_only(db, one):
    wang, firm = one
    visit(db, wang, firm, date(2025, 3, 31))
    assert visited(db, date(2025, 3, 30)) == 0
    assert visited(db, date(2025, 3, 31)) == 1
    board = dashboard(db, date(2025, 4, 1))
    assert (board.overall.visited_within_frequency, board.not_visited_ids, board.period.key) == (0, [firm], "2025-Q2")
    assert board.frequency_label == "每季度至少1次"


def test_as_of_new_years_day(db, one):
    wang, firm = one
    visit(db, wang, firm, date(2024, 12, 31))
    assert visited(db, date(2024, 12, 31)) == 1
    assert visited(db, date(2025, 1, 1)) == 0
    visit(db, wang, firm, date(2025, 1, 1))
    board = dashboard(db, date(2025, 1, 1))
    assert (board.overall.visited_within_frequency, board.period.start, board.period.end) == (
        1, date(2025, 1, 1), date(2025, 3, 31))


def test_visits_after_the_as_of_day_are_not_counted(db, one):
    wang, firm = one
    visit(db, wang, firm, date(2025, 5, 20))
    assert visited(db, date(2025, 5, 19)) == 0
    assert visited(db, date(2025, 5, 20)) == 1
    assert dashboard(db, date(2025, 5, 19)).officers[0].visits_this_month == 0


def test_a_monthly_frequency_with_a_minimum_of_two(db, one):
    wang, firm = one
    save_visit_rules(db, VisitRules(VisitFrequency(Frequency.MONTH, 2)))
    visit(db, wang, firm, date(2025, 1, 31))
    visit(db, wang, firm, date(2025, 2, 1))
    assert visited(db, date(2025, 2, 1)) == 0   # one in February; January's does not carry over
    visit(db, wang, firm, date(2025, 2, 28))
    assert visited(db, date(2025, 2, 27)) == 0
    board = dashboard(db, date(2025, 2, 28))
    assert (board.overall.visited_within_frequency, board.period.key, board.frequency_label) == (
        1, "2025-02", "每月至少2次")
    assert board.officers == [OfficerMonth(wang, "王指导", 1, 2, 0)]
    assert visited(db, date(2025, 3, 1)) == 0


def test_a_reassigned_enterprise_and_each_officers_own_visits(db):
    a, b = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "美团外卖城东站", industry="外卖", officer_id=a, assigned_on=date(2025, 1, 10))
    assign_officers(db, b, date(2025, 5, 10), enterprise_ids=[firm])
    visit(db, a, firm, date(2025, 4, 20))
    before = dashboard(db, date(2025, 5, 9))
    assert [(o.name, o.assigned) for o in before.officers] == [("甲", 1), ("乙", 0)]
    after = dashboard(db, date(2025, 5, 10))
    assert [(o.name, o.assigned, o.due) for o in after.officers] == [("甲", 0, 0), ("乙", 1, 0)]
    assert after.overall.with_officer == 1
    assert after.overall.visited_within_frequency == 1  # A's visit of 04-20 still counts for Q2
    assert after.not_visited_ids == [] and after.unassigned_ids == []
    visit(db, a, firm, date(2025, 5, 5))
    visit(db, b, firm, date(2025, 5, 12))
    visit(db, b, firm, date(2025, 5, 19))
    month = {o.name: o.visits_this_month for o in dashboard(db, date(2025, 5, 20)).officers}
    assert month == {"甲": 1, "乙": 2}


def test_an_ended_assignment_without_successor_leaves_the_enterprise_unassigned(db, one):
    wang, firm = one
    visit(db, wang, firm, date(2025, 4, 2))
    end_assignment(db, assignments(db, enterprise_id=firm)[0].id, date(2025, 5, 1))
    board = dashboard(db, date(2025, 4, 30))
    assert (board.overall.with_officer, board.overall.visited_within_frequency) == (1, 1)
    board = dashboard(db, date(2025, 5, 1))
    assert (board.overall.with_officer, board.overall.visited_within_frequency) == (0, 0)
    assert (board.unassigned_ids, board.not_visited_ids) == ([firm], [])
    assert board.officers == [OfficerMonth(wang, "王指导", 0, 0, 0)]


def test_an_enterprise_assigned_after_the_as_of_day_is_unassigned_then(db):
    wang = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点", officer_id=wang, assigned_on=date(2025, 6, 1))
    assert dashboard(db, date(2025, 5, 31)).unassigned_ids == [firm]
    assert dashboard(db, date(2025, 6, 1)).not_visited_ids == [firm]


def test_a_visit_to_an_unassigned_enterprise_does_not_count_as_covered(db):
    wang = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点")
    visit(db, wang, firm, date(2025, 5, 2))
    board = dashboard(db, date(2025, 5, 20))
    assert (board.overall.visited_within_frequency, board.unassigned_ids, board.not_visited_ids) == (0, [firm], [])
    assert board.officers == [OfficerMonth(wang, "王指导", 0, 1, 0)]


def test_inactive_officers_without_enterprises_are_left_out(db, one):
    wang, _firm = one
    retired = officer(db, "赵指导")
    save_officer(db, OfficerInfo(retired, "赵指导", active=False))
    assert [o.name for o in dashboard(db, date(2025, 5, 1)).officers] == ["王指导"]
    save_officer(db, OfficerInfo(wang, "王指导", active=False))  # inactive but still answering for one: shown
    assert [o.name for o in dashboard(db, date(2025, 5, 1)).officers] == ["王指导"]


@pytest.fixture
def street_census(db, street):
    """Seven enterprises of four industries: coverage by organisation, by party work, or none."""
    wang, li = officer(db, "王指导"), officer(db, "李指导")
    day = date(2025, 1, 1)
    firms = {
        "顺丰": enterprise(db, "顺丰速运城东营业部", party_org_id=street.branch1, officer_id=wang, assigned_on=day),
        "中通": enterprise(db, "中通快递城东网点", party_work=True, officer_id=wang, assigned_on=day),
        "韵达": enterprise(db, "韵达快递和平街网点"),
        "美团": enterprise(db, "美团外卖城东站", industry="外卖", party_org_id=street.branch2, party_work=True,
                           officer_id=li, assigned_on=day),
        "饿了么": enterprise(db, "饿了么和平站", industry="外卖", officer_id=li, assigned_on=day),
        "滴滴": enterprise(db, "滴滴出行城区服务站", industry="网约车", party_work=True, officer_id=li,
                           assigned_on=day),
        "闪送": enterprise(db, "闪送城东服务点", industry="同城配送"),
    }
    for firm, who in (("顺丰", wang), ("美团", li), ("滴滴", li), ("韵达", wang)):
        visit(db, who, firms[firm], date(2025, 4, 15))
    return firms


def test_the_two_coverages_and_their_rates(db, street_census):
    board = dashboard(db, date(2025, 5, 1))
    assert board.overall == CoverageCounts(enterprises=7, with_party_org=2, with_party_work=4, with_officer=5,
                                           visited_within_frequency=3)
    assert board.overall.rate(board.overall.with_party_work) == pytest.approx(4 / 7)
    assert CoverageCounts().rate(0) == 0.0
    assert board.by_industry["快递"] == CoverageCounts(3, 1, 2, 2, 1)
    assert board.by_industry["外卖"] == CoverageCounts(2, 1, 1, 2, 1)
    assert board.by_industry["网约车"] == CoverageCounts(1, 0, 1, 1, 1)
    assert board.by_industry["同城配送"] == CoverageCounts(1, 0, 0, 0, 0)
    assert board.by_industry["直播电商"] == CoverageCounts()
    assert sorted(board.unassigned_ids) == sorted([street_census["韵达"], street_census["闪送"]])
    assert sorted(board.not_visited_ids) == sorted([street_census["中通"], street_census["饿了么"]])
    assert [(o.name, o.assigned, o.visits_this_month, o.due) for o in board.officers] == [
        ("王指导", 2, 0, 1), ("李指导", 3, 0, 1)]


def test_per_industry_counts_add_up_to_the_whole(db, street_census):
    board = dashboard(db, date(2025, 5, 1))
    assert list(board.by_industry)[:len(Industry)] == [i.value for i in Industry]
    for name in COUNTS:
        assert sum(getattr(c, name) for c in board.by_industry.values()) == getattr(board.overall, name), name


def test_an_industry_outside_the_list_still_adds_up(db, street_census):
    with db.transaction() as session:  # a value written by an older version or by hand
        session.execute(text("UPDATE enterprise SET industry = '共享单车' WHERE id = :i"), {"i": street_census["闪送"]})
    board = dashboard(db, date(2025, 5, 1))
    assert board.by_industry["共享单车"] == CoverageCounts(1, 0, 0, 0, 0)
    assert sum(c.enterprises for c in board.by_industry.values()) == board.overall.enterprises == 7


def test_open_overdue_and_near_deadline_demands_as_of_a_day(db, street_census):
    def raised(content, day, deadline):
        return add_demand(db, DemandDraft(content, day, "网格上报", deadline=deadline))

    overdue = raised("路灯损坏", date(2025, 3, 1), date(2025, 4, 30))
    due_today = raised("井盖破损", date(2025, 4, 1), date(2025, 5, 1))
    near = raised("单车乱停", date(2025, 4, 8), date(2025, 5, 8))
    later = raised("驿站缺水", date(2025, 4, 20), date(2025, 5, 20))
    future = raised("明天才提", date(2025, 5, 2), date(2025, 6, 1))
    closed = raised("已办结的", date(2025, 3, 1), date(2025, 3, 31))
    change_status(db, closed, DemandStatus.DONE, outcome="已解决", closed_on=date(2025, 3, 20))
    board = dashboard(db, date(2025, 5, 1))
    assert board.open_demand_ids == [overdue, due_today, near, later]  # by deadline; raised later: not yet
    assert board.overdue_demand_ids == [overdue]
    assert board.near_deadline_ids == [due_today, near]
    assert future not in dashboard(db, date(2025, 5, 1)).open_demand_ids
    assert dashboard(db, date(2025, 5, 2)).overdue_demand_ids == [overdue, due_today]
