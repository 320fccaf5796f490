"""The organisation tree: 街道党工委 → 党委 → 党总支 → 党支部 → 党小组."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..db.models import Member, Organization, Setting
from ..domain.enums import ALLOWED_CHILDREN, BranchKind, OrgLevel
from .database import Database
from .errors import NotFound, RuleViolation

DEFAULT_ROOT_NAME = "街道党工委"


@dataclass(frozen=True)
class OrgNode:
    id: int
    parent_id: int | None
    name: str
    level: str
    kind: str = ""
    founded_on: date | None = None
    secretary: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    member_count: int = 0  # members whose branch (or 党小组) is this node itself


@dataclass(frozen=True)
class OrgFields:
    """What a user edits about a node."""

    name: str
    level: str
    kind: str = ""
    founded_on: date | None = None
    secretary: str = ""
    contact_person: str = ""
    contact_phone: str = ""


def _node(org: Organization, member_count: int = 0) -> OrgNode:
    return OrgNode(org.id, org.parent_id, org.name, org.level, org.kind, org.founded_on, org.secretary,
                   org.contact_person, org.contact_phone, member_count)


def list_organizations(db: Database) -> list[OrgNode]:
    """Every node, parents before children, siblings in their order."""
    with db.reading() as session:
        branch_counts = dict(session.execute(select(Member.branch_id, func.count()).group_by(Member.branch_id)).all())
        group_counts = dict(session.execute(
            select(Member.group_id, func.count()).where(Member.group_id.is_not(None)).group_by(Member.group_id)
        ).all())
        orgs = session.scalars(select(Organization).order_by(Organization.sort_order, Organization.id)).all()
        nodes = [_node(o, branch_counts.get(o.id, 0) + group_counts.get(o.id, 0)) for o in orgs]
    by_parent: dict[int | None, list[OrgNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    ordered: list[OrgNode] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(by_parent.get(node.id, [])))
    return ordered


def get_root(db: Database) -> OrgNode | None:
    with db.reading() as session:
        root = session.scalars(select(Organization).where(Organization.parent_id.is_(None))
                               .order_by(Organization.id)).first()
        return _node(root) if root else None


def create_root(db: Database, street_name: str) -> OrgNode:
    """The first start: the street's 党工委 is the top of the tree."""
    name = street_name.strip()
    if not name:
        raise RuleViolation("请填写街道党工委的名称，例如“泉城路街道党工委”。")
    if get_root(db) is not None:
        raise RuleViolation("已经有街道党工委了，可以在组织树里改名。")
    with db.transaction() as session:
        return add_root(session, name)


def add_root(session: Session, name: str) -> OrgNode:
    """The street's 党工委, inside the caller's transaction."""
    root = Organization(name=name, level=OrgLevel.WORK_COMMITTEE.value, kind="")
    session.add(root)
    session.merge(Setting(key="street_name", value=name))
    session.flush()
    return _node(root)


def ensure_root(db: Database) -> OrgNode:
    """On the command line an empty database gets a top node named 街道党工委 when something needs a parent."""
    return get_root(db) or create_root(db, DEFAULT_ROOT_NAME)


