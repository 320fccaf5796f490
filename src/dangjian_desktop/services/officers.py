"""党建指导员: the officers, their 包联 of enterprises and 党组织, and their 结对 with mobile members.

An assignment runs from started_on until ended_on (exclusive, None = still running). An enterprise or a
党组织 has at most one running assignment: assigning a new officer ends the previous one that day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..db.models import Enterprise, GuidanceOfficer, Member, OfficerAssignment, OfficerPairing, Organization, Visit
from ..domain.contact import normalize_phone
from .database import Database
from .errors import NotFound, RuleViolation


@dataclass(frozen=True)
class OfficerInfo:
    id: int | None
    name: str
    unit: str = ""
    post: str = ""
    phone: str = ""
    active: bool = True
    note: str = ""
    enterprises: int = 0   # running 包联 of enterprises
    organizations: int = 0  # running 包联 of 党组织
    pairings: int = 0       # running 结对


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    officer_id: int
    officer_name: str
    target: str            # "企业" or "党组织"
    target_id: int
    target_name: str
    started_on: date
    ended_on: date | None

    @property
    def running(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True)
class PairingInfo:
    id: int
    officer_id: int
    officer_name: str
    member_id: int
    member_name: str
    branch_name: str
    mobile_place: str
    started_on: date
    ended_on: date | None


def running_on(model: type[OfficerAssignment] | type[OfficerPairing], day: date):
    """SQL condition: the assignment or pairing covers `day`."""
    return and_(model.started_on <= day, or_(model.ended_on.is_(None), model.ended_on > day))


def list_officers(db: Database, *, active_only: bool = False) -> list[OfficerInfo]:
    today = date.today()
    with db.reading() as session:
        counts = {}
        for column, key in ((OfficerAssignment.enterprise_id, "enterprises"), (OfficerAssignment.org_id,
                                                                                "organizations")):
            for officer_id, number in session.execute(
                    select(OfficerAssignment.officer_id, func.count()).where(column.is_not(None),
                                                                             running_on(OfficerAssignment, today))
                    .group_by(OfficerAssignment.officer_id)):
                counts.setdefault(officer_id, {})[key] = number
        for officer_id, number in session.execute(
                select(OfficerPairing.officer_id, func.count()).where(running_on(OfficerPairing, today))
                .group_by(OfficerPairing.officer_id)):
            counts.setdefault(officer_id, {})["pairings"] = number
        query = select(GuidanceOfficer).order_by(GuidanceOfficer.active.desc(), GuidanceOfficer.id)
        if active_only:
            query = query.where(GuidanceOfficer.active.is_(True))
        return [OfficerInfo(o.id, o.name, o.unit, o.post, o.phone, o.active, o.note, **counts.get(o.id, {}))
                for o in session.scalars(query)]


def get_officer(db: Database, officer_id: int) -> OfficerInfo:
    found = [o for o in list_officers(db) if o.id == officer_id]
    if not found:
        raise NotFound("该党建指导员已不存在，可能已被删除。")
    return found[0]


def save_officer(db: Database, officer: OfficerInfo) -> int:
    """Create (id None) or update an officer; names must be unique (imports find officers by name)."""
    name = " ".join(officer.name.split())
    if not name:
        raise RuleViolation("请填写党建指导员的姓名。")
    phone, error = normalize_phone(officer.phone)
    if error:
        raise RuleViolation(error)
    with db.transaction() as session:
        clash = session.scalar(select(GuidanceOfficer.id).where(GuidanceOfficer.name == name,
                                                                GuidanceOfficer.id != (officer.id or 0)))
        if clash:
            raise RuleViolation(f"已有名为“{name}”的党建指导员。同名时请在姓名后加以区分，如“{name}（交通局）”。")
        row = GuidanceOfficer() if officer.id is None else session.get(GuidanceOfficer, officer.id)
        if row is None:
            raise NotFound("该党建指导员已不存在，可能已被删除。")
        row.name, row.unit, row.post, row.phone = name, officer.unit.strip(), officer.post.strip(), phone
        row.active, row.note = officer.active, officer.note.strip()
        session.add(row)
        session.flush()
        return row.id


def add_officers(session: Session, names: list[str]) -> dict[str, int]:
    """Create officers by name inside an import's transaction; returns name → id."""
    created = {}
    for name in names:
        row = GuidanceOfficer(name=name)
        session.add(row)
        session.flush()
        created[name] = row.id
    return created


