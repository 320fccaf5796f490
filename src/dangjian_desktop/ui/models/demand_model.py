"""The 诉求台账 list: one row per demand, filtered by status, source and 仅看超期, searched on content, enterprise,
responsible unit and person, sorted by any column, or restricted to a given set (what the dashboard opens).
Overdue rows stand out (red mark and text, bold row); those due within a week are amber. Also the small table of
a demand's 办理过程."""

from datetime import date
from functools import cache

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from ...domain.visits import DemandStatus, is_near_deadline
from ...services.demands import DemandEventInfo, DemandInfo
from .headered import HeaderedTableModel
from .sorted_rows import SortedRowsModel

HEADERS = ("编号", "提出日期", "来源", "企业", "诉求内容", "类别", "责任单位", "责任人", "办理期限", "状态", "办结日期",
           "剩余/超期")
(NUMBER, RAISED, SOURCE, ENTERPRISE, CONTENT, CATEGORY, UNIT, PERSON, DEADLINE, STATUS, CLOSED,
 REMAINING) = range(len(HEADERS))
CENTRED = (NUMBER, RAISED, SOURCE, CATEGORY, DEADLINE, STATUS, CLOSED, REMAINING)
MARKED = (STATUS, REMAINING)          # the columns whose text turns red (overdue) or amber (near the deadline)
CLOSED_MARK = "—"
RED, AMBER, GREY = "#B3261E", "#8A5A00", "#8F959E"
_STATUS_ORDER = {status.value: rank for rank, status in enumerate(DemandStatus)}
_CLOSED_LAST = 10**6                  # sort key of 剩余 for a closed demand: after every open one


def remaining_days(info: DemandInfo, today: date) -> int | None:
    """Days left until the deadline (negative: overdue); None for a closed demand."""
    if not DemandStatus(info.status).is_open:
        return None
    return (info.deadline - today).days


def remaining_text(info: DemandInfo, today: date) -> str:
    """"剩 5 天", "今天到期", "超期 3 天", or "—" for a closed demand."""
    days = remaining_days(info, today)
    if days is None:
        return CLOSED_MARK
    if days > 0:
        return f"剩 {days} 天"
    return "今天到期" if days == 0 else f"超期 {-days} 天"


@cache
def mark_icon(colour: str) -> QIcon:
    """A round dot in front of the status of an overdue (red) or nearly due (amber) demand."""
    pixmap = QPixmap(24, 24)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(5, 5, 14, 14))
    painter.end()
    return QIcon(pixmap)


class DemandTableModel(SortedRowsModel):
    """`overdue_count` counts the overdue demands among the rows shown."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self._statuses: frozenset[str] | None = None
        self._source: str | None = None
        self._overdue_only = False

    # ----- filters ---------------------------------------------------------------------------------------------
    def set_filters(self, *, statuses: tuple[str, ...] | None = None, source: str | None = None,
                    overdue_only: bool = False) -> None:
        """None is 全部 for `statuses` and `source`."""
        self._statuses = None if statuses is None else frozenset(statuses)
        self._source, self._overdue_only = source, overdue_only
        self._refilter()

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self._visible if self._records[i].overdue)

    def _haystack(self, info: DemandInfo) -> str:
        return "\n".join((info.content, info.enterprise_name, info.responsible_unit, info.responsible_person))

    def _accepts(self, info: DemandInfo) -> bool:
        return ((self._statuses is None or info.status in self._statuses)
                and (self._source is None or info.source == self._source)
                and (not self._overdue_only or info.overdue))

    # ----- cells -----------------------------------------------------------------------------------------------
    def _text(self, info: DemandInfo, column: int) -> str:
        if column == NUMBER:
            return str(info.id)
        if column == RAISED:
            return info.raised_on.isoformat()
        if column == CONTENT:
            return " ".join(info.content.split())
        if column == DEADLINE:
            return info.deadline.isoformat()
        if column == CLOSED:
            return info.closed_on.isoformat() if info.closed_on else ""
        if column == REMAINING:
            return remaining_text(info, self.today)
        return {SOURCE: info.source, ENTERPRISE: info.enterprise_name, CATEGORY: info.category,
                UNIT: info.responsible_unit, PERSON: info.responsible_person, STATUS: info.status}[column]

    def _sort_key(self, info: DemandInfo, column: int):  # noqa: ANN202 - any comparable value
        if column == NUMBER:
            return info.id
        if column == RAISED:
            return info.raised_on, info.id
        if column == DEADLINE:
            return info.deadline, info.id
        if column == CLOSED:
            return info.closed_on or date.min, info.id
        if column == STATUS:
            return not info.overdue, _STATUS_ORDER.get(info.status, 0), info.deadline
        if column == REMAINING:
            days = remaining_days(info, self.today)
            return (_CLOSED_LAST if days is None else days), info.id
        return self._text(info, column)

    def _mark_colour(self, info: DemandInfo) -> str | None:
        if info.overdue:
            return RED
        return AMBER if is_near_deadline(info.status, info.deadline, self.today) else None

    def _role_data(self, info: DemandInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._mark_colour(info)
            if column in MARKED and colour:
                return QBrush(QColor(colour))
            if column == REMAINING and not DemandStatus(info.status).is_open:
                return QBrush(QColor(GREY))
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            colour = self._mark_colour(info)
            return mark_icon(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and info.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info, column)
        return None

    def _tooltip(self, info: DemandInfo, column: int) -> str | None:
        if column == CONTENT:
            return info.content
        if column == STATUS:
            if info.status == DemandStatus.DONE:
                return f"办理结果：{info.outcome}"
            if info.status == DemandStatus.DECLINED:
                return f"不予受理理由：{info.outcome}"
            if info.overdue:
                return f"已超过办理期限（{info.deadline:%Y-%m-%d}），请尽快办理"
        if column in (ENTERPRISE, UNIT):
            return self._text(info, column) or None
        return None


class DemandEventsModel(HeaderedTableModel):
    """A demand's 办理过程, oldest first: when, which status, who, what was noted."""

    HEADERS = ("时间", "状态", "操作人", "说明")
    NOTE_COLUMN = 3

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._events: list[DemandEventInfo] = []

    def set_events(self, events: list[DemandEventInfo]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._events)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN001 - Qt's index types
        if not index.isValid():
            return None
        event = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{event.at:%Y-%m-%d %H:%M}", event.status, event.user or "（未记录）", event.note)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NOTE_COLUMN:
            return event.note or None
        return None
