"""A list model over plain records that filters, searches and sorts in Python (DESIGN §10): subclasses say what
a row's search text is, which records the filters keep, and each column's text and sort key. A list can also be
restricted to a set of records (`set_only_ids`: what a dashboard number opens)."""

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from .visible_rows import VisibleRowsModel, search_terms


class SortedRowsModel(VisibleRowsModel):
    """`_haystack(record)` (lowercase search text), `_accepts(record)` (the filters), `_text(record, column)` and
    `_sort_key(record, column)`; the rows keep the services' order until a column header is clicked.
    `total_count` counts the records in scope (all, or those of `set_only_ids`)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._haystacks: list[str] = []
        self._terms: tuple[str, ...] = ()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._only: frozenset[int] | None = None

    # ----- to give -------------------------------------------------------------------------------------------
    def _haystack(self, record) -> str:  # noqa: ANN001 - the subclass's record type
        raise NotImplementedError

    def _accepts(self, record) -> bool:  # noqa: ANN001
        return True

    def _text(self, record, column: int) -> str:  # noqa: ANN001
        raise NotImplementedError

    def _sort_key(self, record, column: int):  # noqa: ANN001, ANN202 - any comparable value
        return self._text(record, column)

    # ----- content -------------------------------------------------------------------------------------------
    def set_records(self, records: Sequence) -> None:
        self._records = list(records)
        self._haystacks = [self._haystack(r).lower() for r in self._records]
        self._refilter()

    def record_at(self, row: int):  # noqa: ANN201 - the subclass's record type
        return self._records[self._visible[row]]

    def visible_records(self) -> list:
        return [self._records[i] for i in self._visible]

    def set_only_ids(self, ids: list[int] | None) -> None:
        """Keep only the records with these ids (None: every record)."""
        self._only = None if ids is None else frozenset(ids)
        self._refilter()

    @property
    def total_count(self) -> int:
        if self._only is None:
            return len(self._records)
        return sum(1 for r in self._records if r.id in self._only)

    def set_search(self, text: str) -> None:
        terms = search_terms(text)
        if terms != self._terms:
            self._terms = terms
            self._refilter()

    def _refilter(self) -> None:
        rows = [i for i, record in enumerate(self._records)
                if (self._only is None or record.id in self._only) and self._accepts(record)
                and all(term in self._haystacks[i] for term in self._terms)]
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=lambda i: self._sort_key(self._records[i], column),
                      reverse=order == Qt.SortOrder.DescendingOrder)
        self._show(rows)

    # ----- Qt model --------------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; a cleared sort indicator (column -1) goes back to the services' order."""
        self._sort = (column, order) if 0 <= column < len(self.HEADERS) else None
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [self._visible[index.row()] for index in persistent]
        if self._sort is None:
            self._visible.sort()
        else:
            self._visible.sort(key=lambda i: self._sort_key(self._records[i], column),
                               reverse=order == Qt.SortOrder.DescendingOrder)
        if persistent:
            position = {record_index: row for row, record_index in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent, [self.index(position[i], p.column()) for p, i in zip(persistent, kept, strict=True)])
        self.layoutChanged.emit()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(self.record_at(index.row()), index.column())
        return self._role_data(self.record_at(index.row()), index.column(), role)

    def _role_data(self, record, column: int, role: int):  # noqa: ANN001, ANN202 - Qt's variant
        """Other roles than the text (colour, alignment, tooltip); None by default."""
        return None