def officer_ids_by_name(session: Session) -> dict[str, int]:
    return dict(session.execute(select(GuidanceOfficer.name, GuidanceOfficer.id)).all())


def delete_officer(db: Database, officer_id: int) -> None:
    """Only an officer with no visits can be deleted; one with visits is 停用 instead (the record stays)."""
    with db.transaction() as session:
        row = session.get(GuidanceOfficer, officer_id)
        if row is None:
            raise NotFound("该党建指导员已不存在，可能已被删除。")
        visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.officer_id == officer_id))
        if visits:
            raise RuleViolation(f"{row.name}已有 {visits} 次走访记录，不能删除。不再担任指导员时，请在编辑中取消“在任”。")
        session.delete(row)


def assign(session: Session, officer_id: int, started_on: date, *, enterprise_id: int | None = None,
           org_id: int | None = None) -> None:
    """Make the officer answer for the enterprise (or 党组织) from `started_on`, ending whoever did before."""
    if (enterprise_id is None) == (org_id is None):
        raise ValueError("exactly one of enterprise_id and org_id")
    if session.get(GuidanceOfficer, officer_id) is None:
        raise NotFound("该党建指导员已不存在，可能已被删除。")
    target = (OfficerAssignment.enterprise_id == enterprise_id if enterprise_id is not None
              else OfficerAssignment.org_id == org_id)
    current = session.scalar(select(OfficerAssignment).where(target, OfficerAssignment.ended_on.is_(None)))
    if current is not None:
        if current.officer_id == officer_id:
            return
        if started_on <= current.started_on:
            raise RuleViolation(f"新的包联开始日期应晚于上一位指导员的开始日期（{current.started_on:%Y-%m-%d}）。")
        current.ended_on = started_on
    else:  # two officers must never answer for the same enterprise on the same day
        last_end = session.scalar(select(func.max(OfficerAssignment.ended_on)).where(target))
        if last_end is not None and started_on < last_end:
            raise RuleViolation(f"新的包联开始日期不能早于上一次包联的结束日期（{last_end:%Y-%m-%d}）。")
    session.add(OfficerAssignment(officer_id=officer_id, enterprise_id=enterprise_id, org_id=org_id,
                                  started_on=started_on))


def assign_officers(db: Database, officer_id: int, started_on: date, *, enterprise_ids: Iterable[int] = (),
                    org_ids: Iterable[int] = ()) -> None:
    """Several 包联 from one day, in one transaction: all are written or none."""
    with db.transaction() as session:
        for enterprise_id in enterprise_ids:
            assign(session, officer_id, started_on, enterprise_id=enterprise_id)
        for org_id in org_ids:
            assign(session, officer_id, started_on, org_id=org_id)


def end_running(session: Session, ended_on: date, *, enterprise_id: int) -> None:
    """End the enterprise's running 包联 (if any) on `ended_on`, leaving it without an officer."""
    row = session.scalar(select(OfficerAssignment).where(OfficerAssignment.enterprise_id == enterprise_id,
                                                         OfficerAssignment.ended_on.is_(None)))
    if row is not None:
        _end(session, row, ended_on)


def end_assignment(db: Database, assignment_id: int, ended_on: date) -> None:
    with db.transaction() as session:
        row = session.get(OfficerAssignment, assignment_id)
        if row is None:
            raise NotFound("该包联记录已不存在。")
        _end(session, row, ended_on)


