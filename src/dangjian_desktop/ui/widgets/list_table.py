"""The read-only list view every page uses: whole rows selected, no editing, fixed row height."""

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def list_table(model: QAbstractItemModel, *, multi_select: bool = False, row_numbers: bool = False,
               sortable: bool = False, context_menu: bool = False) -> QTableView:
    """A QTableView on `model`. `sortable` lets header clicks call the model's own sort (the sort indicator
    starts cleared and can be cleared again: back to the loaded order)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi_select
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    if context_menu:
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    vertical = table.verticalHeader()
    vertical.setVisible(row_numbers)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    if sortable:
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionsMovable(True)
        table.setSortingEnabled(True)
    return table


def widget_shortcut(key: QKeySequence | QKeySequence.StandardKey | Qt.Key, widget: QWidget,
                    slot: Callable[[], object]) -> QShortcut:
    """A key that acts while `widget` has focus (Delete on a list, Space on a pick list). Connected after
    construction: in PySide6 6.9 a slot given to QShortcut's constructor stops firing once another widget of
    the window has a shortcut for the same key."""
    shortcut = QShortcut(QKeySequence(key), widget, context=Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(slot)
    return shortcut
