"""The marks of the 落实情况 grid without Qt: the state of each required meeting type in a period, the grid's
period columns of a year, and how periods and marks are named."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ...domain.compliance import Frequency, Period, periods_between
from ...domain.meetings import MeetingType
from ...services.compliance import MeetingRules

SHORT_NAMES: dict[str, str] = {
    MeetingType.PARTY_CONGRESS: "大", MeetingType.COMMITTEE: "委", MeetingType.GROUP: "组",
    MeetingType.LECTURE: "课", MeetingType.THEMED_DAY: "主", MeetingType.LIFE_MEETING: "生",
    MeetingType.REVIEW: "评", MeetingType.OTHER: "他",
}
QUARTER_NAMES = ("一", "二", "三", "四")

class View(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class CellState(StrEnum):
    MET = "met"            # held as often as required
    MISSING = "missing"    # the period has ended without it
    PENDING = "pending"    # the running period: still to be held
    FUTURE = "future"      # the period has not begun


STATE_LABELS = {CellState.MET: "已开", CellState.MISSING: "未开", CellState.PENDING: "本期待开",
                CellState.FUTURE: "未到期"}
STATE_SIGNS = {CellState.MET: "✓", CellState.MISSING: "✗", CellState.PENDING: "○", CellState.FUTURE: "·"}
STATE_SEVERITY = {CellState.MISSING: 0, CellState.PENDING: 1, CellState.MET: 2, CellState.FUTURE: 3, None: 4}

@dataclass(frozen=True)
class Mark:
    """One meeting type in one cell; `state` None = not required there (the slot stays empty)."""

    type: str
    state: CellState | None
    required: int = 0
    held: int = 0
    without_quorum: int = 0

    @property
    def short(self) -> str:
        return SHORT_NAMES.get(self.type, self.type[:1])


@dataclass(frozen=True)
class GridColumn:
    title: str
    period: Period
    frequency: Frequency
    types: tuple[str, ...]     # the slots, in the order of the rules


def period_label(key: str) -> str:
    """A period key of domain.compliance ("2025-03", "2025-Q1", "2025") as people write it."""
    year, _, part = key.partition("-")
    if not part:
        return f"{year}年"
    if part.startswith("Q"):
        return f"{year}年第{QUARTER_NAMES[int(part[1:]) - 1]}季度"
    return f"{year}年{int(part)}月"


def unmet_state(period: Period, today: date) -> CellState:
    """How a type not (yet) held shows in a period, judged on `today`."""
    if period.end < today:
        return CellState.MISSING
    return CellState.PENDING if period.start <= today else CellState.FUTURE


def grid_columns(rules: MeetingRules, year: int, view: View) -> list[GridColumn]:
    shown = Frequency.MONTH if view is View.MONTH else Frequency.QUARTER
    columns = []
    for frequency in (shown, Frequency.YEAR):
        types = tuple(r.type for r in rules.requirements if r.frequency is frequency)
        if not types:
            continue
        for period in periods_between(date(year, 1, 1), date(year, 12, 31), frequency):
            if frequency is Frequency.MONTH:
                title = f"{period.start.month}月"
            elif frequency is Frequency.QUARTER:
                title = f"{QUARTER_NAMES[(period.start.month - 1) // 3]}季度"
            else:
                title = "全年"
            columns.append(GridColumn(title, period, frequency, types))
    return columns
