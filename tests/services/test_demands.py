"""诉求台账 through the service: add with the default deadline, edit, the status path with its events and users,
nothing closed without a result, the list filters and overdue_only on an as-of day."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from census_helpers import enterprise, officer, visit

from dangjian_desktop.domain.visits import DemandStatus, VisitFrequency
from dangjian_desktop.services.demands import (
    DemandDraft, add_demand, add_demands, change_status, delete_demand, demand_events, get_demand, list_demands,
    update_demand,
)
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules

ACCEPTED, IN_PROGRESS, DONE, DECLINED = (DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.DONE,
                                         DemandStatus.DECLINED)
RAISED = date(2025, 3, 10)


def draft(content="骑手在小区门口无处停车", raised_on=RAISED, **fields) -> DemandDraft:
    values = dict(source="网格上报", category="停车通行", raised_by="兼职网格员张伟", responsible_unit="街道城管办",
                  responsible_person="刘主任")
    values.update(fields)
    return DemandDraft(content, raised_on, **values)


def events(db, demand_id):
    return [(e.status, e.user, e.note) for e in demand_events(db, demand_id)]


def test_add_uses_the_settings_deadline_unless_one_is_given(db):
    first = add_demand(db, draft(), user="组织委员")
    save_visit_rules(db, VisitRules(VisitFrequency(), deadline_days=10))
    second = add_demand(db, draft("希望设暖新驿站", category="休息场所"))
    third = add_demand(db, draft("进小区难", deadline=date(2025, 3, 15), category="进小区难"))
    assert [get_demand(db, i).deadline for i in (first, second, third)] == [
        date(2025, 4, 9), date(2025, 3, 20), date(2025, 3, 15)]
    info = get_demand(db, first, as_of=RAISED)
    assert (info.status, info.source, info.category, info.raised_by, info.responsible_unit,
            info.responsible_person, info.outcome, info.closed_on, info.overdue) == (
        "已受理", "网格上报", "停车通行", "兼职网格员张伟", "街道城管办", "刘主任", "", None, False)
    assert events(db, first) == [("已受理", "组织委员", "登记受理")]


@pytest.mark.parametrize("bad, message", [
    (draft("  "), "请填写诉求内容"),
    (draft(source="微信群"), "诉求来源应为：走访、党员反映、网格上报、其他"),
    (draft(category="卫生"), "诉求类别应为：权益保障"),
    (draft(deadline=RAISED - timedelta(days=1)), "办理期限不能早于提出日期"),
])
def test_bad_drafts_are_refused(db, bad, message):
    with pytest.raises(RuleViolation, match=message):
        add_demand(db, bad)
    assert list_demands(db) == []


def test_add_demands_is_all_or_nothing_inside_the_callers_transaction(db):
    with pytest.raises(RuleViolation):
        with db.transaction() as session:
            add_demands(session, [draft("一"), draft("二"), draft("  ")], 30, "导入")
    assert list_demands(db) == []


def test_update_changes_what_was_raised_but_not_the_status(db):
    demand_id = add_demand(db, draft())
    change_status(db, demand_id, IN_PROGRESS, user="组织委员")
    firm = enterprise(db, "美团外卖城东站", industry="外卖")
    update_demand(db, demand_id, draft("骑手停车难，常被贴条", RAISED + timedelta(days=1), source="党员反映",
                                       category="权益保障", raised_by="党员李四", responsible_unit="区交警大队",
                                       responsible_person="赵队长", enterprise_id=firm))
    info = get_demand(db, demand_id)
    assert (info.content, info.raised_on, info.source, info.category, info.raised_by, info.responsible_unit,
            info.responsible_person, info.enterprise_name, info.status) == (
        "骑手停车难，常被贴条", date(2025, 3, 11), "党员反映", "权益保障", "党员李四", "区交警大队", "赵队长",
        "美团外卖城东站", "办理中")
    assert info.deadline == date(2025, 4, 9)  # no deadline in the draft: the old one stays
    update_demand(db, demand_id, replace(info.draft(), deadline=date(2025, 5, 1)))
    assert get_demand(db, demand_id).deadline == date(2025, 5, 1)
    with pytest.raises(RuleViolation, match="办理期限不能早于提出日期"):  # raised later than the kept deadline
        update_demand(db, demand_id, replace(info.draft(), raised_on=date(2025, 6, 1), deadline=None))
    assert get_demand(db, demand_id).raised_on == date(2025, 3, 11)
    with pytest.raises(RuleViolation, match="请填写诉求内容"):
        update_demand(db, demand_id, draft(""))
    with pytest.raises(NotFound):
        update_demand(db, 999, draft())


def test_the_whole_path_with_events_and_users(db):
    demand_id = add_demand(db, draft(), user="组织委员")
    change_status(db, demand_id, IN_PROGRESS, user="党建专干", note="已转街道城管办")
    change_status(db, demand_id, IN_PROGRESS, user="党建专干", note="城管办已现场查看")
    with pytest.raises(RuleViolation, match="办结前请填写办理结果。"):
        change_status(db, demand_id, DONE, closed_on=date(2025, 3, 20), user="党建专干")
    with pytest.raises(RuleViolation, match="请填写办结日期。"):
        change_status(db, demand_id, DONE, outcome="已划设停放区", user="党建专干")
    with pytest.raises(RuleViolation, match="办结日期不能早于提出日期。"):
        change_status(db, demand_id, DONE, outcome="已划设停放区", closed_on=date(2025, 3, 9))
    change_status(db, demand_id, DONE, outcome=" 已划设停放区 ", closed_on=date(2025, 3, 20), user="组织委员")
    info = get_demand(db, demand_id, as_of=date(2026, 1, 1))
    assert (info.status, info.outcome, info.closed_on, info.overdue) == ("已办结", "已划设停放区", date(2025, 3, 20),
                                                                         False)
    assert events(db, demand_id) == [("已受理", "组织委员", "登记受理"), ("办理中", "党建专干", "已转街道城管办"),
                                     ("办理中", "党建专干", "城管办已现场查看"), ("已办结", "组织委员", "已划设停放区")]


def test_a_closed_demand_is_reopened_never_edited_closed(db):
    demand_id = add_demand(db, draft())
    change_status(db, demand_id, DONE, outcome="已解决", closed_on=date(2025, 3, 20))
    with pytest.raises(RuleViolation, match="该诉求已是“已办结”，如需更改办理结果，请先改回“办理中”"):
        change_status(db, demand_id, DONE, outcome="换个说法", closed_on=date(2025, 3, 21))
    with pytest.raises(RuleViolation, match="诉求不能从“已办结”改为“已受理”"):
        change_status(db, demand_id, ACCEPTED)
    with pytest.raises(RuleViolation, match="诉求不能从“已办结”改为“不予受理”"):
        change_status(db, demand_id, DECLINED, outcome="不属于职责")
    assert get_demand(db, demand_id).outcome == "已解决"
    change_status(db, demand_id, IN_PROGRESS, user="组织委员", note="群众反映仍有车辆被驱赶")
    reopened = get_demand(db, demand_id)
    assert (reopened.status, reopened.outcome, reopened.closed_on) == ("办理中", "", None)
    assert events(db, demand_id)[-1] == ("办理中", "组织委员", "群众反映仍有车辆被驱赶")


def test_declining_needs_a_reason_and_records_the_day(db):
    demand_id = add_demand(db, draft())
    with pytest.raises(RuleViolation, match="不予受理时请写明理由。"):
        change_status(db, demand_id, DECLINED)
    change_status(db, demand_id, DECLINED, outcome="属于平台与骑手的商业约定，不属于街道职责", user="组织委员",
                  closed_on=date(2025, 3, 12))
    info = get_demand(db, demand_id, as_of=date(2026, 1, 1))
    assert (info.status, info.outcome, info.closed_on, info.overdue) == (
        "不予受理", "属于平台与骑手的商业约定，不属于街道职责", date(2025, 3, 12), False)
    assert events(db, demand_id)[-1] == ("不予受理", "组织委员", "属于平台与骑手的商业约定，不属于街道职责")
    other = add_demand(db, draft("二"))
    change_status(db, other, DECLINED, outcome="重复反映")
    assert get_demand(db, other).closed_on == date.today()
    with pytest.raises(RuleViolation, match="诉求不能从“不予受理”改为“已办结”"):
        change_status(db, demand_id, DONE, outcome="x", closed_on=date(2025, 3, 20))


def test_missing_demands_are_reported(db):
    for work in (lambda: get_demand(db, 999), lambda: delete_demand(db, 999),
                 lambda: change_status(db, 999, IN_PROGRESS)):
        with pytest.raises(NotFound, match="该诉求已不存在"):
            work()


def test_delete_removes_the_demand_and_its_events(db):
    demand_id = add_demand(db, draft())
    change_status(db, demand_id, IN_PROGRESS)
    delete_demand(db, demand_id)
    assert list_demands(db) == [] and demand_events(db, demand_id) == []


@pytest.fixture
def ledger(db):
    """Five demands: two of a visit to 美团 (one closed), one of 顺丰, two without an enterprise."""
    wang = officer(db, "王指导")
    meituan = enterprise(db, "美团外卖城东站", industry="外卖")
    sf = enterprise(db, "顺丰速运城东营业部")
    visit_id = visit(db, wang, meituan, date(2025, 3, 1), problems=("停车难", "进小区难"))
    parking, access = sorted(list_demands(db, visit_id=visit_id), key=lambda d: d.content)
    change_status(db, parking.id, DONE, outcome="已划设停放区", closed_on=date(2025, 3, 20))
    ids = dict(停车难=parking.id, 进小区难=access.id)
    ids["派费"] = add_demand(db, draft("派费结算不透明", date(2025, 3, 15), source="党员反映", category="权益保障",
                                       enterprise_id=sf, deadline=date(2025, 4, 1)))
    ids["路灯"] = add_demand(db, draft("路灯损坏", date(2025, 4, 2), category="其他"))
    ids["井盖"] = add_demand(db, draft("井盖破损", date(2025, 4, 2), category="其他"))
    change_status(db, ids["井盖"], IN_PROGRESS)
    return dict(ids, visit=visit_id, 美团=meituan, 顺丰=sf)


def contents(demands):
    return [d.content for d in demands]


def test_lists_are_newest_first_and_filter(db, ledger):
    assert contents(list_demands(db)) == ["井盖破损", "路灯损坏", "派费结算不透明", "进小区难", "停车难"]
    assert contents(list_demands(db, statuses=["办理中", "已办结"])) == ["井盖破损", "停车难"]
    assert contents(list_demands(db, enterprise_id=ledger["美团"])) == ["进小区难", "停车难"]
    assert contents(list_demands(db, visit_id=ledger["visit"])) == ["进小区难", "停车难"]
    assert contents(list_demands(db, raised_from=date(2025, 3, 15), raised_to=date(2025, 4, 1))) == ["派费结算不透明"]
    assert contents(list_demands(db, ids=[ledger["路灯"], ledger["停车难"]])) == ["路灯损坏", "停车难"]
    assert contents(list_demands(db, statuses=["已受理"], enterprise_id=ledger["顺丰"])) == ["派费结算不透明"]
    assert {d.enterprise_name for d in list_demands(db, raised_from=date(2025, 4, 2))} == {""}


def test_overdue_from_the_day_after_the_deadline(db, ledger):
    # 进小区难 deadline 03-31, 派费 04-01, 路灯 and 井盖 05-02; 停车难 is closed.
    def overdue(as_of):
        flagged = [d.content for d in list_demands(db, as_of=as_of) if d.overdue]
        assert contents(list_demands(db, as_of=as_of, overdue_only=True)) == flagged
        return flagged

    assert overdue(date(2025, 3, 31)) == []
    assert overdue(date(2025, 4, 1)) == ["进小区难"]
    assert overdue(date(2025, 4, 2)) == ["派费结算不透明", "进小区难"]
    assert overdue(date(2025, 5, 2)) == ["派费结算不透明", "进小区难"]
    assert overdue(date(2025, 5, 3)) == ["井盖破损", "路灯损坏", "派费结算不透明", "进小区难"]
    change_status(db, ledger["派费"], DONE, outcome="网点公开了派费标准", closed_on=date(2025, 5, 10))
    assert overdue(date(2025, 5, 3)) == ["井盖破损", "路灯损坏", "派费结算不透明", "进小区难"]  # still open then
    assert "派费结算不透明" not in overdue(date(2025, 5, 10))           # closed that day
    assert contents(list_demands(db, as_of=date(2025, 5, 3), overdue_only=True, statuses=["办理中"])) == ["井盖破损"]


def test_overdue_as_of_a_past_day_counts_demands_closed_since(db):
    from dangjian_desktop.services.coverage import dashboard

    raised = date(2025, 3, 1)
    demand_id = add_demand(db, DemandDraft("共享单车乱停放", raised, deadline=date(2025, 3, 31)))
    change_status(db, demand_id, "已办结", outcome="城管清理并划定停放区", closed_on=date(2025, 4, 15))
    assert [d.id for d in list_demands(db, overdue_only=True, as_of=date(2025, 4, 10))] == [demand_id]
    assert list_demands(db, overdue_only=True, as_of=date(2025, 4, 15)) == []
    assert list_demands(db, ids=[demand_id], as_of=date(2025, 4, 10))[0].overdue
    board = dashboard(db, date(2025, 4, 10))
    assert (board.open_demand_ids, board.overdue_demand_ids) == ([demand_id], [demand_id])
    assert dashboard(db, date(2025, 4, 16)).open_demand_ids == []
