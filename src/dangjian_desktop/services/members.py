"""Members and rosters: list, check, save, move, delete, and the headline counts."""

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from ..db.models import MEMBER_FIELDS, Member, Organization
from ..domain.dates import add_years, end_of_month
from ..domain.enums import MemberCategory, OrgLevel, PartyStatus
from ..domain.member import CheckedMember, FieldIssue, MemberRecord, Severity, check_member
from .database import Database
from .errors import NotFound, RuleViolation
from .membership import record_transfer
from .organizations import OrgNode, list_organizations, subtree_ids

MIN_FULL_MEMBERS = 3  # a 党支部 needs at least 3 正式党员 (DESIGN §5)

_branch = aliased(Organization)
_group = aliased(Organization)
# One selected column per MemberRecord field, in the dataclass's order, so rows become records positionally
# (50,000 members load ~25% faster than through keyword dictionaries).
_COLUMN_FOR_FIELD = {name: getattr(Member, name) for name in MEMBER_FIELDS} | {
    "id": Member.id, "branch_id": Member.branch_id, "group_id": Member.group_id,
    "branch_name": _branch.name, "group_name": func.coalesce(_group.name, ""),
}
_RECORD_COLUMNS = [_COLUMN_FOR_FIELD[f.name] for f in fields(MemberRecord)]


class InvalidMember(RuleViolation):
    """Saving was refused; `issues` says which fields are wrong and why."""

    def __init__(self, issues: list[FieldIssue]):
        super().__init__("；".join(i.message for i in issues if i.severity is Severity.ERROR))
        self.issues = issues


def _select_records():
    return (
        select(*_RECORD_COLUMNS)
        .select_from(Member)
        .join(_branch, Member.branch_id == _branch.id)
        .outerjoin(_group, Member.group_id == _group.id)
    )


def list_members(db: Database, org_id: int | None = None, include_subtree: bool = True) -> list[MemberRecord]:
    """Members of one organisation (and, by default, everything under it); all members when org_id is None."""
    query = _select_records().order_by(_branch.sort_order, Member.branch_id, Member.id)
    if org_id is not None:
        ids = subtree_ids(db, org_id) if include_subtree else [org_id]
        query = query.where((Member.branch_id.in_(ids)) | (Member.group_id.in_(ids)))
    with db.reading() as session:
        return [MemberRecord(*row) for row in session.execute(query)]


def get_member(db: Database, member_id: int) -> MemberRecord:
    with db.reading() as session:
        row = session.execute(_select_records().where(Member.id == member_id)).first()
    if row is None:
        raise NotFound("该党员记录已不存在，可能已被删除。")
    return MemberRecord(*row)


def check_for_save(db: Database, record: MemberRecord, today: date | None = None) -> CheckedMember:
    """The domain checks plus what only the database knows: the same ID on another member, a valid branch."""
    checked = check_member(record, today)
    with db.reading() as session:
        other = session.execute(
            select(Member.name, _branch.name).join(_branch, Member.branch_id == _branch.id)
            .where(Member.id_number == checked.record.id_number, Member.id != (record.id or 0))
        ).first()
        if other is not None and checked.record.id_number:
            checked.issues.append(FieldIssue(
                "id_number", f"该身份证号已登记在“{other[1]}”的党员{other[0]}名下，同一人不能重复登记", Severity.ERROR))
        if record.branch_id is None:
            checked.issues.append(FieldIssue("branch_name", "请选择所在党支部", Severity.ERROR))
        else:
            branch = session.get(Organization, record.branch_id)
            if branch is None or branch.level != OrgLevel.BRANCH:
                checked.issues.append(FieldIssue("branch_name", "党员只能编入党支部", Severity.ERROR))
        if record.group_id is not None:
            group = session.get(Organization, record.group_id)
            if group is None or group.parent_id != record.branch_id:
                checked.issues.append(FieldIssue("group_name", "党小组必须属于所在党支部", Severity.ERROR))
    return checked


def member_values(record: MemberRecord) -> dict:
    """Column values for a stored member from a checked record."""
    values = {name: getattr(record, name) for name in MEMBER_FIELDS}
    values.update(branch_id=record.branch_id, group_id=record.group_id)
    return values


def save_member(db: Database, record: MemberRecord, today: date | None = None) -> MemberRecord:
    """Create (id None) or update a member; refused with InvalidMember when any field is wrong."""
    checked = check_for_save(db, record, today)
    if checked.has_error:
        raise InvalidMember(checked.issues)
    values = member_values(checked.record)
    with db.transaction() as session:
        if record.id is None:
            member = Member(**values)
            session.add(member)
            session.flush()
            member_id = member.id
        else:
            old_branch = session.scalar(select(Member.branch_id).where(Member.id == record.id))
            if old_branch is None:
                raise NotFound("该党员记录已不存在，可能已被删除。")
            if old_branch != values["branch_id"]:  # a transfer made in the edit dialog
                record_transfer(session, [record.id], values["branch_id"], date.today())
                values["joined_branch_on"] = date.today()
            session.execute(update(Member).where(Member.id == record.id).values(**values))
            member_id = record.id
    return get_member(db, member_id)


