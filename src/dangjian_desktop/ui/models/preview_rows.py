"""What the import preview tables (roster, meetings, census, visits) share: the colour of each row status, the
order problems are listed in, and a table model that shows every row or only the rows with problems, and lets the
user choose, row by row, whether a conflict row is written anyway."""

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.member import Severity
from ...services.member_import import CONFLICT_KIND, KIND_LABELS, RowStatus
from .headered import HeaderedTableModel

STATUS_COLOURS: dict[RowStatus, tuple[str, str]] = {  # background, text
    RowStatus.OK: ("#E8F5E9", "#1B5E20"),
    RowStatus.FIXED: ("#E3F2FD", "#0D47A1"),
    RowStatus.WARNING: ("#FFF4D6", "#7A4F00"),
    RowStatus.REJECTED: ("#FDECEA", "#B3261E"),
    RowStatus.CONFLICT: ("#F3E5F5", "#6A1B9A"),
}
_KIND_ORDER = {  # the reason a row is refused comes first
    KIND_LABELS[Severity.ERROR]: 0, CONFLICT_KIND: 1, KIND_LABELS[Severity.WARNING]: 2, KIND_LABELS[Severity.FIXED]: 3,
}


def issues_text(row) -> str:  # noqa: ANN001 - any preview row, with `issues`
    """All of a row's problems on one line, the reason a row is refused first."""
    ordered = sorted(row.issues, key=lambda issue: _KIND_ORDER.get(issue.kind, len(_KIND_ORDER)))
    return "；".join(f"{issue.column}：{issue.message}" for issue in ordered)


def status_counts_html(total_text: str, count_of) -> str:  # noqa: ANN001 - count_of(status) -> int
    """`total_text` then each status with its count, in the status's text colour."""
    parts = [total_text]
    for status in RowStatus:
        colour = STATUS_COLOURS[status][1]
        parts.append(f'<span style="color:{colour}">{status.label} <b>{count_of(status)}</b></span>')
    return "　".join(parts)


class PreviewRowsModel(HeaderedTableModel):
    """Rows with `row_number`, `status` and `issues`, shown as 行号, 状态, the subclass's own columns (`_cell_text`)
    and the problems. A subclass with a CHOICE_COLUMN offers a check box on each row `_choosable` accepts: checked,
    the row is written anyway (`chosen()`), else skipped."""

    HEADERS: Sequence[str] = ()
    ROW_COLUMN, STATUS_COLUMN = 0, 1
    ISSUES_COLUMN = -1
    CHOICE_COLUMN: int | None = None
    CHOSEN_TEXT = ""                       # the choice column of a checked row; an unchecked one reads 跳过
    CENTRED: frozenset[int] = frozenset()
    FULL_TEXT_TIPS: frozenset[int] = frozenset()   # columns whose tooltip repeats the text the column may cut
    choices_changed = Signal()

    def __init__(self, rows: list, parent: QObject | None = None):
        super().__init__(parent)
        self._rows = rows
        self._shown = list(rows)
        self._chosen: set[int] = set()

    # ----- hooks -------------------------------------------------------------------------------------------------
    def _cell_text(self, row, column: int) -> str:  # noqa: ANN001 - the subclass's preview row
        raise NotImplementedError

    def _choosable(self, row) -> bool:  # noqa: ANN001 - the subclass's preview row
        return False

    def _choice_tip(self, row) -> str:  # noqa: ANN001 - the subclass's preview row
        raise NotImplementedError

    # ----- rows and choices --------------------------------------------------------------------------------------
    def set_problems_only(self, on: bool) -> None:
        self.beginResetModel()
        self._shown = [r for r in self._rows if r.status is not RowStatus.OK] if on else list(self._rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._shown[row]

    def _row_count(self) -> int:
        return len(self._shown)

    def chosen(self) -> set[int]:
        """The row numbers of the rows chosen to be written anyway."""
        return set(self._chosen)

    def conflict_count(self) -> int:
        return sum(1 for r in self._rows if self._choosable(r))

    def set_all_chosen(self, on: bool) -> None:
        self._chosen = {r.row_number for r in self._rows if self._choosable(r)} if on else set()
        if self._shown:
            self.dataChanged.emit(self.index(0, self.CHOICE_COLUMN),
                                  self.index(len(self._shown) - 1, self.CHOICE_COLUMN))
        self.choices_changed.emit()

    def _is_choice(self, row, column: int) -> bool:  # noqa: ANN001 - a preview row
        return column == self.CHOICE_COLUMN and self._choosable(row)

    # ----- Qt model ----------------------------------------------------------------------------------------------
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._is_choice(self._shown[index.row()], index.column()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tool_tip(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and self._is_choice(row, column):
            return Qt.CheckState.Checked if row.row_number in self._chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == self.STATUS_COLUMN and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, text = STATUS_COLOURS[row.status]
            return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.CHOICE_COLUMN:
            return False
        row = self._shown[index.row()]
        if not self._choosable(row):
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._chosen.add(row.row_number)
        else:
            self._chosen.discard(row.row_number)
        self.dataChanged.emit(index, index)
        self.choices_changed.emit()
        return True

    def _text(self, row, column: int) -> str:  # noqa: ANN001 - a preview row
        if column == self.ROW_COLUMN:
            return str(row.row_number)
        if column == self.STATUS_COLUMN:
            return row.status.label
        if column == self.ISSUES_COLUMN:
            return issues_text(row)
        if column == self.CHOICE_COLUMN:
            if not self._choosable(row):
                return ""
            return self.CHOSEN_TEXT if row.row_number in self._chosen else "跳过"
        return self._cell_text(row, column)

    def _tool_tip(self, row, column: int) -> str | None:  # noqa: ANN001 - a preview row
        if self._is_choice(row, column):
            return self._choice_tip(row)
        return self._text(row, column) if column in self.FULL_TEXT_TIPS else None
