"""党建指导员 through the service: unique names, deletion refused with visits, 包联 with dates (no-op, reassignment,
end, never two officers at once) and 结对 with mobile members."""

from datetime import date

import pytest
from census_helpers import enterprise, officer, visit

from dangjian_desktop.services.enterprises import get_enterprise
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.members import save_member
from dangjian_desktop.services.officers import (
    OfficerInfo, add_officers, assign, assign_officers, assignments, delete_officer, end_assignment, end_pairing,
    get_officer, list_officers, officer_ids_by_name, pair_members, pairings, save_officer,
)


def test_save_normalises_and_updates(db):
    officer_id = save_officer(db, OfficerInfo(None, " 王  指导 ", " 区交通运输局 ", "红色向导", "138-1234-5678"))
    saved = get_officer(db, officer_id)
    assert (saved.name, saved.unit, saved.post, saved.phone, saved.active) == (
        "王 指导", "区交通运输局", "红色向导", "13812345678", True)
    assert save_officer(db, OfficerInfo(officer_id, "王 指导", "区邮政管理局", active=False, note="调离")) == officer_id
    assert (get_officer(db, officer_id).unit, get_officer(db, officer_id).active) == ("区邮政管理局", False)
    assert [o.name for o in list_officers(db)] == ["王 指导"]
    assert list_officers(db, active_only=True) == []


def test_names_are_unique(db):
    first = officer(db, "王指导")
    with pytest.raises(RuleViolation, match="已有名为“王指导”的党建指导员") as raised:
        save_officer(db, OfficerInfo(None, " 王指导 "))
    assert "王指导（交通局）" in raised.value.message
    other = officer(db, "李指导")
    with pytest.raises(RuleViolation, match="已有名为"):
        save_officer(db, OfficerInfo(other, "王指导"))
    save_officer(db, OfficerInfo(first, "王指导", unit="街道党工委"))  # saving itself is no clash
    assert officer_ids_by_name_of(db) == {"王指导": first, "李指导": other}


def officer_ids_by_name_of(db):
    with db.reading() as session:
        return officer_ids_by_name(session)


@pytest.mark.parametrize("info, message", [
    (OfficerInfo(None, "  "), "请填写党建指导员的姓名"),
    (OfficerInfo(None, "王指导", phone="12345"), "联系电话应为11位手机号"),
])
def test_bad_input_is_refused(db, info, message):
    with pytest.raises(RuleViolation, match=message):
        save_officer(db, info)
    assert list_officers(db) == []


def test_missing_officers_are_reported(db):
    with pytest.raises(NotFound):
        get_officer(db, 42)
    with pytest.raises(NotFound):
        save_officer(db, OfficerInfo(42, "王指导"))
    with pytest.raises(NotFound):
        delete_officer(db, 42)


def test_add_officers_inside_a_callers_transaction(db):
    with db.transaction() as session:
        created = add_officers(session, ["甲", "乙"])
        assert officer_ids_by_name(session) == created
    assert [o.name for o in list_officers(db)] == ["甲", "乙"]


def test_delete_is_refused_while_visits_exist(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "顺丰速运城东营业部", officer_id=officer_id, assigned_on=date(2025, 1, 2))
    visit(db, officer_id, firm, date(2025, 2, 3))
    with pytest.raises(RuleViolation, match="王指导已有 1 次走访记录，不能删除") as raised:
        delete_officer(db, officer_id)
    assert "在任" in raised.value.message
    assert get_officer(db, officer_id).enterprises == 1


def test_delete_without_visits_removes_the_assignments_too(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "顺丰速运城东营业部", officer_id=officer_id, assigned_on=date(2025, 1, 2))
    delete_officer(db, officer_id)
    assert list_officers(db) == []
    assert assignments(db) == []
    assert get_enterprise(db, firm).officer_id is None


def test_assigning_the_same_officer_twice_changes_nothing(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点")
    assign_officers(db, officer_id, date(2025, 1, 10), enterprise_ids=[firm])
    assign_officers(db, officer_id, date(2025, 3, 1), enterprise_ids=[firm])
    assert [(a.officer_id, a.started_on, a.ended_on) for a in assignments(db, enterprise_id=firm)] == [
        (officer_id, date(2025, 1, 10), None)]


def test_reassignment_ends_the_previous_one_that_day(db):
    first, second = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "中通快递城东网点")
    assign_officers(db, first, date(2025, 1, 10), enterprise_ids=[firm])
    for day in (date(2025, 1, 9), date(2025, 1, 10)):
        with pytest.raises(RuleViolation, match="应晚于上一位指导员的开始日期（2025-01-10）"):
            assign_officers(db, second, day, enterprise_ids=[firm])
    assign_officers(db, second, date(2025, 5, 10), enterprise_ids=[firm])
    rows = assignments(db, enterprise_id=firm)
    assert [(a.officer_name, a.started_on, a.ended_on, a.running) for a in rows] == [
        ("乙", date(2025, 5, 10), None, True), ("甲", date(2025, 1, 10), date(2025, 5, 10), False)]
    assert (rows[0].target, rows[0].target_name) == ("企业", "中通快递城东网点")
    assert [o.enterprises for o in list_officers(db)] == [0, 1]


