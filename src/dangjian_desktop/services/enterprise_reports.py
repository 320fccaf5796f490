"""The enterprise work on paper and in Excel: the 走访记录表 of a visit, the 一企一档 profile, the monthly work
reports of an officer and of the street (and month_summary(), the figures they print, for the GUI too), and the
census, visit and demand ledgers.

Monthly figures: the month is counted up to its last day, or up to today while it is running. An officer's month
covers the visits they made, the demands raised by any of their visits or concerning an enterprise they answer
for on that day, and the 两个覆盖 of those enterprises. A demand counts as open on a day when it was raised by
then and not closed by then (its 办结/不予受理 date), so a past month reads the same after its demands are closed.

reportlab and openpyxl are imported inside the functions: start-up must not pay for them (DESIGN §10).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from ..db.models import Demand, Enterprise, Visit
from ..domain.compliance import Period
from ..domain.enterprises import Industry
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.visits import DemandStatus, VisitWay
from .audit import AuditAction, output_logged
from .coverage import CoverageCounts, OfficerMonth, dashboard
from .database import Database
from .demands import DemandInfo, list_demands
from .enterprises import get_enterprise, list_enterprises
from .errors import RuleViolation
from .meeting_reports import street_name
from .officers import assignments, get_officer
from .visits import VisitInfo, get_visit, list_visits


@dataclass(frozen=True)
class MonthSummary:
    month: date                   # its first day
    as_of: date                   # its last day, or today in the running month
    officer_id: int | None        # None: the whole street
    officer_name: str
    officer_unit: str
    period: Period                # the visit-frequency period containing as_of
    period_label: str             # 2026年第4季度
    frequency_label: str          # 每季度至少1次
    visits: tuple[VisitInfo, ...]                 # made in the month, by date
    visits_by_way: tuple[tuple[str, int], ...]    # every way, 实地 first
    enterprises_visited: int
    assigned: int                 # enterprises with an officer (the officer's own) on as_of
    not_visited: int              # of those, not visited enough in the period so far
    received: tuple[DemandInfo, ...]      # raised in the month
    closed: tuple[DemandInfo, ...]        # 已办结 in the month
    declined: tuple[DemandInfo, ...]      # 不予受理 in the month
    open_at_end: tuple[DemandInfo, ...]   # open on as_of (`overdue` is as of that day)
    coverage: CoverageCounts
    coverage_by_industry: dict[str, CoverageCounts]
    officer_visits: tuple[tuple[str, int], ...]   # street: each officer's visits in the month, 0 included

    @property
    def overdue_at_end(self) -> tuple[DemandInfo, ...]:
        return tuple(d for d in self.open_at_end if d.overdue)

    @property
    def demands(self) -> tuple[DemandInfo, ...]:
        """What the report's table lists: raised or closed in the month, or overdue at its end; by date."""
        chosen = {d.id: d for group in (self.received, self.closed, self.declined, self.overdue_at_end) for d in group}
        return tuple(sorted(chosen.values(), key=lambda d: (d.raised_on, d.id)))


def period_label(period: Period) -> str:
    """2026年第4季度, 2026年11月, 2026年 (from the period's key: 2026-Q4, 2026-11, 2026)."""
    year, _, rest = period.key.partition("-")
    if rest.startswith("Q"):
        return f"{year}年第{rest[1:]}季度"
    return f"{year}年{int(rest)}月" if rest else f"{year}年"


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _open_on(demand: DemandInfo, day: date) -> bool:
    return demand.raised_on <= day and (demand.closed_on is None or demand.closed_on > day)


