"""The organisation tree: levels allowed under each level, renames, moves, deletes and their refusals."""

import pytest

from dangjian_desktop.domain.enums import ALLOWED_CHILDREN, OrgLevel
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.members import get_member, save_member
from dangjian_desktop.services.organizations import (
    OrgFields, create_organization, create_root, delete_organization, ensure_root, get_organization, get_root,
    list_organizations, move_organization, rename_organization, subtree_ids, update_organization,
)


def names(db):
    return [node.name for node in list_organizations(db)]


def test_empty_database_has_no_root(db):
    assert get_root(db) is None
    assert list_organizations(db) == []


def test_root_is_created_once(db):
    root = create_root(db, "  泉城路街道党工委 ")
    assert (root.name, root.level, root.parent_id) == ("泉城路街道党工委", OrgLevel.WORK_COMMITTEE, None)
    assert get_root(db) == root
    with pytest.raises(RuleViolation, match="已经有"):
        create_root(db, "另一个街道")
    assert ensure_root(db) == root


def test_root_needs_a_name(db):
    with pytest.raises(RuleViolation, match="名称"):
        create_root(db, "   ")


def test_list_puts_parents_before_children(db, street):
    nodes = list_organizations(db)
    position = {node.id: i for i, node in enumerate(nodes)}
    for node in nodes:
        if node.parent_id is not None:
            assert position[node.parent_id] < position[node.id]
    assert nodes[0].id == street.root
    assert len(nodes) == 6


PATH_TO_LEVEL = {  # the levels to create below the root to reach a node of the key's level
    OrgLevel.WORK_COMMITTEE: (),
    OrgLevel.COMMUNITY_COMMITTEE: (OrgLevel.COMMUNITY_COMMITTEE,),
    OrgLevel.INDUSTRY_COMMITTEE: (OrgLevel.INDUSTRY_COMMITTEE,),
    OrgLevel.NEW_ORG_COMMITTEE: (OrgLevel.NEW_ORG_COMMITTEE,),
    OrgLevel.GENERAL_BRANCH: (OrgLevel.COMMUNITY_COMMITTEE, OrgLevel.GENERAL_BRANCH),
    OrgLevel.BRANCH: (OrgLevel.COMMUNITY_COMMITTEE, OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH),
    OrgLevel.GROUP: (OrgLevel.COMMUNITY_COMMITTEE, OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH, OrgLevel.GROUP),
}


@pytest.mark.parametrize("parent_level", list(OrgLevel))
def test_every_level_accepts_exactly_its_allowed_children(db, parent_level):
    parent_id = create_root(db, "测试街道党工委").id
    for level in PATH_TO_LEVEL[parent_level]:
        parent_id = create_organization(db, parent_id, OrgFields(f"上级{level}", level)).id
    assert get_organization(db, parent_id).level == parent_level
    for i, child in enumerate(OrgLevel):
        fields = OrgFields(f"下级{i}", child)
        if child in ALLOWED_CHILDREN[parent_level]:
            assert create_organization(db, parent_id, fields).parent_id == parent_id
        else:
            with pytest.raises(RuleViolation) as caught:
                create_organization(db, parent_id, fields)
            assert "下不能设" in caught.value.message and str(child) in caught.value.message


def test_duplicate_sibling_names_are_refused_but_cousins_may_share(db, street):
    with pytest.raises(RuleViolation, match="幸福里社区第一党支部"):
        create_organization(db, street.community, OrgFields(" 幸福里社区第一党支部 ", OrgLevel.BRANCH))
    with pytest.raises(RuleViolation, match="幸福里社区第二党支部"):
        rename_organization(db, street.branch1, "幸福里社区第二党支部")
    create_organization(db, street.branch2, OrgFields("第一党小组", OrgLevel.GROUP))  # same name, other parent
    assert names(db).count("第一党小组") == 2


def test_bad_fields_are_refused(db, street):
    with pytest.raises(RuleViolation, match="不能为空"):
        create_organization(db, street.root, OrgFields("  ", OrgLevel.BRANCH))
    with pytest.raises(RuleViolation, match="类别"):
        create_organization(db, street.root, OrgFields("某支部", "支部委员会"))
    with pytest.raises(RuleViolation, match="支部类型"):
        create_organization(db, street.root, OrgFields("某支部", OrgLevel.BRANCH, "临时党支部"))
    with pytest.raises(NotFound):
        create_organization(db, 12345, OrgFields("某支部", OrgLevel.BRANCH))
    assert len(list_organizations(db)) == 6


def test_rename_and_update_keep_the_place_in_the_tree(db, street):
    renamed = rename_organization(db, street.branch1, "  幸福里社区第三党支部 ")
    assert renamed.name == "幸福里社区第三党支部" and renamed.parent_id == street.community
    updated = update_organization(db, street.branch2, OrgFields("幸福里社区第二党支部", OrgLevel.BRANCH, "联合党支部",
                                                                secretary=" 王书记 ", contact_phone="13812345678"))
    stored = get_organization(db, street.branch2)
    assert stored == updated
    assert (stored.kind, stored.secretary, stored.contact_phone) == ("联合党支部", "王书记", "13812345678")


