"""示范数据: the demo street's 新业态企业 (一企一档), its 党建指导员 with their 包联 and 结对, a year of 走访 and the
诉求台账 they fed. Written in bulk inside load_demo's transaction; the wording is in services.demo_enterprise_texts.

Some enterprises have a party organisation (the demo's 新业态工作党支部 and company branches), about four in ten
carry out party work without one, the rest neither. Most assigned enterprises are visited every quarter, some not
yet in the current one; the newest enterprises of the census have no officer yet, and one changed officer
mid-year. Most demands are closed with a result, some are being handled, a few are overdue and one was declined
with its reason. Deterministic: a fixed seed, dates relative to `today`. EnterpriseScale makes the street bigger.
The values are planned in services.demo_enterprise_street; this module writes them.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..db.models import (
    Demand, DemandEvent, Enterprise, GuidanceOfficer, OfficerAssignment, OfficerPairing, Organization, Visit,
)
from ..domain.progress import Progress
from ..domain.visits import DemandSource, DemandStatus
from . import demo_enterprise_texts as texts
from .demo_enterprise_street import DEMO_SCALE, EVENT_HOURS, PAIRED_PROFILES, EnterpriseScale, Firm, People, StreetPlan
from .demo_meetings import DemoBranch
from .enterprises import enterprise_values


def _first_id(session: Session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def write_demo_enterprises(session: Session, branches: list[DemoBranch], people: People, street: str,
                           communities: dict[str, tuple[str, ...]], today: date, progress: Progress,
                           scale: EnterpriseScale = DEMO_SCALE) -> None:
    """The census, officers, 包联, 结对, visits and demands of the demo street, in the caller's transaction."""
    progress.check()
    progress.report(0, 1, "正在生成示范企业与走访记录…")
    gen = StreetPlan(people, street, communities, today, scale)
    firms, officers = _write_census(session, gen, branches)
    progress.check()
    demands = _write_visits(session, gen, firms, officers)
    progress.check()
    _write_demands(session, gen, branches, firms, demands)


def _write_census(session: Session, gen: StreetPlan, branches: list[DemoBranch]) -> tuple[list[Firm], list[tuple]]:
    """Enterprises, officers (name, unit, post, industries, id), their 包联 and 结对."""
    org_ids = {branch.key: branch.org_id for branch in branches}
    if "sort1" in org_ids:  # the 分拨中心 has a 党总支 over its two branches
        org_ids["sorting_centre"] = session.get(Organization, org_ids["sort1"]).parent_id
    org_names = dict(session.execute(select(Organization.id, Organization.name)
                                     .where(Organization.id.in_(org_ids.values()))).all())
    firms = gen.census(_first_id(session, Enterprise), org_ids, org_names,
                       [m.work_unit for b in branches for m in b.members])
    session.execute(insert(Enterprise), [dict(enterprise_values(f.record), id=f.id) for f in firms])
    first_officer = _first_id(session, GuidanceOfficer)
    officers = [(*officer, first_officer + i) for i, officer in enumerate(gen.officers())]
    session.execute(insert(GuidanceOfficer), [dict(id=officer_id, name=name, unit=unit, post=post,
                                                   phone=gen.people.mobile())
                                              for name, unit, post, _industries, officer_id in officers])
    gen.assign(firms, officers)
    rows = [dict(officer_id=officers[i][4], enterprise_id=f.id, started_on=start, ended_on=end)
            for f in firms for i, start, end in f.assignments]
    branch_officers = {}
    for firm in firms:  # whoever answers for an enterprise of a 党组织 also answers for the organisation
        if firm.record.party_org_id and firm.assignments:
            branch_officers.setdefault(firm.record.party_org_id, firm.assignments[0][:2])
    rows += [dict(officer_id=officers[i][4], org_id=org_id, started_on=start)
             for org_id, (i, start) in branch_officers.items()]
    session.execute(insert(OfficerAssignment), rows)
    pairings = gen.pairings(branches, [officer[4] for officer in officers])
    if pairings:
        session.execute(insert(OfficerPairing), pairings)
    return firms, officers


