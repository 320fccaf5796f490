"""走访: an officer's visits to enterprises. Saving a new visit raises each 发现问题 as a demand (诉求台账)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..db.models import Demand, Enterprise, GuidanceOfficer, Visit, VisitPhoto
from ..domain.meetings import Photo
from ..domain.member import FieldIssue
from ..domain.visits import DemandSource, VisitRecord, check_visit
from .database import Database
from .demands import DemandDraft, add_demands, narrowed
from .errors import NotFound, RuleViolation
from .meetings import check_photo
from .visit_rules import load_visit_rules

TEXT_FIELDS = ("way", "met_person", "business_situation", "party_work_situation", "findings", "follow_up")


@dataclass(frozen=True)
class VisitInfo:
    """A visit as lists show it."""

    id: int
    officer_id: int | None
    officer_name: str
    enterprise_id: int
    enterprise_name: str
    visited_on: date
    way: str
    met_person: str
    findings: str
    demands: int = 0


class InvalidVisit(RuleViolation):
    def __init__(self, issues: list[FieldIssue]):
        super().__init__("；".join(issue.message for issue in issues) + "。")
        self.issues = issues


def list_visits(db: Database, *, officer_id: int | None = None, enterprise_id: int | None = None,
                date_from: date | None = None, date_to: date | None = None) -> list[VisitInfo]:
    """Visits, newest first. Columns, not ORM objects: loading 5,000 whole visits with their texts took 5x longer."""
    demands = (select(Demand.visit_id, func.count().label("n")).where(Demand.visit_id.is_not(None))
               .group_by(Demand.visit_id).subquery())
    query = (select(Visit.id, Visit.officer_id, Visit.officer_name, Visit.enterprise_id, Enterprise.name,
                    Visit.visited_on, Visit.way, Visit.met_person, Visit.findings, func.coalesce(demands.c.n, 0))
             .join(Enterprise, Enterprise.id == Visit.enterprise_id)
             .outerjoin(demands, demands.c.visit_id == Visit.id)
             .order_by(Visit.visited_on.desc(), Visit.id.desc()))
    query = narrowed(query, ((Visit.officer_id, officer_id), (Visit.enterprise_id, enterprise_id)), Visit.visited_on,
                     date_from, date_to)
    with db.reading() as session:
        return [VisitInfo(*row) for row in session.execute(query)]


def get_visit(db: Database, visit_id: int) -> VisitRecord:
    """The whole visit with its photos (problems stay empty: raised ones are demands now)."""
    with db.reading() as session:
        row = session.get(Visit, visit_id)
        if row is None:
            raise NotFound("该走访记录已不存在，可能已被删除。")
        photos = tuple(Photo(p.id, p.file_name, p.caption, p.data) for p in session.scalars(
            select(VisitPhoto).where(VisitPhoto.visit_id == visit_id).order_by(VisitPhoto.sort_order, VisitPhoto.id)))
        enterprise = session.get(Enterprise, row.enterprise_id)
        return VisitRecord(row.officer_id, row.enterprise_id, row.visited_on, officer_name=row.officer_name,
                           enterprise_name=enterprise.name, photos=photos, id=row.id,
                           **{name: getattr(row, name) for name in TEXT_FIELDS})


def save_visit(db: Database, record: VisitRecord, *, user: str = "", today: date | None = None) -> int:
    """Create or update a visit in one transaction; each of `record.problems` becomes a new demand."""
    issues = check_visit(record, today or date.today())
    if issues:
        raise InvalidVisit(issues)
    for photo in record.photos:
        if photo.id is None:
            check_photo(photo.file_name, photo.data)
    deadline_days = load_visit_rules(db).deadline_days
    with db.transaction() as session:
        officer = session.get(GuidanceOfficer, record.officer_id)
        enterprise = session.get(Enterprise, record.enterprise_id)
        if officer is None or enterprise is None:
            raise NotFound("所选的党建指导员或企业已不存在，请重新选择。")
        row = Visit() if record.id is None else session.get(Visit, record.id)
        if row is None:
            raise NotFound("该走访记录已不存在，可能已被删除。")
        row.officer_id, row.officer_name, row.enterprise_id = officer.id, officer.name, enterprise.id
        row.visited_on = record.visited_on
        for name in TEXT_FIELDS:
            setattr(row, name, getattr(record, name).strip())
        session.add(row)
        session.flush()
        _store_photos(session, row.id, record.photos)
        raised_by = record.met_person.strip() or enterprise.name
        add_demands(session, [DemandDraft(problem, record.visited_on, DemandSource.VISIT.value, raised_by=raised_by,
                                          enterprise_id=enterprise.id, visit_id=row.id)
                              for problem in record.problems if problem.strip()], deadline_days, user)
        return row.id


def _store_photos(session, visit_id: int, photos: tuple) -> None:
    kept = [p.id for p in photos if p.id is not None]
    for stored in session.scalars(select(VisitPhoto).where(VisitPhoto.visit_id == visit_id)):
        if stored.id not in kept:
            session.delete(stored)
    for index, photo in enumerate(photos):
        if photo.id is None:
            session.add(VisitPhoto(visit_id=visit_id, file_name=photo.file_name, caption=photo.caption,
                                   data=photo.data, sort_order=index))
        else:
            stored = session.get(VisitPhoto, photo.id)
            if stored is not None:
                stored.caption, stored.sort_order = photo.caption, index


def delete_visit(db: Database, visit_id: int) -> None:
    """Refused while demands it raised are in the ledger: a demand must not lose where it came from."""
    with db.transaction() as session:
        row = session.get(Visit, visit_id)
        if row is None:
            raise NotFound("该走访记录已不存在，可能已被删除。")
        raised = session.scalar(select(func.count()).select_from(Demand).where(Demand.visit_id == visit_id))
        if raised:
            raise RuleViolation(f"这次走访提出的 {raised} 件诉求还在诉求台账中，请先在诉求台账中删除它们。")
        session.delete(row)

