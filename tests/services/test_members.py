"""Members: check, save, update, the same person twice, transfers, lists by subtree, and the headline counts."""

from dataclasses import replace
from datetime import date

import pytest

from dangjian_desktop.domain.member import Severity
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.members import (
    InvalidMember, check_for_save, delete_members, get_member, list_members, move_members, save_member, stats,
)


def test_save_new_member_stores_the_normalised_record(db, street, make_member):
    record = make_member(street.branch1, 1, name=" 张 三 ", phone="+86 138-1234-5678", birth_date=None, sex="",
                         group_id=street.group1)
    saved = save_member(db, record)
    assert saved.id is not None
    assert saved == get_member(db, saved.id)
    assert saved.name == "张三"
    assert saved.phone == "13812345678"
    assert saved.birth_date == date(1980, 5, 17)
    assert saved.sex == ("男" if int(record.id_number[16]) % 2 else "女")
    assert (saved.branch_name, saved.group_name) == ("幸福里社区第一党支部", "第一党小组")
    assert (saved.branch_id, saved.group_id) == (street.branch1, street.group1)


def test_round_trip_of_every_field(db, street, make_member):
    record = make_member(street.branch2, 3, ethnicity="回族", education="研究生", status="正常", work_unit="街道办 科员",
                         address="幸福里3号", is_mobile=True, mobile_direction="流出", mobile_place="上海",
                         mobile_reason="务工", is_lost_contact=True, dual_report_community="幸福里社区",
                         note="备注", joined_branch_on=date(2015, 3, 1))
    saved = save_member(db, record)
    assert replace(saved, id=None, branch_name="") == record


def test_invalid_member_is_refused_with_the_issues_and_nothing_written(db, street, make_member):
    record = make_member(street.branch1, 1, joined_on=date(1990, 1, 1), confirmed_on=date(1991, 1, 1))
    with pytest.raises(InvalidMember) as caught:
        save_member(db, record)
    assert [i.field for i in caught.value.issues if i.severity is Severity.ERROR] == ["joined_on"]
    assert "18周岁" in caught.value.message
    assert list_members(db) == []


def test_check_for_save_reports_without_writing(db, street, make_member):
    checked = check_for_save(db, make_member(street.branch1, 1, phone="12"))
    assert [i.field for i in checked.issues if i.severity is Severity.ERROR] == ["phone"]
    assert list_members(db) == []


def test_branch_must_be_a_party_branch(db, street, make_member):
    for branch_id, message in ((None, "请选择所在党支部"), (street.community, "只能编入党支部"),
                               (street.group1, "只能编入党支部"), (9999, "只能编入党支部")):
        with pytest.raises(InvalidMember) as caught:
            save_member(db, make_member(branch_id, 1))
        assert any(i.field == "branch_name" and message in i.message for i in caught.value.issues)
    assert list_members(db) == []


def test_group_must_belong_to_the_branch(db, street, make_member):
    with pytest.raises(InvalidMember) as caught:
        save_member(db, make_member(street.branch2, 1, group_id=street.group1))
    assert [i.field for i in caught.value.issues] == ["group_name"]


def test_same_id_number_twice_is_refused_naming_where_it_is_registered(db, street, make_member):
    save_member(db, make_member(street.branch1, 1, name="张三"))
    with pytest.raises(InvalidMember) as caught:
        save_member(db, make_member(street.branch2, 1, name="张叁"))
    message = caught.value.message
    assert "幸福里社区第一党支部" in message and "张三" in message and "已登记" in message
    assert [m.name for m in list_members(db)] == ["张三"]


def test_duplicate_is_found_after_normalising_the_number(db, street, make_member):
    first = save_member(db, make_member(street.branch1, 13, name="张三"))
    assert first.id_number.endswith("X")
    old_form = first.id_number[:6] + first.id_number[8:17]  # the 15-digit number of the same person
    for variant in (old_form, first.id_number.lower(), " ".join(first.id_number)):
        with pytest.raises(InvalidMember, match="张三"):
            save_member(db, make_member(street.branch2, 5, id_number=variant, birth_date=None, sex=""))
    assert len(list_members(db)) == 1


def test_update_keeps_the_id_and_may_keep_the_own_number(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1, name="张三"))
    updated = save_member(db, replace(saved, name="张三丰", phone="010-12345678"))
    assert updated.id == saved.id
    assert (updated.name, updated.phone) == ("张三丰", "010-12345678")
    assert len(list_members(db)) == 1


def test_update_of_a_deleted_member_is_not_found(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1))
    assert delete_members(db, [saved.id]) == 1
    with pytest.raises(NotFound):
        save_member(db, replace(saved, name="改名"))
    with pytest.raises(NotFound):
        get_member(db, saved.id)