def test_end_assignment_leaves_the_enterprise_without_an_officer(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点", officer_id=officer_id, assigned_on=date(2025, 1, 10))
    running = assignments(db, enterprise_id=firm)[0]
    for day in (date(2025, 1, 9), date(2025, 1, 10)):
        with pytest.raises(RuleViolation, match="结束日期应晚于开始日期（2025-01-10）"):
            end_assignment(db, running.id, day)
    end_assignment(db, running.id, date(2025, 6, 1))
    assert assignments(db, enterprise_id=firm)[0].ended_on == date(2025, 6, 1)
    assert get_officer(db, officer_id).enterprises == 0
    with pytest.raises(NotFound):
        end_assignment(db, 999, date(2025, 6, 1))


def test_a_new_assignment_cannot_overlap_an_ended_one(db):
    first, second = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "中通快递城东网点", officer_id=first, assigned_on=date(2025, 1, 10))
    end_assignment(db, assignments(db, enterprise_id=firm)[0].id, date(2025, 6, 1))
    with pytest.raises(RuleViolation, match="不能早于上一次包联的结束日期（2025-06-01）"):
        assign_officers(db, second, date(2025, 3, 1), enterprise_ids=[firm])
    assign_officers(db, second, date(2025, 6, 1), enterprise_ids=[firm])
    assert [a.officer_name for a in assignments(db, enterprise_id=firm)] == ["乙", "甲"]


def test_an_assignment_cannot_be_ended_after_the_next_one_started(db):
    first, second = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "中通快递城东网点", officer_id=first, assigned_on=date(2025, 1, 10))
    assign_officers(db, second, date(2025, 5, 10), enterprise_ids=[firm])
    earlier = assignments(db, enterprise_id=firm)[1]
    with pytest.raises(RuleViolation, match="不能晚于下一位指导员的包联开始日期（2025-05-10）"):
        end_assignment(db, earlier.id, date(2025, 6, 1))
    end_assignment(db, earlier.id, date(2025, 4, 30))  # ending earlier leaves a gap, which is allowed
    assert assignments(db, enterprise_id=firm)[1].ended_on == date(2025, 4, 30)


def test_organisations_are_assigned_like_enterprises(db, street):
    first, second = officer(db, "甲"), officer(db, "乙")
    assign_officers(db, first, date(2025, 1, 1), org_ids=[street.branch1])
    assign_officers(db, second, date(2025, 2, 1), org_ids=[street.branch2])
    firm = enterprise(db, "中通快递城东网点", officer_id=first, assigned_on=date(2025, 1, 1))
    assert [(a.target, a.target_name) for a in assignments(db, officer_id=first)] == [
        ("企业", "中通快递城东网点"), ("党组织", "幸福里社区第一党支部")]
    assert [a.officer_name for a in assignments(db, org_id=street.branch2)] == ["乙"]
    assert [(o.enterprises, o.organizations) for o in list_officers(db)] == [(1, 1), (0, 1)]
    assert assignments(db, enterprise_id=firm)[0].target_id == firm


def test_assign_needs_exactly_one_target_and_a_real_officer(db, street):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "中通快递城东网点")
    with db.transaction() as session:
        with pytest.raises(ValueError):
            assign(session, officer_id, date(2025, 1, 1))
        with pytest.raises(ValueError):
            assign(session, officer_id, date(2025, 1, 1), enterprise_id=firm, org_id=street.branch1)
    with pytest.raises(NotFound, match="党建指导员已不存在"):
        assign_officers(db, 999, date(2025, 1, 1), enterprise_ids=[firm])


@pytest.fixture
def mobile(db, street, make_member):
    return [save_member(db, make_member(street.branch1, n, name=name, is_mobile=True, mobile_direction="流入",
                                        mobile_place="济南市章丘区", mobile_reason="外出务工")).id
            for n, name in ((1, "张骑手"), (2, "李快递"))]


def test_pairings_with_mobile_members(db, mobile):
    officer_id = officer(db, "王指导")
    pair_members(db, officer_id, [mobile[0]], date(2025, 3, 1))
    pair_members(db, officer_id, [mobile[1]], date(2025, 3, 5))
    with pytest.raises(RuleViolation, match="张骑手已与该指导员结对"):
        pair_members(db, officer_id, [mobile[0]], date(2025, 4, 1))
    rows = pairings(db, officer_id=officer_id)
    assert [(p.member_name, p.branch_name, p.mobile_place, p.ended_on) for p in rows] == [
        ("张骑手", "幸福里社区第一党支部", "济南市章丘区", None),
        ("李快递", "幸福里社区第一党支部", "济南市章丘区", None)]
    assert get_officer(db, officer_id).pairings == 2
    with pytest.raises(RuleViolation, match="结束日期应晚于结对开始日期（2025-03-01）"):
        end_pairing(db, rows[0].id, date(2025, 3, 1))
    end_pairing(db, rows[0].id, date(2025, 9, 1))
    assert [(p.member_name, p.ended_on) for p in pairings(db)] == [
        ("李快递", None), ("张骑手", date(2025, 9, 1))]  # running ones first
    assert get_officer(db, officer_id).pairings == 1
    pair_members(db, officer_id, [mobile[0]], date(2025, 10, 1))  # paired again after the end
    assert len(pairings(db, officer_id=officer_id)) == 3


def test_pairing_with_someone_missing_is_refused(db, mobile):
    officer_id = officer(db, "王指导")
    with pytest.raises(NotFound, match="党员已不存在"):
        pair_members(db, officer_id, [999], date(2025, 3, 1))
    with pytest.raises(NotFound, match="党建指导员已不存在"):
        pair_members(db, 999, [mobile[0]], date(2025, 3, 1))
    with pytest.raises(NotFound):
        end_pairing(db, 999, date(2025, 3, 1))
    assert pairings(db) == []
