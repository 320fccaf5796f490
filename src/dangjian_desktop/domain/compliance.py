"""How often each meeting must be held (DESIGN §5) and whether a branch met it in a period."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .meetings import MeetingType


class Frequency(StrEnum):
    MONTH = "每月"
    QUARTER = "每季度"
    YEAR = "每年"


@dataclass(frozen=True)
class Requirement:
    type: str
    frequency: Frequency
    minimum: int = 1


# 《中国共产党支部工作条例（试行）》2018 and common local rules; users may change them in 设置.
DEFAULT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(MeetingType.PARTY_CONGRESS, Frequency.QUARTER),
    Requirement(MeetingType.COMMITTEE, Frequency.MONTH),
    Requirement(MeetingType.GROUP, Frequency.MONTH),
    Requirement(MeetingType.LECTURE, Frequency.QUARTER),
    Requirement(MeetingType.THEMED_DAY, Frequency.MONTH),
    Requirement(MeetingType.LIFE_MEETING, Frequency.YEAR),
    Requirement(MeetingType.REVIEW, Frequency.YEAR),
)
COMMITTEE_THRESHOLD = 7  # a branch with fewer 正式党员 has no 支委会 and so no 支部委员会 requirement


@dataclass(frozen=True)
class Period:
    key: str     # "2025-03", "2025-Q1" or "2025"
    start: date
    end: date    # inclusive


def period_of(day: date, frequency: Frequency) -> Period:
    if frequency is Frequency.MONTH:
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return Period(f"{day:%Y-%m}", day.replace(day=1), end)
    if frequency is Frequency.QUARTER:
        quarter = (day.month - 1) // 3
        start = date(day.year, quarter * 3 + 1, 1)
        last_month = quarter * 3 + 3
        return Period(f"{day.year}-Q{quarter + 1}", start,
                      date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]))
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))


def periods_between(first: date, last: date, frequency: Frequency) -> list[Period]:
    """Every period of the frequency that overlaps first..last (inclusive), in order."""
    periods, day = [], first
    while day <= last:
        period = period_of(day, frequency)
        periods.append(period)
        day = date.fromordinal(period.end.toordinal() + 1)
    return periods


@dataclass(frozen=True)
class BranchFacts:
    """What the rules need to know about a 党支部."""

    id: int
    name: str
    founded_on: date | None
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class HeldMeeting:
    org_id: int          # the branch, or one of its groups
    type: str
    held_on: date
    lacks_quorum: bool = False


@dataclass(frozen=True)
class ComplianceCell:
    branch_id: int
    branch: str
    type: str
    period: str
    required: int
    held: int
    without_quorum: int = 0  # 支部党员大会 held with half or fewer of the voting members present

    @property
    def met(self) -> bool:
        return self.held - self.without_quorum >= self.required


def judge(branch: BranchFacts, requirement: Requirement, period: Period, meetings: Iterable[HeldMeeting],
          full_members_at_end: int, committee_threshold: int = COMMITTEE_THRESHOLD) -> ComplianceCell | None:
    """The cell for one branch, type and period; None where nothing is required.

    A branch is judged from the period in which it was founded; with no 建立日期 it is judged over every period.
    """
    if branch.founded_on is not None and branch.founded_on > period.end:
        return None
    if requirement.type == MeetingType.COMMITTEE and full_members_at_end < committee_threshold:
        return None
    if requirement.type == MeetingType.GROUP and not branch.group_ids:
        return None
    relevant = [m for m in meetings if period.start <= m.held_on <= period.end and m.type == requirement.type]
    if requirement.type == MeetingType.GROUP:
        per_group = {group: 0 for group in branch.group_ids}
        for meeting in relevant:
            if meeting.org_id in per_group:
                per_group[meeting.org_id] += 1
        required = requirement.minimum * len(per_group)
        held = sum(min(count, requirement.minimum) for count in per_group.values())
        return ComplianceCell(branch.id, branch.name, requirement.type, period.key, required, held)
    relevant = [m for m in relevant if m.org_id == branch.id]
    return ComplianceCell(branch.id, branch.name, requirement.type, period.key, requirement.minimum, len(relevant),
                          sum(1 for m in relevant if m.lacks_quorum))