def month_summary(db: Database, month: date, officer_id: int | None = None, *, today: date | None = None
                  ) -> MonthSummary:
    """The month containing `month` (any day of it), for the officer or, with None, for the whole street."""
    first = month.replace(day=1)
    current = today or date.today()
    if first > current:
        raise RuleViolation(f"{first.year}年{first.month}月还没有到，无法统计。")
    as_of = min(month_end(first), current)
    officer = get_officer(db, officer_id) if officer_id is not None else None
    board = dashboard(db, as_of)
    visits = tuple(reversed(list_visits(db, officer_id=officer_id, date_from=first, date_to=as_of)))
    ways = Counter(v.way for v in visits)

    if officer is None:
        coverage, by_industry = board.overall, board.by_industry
        assigned, not_visited = board.overall.with_officer, len(board.not_visited_ids)
        demands = list_demands(db, as_of=as_of, raised_to=as_of)
    else:
        own_ids = [a.target_id for a in assignments(db, officer_id=officer_id)
                   if a.target == "企业" and a.started_on <= as_of and (a.ended_on is None or a.ended_on > as_of)]
        coverage, by_industry = _own_coverage(db, own_ids, set(board.not_visited_ids), as_of)
        assigned, not_visited = coverage.enterprises, coverage.enterprises - coverage.visited_within_frequency
        own_visits = {v.id for v in list_visits(db, officer_id=officer_id)}
        owned = set(own_ids)
        demands = [d for d in list_demands(db, as_of=as_of, raised_to=as_of)
                   if d.visit_id in own_visits or d.enterprise_id in owned]
    # `overdue` as of the month's end, from the dates: a demand closed since was still open then
    demands = [replace(d, overdue=_open_on(d, as_of) and as_of > d.deadline) for d in demands]

    def closed_in_month(status: DemandStatus) -> tuple[DemandInfo, ...]:
        return tuple(d for d in demands if d.status == status and d.closed_on and first <= d.closed_on <= as_of)

    return MonthSummary(
        month=first, as_of=as_of, officer_id=officer_id, officer_name=officer.name if officer else "",
        officer_unit=officer.unit if officer else "", period=board.period, period_label=period_label(board.period),
        frequency_label=board.frequency_label,
        visits=visits, visits_by_way=tuple((way.value, ways[way.value]) for way in VisitWay),
        enterprises_visited=len({v.enterprise_id for v in visits}), assigned=assigned, not_visited=not_visited,
        received=tuple(d for d in demands if d.raised_on >= first), closed=closed_in_month(DemandStatus.DONE),
        declined=closed_in_month(DemandStatus.DECLINED), open_at_end=tuple(d for d in demands if _open_on(d, as_of)),
        coverage=coverage, coverage_by_industry=by_industry,
        officer_visits=_officer_visits(board.officers, visits) if officer is None else (),
    )


def _own_coverage(db: Database, enterprise_ids: list[int], not_visited: set[int], as_of: date
                  ) -> tuple[CoverageCounts, dict[str, CoverageCounts]]:
    """两个覆盖 of an officer's enterprises (all of them have an officer: this one)."""
    tallies: dict[str, Counter] = defaultdict(Counter)
    for info in list_enterprises(db, ids=enterprise_ids, as_of=as_of) if enterprise_ids else []:
        marks = {"enterprises": True, "with_party_org": info.record.org_covered,
                 "with_party_work": info.record.work_covered, "with_officer": True,
                 "visited_within_frequency": info.id not in not_visited}
        for key in (info.record.industry, ""):
            tallies[key].update(name for name, on in marks.items() if on)
    total = CoverageCounts(**tallies.pop("", Counter()))
    by_industry = {industry.value: CoverageCounts(**tallies.pop(industry.value, Counter())) for industry in Industry}
    by_industry.update({name: CoverageCounts(**counts) for name, counts in tallies.items()})
    return total, by_industry


def _officer_visits(officers: list[OfficerMonth], visits: tuple[VisitInfo, ...]) -> tuple[tuple[str, int], ...]:
    """Every officer the dashboard lists (in service or answering for an enterprise), then anyone else who
    visited in the month."""
    counts = Counter(v.officer_id for v in visits)
    names = {v.officer_id: v.officer_name for v in visits}
    result = [(o.name, counts.pop(o.officer_id, 0)) for o in officers]
    result += [(names[officer_id], count) for officer_id, count in counts.items()]
    return tuple(result)


def _visit_lines(visits: Iterable[VisitInfo]):  # noqa: ANN202 - reports' VisitLine, imported lazily
    from ..reports.work_tables import VisitLine

    return tuple(VisitLine(v.visited_on, v.officer_name, v.enterprise_name, v.way, v.met_person, v.findings,
                           v.demands) for v in visits)


def _demand_lines(demands: Iterable[DemandInfo]):  # noqa: ANN202 - reports' DemandLine, imported lazily
    from ..reports.work_tables import DemandLine

    return tuple(DemandLine(d.raised_on, d.source, d.enterprise_name, d.content,
                            " ".join(part for part in (d.responsible_unit, d.responsible_person) if part),
                            d.deadline, d.status, d.outcome, d.closed_on, d.overdue) for d in demands)