def move_members(db: Database, member_ids: list[int], branch_id: int) -> int:
    """Transfer members to another 党支部 inside the street; their 党小组 is cleared (it belonged to the old one)."""
    with db.transaction() as session:
        branch = session.get(Organization, branch_id)
        if branch is None or branch.level != OrgLevel.BRANCH:
            raise RuleViolation("只能把党员转到党支部。")
        day = date.today()
        record_transfer(session, member_ids, branch_id, day)
        result = session.execute(
            update(Member).where(Member.id.in_(member_ids), Member.branch_id != branch_id)
            .values(branch_id=branch_id, group_id=None, joined_branch_on=day)
        )
        return result.rowcount


def delete_members(db: Database, member_ids: list[int]) -> int:
    with db.transaction() as session:
        return session.execute(delete(Member).where(Member.id.in_(member_ids))).rowcount


@dataclass(frozen=True)
class Stats:
    organizations: int
    branches: int
    members: int
    probationary: int
    mobile: int
    lost_contact: int
    small_branches: int  # 党支部 with fewer than 3 正式党员 (DESIGN §5)


def stats(db: Database) -> Stats:
    with db.reading() as session:
        count = lambda *where: session.scalar(select(func.count()).select_from(Member).where(*where))  # noqa: E731
        full_per_branch = dict(session.execute(
            select(Member.branch_id, func.count()).where(Member.category == MemberCategory.FULL.value)
            .group_by(Member.branch_id)).all())
        branch_ids = session.scalars(select(Organization.id).where(Organization.level == OrgLevel.BRANCH.value)).all()
        return Stats(
            organizations=session.scalar(select(func.count()).select_from(Organization)),
            branches=len(branch_ids),
            members=count(),
            probationary=count(Member.category == MemberCategory.PROBATIONARY.value),
            mobile=count(Member.is_mobile.is_(True)),
            lost_contact=count(Member.is_lost_contact.is_(True)),
            small_branches=sum(1 for b in branch_ids if full_per_branch.get(b, 0) < MIN_FULL_MEMBERS),
        )


@dataclass(frozen=True)
class Attention:
    """What needs doing: small branches (with their 正式党员 count), lost members, 转正 due (with the date)."""

    small_branches: list[tuple[OrgNode, int]]
    lost_contact: list[MemberRecord]
    due_for_confirmation: list[tuple[MemberRecord, date]]


def attention(db: Database, today: date) -> Attention:
    """Only the few members concerned are loaded, so 首页 stays instant with tens of thousands of members.

    转正 is due one year after 入党时间 (the 支部大会 admitting the 预备党员, DESIGN §7); listed when that day
    falls in this month or has passed.
    """
    deadline = end_of_month(today)
    ordered = (_branch.sort_order, Member.branch_id, Member.id)
    with db.reading() as session:
        lost = [MemberRecord(*row) for row in session.execute(
            _select_records().where(Member.is_lost_contact.is_(True)).order_by(*ordered))]
        probationary = [MemberRecord(*row) for row in session.execute(_select_records().where(
            Member.category == MemberCategory.PROBATIONARY.value, Member.status == PartyStatus.NORMAL.value,
            Member.joined_on <= deadline).order_by(*ordered))]
        full_per_branch = dict(session.execute(
            select(Member.branch_id, func.count()).where(Member.category == MemberCategory.FULL.value)
            .group_by(Member.branch_id)).all())
    small = [(org, full_per_branch.get(org.id, 0)) for org in list_organizations(db)
             if org.level == OrgLevel.BRANCH and full_per_branch.get(org.id, 0) < MIN_FULL_MEMBERS]
    due = sorted(((m, add_years(m.joined_on, 1)) for m in probationary), key=lambda pair: pair[1])
    return Attention(small, lost, [(m, day) for m, day in due if day <= deadline])


def existing_by_id_number(session: Session, id_numbers: list[str]) -> dict[str, tuple[int, str, str]]:
    """id_number → (member id, name, branch name) for the numbers already stored (batched for big imports)."""
    found: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(id_numbers), 900):
        chunk = id_numbers[start:start + 900]
        rows = session.execute(select(Member.id_number, Member.id, Member.name, _branch.name)
                               .join(_branch, Member.branch_id == _branch.id)
                               .where(Member.id_number.in_(chunk)))
        found.update({number: (mid, name, branch) for number, mid, name, branch in rows})
    return found

