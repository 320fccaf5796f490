"""示范数据, the plan behind the demo street's census: its enterprises, officers, 包联, 结对, visits and demands
as plain values from a fixed seed (services.demo_enterprises writes them). The wording is in
services.demo_enterprise_texts.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol


from ..domain.compliance import Frequency, period_of
from ..domain.credit_code import ALPHABET, credit_check_char
from ..domain.enterprises import EnterpriseRecord, check_enterprise
from ..domain.enums import MobileDirection
from ..domain.member import Severity
from ..domain.visits import DEFAULT_DEADLINE_DAYS, DemandStatus, VisitWay, default_deadline
from . import demo_enterprise_texts as texts
from .demo_meetings import DemoBranch

SEED = 20250415
REGIONS = (("370102", 6), ("370103", 1), ("370104", 1), ("370105", 1), ("370112", 1))  # where firms registered
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 组织机构代码
PAIRED_PROFILES = ("courier", "rider", "ridehail", "freight", "flow")
EVENT_HOURS = {DemandStatus.ACCEPTED: 9, DemandStatus.IN_PROGRESS: 10, DemandStatus.DONE: 16, DemandStatus.DECLINED: 16}
WAYS = ((VisitWay.ON_SITE.value, 75), (VisitWay.PHONE.value, 15), (VisitWay.ONLINE.value, 10))


@dataclass(frozen=True)
class EnterpriseScale:
    """How big the census and its history are. The defaults are the demo street; the benchmark asks for more."""

    enterprises: int = len(texts.ENTERPRISES)
    officers: int = len(texts.OFFICERS)
    months: int = 12           # visits and demands of this many months up to today
    visits: int | None = None  # exactly this many; None: about 1.1 per assigned enterprise and quarter
    demands: int = 80
    unassigned: int = 4        # the newest enterprises of the census, not yet given an officer


DEMO_SCALE = EnterpriseScale()


class People(Protocol):
    """Invents names and phone numbers (services.demo's generator)."""

    def name(self, sex: str, age: int) -> str: ...

    def mobile(self) -> str: ...

    def landline(self) -> str: ...


@dataclass
class Firm:
    id: int
    record: EnterpriseRecord
    manager: str                 # who receives the officers (met_person)
    coverage: str                # a key of texts.PARTY_WORK
    since: date                  # on the census (and 包联) from
    assignments: list[list] = field(default_factory=list)  # [officer index, started_on, ended_on]

    def officer_on(self, day: date) -> int:
        return next(i for i, start, end in self.assignments if start <= day and (end is None or day < end))


class StreetPlan:
    """Draws everything from one seeded random source, in a fixed order."""

    def __init__(self, people: People, street: str, communities: dict[str, tuple[str, ...]], today: date,
                 scale: EnterpriseScale):
        self.people, self.street, self.communities = people, street, communities
        self.today, self.scale = today, scale
        self.rng = random.Random(SEED)
        self.units: dict[str, str] = {}  # responsible unit → the person there who handles demands
        self.window_start = today - timedelta(days=round(scale.months * 30.44))

    def weighted(self, pairs):
        values, weights = zip(*pairs)
        return self.rng.choices(values, weights)[0]

    @staticmethod
    def has_working_day(first: date, last: date) -> bool:
        return any((first + timedelta(days=i)).weekday() < 5 for i in range(min(7, (last - first).days + 1)))

    def day_between(self, first: date, last: date) -> date:
        """A working day between first and last when there is one."""
        day = first + timedelta(days=self.rng.randint(0, (last - first).days))
        for shift in (0, -1, -2, 1, 2):
            moved = day + timedelta(days=shift)
            if first <= moved <= last and moved.weekday() < 5:
                return moved
        return day

    def values(self, firm: Firm) -> dict:
        record, rng = firm.record, self.rng
        community = record.community.removesuffix("社区")
        return dict(s=self.street, community=record.community, compound=rng.choice(self.communities[community]),
                    road=rng.choice(texts.ROADS), n=record.employees, u35=record.employees_under_35,
                    m=record.party_members or 0, volume=rng.randint(*texts.VOLUMES[record.industry]),
                    trend=rng.choice(texts.TRENDS), k=rng.randint(2, 6), org=record.party_org_name,
                    worker=texts.WORKERS[record.industry], met=f"{texts.MANAGERS[record.industry]}{firm.manager}")

    # --- the census -------------------------------------------------------------------------------------------

    def plans(self) -> list[tuple[texts.EnterprisePlan, str]]:
        """The demo's own enterprises, then more outlets of the same brands elsewhere until there are enough."""
        chosen = [(plan, plan.place) for plan in texts.ENTERPRISES][:self.scale.enterprises]
        names = {plan.pattern.format(p=place) for plan, place in chosen}
        for place in texts.MORE_PLACES:
            for plan in texts.ENTERPRISES:
                name = plan.pattern.format(p=place)
                if len(chosen) < self.scale.enterprises and "{p}" in plan.pattern and name not in names:
                    chosen.append((plan._replace(org_key=""), place))
                    names.add(name)
        return chosen

    def credit_code(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:  # registered since 2015: "MA" organisation codes
            body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        check = 11 - sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS)) % 11
        first17 = f"91{self.weighted(REGIONS)}{body}" + {10: "X", 11: "0"}.get(check, str(check))
        return first17 + credit_check_char(first17)

    def firm(self, index: int, plan: texts.EnterprisePlan, place: str, org: tuple[int, str] | None,
             since: date, work_units: list[str]) -> Firm:
        rng, people, industry = self.rng, self.people, plan.industry
        name = plan.pattern.format(p=place)
        low, high = texts.SIZES[industry]
        employees = rng.randint(low, high) * (3 if any(word in name for word in texts.LARGE_WORDS) else 1)
        coverage = "org" if org else rng.choice(("work", "none"))
        # The party members of an enterprise with an organisation are the demo members working there.
        listed = (sum(unit.startswith(name) for unit in work_units)
                  or sum(bool(plan.brand) and unit.startswith(plan.brand) for unit in work_units))
        members = {"org": listed or rng.randint(3, 12), "work": rng.choice((0, 1, 1, 2, 3)), "none": 0}[coverage]
        employees = max(employees, members * 4)
        if coverage == "work" and not members:
            coverage = "work_none"
        community = texts.PLACE_COMMUNITY.get(place) or rng.choice(sorted(self.communities))
        road = place if place in texts.ROADS else rng.choice(texts.ROADS)
        legal_rep = people.name("男" if rng.random() < 0.7 else "女", rng.randint(30, 55))
        manager = legal_rep if rng.random() < 0.3 else people.name("男" if rng.random() < 0.75 else "女",
                                                                   rng.randint(26, 45))
        record = EnterpriseRecord(
            name=name, credit_code=self.credit_code(), industry=industry, brand=plan.brand,
            address=f"{self.street}{road}{rng.randint(1, 260)}号", community=f"{community}社区", legal_rep=legal_rep,
            legal_rep_is_member=rng.random() < {"org": 0.5, "work": 0.25}.get(coverage, 0.0),
            employees=employees, employees_under_35=round(employees * rng.uniform(*texts.UNDER_35[industry])),
            party_members=None if coverage == "none" and rng.random() < 0.15 else members,
            party_org_id=org[0] if org else None, party_org_name=org[1] if org else "",
            party_work=coverage in ("work", "work_none"),
            outlets=rng.randint(2, 8) if any(word in name for word in texts.LARGE_WORDS) else 1,
            phone=people.mobile() if rng.random() < 0.8 else people.landline(),
            note=f"{since:%Y年%m月}摸排新增" if since > self.window_start else "")
        return Firm(index, record, manager, coverage, since)

    def census(self, first_id: int, org_ids: dict[str, int], org_names: dict[int, str],
               work_units: list[str]) -> list[Firm]:
        plans = self.plans()
        unlinked = [i for i, (plan, _p) in enumerate(plans) if plan.org_key not in org_ids]
        newest = set(self.rng.sample(unlinked, min(self.scale.unassigned, len(unlinked))))
        joined = set(self.rng.sample(sorted(set(unlinked) - newest), min(len(unlinked) - len(newest),
                                                                          max(1, len(plans) // 10))))
        firms = []
        for index, (plan, place) in enumerate(plans):
            if index in newest:
                since = self.today - timedelta(days=self.rng.randint(10, 75))
            elif index in joined:
                since = self.window_start + timedelta(days=self.rng.randint(30, 200))
            else:
                since = self.window_start - timedelta(days=self.rng.randint(30, 900))
            org_id = org_ids.get(plan.org_key)
            firms.append(self.firm(first_id + index, plan, place, (org_id, org_names[org_id]) if org_id else None,
                                   since, work_units))
        blank = self.rng.choice([f for f in firms if f.coverage == "none"] or firms)  # a line still to check
        blank.record = blank.record.with_changes(credit_code="", note="统一社会信用代码待企业提供")
        for firm in firms:
            _record, issues = check_enterprise(firm.record)
            if any(i.severity is Severity.ERROR for i in issues):
                raise AssertionError(f"示范企业不合规（程序错误）：{firm.record.name} {issues}")
        return firms

    # --- officers, 包联 and 结对 -------------------------------------------------------------------------------

    def officers(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        chosen = list(texts.OFFICERS[:self.scale.officers])
        names = {name for name, *_rest in chosen}
        while len(chosen) < self.scale.officers:
            name = self.people.name("男" if self.rng.random() < 0.55 else "女", self.rng.randint(30, 55))
            if name not in names:
                names.add(name)
                chosen.append((name, self.rng.choice(texts.MORE_OFFICER_UNITS),
                               self.rng.choice(texts.MORE_OFFICER_POSTS), ()))
        return [(name, unit.format(s=self.street), post, industries) for name, unit, post, industries in chosen]

    def assign(self, firms: list[Firm], officers: list[tuple]) -> None:
        """Each enterprise (but the newest) to the least busy officer for its industry; one is reassigned."""
        load = [0] * len(officers)
        for firm in firms:
            if firm.since > self.today - timedelta(days=80):
                continue
            suited = [i for i, officer in enumerate(officers) if firm.record.industry in officer[3]] or \
                [i for i, officer in enumerate(officers) if not officer[3]] or list(range(len(officers)))
            officer = min(suited, key=lambda i: (load[i], i))
            load[officer] += 1
            start = max(firm.since, self.window_start - timedelta(days=self.rng.randint(0, 60)))
            firm.assignments.append([officer, start, None])
        moved = self.rng.choice([f for f in firms if f.assignments and f.since < self.window_start])
        handover = self.today - timedelta(days=self.rng.randint(140, 200))
        others = [i for i in range(len(officers)) if i != moved.assignments[0][0]]
        successor = min([i for i in others if moved.record.industry in officers[i][3]] or others,
                        key=lambda i: (load[i], i))
        moved.assignments[0][2] = handover
        moved.assignments.append([successor, handover, None])

    def pairings(self, branches: list[DemoBranch], officer_ids: list[int]) -> list[dict]:
        """结对: a few 流入党员 of the new-economy branches with an officer each; one pairing has ended."""
        inflow = [m for b in branches if b.profile in PAIRED_PROFILES for m in b.members
                  if m.mobile_direction == MobileDirection.INFLOW]
        rows = []
        for number, member in enumerate(self.rng.sample(inflow, min(8, len(inflow)))):
            started = self.window_start + timedelta(days=self.rng.randint(0, 200))
            ended = started + timedelta(days=self.rng.randint(60, 120)) if number == 0 else None
            rows.append(dict(officer_id=officer_ids[number % len(officer_ids)], member_id=member.id,
                             started_on=started, ended_on=ended))
        return rows

    # --- 走访 --------------------------------------------------------------------------------------------------

    def visit_days(self, firms: list[Firm]) -> list[tuple[Firm, date]]:
        """Once a quarter for most (some not yet this quarter, a few neglected), plus some second visits."""
        assigned = [f for f in firms if f.assignments]
        neglected = {f.id for f in self.rng.sample(assigned, min(3, len(assigned)))}
        slots, quarter = [], period_of(self.window_start, Frequency.QUARTER)
        while quarter.start <= self.today:
            elapsed = (self.today - quarter.start).days / (quarter.end - quarter.start).days
            for firm in assigned:
                first, last = max(quarter.start, firm.assignments[0][1], self.window_start), min(quarter.end,
                                                                                                 self.today)
                wanted = (0.2 + 0.7 * elapsed if quarter.end >= self.today
                          else 0.55 if firm.id in neglected else 0.95)
                if self.has_working_day(first, last) and self.rng.random() < wanted:
                    slots.append((firm, first, last))
            quarter = period_of(quarter.end + timedelta(days=1), Frequency.QUARTER)
        target = self.scale.visits if self.scale.visits is not None else round(len(slots) * 1.1)
        if target <= len(slots):
            slots = [slots[i] for i in sorted(self.rng.sample(range(len(slots)), target))]
        else:
            slots += [self.rng.choice(slots) for _ in range(target - len(slots))]
        return sorted(((firm, self.day_between(first, last)) for firm, first, last in slots),
                      key=lambda pair: (pair[1], pair[0].id))

    def visit(self, firm: Firm, day: date, officer: str, problems: list[str], values: dict) -> dict:
        rng, industry = self.rng, firm.record.industry
        way = self.weighted(WAYS)
        findings = rng.choice(texts.FINDINGS[way]).format(**values) + (
            texts.RAISED.format(problems="；".join(problems), **values) if problems else texts.NO_PROBLEM)
        return dict(officer_name=officer, enterprise_id=firm.id, visited_on=day, way=way, met_person=values["met"],
                    business_situation=rng.choice(texts.BUSINESS[industry]).format(**values),
                    party_work_situation=rng.choice(texts.PARTY_WORK[firm.coverage]).format(**values),
                    findings=findings, follow_up=texts.FOLLOW_PROBLEMS if problems else rng.choice(
                        texts.FOLLOW_UP).format(**values))

    # --- 诉求 --------------------------------------------------------------------------------------------------

    def life(self, demand: dict, kept_open: DemandStatus | None) -> list[tuple[date, DemandStatus, str]]:
        """Status, outcome and closing day of a demand as of today (`kept_open`: left open in that status whatever
        its deadline); returns its events (day, status, note)."""
        rng, raised, deadline = self.rng, demand["raised_on"], demand["deadline"]
        outcome, note = demand.pop("outcome"), texts.PROGRESS_NOTE.format(unit=demand["responsible_unit"])
        handled = min(raised + timedelta(days=rng.randint(1, 3)), self.today)
        if demand["status"] == DemandStatus.DECLINED:
            demand.update(outcome=outcome, closed_on=raised + timedelta(days=rng.randint(2, 6)))
            return [(raised, DemandStatus.ACCEPTED, "登记受理"), (demand["closed_on"], DemandStatus.DECLINED, outcome)]
        events = [(raised, DemandStatus.ACCEPTED, "登记受理")]
        age = (self.today - raised).days
        if kept_open is None and deadline >= self.today and (age <= 7 or rng.random() < 0.65):
            kept_open = DemandStatus.IN_PROGRESS if age > 2 and rng.random() < 0.75 else DemandStatus.ACCEPTED
        if kept_open is DemandStatus.IN_PROGRESS:
            demand["status"] = kept_open.value
            events.append((handled, kept_open, note))
        if kept_open is not None:
            return events
        late = deadline < self.today and rng.random() < 0.1
        closed = (deadline + timedelta(days=rng.randint(1, 10)) if late
                  else raised + timedelta(days=rng.randint(3, max(3, (deadline - raised).days - 1))))
        closed = max(handled, min(closed, self.today))
        demand.update(status=DemandStatus.DONE.value, outcome=outcome, closed_on=closed)
        return events + [(handled, DemandStatus.IN_PROGRESS, note), (closed, DemandStatus.DONE, outcome)]

    def demand(self, plan: texts.DemandPlan, values: dict, source: str, raised_by: str, raised_on: date,
               enterprise_id: int | None, visit_id: int | None) -> dict:
        unit = plan.unit.format(**values)
        if unit not in self.units:
            self.units[unit] = self.people.name("男" if self.rng.random() < 0.5 else "女", self.rng.randint(28, 55))
        days = 15 if self.rng.random() < 0.15 else DEFAULT_DEADLINE_DAYS
        return dict(source=source, visit_id=visit_id, enterprise_id=enterprise_id,
                    content=plan.content.format(**values), category=plan.category, raised_by=raised_by,
                    raised_on=raised_on, responsible_unit=unit, responsible_person=self.units[unit],
                    deadline=default_deadline(raised_on, days), status=DemandStatus.ACCEPTED.value,
                    outcome=plan.outcome.format(**values), closed_on=None)
