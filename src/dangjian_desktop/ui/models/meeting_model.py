"""The list of meeting records: filtered by type, status and a search text, sorted in Python (DESIGN §10)."""

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.meetings import RecordStatus
from ...services.meetings import MeetingSummary
from .visible_rows import VisibleRowsModel, search_terms

HEADERS = ("日期", "党组织", "会议类型", "第几次", "主题", "应到", "实到", "请假", "缺席", "状态", "法定人数")
DATE, ORG, TYPE, SEQUENCE, TOPIC, EXPECTED, PRESENT, LEAVE, ABSENT, STATUS, QUORUM = range(len(HEADERS))
NO_QUORUM = "未达法定人数"
_NUMBERS = (SEQUENCE, EXPECTED, PRESENT, LEAVE, ABSENT)
_RED = "#B3261E"


def org_label(summary: MeetingSummary) -> str:
    """The branch; a 党小组会 also names its group."""
    if summary.org_id == summary.branch_id:
        return summary.branch_name
    return f"{summary.branch_name} {summary.org_name}"


def _text(summary: MeetingSummary, column: int) -> str:
    if column == DATE:
        return summary.held_on.isoformat()
    if column == ORG:
        return org_label(summary)
    if column == TYPE:
        return summary.type
    if column == SEQUENCE:
        return "" if summary.sequence is None else str(summary.sequence)
    if column == TOPIC:
        return summary.topic
    if column == STATUS:
        return summary.status
    if column == QUORUM:
        return NO_QUORUM if summary.lacks_quorum else ""
    return str((summary.expected, summary.present, summary.leave, summary.absent)[column - EXPECTED])


def _sort_key(summary: MeetingSummary, column: int):
    if column == DATE:
        return summary.held_on, summary.id
    if column == SEQUENCE:
        return summary.sequence or 0
    if column in _NUMBERS:
        return (summary.expected, summary.present, summary.leave, summary.absent)[column - EXPECTED]
    if column == QUORUM:
        return summary.lacks_quorum
    return _text(summary, column)


class MeetingTableModel(VisibleRowsModel):
    """Meetings as rows; `counts_changed` after the records or the filters changed."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._records: list[MeetingSummary] = []
        self._haystacks: list[str] = []
        self._terms: tuple[str, ...] = ()
        self._type: str | None = None
        self._status: str | None = None
        self._org_id: int | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ----- content -----------------------------------------------------------------------------------------
    def set_records(self, records: Sequence[MeetingSummary]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._haystacks = [f"{r.topic}\n{r.org_name}\n{r.branch_name}".lower() for r in self._records]
        self._visible = self._filtered()
        self.endResetModel()
        self.counts_changed.emit()

    def summary_at(self, row: int) -> MeetingSummary:
        return self._records[self._visible[row]]

    # ----- filters -----------------------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self._terms = search_terms(text)
        self._refilter()

    def set_filters(self, *, meeting_type: str | None, status: str | None, org_id: int | None = None) -> None:
        """`org_id` keeps only one organisation's own meetings (a 党小组's); None keeps all loaded ones."""
        self._type, self._status, self._org_id = meeting_type, status, org_id
        self._refilter()

    def _filtered(self) -> list[int]:
        rows = []
        for index, record in enumerate(self._records):
            if (self._type and record.type != self._type) or (self._status and record.status != self._status):
                continue
            if self._org_id is not None and record.org_id != self._org_id:
                continue
            if all(term in self._haystacks[index] for term in self._terms):
                rows.append(index)
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=lambda i: _sort_key(self._records[i], column), reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def _refilter(self) -> None:
        self._show(self._filtered())

    # ----- Qt model ----------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order) if column >= 0 else None
        if self._sort is None:
            self._visible.sort()     # the services' order: newest first
        else:
            self._visible.sort(key=lambda i: _sort_key(self._records[i], column),
                               reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary, column = self.summary_at(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == QUORUM and summary.lacks_quorum:
                return (f"有表决权的正式党员 {summary.voting_expected} 人，实到 {summary.voting_present} 人，"
                        "未超过半数")
            return _text(summary, column) if column in (ORG, TOPIC) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == QUORUM:
                return QBrush(QColor(_RED))
            if column == STATUS and summary.status == RecordStatus.DRAFT:
                return QBrush(QColor("#8A5A00"))
        if role == Qt.ItemDataRole.FontRole and column == QUORUM and summary.lacks_quorum:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (*_NUMBERS, DATE, STATUS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
