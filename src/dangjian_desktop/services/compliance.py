"""Were the required meetings held? The grid of branches × periods, what is due now, and the rules as settings."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..db.models import Meeting, Organization, Setting
from ..domain.access import Permission
from ..domain.compliance import (
    COMMITTEE_THRESHOLD, DEFAULT_REQUIREMENTS, BranchFacts, ComplianceCell, Frequency, HeldMeeting, Requirement,
    judge, period_of, periods_between,
)
from ..domain.enums import OrgLevel
from ..domain.meetings import MeetingType, has_quorum
from .audit import require
from .database import Database
from .errors import RuleViolation
from .membership import RosterHistory

RULES_KEY = "meeting_rules"


@dataclass(frozen=True)
class MeetingRules:
    requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS
    committee_threshold: int = COMMITTEE_THRESHOLD


def load_rules(db: Database) -> MeetingRules:
    with db.reading() as session:
        stored = session.get(Setting, RULES_KEY)
    if stored is None:
        return MeetingRules()
    data = json.loads(stored.value)
    return MeetingRules(tuple(Requirement(r["type"], Frequency(r["frequency"]), int(r["minimum"]))
                              for r in data["requirements"]), int(data["committee_threshold"]))


def save_rules(db: Database, rules: MeetingRules) -> None:
    require(db, Permission.MANAGE_SETTINGS, "修改会议频次规定")
    types = [r.type for r in rules.requirements]
    if len(set(types)) != len(types) or not set(types) <= set(MeetingType):
        raise RuleViolation("每种会议只能设一条频次规定。")
    if any(r.minimum < 1 for r in rules.requirements) or rules.committee_threshold < 1:
        raise RuleViolation("次数和人数应为正整数。")
    value = json.dumps({"requirements": [{"type": r.type, "frequency": r.frequency.value, "minimum": r.minimum}
                                         for r in rules.requirements],
                        "committee_threshold": rules.committee_threshold}, ensure_ascii=False)
    with db.transaction() as session:
        session.merge(Setting(key=RULES_KEY, value=value))


def _branches(db: Database, branch_ids: list[int] | None) -> list[BranchFacts]:
    with db.reading() as session:
        orgs = session.execute(select(Organization.id, Organization.parent_id, Organization.name,
                                      Organization.level, Organization.founded_on)
                               .order_by(Organization.sort_order, Organization.id)).all()
    groups = defaultdict(list)
    for org_id, parent_id, _name, level, _founded in orgs:
        if level == OrgLevel.GROUP:
            groups[parent_id].append(org_id)
    return [BranchFacts(org_id, name, founded, tuple(groups[org_id]))
            for org_id, _parent, name, level, founded in orgs
            if level == OrgLevel.BRANCH and (branch_ids is None or org_id in branch_ids)]


def _held_meetings(db: Database, first: date, last: date) -> dict[int, list[HeldMeeting]]:
    """Meetings in first..last by the 党支部 they count for (a 党小组会 counts for its group's branch)."""
    with db.reading() as session:
        parents = dict(session.execute(select(Organization.id, Organization.parent_id)
                                       .where(Organization.level == OrgLevel.GROUP.value)).all())
        rows = session.execute(select(Meeting.org_id, Meeting.type, Meeting.held_on, Meeting.voting_present,
                                      Meeting.voting_expected)
                               .where(Meeting.held_on >= first, Meeting.held_on <= last)).all()
    by_branch = defaultdict(list)
    for org_id, meeting_type, held_on, voting_present, voting_expected in rows:
        lacks = meeting_type == MeetingType.PARTY_CONGRESS and not has_quorum(voting_present, voting_expected)
        by_branch[parents.get(org_id, org_id)].append(HeldMeeting(org_id, meeting_type, held_on, lacks))
    return by_branch


def compliance_grid(db: Database, first_month: date, last_month: date, branch_ids: list[int] | None = None,
                    rules: MeetingRules | None = None) -> list[ComplianceCell]:
    """One cell per branch, required type and period overlapping first_month..last_month (whole months)."""
    rules = rules or load_rules(db)
    first = first_month.replace(day=1)
    last = period_of(last_month, Frequency.MONTH).end
    periods = {r.frequency: periods_between(first, last, r.frequency) for r in rules.requirements}
    span_start = min(p[0].start for p in periods.values() if p)
    span_end = max(p[-1].end for p in periods.values() if p)
    branches = _branches(db, branch_ids)
    meetings = _held_meetings(db, span_start, span_end)
    history = RosterHistory(db, [b.id for b in branches])
    cells = []
    for branch in branches:
        by_type = defaultdict(list)
        for meeting in meetings.get(branch.id, []):
            by_type[meeting.type].append(meeting)
        for requirement in rules.requirements:
            held = by_type.get(requirement.type, [])
            for period in periods[requirement.frequency]:
                full = (history.full_members(branch.id, period.end)
                        if requirement.type == MeetingType.COMMITTEE else 0)
                cell = judge(branch, requirement, period, held, full, rules.committee_threshold)
                if cell is not None:
                    cells.append(cell)
    return cells


@dataclass(frozen=True)
class DueItem:
    cell: ComplianceCell
    deadline: date  # the period's last day
    overdue: bool   # the period has ended without it
    start: date     # the period's first day


def due_items(db: Database, today: date, rules: MeetingRules | None = None) -> list[DueItem]:
    """首页: what the current periods still need (due), and what the periods just ended missed (overdue)."""
    rules = rules or load_rules(db)
    wanted: dict[tuple[str, str], tuple[date, bool, date]] = {}  # (type, period key) → (end, overdue, start)
    for requirement in rules.requirements:
        current = period_of(today, requirement.frequency)
        previous = period_of(current.start - timedelta(days=1), requirement.frequency)
        wanted[(requirement.type, previous.key)] = (previous.end, True, previous.start)
        wanted[(requirement.type, current.key)] = (current.end, False, current.start)
    first = min(period_of(today, r.frequency).start - timedelta(days=1) for r in rules.requirements)
    items = []
    for cell in compliance_grid(db, period_of(first, Frequency.YEAR).start, today, rules=rules):
        found = wanted.get((cell.type, cell.period))
        if found is not None and not cell.met:
            items.append(DueItem(cell, *found))
    return sorted(items, key=lambda item: (not item.overdue, item.deadline, item.cell.branch_id))