def write_visit_pdf(db: Database, visit_id: int, path: Path | str, *, progress: Progress = NO_PROGRESS,
                    today: date | None = None) -> int:
    """The 走访记录表 of one visit, with where each demand it raised stands on `today`; returns the page count."""
    from ..reports.visit_pdf import ProblemLine, VisitSheet
    from ..reports.visit_pdf import write_visit_pdf as render

    with output_logged(db, AuditAction.PRINT, path, "走访记录表") as entry:
        visit = get_visit(db, visit_id)
        enterprise = get_enterprise(db, visit.enterprise_id).record
        entry.target = f"走访记录表：{enterprise.name} {visit.visited_on:%Y-%m-%d} {visit.officer_name}"
        raised = sorted(list_demands(db, visit_id=visit_id, as_of=today), key=lambda d: d.id)
        sheet = VisitSheet(
            street=street_name(db), visit_id=visit_id, enterprise_name=enterprise.name,
            credit_code=enterprise.credit_code, industry=enterprise.industry, address=enterprise.address,
            visited_on=visit.visited_on, way=visit.way, officer_name=visit.officer_name, met_person=visit.met_person,
            business_situation=visit.business_situation, party_work_situation=visit.party_work_situation,
            findings=visit.findings, follow_up=visit.follow_up, photos=visit.photos,
            problems=tuple(ProblemLine(d.content, d.status, d.deadline, d.outcome, d.closed_on, d.overdue)
                           for d in raised))
        pages = render(Path(path), sheet, progress=progress)
        entry.details["页数"] = pages
    return pages


