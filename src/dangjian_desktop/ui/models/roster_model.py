"""The roster table: every standard column plus 年龄 and 党龄, searched, filtered and sorted in Python.

Built for 50,000 rows: a lowercase search text per member is prepared once, a filter keystroke only walks an
index list (and only the rows still visible when the search text grows), sort keys are computed once per
column, and display strings are made for a row only when the view first paints it.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.enums import MemberCategory
from ...domain.masking import mask_id_number, mask_phone
from ...domain.member import MemberRecord
from ...domain.roster import BOOLEAN_KEYS, DATE_KEYS, ROSTER_COLUMNS
from .visible_rows import VisibleRowsModel, search_terms

COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.label) for c in ROSTER_COLUMNS) + (
    ("age", "年龄"), ("party_age", "党龄"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
_DERIVED = ("age", "party_age")
_MASKERS: dict[str, Callable[[str], str]] = {"id_number": mask_id_number, "phone": mask_phone}
_CENTRED = DATE_KEYS | BOOLEAN_KEYS | {"sex", "age", "party_age", "category", "status"}
_TOOLTIP_KEYS = frozenset({"branch_name", "work_unit", "address", "mobile_place", "note", "dual_report_community"})
_ROLE_RECORD = Qt.ItemDataRole.UserRole
_NONE_FIRST = -(10**9)  # sort key of an empty 年龄/党龄: before every real value


def _display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class RosterTableModel(VisibleRowsModel):
    """Members as rows. Search and filters pick the visible rows; `sort` orders them (header clicks call it)."""

    HEADERS = tuple(label for _key, label in COLUMNS)

    def __init__(self, parent: QObject | None = None, today: date | None = None):
        super().__init__(parent)
        self._today = today or date.today()
        self._records: list[MemberRecord] = []
        self._haystacks: list[str] = []
        self._display: list[tuple[str, ...] | None] = []
        self._sort_keys: dict[int, list] = {}
        self._order: list[int] = []      # every record index, in the current sort order
        self._visible: list[int] = []    # the filtered subsequence of _order that the view shows
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._terms: tuple[str, ...] = ()
        self._filters: tuple[str | None, bool | None, bool | None] = (None, None, None)
        self._masked = True

    # ----- content -----------------------------------------------------------------------------------------
    def set_records(self, records: Sequence[MemberRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._haystacks = [
            f"{r.name}\n{r.id_number}\n{r.phone}\n{r.work_unit}".lower() for r in self._records
        ]
        self._display = [None] * len(self._records)
        self._sort_keys = {}
        self._order = list(range(len(self._records)))
        if self._sort is not None:
            column, order = self._sort
            self._order.sort(key=self._keys(column).__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = self._filtered(self._order)
        self.endResetModel()
        self.counts_changed.emit()

    def record_at(self, row: int) -> MemberRecord:
        return self._records[self._visible[row]]

    @staticmethod
    def column_of(key: str) -> int:
        return COLUMN_KEYS.index(key)

    # ----- masking, search, filters --------------------------------------------------------------------------
    def is_masked(self) -> bool:
        return self._masked

    def set_masked(self, masked: bool) -> None:
        if masked == self._masked:
            return
        self._masked = masked
        if self._visible:
            for key in _MASKERS:
                column = self.column_of(key)
                self.dataChanged.emit(self.index(0, column), self.index(len(self._visible) - 1, column),
                                      [Qt.ItemDataRole.DisplayRole])

    def set_search(self, text: str) -> None:
        terms = search_terms(text)
        if terms == self._terms:
            return
        narrows = all(any(old in new for new in terms) for old in self._terms)
        self._terms = terms
        self._refilter(self._visible if narrows else self._order)

    def set_filters(self, *, category: str | None = None, mobile: bool | None = None,
                    lost_contact: bool | None = None) -> None:
        """None means 全部 for each filter."""
        filters = (category, mobile, lost_contact)
        if filters == self._filters:
            return
        self._filters = filters
        self._refilter(self._order)

    def _refilter(self, source: list[int]) -> None:
        self._show(self._filtered(source))

    def _filtered(self, source: list[int]) -> list[int]:
        records = self._records
        category, mobile, lost = self._filters
        rows = source
        if category is not None:
            rows = [i for i in rows if records[i].category == category]
        if mobile is not None:
            rows = [i for i in rows if records[i].is_mobile == mobile]
        if lost is not None:
            rows = [i for i in rows if records[i].is_lost_contact == lost]
        haystacks = self._haystacks
        for term in self._terms:
            rows = [i for i in rows if term in haystacks[i]]
        return rows if rows is not source else list(source)

    # ----- sorting ---------------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; a column outside the table (a cleared sort indicator) restores the loaded order."""
        self._sort = (column, order) if 0 <= column < len(COLUMNS) else None
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [self._visible[index.row()] for index in persistent]
        key = self._keys(column).__getitem__ if self._sort else None
        reverse = self._sort is not None and order == Qt.SortOrder.DescendingOrder
        self._order.sort(key=key, reverse=reverse)
        if len(self._visible) == len(self._order):
            self._visible = list(self._order)
        else:
            self._visible.sort(key=key, reverse=reverse)
        if persistent:
            position = {record_index: row for row, record_index in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent, [self.index(position[i], p.column()) for p, i in zip(persistent, kept)])
        self.layoutChanged.emit()

    def _keys(self, column: int) -> list:
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = self._make_keys(COLUMN_KEYS[column])
        return keys

    def _make_keys(self, key: str) -> list:
        records = self._records
        if key == "age":  # younger first = born later; the date orders ties within a year too
            return [-r.birth_date.toordinal() if r.birth_date else _NONE_FIRST for r in records]
        if key == "party_age":  # as MemberRecord.party_age: only a 正式党员 with a 转正时间 has one
            full = MemberCategory.FULL.value
            return [-r.confirmed_on.toordinal() if r.confirmed_on and r.category == full else _NONE_FIRST
                    for r in records]
        if key in DATE_KEYS:
            return [d.toordinal() if d else 0 for d in (getattr(r, key) for r in records)]
        if key in BOOLEAN_KEYS:
            return [int(getattr(r, key)) for r in records]
        return [getattr(r, key) or "" for r in records]

    # ----- Qt model interface -------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole or (role == Qt.ItemDataRole.ToolTipRole and key in _TOOLTIP_KEYS):
            text = self._texts(self._visible[index.row()])[index.column()]
            if self._masked and key in _MASKERS:
                return _MASKERS[key](text)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignHCenter if key in _CENTRED else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == _ROLE_RECORD:
            return self.record_at(index.row())
        return None

    def _texts(self, record_index: int) -> tuple[str, ...]:
        texts = self._display[record_index]
        if texts is None:
            record = self._records[record_index]
            texts = self._display[record_index] = tuple(
                _display_text(getattr(record, key)(self._today) if key in _DERIVED else getattr(record, key))
                for key in COLUMN_KEYS)
        return texts
