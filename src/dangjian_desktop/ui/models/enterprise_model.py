"""The census list (企业名录): one row per enterprise, filtered by industry, coverage and officer, searched on
name, brand, address, community, credit code and officer, sorted by any column, or restricted to a given set of
enterprises (what the dashboard opens)."""

from datetime import date
from enum import StrEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.enterprises import EnterpriseInfo
from .sorted_rows import SortedRowsModel

HEADERS = ("企业名称", "行业", "品牌/平台", "所属社区", "从业人员", "35岁以下", "党员数", "党组织", "组织覆盖",
           "工作覆盖", "党建指导员", "最近走访", "在办诉求")
(NAME, INDUSTRY, BRAND, COMMUNITY, EMPLOYEES, UNDER_35, MEMBERS, PARTY_ORG, ORG_COVERED, WORK_COVERED, OFFICER,
 LAST_VISIT, OPEN_DEMANDS) = range(len(HEADERS))
COUNTS = (EMPLOYEES, UNDER_35, MEMBERS)
CENTRED = (*COUNTS, ORG_COVERED, WORK_COVERED, LAST_VISIT, OPEN_DEMANDS)
# Headers of narrow columns (a few digits or a mark) shown on two lines, so the whole census fits on the screen.
TWO_LINE_HEADERS = {EMPLOYEES: "从业\n人员", UNDER_35: "35岁\n以下", ORG_COVERED: "组织\n覆盖",
                    WORK_COVERED: "工作\n覆盖", OPEN_DEMANDS: "在办\n诉求"}
YES, NO = "✓", "—"
NO_ORG = "无"
UNASSIGNED = "未配备"
UNASSIGNED_FILTER = -1        # officer filter value: enterprises without a running 包联
_GREEN, _AMBER, _GREY = "#2E6B30", "#8A5A00", "#8F959E"


class Coverage(StrEnum):
    """The 覆盖 filter's choices (None = 全部)."""

    ORG = "已建党组织"
    WORK_ONLY = "仅开展党的工作"
    NONE = "未覆盖"


def coverage_of(info: EnterpriseInfo) -> Coverage:
    record = info.record
    if record.org_covered:
        return Coverage.ORG
    return Coverage.WORK_ONLY if record.work_covered else Coverage.NONE


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


class EnterpriseTableModel(SortedRowsModel):
    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._industry: str | None = None
        self._coverage: Coverage | None = None
        self._officer: int | None = None

    # ----- filters ---------------------------------------------------------------------------------------------
    def set_filters(self, *, industry: str | None = None, coverage: Coverage | None = None,
                    officer: int | None = None) -> None:
        """None is 全部 for each; `officer` is an officer id or UNASSIGNED_FILTER."""
        self._industry, self._coverage, self._officer = industry, coverage, officer
        self._refilter()

    def _haystack(self, info: EnterpriseInfo) -> str:
        r = info.record
        return "\n".join((r.name, r.brand, r.address, r.community, r.credit_code, info.officer_name))

    def _accepts(self, info: EnterpriseInfo) -> bool:
        if self._industry is not None and info.record.industry != self._industry:
            return False
        if self._coverage is not None and coverage_of(info) != self._coverage:
            return False
        if self._officer == UNASSIGNED_FILTER:
            return info.officer_id is None
        return self._officer is None or info.officer_id == self._officer

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return TWO_LINE_HEADERS.get(section, HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    # ----- cells -----------------------------------------------------------------------------------------------
    def _text(self, info: EnterpriseInfo, column: int) -> str:
        r = info.record
        if column in COUNTS:
            return _count((r.employees, r.employees_under_35, r.party_members)[column - EMPLOYEES])
        if column == PARTY_ORG:
            return r.party_org_name if r.org_covered else NO_ORG
        if column == ORG_COVERED:
            return YES if r.org_covered else NO
        if column == WORK_COVERED:
            return YES if r.work_covered else NO
        if column == OFFICER:
            return info.officer_name or UNASSIGNED
        if column == LAST_VISIT:
            return info.last_visit_on.isoformat() if info.last_visit_on else ""
        if column == OPEN_DEMANDS:
            return str(info.open_demands) if info.open_demands else ""
        return (r.name, r.industry, r.brand, r.community)[column]

    def _sort_key(self, info: EnterpriseInfo, column: int):  # noqa: ANN202 - any comparable value
        r = info.record
        if column in COUNTS:
            value = (r.employees, r.employees_under_35, r.party_members)[column - EMPLOYEES]
            return -1 if value is None else value
        if column == ORG_COVERED:
            return r.org_covered
        if column == WORK_COVERED:
            return r.work_covered
        if column == OFFICER:
            return info.officer_name
        if column == LAST_VISIT:
            return info.last_visit_on or date.min
        if column == OPEN_DEMANDS:
            return info.open_demands
        return self._text(info, column)

    def _role_data(self, info: EnterpriseInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        r = info.record
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (ORG_COVERED, WORK_COVERED):
                covered = r.org_covered if column == ORG_COVERED else r.work_covered
                return QBrush(QColor(_GREEN if covered else _GREY))
            if column == OFFICER and info.officer_id is None:
                return QBrush(QColor(_AMBER))
            if column == PARTY_ORG and not r.org_covered:
                return QBrush(QColor(_GREY))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NAME:
                code = f"统一社会信用代码：{r.credit_code}" if r.credit_code else ""
                return "\n".join(part for part in (r.name, r.address, code) if part)
            if column == PARTY_ORG and r.org_covered:
                return r.party_org_name
            if column == WORK_COVERED and r.work_covered and not r.org_covered:
                return "未建党组织，已开展党的工作"
            if column == OPEN_DEMANDS and info.open_demands:
                return f"{info.open_demands} 件诉求尚未办结"
        return None
