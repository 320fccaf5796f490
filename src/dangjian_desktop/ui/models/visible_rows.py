"""What the meeting list and the roster share: records held in load order, the indexes of the rows the view shows
after search and filters, the search text split into terms, and the counts behind “显示 x / 共 y”."""

from PySide6.QtCore import QObject, Signal

from ...domain.text import normalize_text
from .headered import HeaderedTableModel


def search_terms(text: str) -> tuple[str, ...]:
    """The search text as lowercase terms; a row matches when its search text holds every term."""
    return tuple(normalize_text(text).lower().split())


class VisibleRowsModel(HeaderedTableModel):
    """`_records` (each with an `.id`) and `_visible` (indexes into it); `counts_changed` after either changed."""

    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._records: list = []
        self._visible: list[int] = []

    @property
    def total_count(self) -> int:
        return len(self._records)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def _row_count(self) -> int:
        return len(self._visible)

    def row_of(self, record_id: int) -> int | None:
        """The visible row showing the record with this id, or None when it is filtered out or absent."""
        for row, index in enumerate(self._visible):
            if self._records[index].id == record_id:
                return row
        return None

    def _show(self, visible: list[int]) -> None:
        """Show these record indexes (a model reset) and announce the new counts."""
        self.beginResetModel()
        self._visible = visible
        self.endResetModel()
        self.counts_changed.emit()
