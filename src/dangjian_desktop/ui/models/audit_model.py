"""The audit log list: one row per entry, newest first, filtered by user, action and result, searched over every
text of the row, sorted by any column. Failed and refused actions are red. Filtering and sorting happen in the
Python model (DESIGN §10): 100,000 entries filter and sort in a fraction of a second."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.audit import FAILED, REFUSED, AuditEntryInfo
from ...services.audit_details import readable_details
from .sorted_rows import SortedRowsModel

HEADERS = ("序号", "时间", "用户", "角色", "计算机", "操作", "对象", "内容", "结果")
NUMBER, AT, USER, ROLE, MACHINE, ACTION, TARGET, CONTENT, RESULT = range(len(HEADERS))
CENTRED = (NUMBER, ROLE, ACTION, RESULT)
FAILED_RESULTS = frozenset({FAILED, REFUSED})
RED = "#B3261E"
SHOWN_CHARS = 300       # of a long content in its cell; the tooltip and the details dialog have more
TOOLTIP_CHARS = 1500


@dataclass(frozen=True)
class AuditLine:
    """An entry with its details in words and its search text, both made off the GUI thread."""

    entry: AuditEntryInfo
    content: str
    haystack: str

    @property
    def id(self) -> int:
        return self.entry.id

    @property
    def failed(self) -> bool:
        return self.entry.result in FAILED_RESULTS


def audit_lines(entries: list[AuditEntryInfo]) -> list[AuditLine]:
    """The rows of the list (run on the worker thread: the details of 100,000 entries take about a second)."""
    lines = []
    for e in entries:
        content = readable_details(e.action, e.target, e.details)
        text = "\n".join((str(e.id), e.at, e.user, e.role, e.machine, e.action, e.target, content, e.result))
        lines.append(AuditLine(e, content, text.lower()))
    return lines


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


class AuditTableModel(SortedRowsModel):
    """`failed_count` counts the failed and refused entries among the rows shown."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._user: str | None = None
        self._action: str | None = None
        self._result: str | None = None

    # ----- filters ---------------------------------------------------------------------------------------------
    def set_filters(self, *, user: str | None = None, action: str | None = None, result: str | None = None) -> None:
        """None is 全部."""
        self._user, self._action, self._result = user, action, result
        self._refilter()

    def users(self) -> list[str]:
        """Everyone who appears in the loaded entries, by name."""
        return sorted({line.entry.user for line in self._records})

    @property
    def failed_count(self) -> int:
        return sum(1 for i in self._visible if self._records[i].failed)

    def _haystack(self, line: AuditLine) -> str:
        return line.haystack

    def _accepts(self, line: AuditLine) -> bool:
        entry = line.entry
        return ((self._user is None or entry.user == self._user)
                and (self._action is None or entry.action == self._action)
                and (self._result is None or entry.result == self._result))

    # ----- cells -----------------------------------------------------------------------------------------------
    def _text(self, line: AuditLine, column: int) -> str:
        entry = line.entry
        if column == NUMBER:
            return str(entry.id)
        if column == CONTENT:
            return _shortened(" ".join(line.content.split()), SHOWN_CHARS)
        return {AT: entry.at, USER: entry.user, ROLE: entry.role, MACHINE: entry.machine, ACTION: entry.action,
                TARGET: entry.target, RESULT: entry.result}[column]

    def _sort_key(self, line: AuditLine, column: int):  # noqa: ANN202 - any comparable value
        if column == NUMBER:
            return line.entry.id
        if column == CONTENT:
            return line.content
        return self._text(line, column), line.entry.id

    def _role_data(self, line: AuditLine, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.ForegroundRole and line.failed:
            return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (TARGET, CONTENT):
            text = line.entry.target if column == TARGET else line.content
            return _shortened(text, TOOLTIP_CHARS) or None
        return None
