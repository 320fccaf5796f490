"""What the two import preview tables (roster and meetings) share: the colour of each row status, the order
problems are listed in, and a table model that shows every row or only the rows with problems."""

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...services.member_import import RowIssue, RowStatus
from .headered import HeaderedTableModel

STATUS_COLOURS: dict[RowStatus, tuple[str, str]] = {  # background, text
    RowStatus.OK: ("#E8F5E9", "#1B5E20"),
    RowStatus.FIXED: ("#E3F2FD", "#0D47A1"),
    RowStatus.WARNING: ("#FFF4D6", "#7A4F00"),
    RowStatus.REJECTED: ("#FDECEA", "#B3261E"),
    RowStatus.CONFLICT: ("#F3E5F5", "#6A1B9A"),
}


def sorted_issues_text(issues: Iterable[RowIssue], kind_order: Mapping[str, int]) -> str:
    """All of a row's problems on one line, the reason a row is refused first."""
    ordered = sorted(issues, key=lambda issue: kind_order.get(issue.kind, len(kind_order)))
    return "；".join(f"{issue.column}：{issue.message}" for issue in ordered)


def status_counts_html(total_text: str, count_of) -> str:  # noqa: ANN001 - count_of(status) -> int
    """`total_text` then each status with its count, in the status's text colour."""
    parts = [total_text]
    for status in RowStatus:
        colour = STATUS_COLOURS[status][1]
        parts.append(f'<span style="color:{colour}">{status.label} <b>{count_of(status)}</b></span>')
    return "　".join(parts)


class PreviewRowsModel(HeaderedTableModel):
    """Rows with a `.status`; subclasses give HEADERS, `_text` and the rest of `data`/`flags`."""

    HEADERS: Sequence[str] = ()
    STATUS_COLUMN = 1
    choices_changed = Signal()

    def __init__(self, rows: list, parent: QObject | None = None):
        super().__init__(parent)
        self._rows = rows
        self._shown = list(rows)

    def set_problems_only(self, on: bool) -> None:
        self.beginResetModel()
        self._shown = [r for r in self._rows if r.status is not RowStatus.OK] if on else list(self._rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._shown[row]

    def _row_count(self) -> int:
        return len(self._shown)

    def _status_brush(self, row, column: int, role: int) -> QBrush | None:  # noqa: ANN001 - a preview row
        """The status cell's colours, or None for any other cell or role."""
        if column == self.STATUS_COLUMN and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, text = STATUS_COLOURS[row.status]
            return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))
        return None

    def _set_choice(self, index: QModelIndex | QPersistentModelIndex, value, chosen: set[int]) -> None:
        """Add or remove the row at `index` from `chosen` by the check state `value`, and tell the views."""
        row = self._shown[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            chosen.add(row.row_number)
        else:
            chosen.discard(row.row_number)
        self.dataChanged.emit(index, index)
        self.choices_changed.emit()
