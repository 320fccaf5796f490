"""The 企业与走访 dashboard: 两个覆盖, 包点联系, 定期走访 and the open demands, as of one day.

Decisions (see the issue-4 note): an enterprise counts as assigned when an assignment runs on the as-of day;
it counts as visited when it had at least the required number of visits (by any officer — a visit by the
officer before a reassignment still counts) from the start of the frequency period containing the as-of day
up to that day.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from ..db.models import Demand, Enterprise, GuidanceOfficer, OfficerAssignment, Visit
from ..domain.compliance import Period
from ..domain.enterprises import Industry
from ..domain.visits import NEAR_DEADLINE_DAYS
from .database import Database
from .demands import open_on
from .officers import running_on
from .visit_rules import load_visit_rules


@dataclass(frozen=True)
class CoverageCounts:
    enterprises: int = 0
    with_party_org: int = 0      # 组织覆盖
    with_party_work: int = 0     # 工作覆盖: a party organisation, or party work without one
    with_officer: int = 0        # 包点联系 on the as-of day
    visited_within_frequency: int = 0  # assigned and visited enough in the current period

    def rate(self, count: int) -> float:
        return count / self.enterprises if self.enterprises else 0.0


@dataclass(frozen=True)
class OfficerMonth:
    officer_id: int
    name: str
    assigned: int            # enterprises they answer for on the as-of day
    visits_this_month: int
    due: int                 # of their enterprises, those not yet visited enough this period


@dataclass
class Dashboard:
    as_of: date
    period: Period
    frequency_label: str
    overall: CoverageCounts
    by_industry: dict[str, CoverageCounts]
    unassigned_ids: list[int] = field(default_factory=list)   # enterprises without an officer
    not_visited_ids: list[int] = field(default_factory=list)  # assigned, not visited enough this period
    open_demand_ids: list[int] = field(default_factory=list)
    overdue_demand_ids: list[int] = field(default_factory=list)
    near_deadline_ids: list[int] = field(default_factory=list)
    officers: list[OfficerMonth] = field(default_factory=list)


def dashboard(db: Database, as_of: date | None = None) -> Dashboard:
    day = as_of or date.today()
    frequency = load_visit_rules(db).frequency
    period = frequency.period(day)
    first, last = frequency.window(day)
    with db.reading() as session:
        enterprises = session.execute(select(Enterprise.id, Enterprise.industry, Enterprise.party_org_id,
                                             Enterprise.party_work)).all()
        officer_of = dict(session.execute(
            select(OfficerAssignment.enterprise_id, OfficerAssignment.officer_id)
            .where(OfficerAssignment.enterprise_id.is_not(None), running_on(OfficerAssignment, day))).all())
        visits = dict(session.execute(
            select(Visit.enterprise_id, func.count()).where(Visit.visited_on >= first, Visit.visited_on <= last)
            .group_by(Visit.enterprise_id)).all())
        month_visits = dict(session.execute(
            select(Visit.officer_id, func.count()).where(Visit.visited_on >= day.replace(day=1),
                                                         Visit.visited_on <= day)
            .group_by(Visit.officer_id)).all())
        officers = session.execute(select(GuidanceOfficer.id, GuidanceOfficer.name, GuidanceOfficer.active)
                                   .order_by(GuidanceOfficer.id)).all()
        demands = session.execute(select(Demand.id, Demand.deadline)
                                  .where(open_on(day), Demand.raised_on <= day)
                                  .order_by(Demand.deadline, Demand.id)).all()
    result = Dashboard(day, period, frequency.label, CoverageCounts(), {})
    tallies: dict[str, Counter] = defaultdict(Counter)
    assigned, due = Counter(), Counter()
    for enterprise_id, industry, org_id, party_work, in enterprises:
        officer = officer_of.get(enterprise_id)
        visited = officer is not None and visits.get(enterprise_id, 0) >= frequency.minimum
        marks = {"enterprises": True, "with_party_org": org_id is not None,
                 "with_party_work": org_id is not None or party_work, "with_officer": officer is not None,
                 "visited_within_frequency": visited}
        for key in (industry, ""):
            tallies[key].update(name for name, on in marks.items() if on)
        if officer is None:
            result.unassigned_ids.append(enterprise_id)
            continue
        assigned[officer] += 1
        if not visited:
            result.not_visited_ids.append(enterprise_id)
            due[officer] += 1
    result.overall = CoverageCounts(**tallies.pop("", Counter()))
    result.by_industry = {industry.value: CoverageCounts(**tallies.get(industry.value, Counter()))
                          for industry in Industry}
    result.by_industry.update({name: CoverageCounts(**counts) for name, counts in tallies.items()
                               if name not in result.by_industry})
    for demand_id, deadline in demands:     # each open on the as-of day
        result.open_demand_ids.append(demand_id)
        if day > deadline:
            result.overdue_demand_ids.append(demand_id)
        elif deadline <= day + timedelta(days=NEAR_DEADLINE_DAYS):
            result.near_deadline_ids.append(demand_id)
    result.officers = [OfficerMonth(officer_id, name, assigned[officer_id], month_visits.get(officer_id, 0),
                                    due[officer_id])
                       for officer_id, name, active in officers if active or assigned[officer_id]]
    return result