def _write_visits(session: Session, gen: StreetPlan, firms: list[Firm], officers: list[tuple]) -> list[tuple]:
    """The visits; returns the demands they raised, each with the officer who wrote it down."""
    days = gen.visit_days(firms)
    wanted = round(gen.scale.demands * 0.75)  # raised on visits; the rest from members, grid reports and others
    problems: dict[int, int] = {}
    for index in gen.rng.sample(range(len(days)), len(days)):
        if wanted <= 0:
            break
        problems[index] = 2 if wanted >= 2 and gen.rng.random() < 0.2 else 1
        wanted -= problems[index]
    first_visit, visits, demands = _first_id(session, Visit), [], []
    for index, (firm, day) in enumerate(days):
        name, *_rest, officer_id = officers[firm.officer_on(day)]
        values = gen.values(firm)
        suited = [p for p in texts.VISIT_PROBLEMS if (not p.industries or firm.record.industry in p.industries)
                  and (not p.months or day.month in p.months)]
        raised = gen.rng.sample(suited, problems.get(index, 0))
        visit = gen.visit(firm, day, name, [p.content.format(**values) for p in raised], values)
        visits.append(dict(visit, id=first_visit + index, officer_id=officer_id))
        demands += [(gen.demand(p, values, DemandSource.VISIT.value, visit["met_person"], day, firm.id,
                                first_visit + index), name) for p in raised]
    if visits:
        session.execute(insert(Visit), visits)
    return demands


def _write_demands(session: Session, gen: StreetPlan, branches: list[DemoBranch], firms: list[Firm],
                   demands: list[tuple]) -> None:
    """The rest of the ledger (members, grid reports, the hotline), then every demand's life up to today."""
    members = [m.name for b in branches for m in b.members if b.profile in PAIRED_PROFILES] or ["王磊"]
    riders = [f for f in firms if f.record.industry in ("外卖", "同城配送")] or firms
    declined = max(1, gen.scale.demands // 100)
    others = [texts.DECLINED] * declined
    others += [gen.rng.choice(texts.OTHER_DEMANDS) for _ in range(gen.scale.demands - len(demands) - declined)]
    for number, (source, raised_by, plan) in enumerate(others):
        firm = gen.rng.choice(riders)
        last = gen.today - timedelta(days=45 if number < declined else 0)
        row = gen.demand(plan, gen.values(firm), source, raised_by.format(name=gen.rng.choice(members)),
                         gen.day_between(gen.window_start, last), None if source == DemandSource.GRID else firm.id,
                         None)
        if number < declined:
            row["status"] = DemandStatus.DECLINED.value
        demands.append((row, "党建办"))
    demands.sort(key=lambda pair: (pair[0]["raised_on"], pair[0]["content"]))
    past = [i for i, (row, _user) in enumerate(demands)
            if row["deadline"] < gen.today and row["status"] != DemandStatus.DECLINED]
    recent = [i for i in past if demands[i][0]["deadline"] >= gen.today - timedelta(days=75)]
    wanted = max(2, round(len(past) * 0.04))  # a few overdue, most by weeks rather than months
    overdue = sorted(gen.rng.sample(recent if len(recent) >= wanted else past, min(len(past), wanted)))
    kept_open = {index: DemandStatus.IN_PROGRESS for index in overdue}
    kept_open.update({index: DemandStatus.ACCEPTED for index in overdue[:1]})  # the oldest: nobody took it on
    first_demand, events = _first_id(session, Demand), []
    for index, (row, user) in enumerate(demands):
        row["id"] = first_demand + index
        for day, status, note in gen.life(row, kept_open.get(index)):
            at = datetime.combine(day, time(EVENT_HOURS[status], gen.rng.randint(0, 59)))
            events.append(dict(demand_id=row["id"], at=at, status=status.value, user=user, note=note))
    if demands:
        session.execute(insert(Demand), [row for row, _user in demands])
        session.execute(insert(DemandEvent), events)