def test_update_cannot_take_another_members_number(db, street, make_member):
    save_member(db, make_member(street.branch1, 1, name="张三"))
    other = save_member(db, make_member(street.branch1, 2, name="李四"))
    with pytest.raises(InvalidMember, match="张三"):
        save_member(db, replace(other, id_number=make_member(None, 1).id_number))
    assert get_member(db, other.id).name == "李四"


@pytest.fixture
def populated(db, street, make_member):
    """branch1: 3 (one in 第一党小组), branch2: 2 (one 预备党员), retired: 1."""
    ids = {}
    ids["a"] = save_member(db, make_member(street.branch1, 1, name="甲", group_id=street.group1)).id
    ids["b"] = save_member(db, make_member(street.branch1, 2, name="乙", is_mobile=True)).id
    ids["c"] = save_member(db, make_member(street.branch1, 3, name="丙", is_lost_contact=True)).id
    ids["d"] = save_member(db, make_member(street.branch2, 4, name="丁")).id
    ids["e"] = save_member(db, make_member(street.branch2, 5, name="戊", category="预备党员",
                                           joined_on=date(2024, 11, 1), confirmed_on=None)).id
    ids["f"] = save_member(db, make_member(street.retired, 6, name="己", mobile_direction="流入")).id
    return ids


def member_names(records):
    return sorted(m.name for m in records)


def test_list_members_by_subtree(db, street, populated):
    assert member_names(list_members(db)) == sorted("甲乙丙丁戊己")
    assert member_names(list_members(db, street.root)) == sorted("甲乙丙丁戊己")
    assert member_names(list_members(db, street.community)) == sorted("甲乙丙丁戊")
    assert list_members(db, street.community, include_subtree=False) == []
    assert member_names(list_members(db, street.branch1, include_subtree=False)) == sorted("甲乙丙")
    assert member_names(list_members(db, street.group1)) == ["甲"]
    assert member_names(list_members(db, street.retired)) == ["己"]


def test_move_members_clears_the_group_and_counts_real_moves(db, street, populated):
    moved = move_members(db, [populated["a"], populated["b"], populated["d"]], street.branch2)
    assert moved == 2  # 丁 was already there
    a = get_member(db, populated["a"])
    assert (a.branch_id, a.group_id, a.group_name, a.branch_name) == (street.branch2, None, "", "幸福里社区第二党支部")
    assert a.joined_branch_on == date.today()
    assert member_names(list_members(db, street.branch2)) == sorted("甲乙丁戊")
    assert list_members(db, street.group1) == []


def test_move_members_only_to_a_branch(db, street, populated):
    with pytest.raises(RuleViolation, match="党支部"):
        move_members(db, [populated["a"]], street.community)
    with pytest.raises(RuleViolation):
        move_members(db, [populated["a"]], street.group1)
    assert get_member(db, populated["a"]).branch_id == street.branch1


def test_delete_members(db, street, populated):
    assert delete_members(db, [populated["a"], populated["b"], 99999]) == 2
    assert member_names(list_members(db)) == sorted("丙丁戊己")


def test_stats_empty(db):
    assert stats(db).__dict__ == dict(organizations=0, branches=0, members=0, probationary=0, mobile=0,
                                      lost_contact=0, small_branches=0)


def test_stats(db, street, populated):
    numbers = stats(db)
    assert numbers.organizations == 6
    assert numbers.branches == 3
    assert numbers.members == 6
    assert numbers.probationary == 1
    assert numbers.mobile == 2       # 乙, and 己 whose 流入 made them mobile
    assert numbers.lost_contact == 1
    assert numbers.small_branches == 2  # branch2 (1 正式党员) and retired (1); branch1 has 3


def test_attention_lists_small_branches_lost_members_and_confirmations_due(db, street, make_member):
    from dangjian_desktop.domain.enums import MemberCategory
    from dangjian_desktop.services.members import attention

    today = date(2025, 2, 10)

    def probationary(sequence: int, name: str, joined: date) -> None:
        save_member(db, make_member(street.branch1, sequence, name=name, category=MemberCategory.PROBATIONARY,
                                    joined_on=joined, confirmed_on=None, birth=date(1990, 1, 1)), today)

    probationary(1, "逾期", date(2023, 12, 1))
    probationary(2, "月底", date(2024, 2, 28))
    probationary(3, "下月", date(2024, 3, 1))
    probationary(4, "闰日", date(2024, 2, 29))
    for sequence in range(5, 8):
        save_member(db, make_member(street.branch2, sequence), today)
    save_member(db, make_member(street.branch2, 8, name="联系不上", is_lost_contact=True), today)

    found = attention(db, today)
    assert [(m.name, due) for m, due in found.due_for_confirmation] == [
        ("逾期", date(2024, 12, 1)), ("月底", date(2025, 2, 28)), ("闰日", date(2025, 2, 28))]
    assert [m.name for m in found.lost_contact] == ["联系不上"]
    small = {org.id: count for org, count in found.small_branches}
    assert small == {street.branch1: 0, street.retired: 0}  # branch2 has 4 正式党员
