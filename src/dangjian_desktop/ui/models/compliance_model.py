"""The 落实情况 grid: 党支部 as rows, the months (or quarters) of a year and the year as columns.

Each period cell holds one mark per required meeting type of that frequency — held, missing, due in the
running period, or not yet due — in fixed slots, so a type stays in the same place across the row. Built for
150 branches × 12 months: the marks are made once when the grid arrives, texts only when a cell is shown.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.compliance import ComplianceCell
from ...domain.meetings import MeetingType
from ...domain.text import normalize_text
from ...services.compliance import MeetingRules
from ...services.organizations import OrgNode
from .compliance_marks import STATE_LABELS, STATE_SEVERITY as _SEVERITY, STATE_SIGNS, CellState, GridColumn, Mark, \
    View, grid_columns, period_label, unmet_state

NAME, SUMMARY = 0, 1           # the columns before the periods
FIRST_PERIOD = 2
MARKS_ROLE = Qt.ItemDataRole.UserRole + 1    # tuple[Mark, ...] of a period cell
STATE_ROLE = Qt.ItemDataRole.UserRole + 2    # the cell's overall CellState (None where nothing is required)
NOTE_ROLE = Qt.ItemDataRole.UserRole + 3     # a short remark painted after the marks ("未达法定人数", "未成立")
NOT_REQUIRED_COLOUR = "#F4F5F7"
SUMMARY_COLOURS = {True: "#2E6B30", False: "#B3261E"}   # all met / something missing


@dataclass
class _Row:
    branch: OrgNode
    parent_name: str
    marks: dict[str, tuple[Mark, ...]]          # period key → marks
    summary: dict[View, tuple[int, int]]        # view → (met, due) over the periods that have ended
    haystack: str


class ComplianceModel(QAbstractTableModel):
    """Rows are 党支部 in tree order; `set_view` switches between months and quarters without a reload."""

    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rules = MeetingRules()
        self._year = date.today().year
        self._today = date.today()
        self._view = View.MONTH
        self._columns: dict[View, list[GridColumn]] = {view: [] for view in View}
        self._rows: list[_Row] = []
        self._order: list[int] = []       # every row index, in the current sort order
        self._visible: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._only_failing = False
        self._terms: tuple[str, ...] = ()

    # ----- content ---------------------------------------------------------------------------------------
    def set_grid(self, branches: Sequence[OrgNode], cells: Iterable[ComplianceCell], rules: MeetingRules,
                 year: int, today: date, parent_names: dict[int, str] | None = None) -> None:
        """`branches` are the 党支部 (tree order); `cells` come from services.compliance.compliance_grid."""
        self.beginResetModel()
        self._rules, self._year, self._today = rules, year, today
        self._columns = {view: grid_columns(rules, year, view) for view in View}
        all_columns = {column.period.key: column for view in View for column in self._columns[view]}
        slots = {key: {t: slot for slot, t in enumerate(column.types)} for key, column in all_columns.items()}
        blank = {key: [Mark(t, None) for t in column.types] for key, column in all_columns.items()}
        unmet = {key: unmet_state(column.period, today) for key, column in all_columns.items()}
        ended = {view: [c.period.key for c in self._columns[view] if c.period.end < today] for view in View}
        by_branch: dict[int, list[ComplianceCell]] = defaultdict(list)
        for cell in cells:
            by_branch[cell.branch_id].append(cell)
        parent_names = parent_names or {}
        self._rows = []
        for branch in branches:
            filled = {key: list(marks) for key, marks in blank.items()}
            for cell in by_branch.get(branch.id, ()):
                slot = slots.get(cell.period, {}).get(cell.type)
                if slot is not None:
                    filled[cell.period][slot] = Mark(cell.type, CellState.MET if cell.met else unmet[cell.period],
                                                     cell.required, cell.held, cell.without_quorum)
            marks = {key: tuple(row_marks) for key, row_marks in filled.items()}
            summary = {}
            for view in View:
                due = [m.state for key in ended[view] for m in marks[key] if m.state is not None]
                summary[view] = (due.count(CellState.MET), len(due))
            parent = parent_names.get(branch.parent_id or 0, "")
            self._rows.append(_Row(branch, parent, marks, summary, normalize_text(branch.name + parent).lower()))
        self._order = self._ordered()
        self._visible = self._filtered()
        self.endResetModel()
        self.counts_changed.emit()

    @property
    def rules(self) -> MeetingRules:
        return self._rules

    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        view = View(view)
        if view is self._view:
            return
        self.beginResetModel()
        self._view = view
        if self._sort is not None and self._sort[0] >= self.columnCount():
            self._sort = None
        self._order = self._ordered()
        self._visible = self._filtered()
        self.endResetModel()
        self.counts_changed.emit()

    def set_only_failing(self, on: bool) -> None:
        if on != self._only_failing:
            self._only_failing = on
            self._refilter()

    def set_search(self, text: str) -> None:
        terms = tuple(normalize_text(text).lower().split())
        if terms != self._terms:
            self._terms = terms
            self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._visible = self._filtered()
        self.endResetModel()
        self.counts_changed.emit()

    def _filtered(self) -> list[int]:
        rows = self._order
        if self._only_failing:
            rows = [i for i in rows if self._failing(i)]
        for term in self._terms:
            rows = [i for i in rows if term in self._rows[i].haystack]
        return list(rows)

    def _failing(self, row_index: int) -> bool:
        met, due = self._rows[row_index].summary[self._view]
        return met < due

    # ----- questions the panel asks --------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def failing_count(self) -> int:
        return sum(1 for i in range(len(self._rows)) if self._failing(i))

    def columns(self) -> list[GridColumn]:
        return self._columns[self._view]

    def branches(self) -> list[OrgNode]:
        """Every 党支部 of the grid, shown or filtered out."""
        return [row.branch for row in self._rows]

    def branch_at(self, row: int) -> OrgNode:
        return self._rows[self._visible[row]].branch

    def row_of(self, branch_id: int) -> int | None:
        return next((row for row, i in enumerate(self._visible) if self._rows[i].branch.id == branch_id), None)

    def span_of(self, column: int) -> tuple[date, date]:
        """The dates a column covers; the name and summary columns cover the whole year."""
        if column >= FIRST_PERIOD:
            period = self.columns()[column - FIRST_PERIOD].period
            return period.start, period.end
        return date(self._year, 1, 1), date(self._year, 12, 31)

    def marks(self, row: int, column: int) -> tuple[Mark, ...]:
        if column < FIRST_PERIOD:
            return ()
        return self._rows[self._visible[row]].marks[self.columns()[column - FIRST_PERIOD].period.key]

    # ----- sorting ---------------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Name, the number missing, or a period's state (worst first); an invalid column restores tree order."""
        self._sort = (column, order) if 0 <= column < self.columnCount() else None
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [self._visible[index.row()] for index in persistent]
        self._order = self._ordered()
        self._visible = self._filtered()
        position = {row_index: row for row, row_index in enumerate(self._visible)}
        self.changePersistentIndexList(persistent, [self.index(position[i], p.column())
                                                    for p, i in zip(persistent, kept)])
        self.layoutChanged.emit()

    def _ordered(self) -> list[int]:
        order = list(range(len(self._rows)))
        if self._sort is not None:
            column, direction = self._sort
            order.sort(key=self._sort_key(column), reverse=direction == Qt.SortOrder.DescendingOrder)
        return order

    def _sort_key(self, column: int):
        rows, view = self._rows, self._view
        if column == NAME:
            return lambda i: rows[i].branch.name
        if column == SUMMARY:   # most missing first when ascending
            return lambda i: (rows[i].summary[view][0] - rows[i].summary[view][1], rows[i].summary[view][1])
        key = self.columns()[column - FIRST_PERIOD].period.key
        return lambda i: min((_SEVERITY[m.state] for m in rows[i].marks[key]), default=_SEVERITY[None])

    # ----- Qt model interface -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_PERIOD + len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if section == NAME:
            return {Qt.ItemDataRole.DisplayRole: "党支部"}.get(role)
        if section == SUMMARY:
            return {Qt.ItemDataRole.DisplayRole: "达标",
                    Qt.ItemDataRole.ToolTipRole: "已结束的期间里，达标的项数 / 应达标的项数（本期和以后的不计）"}.get(role)
        if not 0 <= section - FIRST_PERIOD < len(self.columns()):
            return None
        column = self.columns()[section - FIRST_PERIOD]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return period_label(column.period.key) + "：" + "、".join(column.types)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[self._visible[index.row()]], index.column()
        if column == NAME:
            return self._name_data(row, role)
        if column == SUMMARY:
            return self._summary_data(row, role)
        grid_column = self.columns()[column - FIRST_PERIOD]
        marks = row.marks[grid_column.period.key]
        if role == MARKS_ROLE:
            return marks
        if role == STATE_ROLE:
            return self._cell_state(marks)
        if role == NOTE_ROLE:
            return self._note(row, grid_column, marks)
        if role == Qt.ItemDataRole.DisplayRole:
            shown = " ".join(m.short + STATE_SIGNS[m.state] for m in marks if m.state is not None)
            note = self._note(row, grid_column, marks)
            return f"{shown} {note}".strip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, grid_column, marks)
        if role == Qt.ItemDataRole.BackgroundRole and self._cell_state(marks) is None:
            return QBrush(QColor(NOT_REQUIRED_COLOUR))
        return None

    @staticmethod
    def _cell_state(marks: tuple[Mark, ...]) -> CellState | None:
        states = [m.state for m in marks if m.state is not None]
        return min(states, key=_SEVERITY.__getitem__) if states else None

    def _not_founded(self, row: _Row, column: GridColumn) -> bool:
        return row.branch.founded_on is not None and row.branch.founded_on > column.period.end

    def _note(self, row: _Row, column: GridColumn, marks: tuple[Mark, ...]) -> str:
        if self._not_founded(row, column):
            return "未成立"
        return "未达法定人数" if any(m.without_quorum for m in marks) else ""

    def _name_data(self, row: _Row, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return row.branch.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.branch.name]
            if row.parent_name:
                lines.append(f"上级组织：{row.parent_name}")
            if row.branch.founded_on:
                lines.append(f"建立日期：{row.branch.founded_on:%Y-%m-%d}")
            lines.append("双击查看本年度的会议记录")
            return "\n".join(lines)
        return None

    def _summary_data(self, row: _Row, role: int):
        met, due = row.summary[self._view]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{met}/{due}" if due else "—"
        if role == Qt.ItemDataRole.ForegroundRole and due:
            return QBrush(QColor(SUMMARY_COLOURS[met == due]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            missing = [f"{period_label(c.period.key)} {m.type}" for c in self.columns()
                       if c.period.end < self._today for m in row.marks[c.period.key] if m.state is CellState.MISSING]
            if not missing:
                return f"已结束的 {due} 项全部达标" if due else "还没有已结束的考核期间"
            shown = missing[:12] + ([f"……共 {len(missing)} 项"] if len(missing) > 12 else [])
            return f"达标 {met} 项，共 {due} 项。未开：\n" + "\n".join(shown)
        return None

    def _tooltip(self, row: _Row, column: GridColumn, marks: tuple[Mark, ...]) -> str:
        if self._not_founded(row, column):
            lines = [f"该党支部 {row.branch.founded_on:%Y-%m-%d} 成立，此前不作要求"]
        else:
            lines = [f"{mark.type}：{self._mark_text(mark)}" for mark in marks]
        return "\n".join([f"{row.branch.name} · {period_label(column.period.key)}", *lines, "双击查看这段时间的会议记录"])

    def _mark_text(self, mark: Mark) -> str:
        if mark.state is None:
            if mark.type == MeetingType.COMMITTEE:
                return f"正式党员不足 {self._rules.committee_threshold} 名，未设支委会，不作要求"
            if mark.type == MeetingType.GROUP:
                return "未设党小组，不作要求"
            return "不作要求"
        if mark.type == MeetingType.GROUP:
            minimum = next((r.minimum for r in self._rules.requirements if r.type == mark.type), 1)
            text = f"{mark.required // minimum} 个党小组，应开 {mark.required} 次，已开 {mark.held} 次（每组最多计 {minimum} 次）"
        else:
            text = f"应开 {mark.required} 次，已开 {mark.held} 次"
        if mark.without_quorum:
            text += f"，其中 {mark.without_quorum} 次未达法定人数（到会正式党员未超过半数，不计入）"
        return f"{STATE_LABELS[mark.state]}（{text}）"
