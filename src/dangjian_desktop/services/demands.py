"""诉求台账: "收到一件、落实一件" — every demand has an owner and a deadline, and is closed only with a result."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, insert, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..db.models import Demand, DemandEvent, Enterprise
from ..domain.visits import (
    OPEN_STATUSES, DemandCategory, DemandSource, DemandStatus, check_transition, default_deadline, is_overdue,
)
from .database import Database
from .errors import NotFound, RuleViolation
from .visit_rules import load_visit_rules


# The columns a list shows, read as plain rows: ORM objects for 3,000 demands took three times as long.
LISTED = (Demand.id, Demand.source, Demand.content, Demand.category, Demand.raised_by, Demand.raised_on,
          Demand.responsible_unit, Demand.responsible_person, Demand.deadline, Demand.status, Demand.outcome,
          Demand.closed_on, Demand.enterprise_id, Demand.visit_id)


@dataclass(frozen=True)
class DemandDraft:
    """What a user enters about a demand. deadline None = the setting's default after raised_on."""

    content: str
    raised_on: date
    source: str = DemandSource.OTHER.value
    category: str = DemandCategory.OTHER.value
    raised_by: str = ""
    responsible_unit: str = ""
    responsible_person: str = ""
    deadline: date | None = None
    enterprise_id: int | None = None
    visit_id: int | None = None


@dataclass(frozen=True)
class DemandInfo:
    id: int
    source: str
    content: str
    category: str
    raised_by: str
    raised_on: date
    responsible_unit: str
    responsible_person: str
    deadline: date
    status: str
    outcome: str
    closed_on: date | None
    enterprise_id: int | None
    enterprise_name: str
    visit_id: int | None
    overdue: bool  # as of the day the list was asked for

    def draft(self) -> DemandDraft:
        return DemandDraft(self.content, self.raised_on, self.source, self.category, self.raised_by,
                           self.responsible_unit, self.responsible_person, self.deadline, self.enterprise_id,
                           self.visit_id)


@dataclass(frozen=True)
class DemandEventInfo:
    at: datetime
    status: str
    user: str
    note: str


def _check_draft(draft: DemandDraft) -> None:
    if not draft.content.strip():
        raise RuleViolation("请填写诉求内容。")
    if draft.source not in DemandSource.__members__.values():
        raise RuleViolation(f"诉求来源应为：{'、'.join(DemandSource)}")
    if draft.category not in DemandCategory.__members__.values():
        raise RuleViolation(f"诉求类别应为：{'、'.join(DemandCategory)}")
    if draft.deadline is not None and draft.deadline < draft.raised_on:
        raise RuleViolation("办理期限不能早于提出日期。")


def add_demands(session: Session, drafts: list[DemandDraft], deadline_days: int, user: str = "") -> list[int]:
    """Write new demands (已受理) inside the caller's transaction, each with its first event — two bulk inserts,
    since a visit ledger import raises thousands at once."""
    for draft in drafts:
        _check_draft(draft)
    if not drafts:
        return []
    rows = [dict(source=d.source, visit_id=d.visit_id, enterprise_id=d.enterprise_id, content=d.content.strip(),
                 category=d.category, raised_by=d.raised_by.strip(), raised_on=d.raised_on,
                 responsible_unit=d.responsible_unit.strip(), responsible_person=d.responsible_person.strip(),
                 deadline=d.deadline or default_deadline(d.raised_on, deadline_days),
                 status=DemandStatus.ACCEPTED.value, outcome="") for d in drafts]
    ids = list(session.scalars(insert(Demand).returning(Demand.id, sort_by_parameter_order=True), rows))
    now = datetime.now()
    session.execute(insert(DemandEvent), [dict(demand_id=demand_id, at=now, status=DemandStatus.ACCEPTED.value,
                                               user=user, note="登记受理") for demand_id in ids])
    return ids


def add_demand(db: Database, draft: DemandDraft, user: str = "") -> int:
    days = load_visit_rules(db).deadline_days
    with db.transaction() as session:
        return add_demands(session, [draft], days, user)[0]


def update_demand(db: Database, demand_id: int, draft: DemandDraft) -> None:
    """Edit what was raised and who answers for it; the status changes only through change_status."""
    _check_draft(draft)
    with db.transaction() as session:
        row = _load(session, demand_id)
        if (draft.deadline or row.deadline) < draft.raised_on:
            raise RuleViolation("办理期限不能早于提出日期。")
        row.content, row.category, row.source = draft.content.strip(), draft.category, draft.source
        row.raised_by, row.raised_on = draft.raised_by.strip(), draft.raised_on
        row.responsible_unit, row.responsible_person = draft.responsible_unit.strip(), draft.responsible_person.strip()
        row.deadline = draft.deadline or row.deadline
        row.enterprise_id = draft.enterprise_id


