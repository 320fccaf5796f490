"""一企一档 through the service: save and list, unique name and credit code, an existing 党组织, the officer on a
day, visits and open demands per enterprise, deletion refused with visits."""

from datetime import date

import pytest
from census_helpers import credit_code, enterprise, officer, visit

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.member import Severity
from dangjian_desktop.domain.visits import DemandStatus
from dangjian_desktop.services.demands import DemandDraft, add_demand, change_status, list_demands
from dangjian_desktop.services.enterprises import (
    InvalidEnterprise, check_for_save, delete_enterprise, enterprise_ids_by_name, enterprise_values,
    find_enterprise, get_enterprise, list_enterprises, save_enterprise,
)
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.officers import assignments


def full_record(street, **fields) -> EnterpriseRecord:
    values = dict(name=" 顺丰速运  城东营业部 ", credit_code=credit_code(7).lower(), industry="快递物流", brand="顺丰",
                  address="城东区建设路1号", community="幸福里社区", legal_rep="张三", legal_rep_is_member=True,
                  employees=36, employees_under_35=22, party_members=4, party_org_id=street.branch1, party_work=True,
                  outlets=2, phone="0531-88881234", note="2025年摸排")
    values.update(fields)
    return EnterpriseRecord(**values)


def test_save_and_read_back_a_whole_record(db, street):
    firm = save_enterprise(db, full_record(street))
    info = get_enterprise(db, firm)
    assert info.record == full_record(street, name="顺丰速运 城东营业部", credit_code=credit_code(7), industry="快递",
                                      party_org_name="幸福里社区第一党支部")
    assert (info.officer_id, info.officer_name, info.last_visit_on, info.visits, info.open_demands) == (
        None, "", None, 0, 0)
    assert info.record.org_covered and info.record.work_covered
    assert "party_org_name" not in enterprise_values(info.record)  # the name comes from the tree


def test_update_keeps_the_id_and_list_is_by_name(db):
    second = enterprise(db, "中通快递城东网点")
    first = enterprise(db, "UU跑腿和平街站", industry="同城配送")
    assert [e.record.name for e in list_enterprises(db)] == ["UU跑腿和平街站", "中通快递城东网点"]
    record = get_enterprise(db, second).record.with_changes(employees=40, party_work=True)
    assert save_enterprise(db, record, second) == second
    assert get_enterprise(db, second).record.employees == 40
    assert [e.id for e in list_enterprises(db, ids=[first])] == [first]
    with db.reading() as session:
        assert enterprise_ids_by_name(session) == {"中通快递城东网点": second, "UU跑腿和平街站": first}


def test_names_and_credit_codes_are_unique(db):
    first = enterprise(db, "中通快递城东网点", credit_code=credit_code(1))
    with pytest.raises(InvalidEnterprise) as raised:
        save_enterprise(db, EnterpriseRecord("中通快递城东网点", credit_code(2)))
    assert [(i.field, i.message) for i in raised.value.issues] == [("name", "已有名为“中通快递城东网点”的企业")]
    with pytest.raises(InvalidEnterprise) as raised:
        save_enterprise(db, EnterpriseRecord("圆通速递城东分部", credit_code(1).lower()))
    assert raised.value.message == "统一社会信用代码与“中通快递城东网点”相同，请核对"
    assert [e.id for e in list_enterprises(db)] == [first]
    save_enterprise(db, get_enterprise(db, first).record, first)  # itself is no clash


def test_several_without_a_credit_code_may_be_saved_with_a_warning(db):
    for name in ("甲快递网点", "乙快递网点"):
        enterprise(db, name, credit_code="")
    with db.reading() as session:
        _record, issues = check_for_save(session, EnterpriseRecord("丙快递网点"), None)
    assert [(i.field, i.severity) for i in issues] == [("credit_code", Severity.WARNING)]
    assert len(list_enterprises(db)) == 2


def test_an_unknown_party_organisation_is_refused(db, street):
    with pytest.raises(InvalidEnterprise) as raised:
        save_enterprise(db, full_record(street, party_org_id=9999))
    assert [(i.field, i.message) for i in raised.value.issues] == [("party_org_id", "所选党组织已不存在，请重新选择")]


def test_domain_errors_are_refused_with_their_fields(db):
    with pytest.raises(InvalidEnterprise) as raised:
        save_enterprise(db, EnterpriseRecord("", "12345", industry="餐饮", employees=-1))
    assert {i.field for i in raised.value.issues} == {"name", "credit_code", "industry", "employees"}
    assert isinstance(raised.value, RuleViolation) and "企业名称不能为空" in raised.value.message
    assert list_enterprises(db) == []


