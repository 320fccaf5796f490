"""走访 and 诉求 rules: ways, frequencies, splitting 发现问题, demand transitions, overdue and near-deadline edges."""

from datetime import date, timedelta
from itertools import product

import pytest

from dangjian_desktop.domain.compliance import Frequency
from dangjian_desktop.domain.visits import (
    DEFAULT_DEADLINE_DAYS, NEXT_STATUSES, DemandStatus, VisitFrequency, VisitRecord, VisitWay, check_transition,
    check_visit, default_deadline, is_near_deadline, is_overdue, split_problems, visit_way_of,
)

ACCEPTED, IN_PROGRESS, DONE, DECLINED = (DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.DONE,
                                         DemandStatus.DECLINED)
RAISED = date(2025, 3, 10)


# --- visit ways and frequency -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, way, rewritten", [
    ("实地", VisitWay.ON_SITE, False), ("电话", VisitWay.PHONE, False), (" 线 上 ", VisitWay.ONLINE, False),
    ("实地走访", VisitWay.ON_SITE, True), ("上门", VisitWay.ON_SITE, True), ("电话回访", VisitWay.PHONE, True),
    ("微信", VisitWay.ONLINE, True), ("视频", VisitWay.ONLINE, True), ("", VisitWay.ON_SITE, True),
])
def test_visit_ways_and_their_aliases(text, way, rewritten):
    assert visit_way_of(text) == (way, rewritten)


def test_an_unknown_way_names_the_choices():
    with pytest.raises(ValueError, match="走访方式“座谈”应为：实地、电话、线上"):
        visit_way_of("座谈")


def test_the_default_frequency_is_once_a_quarter():
    frequency = VisitFrequency()
    assert (frequency.frequency, frequency.minimum, frequency.label) == (Frequency.QUARTER, 1, "每季度至少1次")
    assert frequency.period(date(2025, 3, 31)).key == "2025-Q1"
    assert frequency.period(date(2025, 4, 1)).key == "2025-Q2"
    assert VisitFrequency(Frequency.MONTH, 2).label == "每月至少2次"


def test_visits_count_from_the_period_start_up_to_the_as_of_day():
    days = [date(2024, 12, 31), date(2025, 1, 1), date(2025, 2, 14), date(2025, 3, 31), date(2025, 4, 1)]

    def counted(frequency: VisitFrequency, as_of: date) -> int:
        first, last = frequency.window(as_of)
        return sum(1 for day in days if first <= day <= last)

    quarterly = VisitFrequency()
    assert counted(quarterly, date(2025, 1, 1)) == 1
    assert counted(quarterly, date(2025, 3, 30)) == 2
    assert counted(quarterly, date(2025, 3, 31)) == 3
    assert counted(quarterly, date(2025, 4, 1)) == 1
    assert counted(VisitFrequency(Frequency.MONTH), date(2025, 2, 28)) == 1
    assert counted(VisitFrequency(Frequency.YEAR), date(2025, 12, 31)) == 4


# --- 发现问题 → demands -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, problems", [
    ("停车难；进小区难", ["停车难", "进小区难"]),
    ("停车难;进小区难;", ["停车难", "进小区难"]),
    ("停车难\n进小区难\r\n送子女进考场难", ["停车难", "进小区难", "送子女进考场难"]),
    ("1、停车难；2、进小区难。", ["停车难", "进小区难"]),
    ("一、停车难\n二、进小区难", ["停车难", "进小区难"]),
    ("1.停车难；2) 进小区难；3）缺少休息场所", ["停车难", "进小区难", "缺少休息场所"]),
    ("（1）停车难；(2)进小区难", ["停车难", "进小区难"]),
    ("3.5吨货车进城限行", ["3.5吨货车进城限行"]),
    ("2024年以来骑手停车难", ["2024年以来骑手停车难"]),
    ("  停车难  ；；  ", ["停车难"]),
    ("无", []), ("无。", []), ("暂无", []), ("没有", []), ("", []), ("；\n", []),
    ("1、无", []),
])
def test_split_problems(text, problems):
    assert split_problems(text) == problems


# --- transitions ------------------------------------------------------------------------------------------------

ALLOWED = {(old, new) for old, targets in NEXT_STATUSES.items() for new in targets} | {
    (ACCEPTED, ACCEPTED), (IN_PROGRESS, IN_PROGRESS)}  # an open demand may get a note without changing status


@pytest.mark.parametrize("old, new", list(product(DemandStatus, DemandStatus)))
def test_every_pair_of_statuses(old, new):
    error = check_transition(old, new, "已协调解决", RAISED, RAISED)
    if (old, new) in ALLOWED:
        assert error is None
    elif old is new:
        assert error == f"该诉求已是“{old}”，如需更改办理结果，请先改回“办理中”"
    else:
        assert error == f"诉求不能从“{old}”改为“{new}”"


def test_the_allowed_moves():
    assert NEXT_STATUSES[ACCEPTED] == (IN_PROGRESS, DONE, DECLINED)
    assert NEXT_STATUSES[IN_PROGRESS] == (DONE, DECLINED)
    assert NEXT_STATUSES[DONE] == NEXT_STATUSES[DECLINED] == (IN_PROGRESS,)  # only reopened, never back to 已受理