def change_status(db: Database, demand_id: int, status: str, *, outcome: str = "", closed_on: date | None = None,
                  user: str = "", note: str = "") -> None:
    """Move a demand on (已受理 → 办理中 → 已办结 / 不予受理, or reopen); refused without a result."""
    with db.transaction() as session:
        row = _load(session, demand_id)
        target = DemandStatus(status)
        error = check_transition(row.status, target, outcome, closed_on, row.raised_on)
        if error:
            raise RuleViolation(error + "。")
        if target.is_open:
            row.outcome, row.closed_on = (row.outcome if target == row.status else ""), None
        else:
            row.outcome = outcome.strip()
            row.closed_on = closed_on if target is DemandStatus.DONE else (closed_on or date.today())
        row.status = target.value
        words = note.strip() or (outcome.strip() if not target.is_open else "")
        session.add(DemandEvent(demand_id=row.id, status=target.value, user=user, note=words))


def delete_demand(db: Database, demand_id: int) -> None:
    with db.transaction() as session:
        session.delete(_load(session, demand_id))


def _load(session: Session, demand_id: int) -> Demand:
    row = session.get(Demand, demand_id)
    if row is None:
        raise NotFound("该诉求已不存在，可能已被删除。")
    return row


def open_on(day: date):
    """SQL condition: the demand was open on `day` — open now, or closed (or declined) after that day."""
    return or_(Demand.status.in_([s.value for s in OPEN_STATUSES]), Demand.closed_on > day)


def narrowed(query: Select, equal: Iterable[tuple[InstrumentedAttribute, object]], dated: InstrumentedAttribute,
             first: date | None, last: date | None) -> Select:
    """`query` kept to the rows whose columns hold the `equal` values and whose `dated` column lies from `first`
    to `last`; a None value or bound sets no condition. The lists of demands and of visits filter alike."""
    for column, value in equal:
        if value is not None:
            query = query.where(column == value)
    if first is not None:
        query = query.where(dated >= first)
    if last is not None:
        query = query.where(dated <= last)
    return query


def list_demands(db: Database, *, as_of: date | None = None, statuses: list[str] | None = None,
                 overdue_only: bool = False, enterprise_id: int | None = None, visit_id: int | None = None,
                 raised_from: date | None = None, raised_to: date | None = None,
                 ids: list[int] | None = None) -> list[DemandInfo]:
    """Demands, newest first; `overdue` is judged on `as_of` (default today)."""
    day = as_of or date.today()
    query = (select(*LISTED, Enterprise.name).outerjoin(Enterprise, Enterprise.id == Demand.enterprise_id)
             .order_by(Demand.raised_on.desc(), Demand.id.desc()))
    if overdue_only:
        query = query.where(open_on(day), Demand.deadline < day)
    for column, value in ((Demand.status, statuses), (Demand.id, ids)):
        if value is not None:
            query = query.where(column.in_(value))
    query = narrowed(query, ((Demand.enterprise_id, enterprise_id), (Demand.visit_id, visit_id)), Demand.raised_on,
                     raised_from, raised_to)
    with db.reading() as session:
        return [DemandInfo(d.id, d.source, d.content, d.category, d.raised_by, d.raised_on, d.responsible_unit,
                           d.responsible_person, d.deadline, d.status, d.outcome, d.closed_on, d.enterprise_id,
                           d.name or "", d.visit_id, is_overdue(d.status, d.deadline, day, d.closed_on))
                for d in session.execute(query)]


def get_demand(db: Database, demand_id: int, as_of: date | None = None) -> DemandInfo:
    found = list_demands(db, as_of=as_of, ids=[demand_id])
    if not found:
        raise NotFound("该诉求已不存在，可能已被删除。")
    return found[0]


def demand_events(db: Database, demand_id: int) -> list[DemandEventInfo]:
    with db.reading() as session:
        return [DemandEventInfo(e.at, e.status, e.user, e.note) for e in session.scalars(
            select(DemandEvent).where(DemandEvent.demand_id == demand_id).order_by(DemandEvent.at, DemandEvent.id))]

