"""The visit list (走访记录): newest first, filtered by officer and date range, searched on enterprise, officer,
who was met and what was found, sorted by any column."""

from datetime import date

from PySide6.QtCore import QObject, Qt

from ...services.visits import VisitInfo
from .sorted_rows import SortedRowsModel

HEADERS = ("走访日期", "企业", "党建指导员", "方式", "接待人", "走访情况", "提出诉求数")
DATE, ENTERPRISE, OFFICER, WAY, MET, FINDINGS, DEMANDS = range(len(HEADERS))


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class VisitTableModel(SortedRowsModel):
    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._officer: int | None = None
        self._first: date | None = None
        self._last: date | None = None

    def set_filters(self, *, officer_id: int | None = None, date_from: date | None = None,
                    date_to: date | None = None) -> None:
        """None is no limit for each."""
        self._officer, self._first, self._last = officer_id, date_from, date_to
        self._refilter()

    def _haystack(self, visit: VisitInfo) -> str:
        return "\n".join((visit.enterprise_name, visit.officer_name, visit.met_person, visit.findings))

    def _accepts(self, visit: VisitInfo) -> bool:
        return ((self._officer is None or visit.officer_id == self._officer)
                and (self._first is None or visit.visited_on >= self._first)
                and (self._last is None or visit.visited_on <= self._last))

    def _text(self, visit: VisitInfo, column: int) -> str:
        if column == DATE:
            return visit.visited_on.isoformat()
        if column == FINDINGS:
            return first_line(visit.findings)
        if column == DEMANDS:
            return str(visit.demands) if visit.demands else ""
        return (visit.enterprise_name, visit.officer_name, visit.way, visit.met_person)[column - ENTERPRISE]

    def _sort_key(self, visit: VisitInfo, column: int):  # noqa: ANN202 - any comparable value
        if column == DATE:
            return visit.visited_on, visit.id
        if column == DEMANDS:
            return visit.demands
        return self._text(visit, column)

    def _role_data(self, visit: VisitInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DATE, WAY, DEMANDS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == FINDINGS and visit.findings.strip():
            return visit.findings
        return None
