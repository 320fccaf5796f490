"""一企一档: the census of new-economy enterprises, each with its current officer and latest visit."""

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Demand, Enterprise, GuidanceOfficer, OfficerAssignment, Organization, Visit
from ..domain.enterprises import EnterpriseRecord, check_enterprise
from ..domain.member import FieldIssue, Severity
from ..domain.visits import OPEN_STATUSES
from .database import Database
from .errors import NotFound, RuleViolation
from .officers import assign, end_running, running_on

# Columns an EnterpriseRecord carries one-to-one (party_org_name comes from the tree).
STORED_FIELDS = tuple(f.name for f in fields(EnterpriseRecord) if f.name != "party_org_name")


@dataclass(frozen=True)
class EnterpriseInfo:
    id: int
    record: EnterpriseRecord
    officer_id: int | None = None   # running 包联 today
    officer_name: str = ""
    last_visit_on: date | None = None
    visits: int = 0
    open_demands: int = 0


class InvalidEnterprise(RuleViolation):
    """Saving was refused; `issues` says which fields are wrong and why."""

    def __init__(self, issues: list[FieldIssue]):
        super().__init__("；".join(i.message for i in issues if i.severity is Severity.ERROR))
        self.issues = issues


def record_of(row: Enterprise, org_name: str) -> EnterpriseRecord:
    return EnterpriseRecord(**{name: getattr(row, name) for name in STORED_FIELDS}, party_org_name=org_name or "")


def list_enterprises(db: Database, *, ids: list[int] | None = None, as_of: date | None = None
                     ) -> list[EnterpriseInfo]:
    """Every enterprise (or those of `ids`), by name, with its officer on `as_of` (default today)."""
    day = as_of or date.today()
    with db.reading() as session:
        officers = dict(session.execute(
            select(OfficerAssignment.enterprise_id, func.max(OfficerAssignment.officer_id))
            .where(OfficerAssignment.enterprise_id.is_not(None), running_on(OfficerAssignment, day))
            .group_by(OfficerAssignment.enterprise_id)).all())
        names = dict(session.execute(select(GuidanceOfficer.id, GuidanceOfficer.name)).all())
        visits = {e: (n, last) for e, n, last in session.execute(
            select(Visit.enterprise_id, func.count(), func.max(Visit.visited_on)).group_by(Visit.enterprise_id))}
        demands = dict(session.execute(
            select(Demand.enterprise_id, func.count()).where(Demand.status.in_([str(s) for s in OPEN_STATUSES]))
            .group_by(Demand.enterprise_id)).all())
        query = (select(Enterprise, Organization.name).outerjoin(Organization,
                                                                 Organization.id == Enterprise.party_org_id)
                 .order_by(Enterprise.name))
        if ids is not None:
            query = query.where(Enterprise.id.in_(ids))
        result = []
        for row, org_name in session.execute(query):
            officer_id = officers.get(row.id)
            count, last = visits.get(row.id, (0, None))
            result.append(EnterpriseInfo(row.id, record_of(row, org_name), officer_id, names.get(officer_id, ""),
                                         last, count, demands.get(row.id, 0)))
        return result


def get_enterprise(db: Database, enterprise_id: int) -> EnterpriseInfo:
    found = list_enterprises(db, ids=[enterprise_id])
    if not found:
        raise NotFound("该企业已不存在，可能已被删除。")
    return found[0]


def find_enterprise(db: Database, name: str) -> EnterpriseInfo | None:
    """By exact name, else by a unique name containing `name`."""
    with db.reading() as session:
        ids = session.scalars(select(Enterprise.id).where(Enterprise.name == name.strip())).all() or \
            session.scalars(select(Enterprise.id).where(Enterprise.name.contains(name.strip()))).all()
    return get_enterprise(db, ids[0]) if len(ids) == 1 else None


def check_enterprise_for_save(db: Database, record: EnterpriseRecord, enterprise_id: int | None
                              ) -> tuple[EnterpriseRecord, list[FieldIssue]]:
    """What saving would say, without saving: for checks as the user types."""
    with db.reading() as session:
        return check_for_save(session, record, enterprise_id)


def check_for_save(session: Session, record: EnterpriseRecord, enterprise_id: int | None
                   ) -> tuple[EnterpriseRecord, list[FieldIssue]]:
    """The domain checks plus those needing the database: unique name and code, an existing 党组织."""
    record, issues = check_enterprise(record)
    self_id = enterprise_id or 0
    if record.name and session.scalar(select(Enterprise.id).where(Enterprise.name == record.name,
                                                                  Enterprise.id != self_id)):
        issues.append(FieldIssue("name", f"已有名为“{record.name}”的企业", Severity.ERROR))
    if record.credit_code:
        other = session.scalar(select(Enterprise.name).where(Enterprise.credit_code == record.credit_code,
                                                             Enterprise.id != self_id))
        if other:
            issues.append(FieldIssue("credit_code", f"统一社会信用代码与“{other}”相同，请核对", Severity.ERROR))
    if record.party_org_id is not None and session.get(Organization, record.party_org_id) is None:
        issues.append(FieldIssue("party_org_id", "所选党组织已不存在，请重新选择", Severity.ERROR))
    return record, issues


def enterprise_values(record: EnterpriseRecord) -> dict:
    return {name: getattr(record, name) for name in STORED_FIELDS}


def save_enterprise(db: Database, record: EnterpriseRecord, enterprise_id: int | None = None, *,
                    officer_id: int | None = None, assigned_on: date | None = None, unassign: bool = False) -> int:
    """Create or update an enterprise as one transaction; optionally (re)assign its officer from `assigned_on`,
    or (`unassign`) end its running 包联 that day."""
    with db.transaction() as session:
        record, issues = check_for_save(session, record, enterprise_id)
        if any(i.severity is Severity.ERROR for i in issues):
            raise InvalidEnterprise(issues)
        if enterprise_id is None:
            row = Enterprise(**enterprise_values(record))
            session.add(row)
        else:
            row = session.get(Enterprise, enterprise_id)
            if row is None:
                raise NotFound("该企业已不存在，可能已被删除。")
            for name, value in enterprise_values(record).items():
                setattr(row, name, value)
        session.flush()
        if officer_id is not None:
            assign(session, officer_id, assigned_on or date.today(), enterprise_id=row.id)
        elif unassign:
            end_running(session, assigned_on or date.today(), enterprise_id=row.id)
        return row.id


def delete_enterprise(db: Database, enterprise_id: int) -> None:
    """Refused while visits exist: the visit history is what inspections read."""
    with db.transaction() as session:
        row = session.get(Enterprise, enterprise_id)
        if row is None:
            raise NotFound("该企业已不存在，可能已被删除。")
        visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.enterprise_id == enterprise_id))
        if visits:
            raise RuleViolation(f"“{row.name}”已有 {visits} 次走访记录，不能删除。企业注销或迁出时，请在备注中注明。")
        session.delete(row)


def enterprise_ids_by_name(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Enterprise.name, Enterprise.id)).all())