@pytest.mark.parametrize("old", [ACCEPTED, IN_PROGRESS])
def test_nothing_is_closed_without_a_result_and_its_date(old):
    assert check_transition(old, DONE, "  ", RAISED, RAISED) == "办结前请填写办理结果"
    assert check_transition(old, DONE, "已解决", None, RAISED) == "请填写办结日期"
    assert check_transition(old, DONE, "已解决", RAISED - timedelta(days=1), RAISED) == "办结日期不能早于提出日期"
    assert check_transition(old, DONE, "已解决", RAISED, RAISED) is None
    assert check_transition(old, DECLINED, "", None, RAISED) == "不予受理时请写明理由"
    assert check_transition(old, DECLINED, "不属于街道职责", None, RAISED) is None


def test_reopening_needs_no_result():
    assert check_transition(DONE, IN_PROGRESS, "", None, RAISED) is None
    assert check_transition(DECLINED, IN_PROGRESS, "", None, RAISED) is None


def test_unknown_statuses_are_programming_errors():
    with pytest.raises(ValueError):
        check_transition("已撤销", DONE, "x", RAISED, RAISED)


# --- deadlines --------------------------------------------------------------------------------------------------

def test_default_deadline():
    assert DEFAULT_DEADLINE_DAYS == 30
    assert default_deadline(RAISED) == date(2025, 4, 9)
    assert default_deadline(date(2025, 12, 15), 20) == date(2026, 1, 4)


@pytest.mark.parametrize("status", [ACCEPTED, IN_PROGRESS])
def test_an_open_demand_is_overdue_from_the_day_after_its_deadline(status):
    deadline = date(2025, 4, 9)
    assert not is_overdue(status, deadline, deadline - timedelta(days=1))
    assert not is_overdue(status, deadline, deadline)
    assert is_overdue(status, deadline, deadline + timedelta(days=1))
    assert is_overdue(status, deadline, deadline + timedelta(days=400))
    assert not is_overdue(status, None, deadline)


@pytest.mark.parametrize("status", [DONE, DECLINED])
def test_a_closed_demand_is_never_overdue(status):
    assert not is_overdue(status, date(2025, 4, 9), date(2026, 1, 1))


@pytest.mark.parametrize("status", [ACCEPTED, IN_PROGRESS])
def test_near_deadline_is_the_last_seven_days_up_to_the_deadline(status):
    deadline = date(2025, 4, 9)
    assert not is_near_deadline(status, deadline, deadline - timedelta(days=8))
    assert is_near_deadline(status, deadline, deadline - timedelta(days=7))
    assert is_near_deadline(status, deadline, deadline)
    assert not is_near_deadline(status, deadline, deadline + timedelta(days=1))  # overdue now, not "near"
    assert is_near_deadline(status, deadline, deadline - timedelta(days=10), days=10)
    assert not is_near_deadline(status, None, deadline)


@pytest.mark.parametrize("status", [DONE, DECLINED])
def test_a_closed_demand_is_never_near_its_deadline(status):
    assert not is_near_deadline(status, date(2025, 4, 9), date(2025, 4, 8))


def test_only_accepted_and_in_progress_are_open():
    assert [s for s in DemandStatus if s.is_open] == [ACCEPTED, IN_PROGRESS]


# --- check_visit ------------------------------------------------------------------------------------------------

TODAY = date(2025, 6, 30)


def visit(**fields) -> VisitRecord:
    values = dict(officer_id=1, enterprise_id=1, visited_on=TODAY, findings="与站长座谈")
    values.update(fields)
    return VisitRecord(**values)


def test_a_complete_visit_passes():
    assert check_visit(visit(), TODAY) == []
    assert check_visit(visit(findings="", business_situation="经营正常"), TODAY) == []
    assert check_visit(visit(findings="", party_work_situation="有党员2名"), TODAY) == []


@pytest.mark.parametrize("fields, message", [
    ({"officer_id": None}, "请选择走访的党建指导员"),
    ({"visited_on": TODAY + timedelta(days=1)}, "走访日期不能晚于今天"),
    ({"way": "座谈"}, "走访方式应为：实地、电话、线上"),
    ({"findings": "  "}, "请至少填写经营情况、党建工作情况或走访情况中的一项"),
])
def test_what_stops_a_visit(fields, message):
    assert [issue.message for issue in check_visit(visit(**fields), TODAY)] == [message]


def test_every_problem_of_a_visit_is_told_at_once():
    errors = check_visit(visit(officer_id=None, visited_on=TODAY + timedelta(days=3), way="", findings=""), TODAY)
    assert len(errors) == 4


def test_looking_back_a_demand_closed_later_was_still_overdue_then():
    deadline, closed = date(2025, 4, 9), date(2025, 5, 20)
    assert is_overdue(DONE, deadline, date(2025, 5, 1), closed_on=closed)
    assert not is_overdue(DONE, deadline, closed, closed_on=closed)          # closed that day: no longer open
    assert not is_overdue(DECLINED, deadline, date(2025, 4, 9), closed_on=closed)   # not yet past the deadline