def write_enterprise_pdf(db: Database, enterprise_id: int, path: Path | str, *, masked: bool = True,
                         progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    """The 一企一档 profile: data, officer and 包联 history, visits, demands; phones masked unless masked=False."""
    from ..reports.enterprise_pdf import AssignmentLine, EnterpriseProfile
    from ..reports.enterprise_pdf import write_enterprise_pdf as render

    day = today or date.today()
    with output_logged(db, AuditAction.PRINT, path, "一企一档", masked=masked) as entry:
        info = list_enterprises(db, ids=[enterprise_id], as_of=day)
        if not info:
            get_enterprise(db, enterprise_id)      # raises NotFound with its message
        enterprise = info[0]
        entry.target = f"一企一档：{enterprise.record.name}"
        officer = get_officer(db, enterprise.officer_id) if enterprise.officer_id is not None else None
        profile = EnterpriseProfile(
            street=street_name(db), record=enterprise.record, as_of=day,
            officer_name=officer.name if officer else "", officer_unit=officer.unit if officer else "",
            officer_phone=officer.phone if officer else "",
            assignments=tuple(AssignmentLine(a.officer_name, a.started_on, a.ended_on)
                              for a in assignments(db, enterprise_id=enterprise_id)),
            visits=_visit_lines(list_visits(db, enterprise_id=enterprise_id)),
            demands=_demand_lines(list_demands(db, enterprise_id=enterprise_id, as_of=day)))
        pages = render(Path(path), profile, masked=masked, progress=progress)
        entry.details["页数"] = pages
    return pages


def _work_report(db: Database, summary: MonthSummary):  # noqa: ANN202 - reports' WorkReport, imported lazily
    from ..reports.work_report_pdf import CoverageLine, WorkReport

    def line(name: str, counts: CoverageCounts) -> CoverageLine:
        return CoverageLine(name, counts.enterprises, counts.with_party_org, counts.with_party_work,
                            counts.with_officer, counts.visited_within_frequency)

    street = summary.officer_id is None
    return WorkReport(
        street=street_name(db), month=summary.month, as_of=summary.as_of, officer_name=summary.officer_name,
        officer_unit=summary.officer_unit, frequency_label=summary.frequency_label,
        period_label=summary.period_label, visits=_visit_lines(summary.visits),
        visits_by_way=summary.visits_by_way, enterprises_visited=summary.enterprises_visited,
        assigned=summary.assigned, not_visited=summary.not_visited, demands_received=len(summary.received),
        demands_closed=len(summary.closed), demands_declined=len(summary.declined),
        open_at_end=len(summary.open_at_end), overdue_at_end=len(summary.overdue_at_end),
        demands=_demand_lines(summary.demands),
        # the street shows every industry (a zero says something); an officer only those of their enterprises
        coverage=tuple(line(name, counts) for name, counts in summary.coverage_by_industry.items()
                       if street or counts.enterprises),
        total=line("合计", summary.coverage), officer_visits=summary.officer_visits)


def write_officer_month_pdf(db: Database, officer_id: int, month: date, path: Path | str, *,
                            progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    """党建指导员月度工作报告 for the month containing `month`; returns the page count."""
    summary = month_summary(db, month, officer_id, today=today)
    return _print_work_report(db, path, summary, f"党建指导员月度工作报告：{summary.officer_name}", progress)


def write_street_month_pdf(db: Database, month: date, path: Path | str, *, progress: Progress = NO_PROGRESS,
                           today: date | None = None) -> int:
    """新业态党建工作月报 of the street for the month containing `month`; returns the page count."""
    summary = month_summary(db, month, today=today)
    return _print_work_report(db, path, summary, f"新业态党建工作月报：{street_name(db)}", progress)


def _print_work_report(db: Database, path: Path | str, summary: MonthSummary, target: str,
                       progress: Progress) -> int:
    from ..reports.work_report_pdf import write_work_report_pdf

    with output_logged(db, AuditAction.PRINT, path, target) as entry:
        pages = write_work_report_pdf(Path(path), _work_report(db, summary), progress=progress)
        entry.details.update({"月份": f"{summary.month.year}年{summary.month.month}月", "页数": pages})
    return pages


def _range_text(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to and date_from > date_to:
        raise RuleViolation("开始日期不能晚于结束日期，请重新选择。")
    if date_from and date_to:
        return f"（{date_from:%Y-%m-%d} 至 {date_to:%Y-%m-%d}）"
    if date_from:
        return f"（{date_from:%Y-%m-%d} 起）"
    return f"（截至 {date_to:%Y-%m-%d}）" if date_to else ""


def export_enterprises_xlsx(db: Database, path: Path | str, ids: list[int] | None = None, *, masked: bool = False,
                            progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    """The census (企业名录) as .xlsx in the import's columns, so it imports again; returns the row count.
    Phones stay whole unless masked=True (a masked file no longer imports its phones)."""
    from ..importexport.enterprise_xlsx import CensusRow, write_census_xlsx

    day = today or date.today()
    with output_logged(db, AuditAction.EXPORT, path, "新业态企业名录", masked=masked) as entry:
        rows = [CensusRow(e.record, e.officer_name, e.last_visit_on)
                for e in list_enterprises(db, ids=ids, as_of=day)]
        write_census_xlsx(Path(path), rows, title=f"{street_name(db)}新业态企业名录（截至 {day:%Y-%m-%d}）",
                          masked=masked, progress=progress)
        entry.details["企业数"] = len(rows)
    return len(rows)


def export_visits_xlsx(db: Database, path: Path | str, *, officer_id: int | None = None,
                       date_from: date | None = None, date_to: date | None = None,
                       progress: Progress = NO_PROGRESS) -> int:
    """The visit ledger (走访台账), oldest first; 发现问题 lists the demands each visit raised. Returns the row count."""
    from ..importexport.enterprise_xlsx import VisitLedgerRow, write_visit_ledger

    title = f"{street_name(db)}党建指导员走访台账{_range_text(date_from, date_to)}"
    query = (select(Visit, Enterprise.name).join(Enterprise, Enterprise.id == Visit.enterprise_id)
             .order_by(Visit.visited_on, Visit.id))
    if officer_id is not None:
        query = query.where(Visit.officer_id == officer_id)
    if date_from is not None:
        query = query.where(Visit.visited_on >= date_from)
    if date_to is not None:
        query = query.where(Visit.visited_on <= date_to)
    with db.reading() as session:
        problems: dict[int, list[str]] = defaultdict(list)
        for visit_id, content in session.execute(select(Demand.visit_id, Demand.content)
                                                 .where(Demand.visit_id.is_not(None)).order_by(Demand.id)):
            problems[visit_id].append(content)
        rows = [VisitLedgerRow(v.officer_name, name, v.visited_on, v.way, v.met_person, v.business_situation,
                               v.party_work_situation, v.findings, tuple(problems.get(v.id, ())), v.follow_up)
                for v, name in session.execute(query)]
    with output_logged(db, AuditAction.EXPORT, path, title) as entry:
        write_visit_ledger(Path(path), rows, title=title, progress=progress)
        entry.details["走访记录数"] = len(rows)
    return len(rows)


def export_demands_xlsx(db: Database, path: Path | str, *, as_of: date | None = None,
                        statuses: list[str] | None = None, overdue_only: bool = False, ids: list[int] | None = None,
                        progress: Progress = NO_PROGRESS) -> int:
    """The demand ledger (诉求台账), oldest first, overdue ones (as of `as_of`, default today) highlighted.
    Returns the row count."""
    from ..importexport.enterprise_xlsx import DemandLedgerRow, write_demand_ledger

    day = as_of or date.today()
    demands = list_demands(db, as_of=day, statuses=statuses, overdue_only=overdue_only, ids=ids)
    rows = [DemandLedgerRow(d.source, d.enterprise_name, d.content, d.category, d.raised_by, d.raised_on,
                            d.responsible_unit, d.responsible_person, d.deadline, d.status, d.outcome, d.closed_on,
                            d.overdue) for d in reversed(demands)]
    which = "超期诉求清单" if overdue_only else "诉求台账"
    title = f"{street_name(db)}{which}（截至 {day:%Y-%m-%d}）"
    with output_logged(db, AuditAction.EXPORT, path, title) as entry:
        write_demand_ledger(Path(path), rows, title=title, progress=progress)
        entry.details["诉求数"] = len(rows)
    return len(rows)