def test_level_change_must_suit_the_children(db, street):
    with pytest.raises(RuleViolation, match="下级组织"):
        update_organization(db, street.branch1, OrgFields("幸福里社区第一党支部", OrgLevel.GENERAL_BRANCH))
    general = update_organization(db, street.branch2, OrgFields("幸福里社区第二党支部", OrgLevel.GENERAL_BRANCH))
    assert general.level == OrgLevel.GENERAL_BRANCH and general.kind == ""


def test_move_to_another_parent(db, street):
    moved = move_organization(db, street.branch1, street.root)
    assert moved.parent_id == street.root
    assert get_organization(db, street.group1).parent_id == street.branch1  # the subtree comes along
    assert set(subtree_ids(db, street.community)) == {street.community, street.branch2}


def test_move_into_own_subtree_is_refused(db, street):
    with pytest.raises(RuleViolation, match="自己"):
        move_organization(db, street.community, street.branch1)
    with pytest.raises(RuleViolation, match="自己"):
        move_organization(db, street.community, street.community)
    assert get_organization(db, street.community).parent_id == street.root


def test_move_under_a_level_that_cannot_hold_it_is_refused(db, street):
    with pytest.raises(RuleViolation, match="下不能设"):
        move_organization(db, street.branch1, street.branch2)
    with pytest.raises(RuleViolation, match="下不能设"):
        move_organization(db, street.group1, street.community)
    assert get_organization(db, street.branch1).parent_id == street.community


def test_move_next_to_a_sibling_of_the_same_name_is_refused(db, street):
    create_organization(db, street.branch2, OrgFields("第一党小组", OrgLevel.GROUP))
    with pytest.raises(RuleViolation) as caught:
        move_organization(db, street.group1, street.branch2)
    assert "幸福里社区第二党支部" in caught.value.message and "第一党小组" in caught.value.message
    assert get_organization(db, street.group1).parent_id == street.branch1


def test_a_group_with_members_cannot_move_to_another_branch(db, street, make_member):
    member = save_member(db, make_member(street.branch1, 1, group_id=street.group1))
    with pytest.raises(RuleViolation) as caught:
        move_organization(db, street.group1, street.branch2)
    assert "第一党小组" in caught.value.message and "1 名党员" in caught.value.message
    assert get_organization(db, street.group1).parent_id == street.branch1
    assert get_member(db, member.id).group_id == street.group1


def test_an_empty_group_can_move(db, street):
    assert move_organization(db, street.group1, street.branch2).parent_id == street.branch2


def test_a_branch_with_members_keeps_its_level(db, street, make_member):
    save_member(db, make_member(street.branch2, 1))
    with pytest.raises(RuleViolation) as caught:
        update_organization(db, street.branch2, OrgFields("幸福里社区第二党支部", OrgLevel.GENERAL_BRANCH))
    assert "幸福里社区第二党支部" in caught.value.message and "1 名党员" in caught.value.message
    assert get_organization(db, street.branch2).level == OrgLevel.BRANCH


def test_root_cannot_be_moved_or_deleted(db, street):
    other = create_organization(db, street.root, OrgFields("某行业党委", OrgLevel.INDUSTRY_COMMITTEE))
    with pytest.raises(RuleViolation):
        move_organization(db, street.root, other.id)
    with pytest.raises(RuleViolation, match="不能删除"):
        delete_organization(db, street.root)


def test_delete_refused_while_children_remain(db, street):
    with pytest.raises(RuleViolation) as caught:
        delete_organization(db, street.community)
    assert "幸福里社区党委" in caught.value.message and "2 个下级组织" in caught.value.message
    assert street.community in {n.id for n in list_organizations(db)}


def test_delete_refused_while_members_remain(db, street, make_member):
    save_member(db, make_member(street.branch2, 1))
    save_member(db, make_member(street.branch2, 2))
    with pytest.raises(RuleViolation) as caught:
        delete_organization(db, street.branch2)
    assert "幸福里社区第二党支部" in caught.value.message and "2 名党员" in caught.value.message


def test_delete_group_refused_while_members_are_in_it(db, street, make_member):
    save_member(db, make_member(street.branch1, 1, group_id=street.group1))
    with pytest.raises(RuleViolation) as caught:
        delete_organization(db, street.group1)
    assert "第一党小组" in caught.value.message and "1 名党员" in caught.value.message


def test_delete_empty_leaf(db, street):
    delete_organization(db, street.group1)
    delete_organization(db, street.branch1)
    assert "幸福里社区第一党支部" not in names(db) and "第一党小组" not in names(db)
    with pytest.raises(NotFound):
        get_organization(db, street.branch1)


def test_member_count_counts_the_node_itself(db, street, make_member):
    save_member(db, make_member(street.branch1, 1, group_id=street.group1))
    save_member(db, make_member(street.branch1, 2))
    counts = {n.id: n.member_count for n in list_organizations(db)}
    assert counts[street.branch1] == 2
    assert counts[street.group1] == 1
    assert counts[street.branch2] == 0
