"""The two tables of 工作概况: coverage by industry, and each officer's month. Every number cell says what list
lies behind it (`target(index)`), so a click on it can open that list."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.compliance import Frequency
from ...domain.visits import VisitFrequency
from ...services.coverage import CoverageCounts, OfficerMonth
from ..widgets.count_card import ALERT_COLOUR
from .sorted_rows import SortedRowsModel

LINK_COLOUR = "#1F5FA8"
COVERAGE_FIELDS = ("enterprises", "with_party_org", "with_party_work", "with_officer", "visited_within_frequency")
"""The CoverageCounts fields in the order of the industry table's number columns."""
PERIOD_NAMES = {Frequency.MONTH: "本月", Frequency.QUARTER: "本季度", Frequency.YEAR: "本年度"}


def shortfall_text(frequency: VisitFrequency) -> str:
    """What “not visited this period” means under the rule: "本季度尚未走访" or "本季度走访不足2次"."""
    period = PERIOD_NAMES[frequency.frequency]
    return period + ("尚未走访" if frequency.minimum == 1 else f"走访不足{frequency.minimum}次")


def not_visited_caption(frequency: VisitFrequency) -> str:
    """The caption of the list of assigned enterprises not visited enough this period."""
    return f"已配备党建指导员、{shortfall_text(frequency)}的企业"


@dataclass(frozen=True)
class EnterpriseList:
    """Enterprises to show in 企业名录, with the caption saying which they are."""

    ids: list[int]
    caption: str


@dataclass(frozen=True)
class OfficerVisits:
    """An officer's visits between two days (both included), to show in 走访记录."""

    officer_id: int
    first: date
    last: date


@dataclass(frozen=True)
class CoverageRow:
    """One line of the industry table: an industry (or the whole street) with the ids behind each count."""

    label: str
    counts: CoverageCounts
    ids: dict[str, list[int]]   # COVERAGE_FIELDS → enterprise ids
    scope: str                  # what the captions start with: "快递行业" or "" for the whole street


class LinkCellsModel(SortedRowsModel):
    """Number cells in the link colour, centred, with a tooltip; subclasses give `_text`, `_tip`, `_target`.
    Nothing to search on the dashboard: the rows are all shown."""

    NUMBER_COLUMNS: tuple[int, ...] = ()

    def _haystack(self, record) -> str:  # noqa: ANN001 - the subclass's record type
        return ""

    def _tip(self, record, column: int) -> str:  # noqa: ANN001
        raise NotImplementedError

    def _target(self, record, column: int) -> EnterpriseList | OfficerVisits:  # noqa: ANN001
        raise NotImplementedError

    def target(self, index: QModelIndex | QPersistentModelIndex) -> EnterpriseList | OfficerVisits | None:
        """The list a click on this cell opens, or None."""
        if not index.isValid() or index.column() not in self.NUMBER_COLUMNS:
            return None
        return self._target(self.record_at(index.row()), index.column())

    def _role_data(self, record, column: int, role: int):  # noqa: ANN001, ANN202 - Qt's variant
        if column not in self.NUMBER_COLUMNS:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(LINK_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def rate_text(count: int, counts: CoverageCounts) -> str:
    return f"{count:,}（{counts.rate(count):.1%}）" if counts.enterprises else f"{count:,}"


class IndustryCoverageModel(LinkCellsModel):
    """The industries in the services' order, then 合计 (the whole street) in bold."""

    HEADERS = ("行业", "企业数", "组织覆盖", "工作覆盖", "已配备指导员", "本期已走访")
    NUMBER_COLUMNS = (1, 2, 3, 4, 5)
    CAPTIONS = ("企业", "已建立党组织的企业（组织覆盖）", "开展了党的工作的企业（工作覆盖）",
                "已配备党建指导员的企业", "{period}已走访的企业")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._period = "本期"

    def set_rows(self, rows: Sequence[CoverageRow], period_name: str) -> None:
        self._period = period_name
        self.set_records(rows)

    @staticmethod
    def _field(column: int) -> str:
        return COVERAGE_FIELDS[column - 1]

    def _text(self, record: CoverageRow, column: int) -> str:
        if column == 0:
            return record.label
        field = self._field(column)
        count = getattr(record.counts, field)
        return rate_text(count, record.counts) if field in ("with_party_org", "with_party_work") else f"{count:,}"

    def _caption(self, record: CoverageRow, column: int) -> str:
        if column == 1 and not record.scope:
            return "全部企业"
        return record.scope + self.CAPTIONS[column - 1].format(period=self._period)

    def _tip(self, record: CoverageRow, column: int) -> str:
        return f"单击查看{self._caption(record, column)}"

    def _target(self, record: CoverageRow, column: int) -> EnterpriseList:
        return EnterpriseList(list(record.ids[self._field(column)]), self._caption(record, column))

    def _role_data(self, record: CoverageRow, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.FontRole and not record.scope:
            bold = QFont()
            bold.setBold(True)
            return bold
        return super()._role_data(record, column, role)


class OfficerMonthModel(LinkCellsModel):
    """Officers in the services' order; sortable by any column (back to that order when the sort is cleared)."""

    HEADERS = ("姓名", "包联企业", "本月走访", "本期待走访")
    NAME, ASSIGNED, VISITS, DUE = range(4)
    NUMBER_COLUMNS = (ASSIGNED, VISITS, DUE)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._enterprises: dict[int, list[int]] = {}
        self._due: set[int] = set()
        self._month: tuple[date, date] = (date.today(), date.today())
        self._period = "本期"

    def set_officers(self, officers: Sequence[OfficerMonth], enterprises: dict[int, list[int]], due: Sequence[int],
                     month: tuple[date, date], period_name: str) -> None:
        """`enterprises`: each officer's assigned enterprise ids; `due`: the ids not visited enough this period;
        `month`: the first day of the month and the as-of day."""
        self._enterprises, self._due, self._month, self._period = enterprises, set(due), month, period_name
        self.set_records(officers)

    def _numbers(self, officer: OfficerMonth) -> tuple[int, int, int]:
        return officer.assigned, officer.visits_this_month, officer.due

    def _text(self, record: OfficerMonth, column: int) -> str:
        return record.name if column == self.NAME else f"{self._numbers(record)[column - 1]:,}"

    def _sort_key(self, record: OfficerMonth, column: int):  # noqa: ANN202 - a name or a number
        return record.name if column == self.NAME else self._numbers(record)[column - 1]

    def _caption(self, officer: OfficerMonth, column: int) -> str:
        if column == self.ASSIGNED:
            return f"{officer.name}包联的企业"
        return f"{officer.name}包联、{self._period}尚未走访够次数的企业"

    def _tip(self, record: OfficerMonth, column: int) -> str:
        if column == self.VISITS:
            first, last = self._month
            return f"单击查看{record.name}{first:%m月%d日}至{last:%m月%d日}的走访记录"
        return f"单击查看{self._caption(record, column)}"

    def _target(self, record: OfficerMonth, column: int) -> EnterpriseList | OfficerVisits:
        if column == self.VISITS:
            return OfficerVisits(record.officer_id, *self._month)
        ids = self._enterprises.get(record.officer_id, [])
        if column == self.DUE:
            ids = [i for i in ids if i in self._due]
        return EnterpriseList(list(ids), self._caption(record, column))

    def _role_data(self, record: OfficerMonth, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DUE and record.due:
            return QBrush(QColor(ALERT_COLOUR))
        return super()._role_data(record, column, role)