def test_missing_enterprises_are_reported(db):
    with pytest.raises(NotFound):
        get_enterprise(db, 42)
    with pytest.raises(NotFound):
        save_enterprise(db, EnterpriseRecord("某网点"), 42)
    with pytest.raises(NotFound):
        delete_enterprise(db, 42)


def test_saving_with_an_officer_assigns_from_the_day_given(db):
    first, second = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "中通快递城东网点", officer_id=first, assigned_on=date(2025, 1, 10))
    assert get_enterprise(db, firm).officer_name == "甲"
    save_enterprise(db, get_enterprise(db, firm).record, firm, officer_id=second, assigned_on=date(2025, 5, 10))
    assert [e.officer_name for e in list_enterprises(db, as_of=date(2025, 5, 9))] == ["甲"]
    assert [e.officer_name for e in list_enterprises(db, as_of=date(2025, 5, 10))] == ["乙"]
    assert [e.officer_id for e in list_enterprises(db, as_of=date(2025, 1, 9))] == [None]
    assert len(assignments(db, enterprise_id=firm)) == 2


def test_a_refused_reassignment_leaves_the_record_unchanged(db):
    first, second = officer(db, "甲"), officer(db, "乙")
    firm = enterprise(db, "中通快递城东网点", officer_id=first, assigned_on=date(2025, 1, 10))
    changed = get_enterprise(db, firm).record.with_changes(employees=99)
    with pytest.raises(RuleViolation, match="应晚于上一位指导员的开始日期"):
        save_enterprise(db, changed, firm, officer_id=second, assigned_on=date(2025, 1, 1))
    assert get_enterprise(db, firm).record.employees == 30  # one transaction: nothing half-saved


def test_visits_and_open_demands_per_enterprise(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "美团外卖城东站", industry="外卖", officer_id=officer_id, assigned_on=date(2025, 1, 1))
    other = enterprise(db, "饿了么和平站", industry="外卖")
    visit(db, officer_id, firm, date(2025, 2, 3), problems=("停车难", "进小区难"))
    visit(db, officer_id, firm, date(2025, 5, 6))
    closed = list_demands(db, enterprise_id=firm)[0]
    change_status(db, closed.id, DemandStatus.DONE, outcome="已划设停放区", closed_on=date(2025, 3, 1))
    infos = {e.id: e for e in list_enterprises(db, as_of=date(2025, 6, 1))}
    assert (infos[firm].visits, infos[firm].last_visit_on, infos[firm].open_demands) == (2, date(2025, 5, 6), 1)
    assert (infos[other].visits, infos[other].last_visit_on, infos[other].open_demands) == (0, None, 0)


def test_find_by_exact_or_unique_partial_name(db):
    enterprise(db, "美团外卖城东站", industry="外卖")
    enterprise(db, "美团外卖城西站", industry="外卖")
    enterprise(db, "美团外卖城东站二部", industry="外卖")
    assert find_enterprise(db, " 美团外卖城东站 ").record.name == "美团外卖城东站"
    assert find_enterprise(db, "城西").record.name == "美团外卖城西站"
    assert find_enterprise(db, "美团") is None       # several match
    assert find_enterprise(db, "饿了么") is None     # none match


def test_delete_is_refused_while_visits_exist(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "美团外卖城东站", industry="外卖", officer_id=officer_id, assigned_on=date(2025, 1, 1))
    visit(db, officer_id, firm, date(2025, 2, 3))
    with pytest.raises(RuleViolation, match="“美团外卖城东站”已有 1 次走访记录，不能删除"):
        delete_enterprise(db, firm)
    assert len(list_enterprises(db)) == 1


def test_delete_without_visits_ends_its_assignments_and_keeps_its_demands(db):
    officer_id = officer(db, "王指导")
    firm = enterprise(db, "美团外卖城东站", industry="外卖", officer_id=officer_id, assigned_on=date(2025, 1, 1))
    demand_id = add_demand(db, DemandDraft("骑手停车难", date(2025, 2, 1), "网格上报", enterprise_id=firm))
    delete_enterprise(db, firm)
    assert list_enterprises(db) == [] and assignments(db) == []
    kept = list_demands(db, ids=[demand_id])[0]
    assert (kept.enterprise_id, kept.enterprise_name, kept.content) == (None, "", "骑手停车难")