def _load(session: Session, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFound("该组织已不存在，可能已被删除。请刷新后重试。")
    return org


def _check_fields(session: Session, fields: OrgFields, parent: Organization | None, self_id: int | None) -> None:
    if not fields.name.strip():
        raise RuleViolation("组织名称不能为空。")
    if fields.level not in set(OrgLevel):
        raise RuleViolation(f"组织类别“{fields.level}”不正确。")
    if fields.kind and fields.kind not in set(BranchKind):
        raise RuleViolation("支部类型应为：" + "、".join(BranchKind))
    if parent is None:
        if fields.level != OrgLevel.WORK_COMMITTEE:
            raise RuleViolation("最上级组织只能是街道党工委。")
    elif fields.level not in ALLOWED_CHILDREN[OrgLevel(parent.level)]:
        raise RuleViolation(f"“{parent.name}”（{parent.level}）下不能设{fields.level}。")
    if _has_sibling_named(session, parent.id if parent else None, fields.name.strip(), self_id):
        raise RuleViolation(f"同一上级下已有名为“{fields.name.strip()}”的组织。")


def _has_sibling_named(session: Session, parent_id: int | None, name: str, self_id: int | None) -> bool:
    return session.scalars(select(Organization.id).where(
        Organization.parent_id == parent_id, Organization.name == name, Organization.id != (self_id or 0))
    ).first() is not None


def _member_count(session: Session, column: InstrumentedAttribute, org_id: int) -> int:
    """Members whose branch_id or group_id (the column given) is this node."""
    return session.scalar(select(func.count()).select_from(Member).where(column == org_id))


def _apply(org: Organization, fields: OrgFields) -> None:
    org.name = fields.name.strip()
    org.level = str(fields.level)
    org.kind = str(fields.kind) if fields.level == OrgLevel.BRANCH else ""
    org.founded_on = fields.founded_on
    org.secretary = fields.secretary.strip()
    org.contact_person = fields.contact_person.strip()
    org.contact_phone = fields.contact_phone.strip()


def add_organization(session: Session, parent_id: int, fields: OrgFields) -> OrgNode:
    """Create a node inside the caller's transaction (for jobs that build many nodes at once)."""
    parent = _load(session, parent_id)
    _check_fields(session, fields, parent, None)
    org = Organization(parent_id=parent.id, sort_order=0)
    _apply(org, fields)
    session.add(org)
    session.flush()
    return _node(org)


def create_organization(db: Database, parent_id: int, fields: OrgFields) -> OrgNode:
    with db.transaction() as session:
        return add_organization(session, parent_id, fields)


def update_organization(db: Database, org_id: int, fields: OrgFields) -> OrgNode:
    with db.transaction() as session:
        org = _load(session, org_id)
        parent = session.get(Organization, org.parent_id) if org.parent_id else None
        _check_fields(session, fields, parent, org.id)
        if fields.level != org.level and _has_children(session, org.id):
            child_levels = {c for (c,) in session.execute(
                select(Organization.level).where(Organization.parent_id == org.id)).all()}
            if not child_levels <= set(ALLOWED_CHILDREN[OrgLevel(fields.level)]):
                raise RuleViolation("该组织的下级组织与新的组织类别不相符，请先调整下级组织。")
        if org.level == OrgLevel.BRANCH and fields.level != OrgLevel.BRANCH:
            members = _member_count(session, Member.branch_id, org.id)
            if members:
                raise RuleViolation(f"“{org.name}”还有 {members} 名党员，党员只能编入党支部，不能改为{fields.level}。"
                                    "请先把他们转到其他支部。")
        _apply(org, fields)
        return _node(org)


def rename_organization(db: Database, org_id: int, new_name: str) -> OrgNode:
    node = get_organization(db, org_id)
    return update_organization(db, org_id, OrgFields(new_name, node.level, node.kind, node.founded_on,
                                                     node.secretary, node.contact_person, node.contact_phone))


def get_organization(db: Database, org_id: int) -> OrgNode:
    with db.reading() as session:
        return _node(_load(session, org_id))


def _has_children(session: Session, org_id: int) -> bool:
    return session.scalars(select(Organization.id).where(Organization.parent_id == org_id)).first() is not None


def subtree_ids(db: Database, org_id: int) -> list[int]:
    """The node and everything below it."""
    nodes = list_organizations(db)
    children: dict[int | None, list[int]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    result, stack = [], [org_id]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result


def move_organization(db: Database, org_id: int, new_parent_id: int) -> OrgNode:
    if new_parent_id in subtree_ids(db, org_id):
        raise RuleViolation("不能把组织移到它自己或它的下级组织之下。")
    with db.transaction() as session:
        org = _load(session, org_id)
        parent = _load(session, new_parent_id)
        if org.parent_id is None:
            raise RuleViolation("街道党工委是最上级组织，不能移动。")
        if org.level not in ALLOWED_CHILDREN[OrgLevel(parent.level)]:
            raise RuleViolation(f"“{parent.name}”（{parent.level}）下不能设{org.level}。")
        if _has_sibling_named(session, parent.id, org.name, org.id):
            raise RuleViolation(f"“{parent.name}”下已有名为“{org.name}”的组织，请先改名再移动。")
        if org.level == OrgLevel.GROUP and org.parent_id != parent.id:
            grouped = _member_count(session, Member.group_id, org.id)
            if grouped:
                raise RuleViolation(f"“{org.name}”还有 {grouped} 名党员，他们的组织关系在原党支部。"
                                    "请先把他们调出该党小组，再移动党小组。")
        org.parent_id = parent.id
        return _node(org)


def delete_organization(db: Database, org_id: int) -> None:
    """Refused, with the reason, while the node still has members or sub-organisations."""
    with db.transaction() as session:
        org = _load(session, org_id)
        if org.parent_id is None:
            raise RuleViolation("街道党工委是最上级组织，不能删除。")
        children = session.scalar(select(func.count()).where(Organization.parent_id == org_id))
        if children:
            raise RuleViolation(f"“{org.name}”下还有 {children} 个下级组织，请先删除或移走它们。")
        members = _member_count(session, Member.branch_id, org_id)
        grouped = _member_count(session, Member.group_id, org_id)
        if members or grouped:
            raise RuleViolation(f"“{org.name}”还有 {members or grouped} 名党员，请先把他们转到其他支部。")
        session.delete(org)


def find_by_name(db: Database, name: str, levels: tuple[str, ...] | None = None) -> list[OrgNode]:
    with db.reading() as session:
        query = select(Organization).where(Organization.name == name.strip())
        if levels:
            query = query.where(Organization.level.in_(levels))
        return [_node(o) for o in session.scalars(query)]