def _end(session: Session, row: OfficerAssignment, ended_on: date) -> None:
    if ended_on <= row.started_on:
        raise RuleViolation(f"结束日期应晚于开始日期（{row.started_on:%Y-%m-%d}）。")
    same_target = (OfficerAssignment.enterprise_id == row.enterprise_id if row.enterprise_id is not None
                   else OfficerAssignment.org_id == row.org_id)
    successor = session.scalar(select(func.min(OfficerAssignment.started_on)).where(
        same_target, OfficerAssignment.id != row.id, OfficerAssignment.started_on > row.started_on))
    if successor is not None and ended_on > successor:
        raise RuleViolation(f"结束日期不能晚于下一位指导员的包联开始日期（{successor:%Y-%m-%d}）。")
    row.ended_on = ended_on


def assignments(db: Database, *, officer_id: int | None = None, enterprise_id: int | None = None,
                org_id: int | None = None) -> list[AssignmentInfo]:
    """Assignments (running and past, newest first), filtered by officer, enterprise or 党组织."""
    query = (select(OfficerAssignment, GuidanceOfficer.name, Enterprise.name, Organization.name)
             .join(GuidanceOfficer, GuidanceOfficer.id == OfficerAssignment.officer_id)
             .outerjoin(Enterprise, Enterprise.id == OfficerAssignment.enterprise_id)
             .outerjoin(Organization, Organization.id == OfficerAssignment.org_id)
             .order_by(OfficerAssignment.started_on.desc(), OfficerAssignment.id.desc()))
    for column, value in ((OfficerAssignment.officer_id, officer_id), (OfficerAssignment.enterprise_id,
                                                                       enterprise_id),
                          (OfficerAssignment.org_id, org_id)):
        if value is not None:
            query = query.where(column == value)
    with db.reading() as session:
        return [AssignmentInfo(a.id, a.officer_id, officer, "企业" if a.enterprise_id else "党组织",
                               a.enterprise_id or a.org_id, enterprise or org or "", a.started_on, a.ended_on)
                for a, officer, enterprise, org in session.execute(query)]


def pair_members(db: Database, officer_id: int, member_ids: Iterable[int], started_on: date) -> None:
    """结对 with several mobile members from one day, in one transaction."""
    with db.transaction() as session:
        if session.get(GuidanceOfficer, officer_id) is None:
            raise NotFound("该党建指导员已不存在，可能已被删除。")
        for member_id in member_ids:
            member = session.get(Member, member_id)
            if member is None:
                raise NotFound("该党员已不存在。")
            running = session.scalar(select(OfficerPairing.id).where(OfficerPairing.officer_id == officer_id,
                                                                     OfficerPairing.member_id == member_id,
                                                                     OfficerPairing.ended_on.is_(None)))
            if running:
                raise RuleViolation(f"{member.name}已与该指导员结对。")
            session.add(OfficerPairing(officer_id=officer_id, member_id=member_id, started_on=started_on))


def end_pairing(db: Database, pairing_id: int, ended_on: date) -> None:
    with db.transaction() as session:
        row = session.get(OfficerPairing, pairing_id)
        if row is None:
            raise NotFound("该结对记录已不存在。")
        if ended_on <= row.started_on:
            raise RuleViolation(f"结束日期应晚于结对开始日期（{row.started_on:%Y-%m-%d}）。")
        row.ended_on = ended_on


def pairings(db: Database, *, officer_id: int | None = None) -> list[PairingInfo]:
    query = (select(OfficerPairing, GuidanceOfficer.name, Member.name, Organization.name, Member.mobile_place)
             .join(GuidanceOfficer, GuidanceOfficer.id == OfficerPairing.officer_id)
             .join(Member, Member.id == OfficerPairing.member_id)
             .join(Organization, Organization.id == Member.branch_id)
             .order_by(OfficerPairing.ended_on.is_not(None), Member.name))
    if officer_id is not None:
        query = query.where(OfficerPairing.officer_id == officer_id)
    with db.reading() as session:
        return [PairingInfo(p.id, p.officer_id, officer, p.member_id, member, branch, place, p.started_on,
                            p.ended_on) for p, officer, member, branch, place in session.execute(query)]
