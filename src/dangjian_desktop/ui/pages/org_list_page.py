"""What 组织与党员 (the roster) and the 会议记录 tab of 组织生活 share: the organisation tree on the left; on the
right the chosen organisation's name and count, a search box (the window's Ctrl+F calls `focus_search`) with the
filters, rows of buttons, and a sortable list with a right-click menu, double-click to open and Delete to delete;
the split and the columns remembered; lists fetched off the GUI thread with a stale answer dropped."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QSplitter, QVBoxLayout, QWidget

from ...services.database import Database
from ..models.visible_rows import VisibleRowsModel
from ..ops import BackgroundOp
from ..theme import HINT, SUBHEADING, set_role
from ..widgets import stacked
from ..widgets.list_table import list_table, widget_shortcut
from ..widgets.org_tree import OrgTree


class OrgListPage(QWidget):
    """Subclasses give `_load()` (which calls `_fetch`), `_update_buttons()` (reading `editable`) and
    `_context_menu(pos)`, and lay out with `_lay_out` then wire with `_connect_list`.

    `data_changed` after anything was written here (organisations too, from the tree's menu)."""

    data_changed = Signal()
    UNIT = ""                      # what the count counts: 共 6 人
    HEADER_STATE_KEY = ""          # QSettings keys of the table header (widths, order, sort) and of the split
    SPLITTER_STATE_KEY = ""
    FIRST_SPLIT: tuple[int, int] | None = None   # tree and list widths until the split is moved; None: Qt's

    def __init__(self, db: Database, model: VisibleRowsModel, parent: QWidget | None = None, *,
                 multi_select: bool = False, row_numbers: bool = False):
        super().__init__(parent)
        self.db = db
        self._generation = 0
        self.editable = True
        self.tree = OrgTree(db)
        self.model = model
        model.setParent(self)
        self.title = set_role(QLabel(), SUBHEADING)
        self.count_label = set_role(QLabel(), HINT)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.table = list_table(model, multi_select=multi_select, row_numbers=row_numbers, sortable=True,
                                context_menu=True)
        self._save_timer = QTimer(self, singleShot=True, interval=500, timeout=self._save_layout)

    # ----- to give ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def _context_menu(self, pos: QPoint) -> None:
        raise NotImplementedError

    # ----- building --------------------------------------------------------------------------------------------
    def _lay_out(self, filters: Sequence[tuple[str, QWidget]], rows: Sequence[QLayout], *, filter_gap: int,
                 search_room: int, beside_count: Sequence[QWidget] = ()) -> None:
        """The heading (name, count, then `beside_count` at the right end), the search box with the labelled
        filters `filter_gap` apart, the button `rows` and the table beside the tree; the saved split and columns
        restored. `search_room`: width beyond the placeholder text, so that it shows whole."""
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
                                    + search_room)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.count_label)
        heading.addStretch(1)
        for number, widget in enumerate(beside_count):
            if number:
                heading.addSpacing(8)
            heading.addWidget(widget)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search, 1)
        for label, widget in filters:
            filter_row.addSpacing(filter_gap)
            filter_row.addWidget(QLabel(label))
            filter_row.addWidget(widget)
        right = stacked(heading, filter_row, *rows, self.table, margins=12, spacing=10)
        right.layout().setStretchFactor(self.table, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.tree.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._restore_layout()

    def _connect_list(self, open_selected: Callable[[], object], delete_selected: Callable[[], object]) -> None:
        """The tree chooses what is listed; the list's signals, keys and remembered layout."""
        self.tree.org_selected.connect(lambda _org_id: self._load())
        self.tree.organizations_changed.connect(self.data_changed)
        self.search.textChanged.connect(self.model.set_search)
        self.model.counts_changed.connect(self._update_counts)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: open_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        for signal in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged,
                       self.splitter.splitterMoved):
            signal.connect(lambda *_args: self._save_timer.start())
        widget_shortcut(QKeySequence.StandardKey.Delete, self.table, delete_selected)

    # ----- public ----------------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def select_organization(self, org_id: int) -> None:
        self.tree.select_org(org_id)

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: no menu on the tree, and the buttons follow `editable`."""
        self.editable = editable
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu if editable
                                       else Qt.ContextMenuPolicy.NoContextMenu)
        self._update_buttons()

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self, label: str, fetch: Callable[[], list], arrived: Callable[[], None]) -> None:
        """Run `fetch` off the GUI thread, show its list, then call `arrived`; an answer to an older request is
        dropped."""
        self._generation += 1
        generation = self._generation
        BackgroundOp(self, label, lambda _progress: fetch(),
                     lambda records: self._fetched(generation, records, arrived)).run()

    def _fetched(self, generation: int, records: list, arrived: Callable[[], None]) -> None:
        if generation != self._generation:
            return
        self.model.set_records(records)
        arrived()

    def _update_counts(self) -> None:
        visible, total = self.model.visible_count, self.model.total_count
        self.count_label.setText(self.tr("共 {0:,} {1}").format(total, self.UNIT) if visible == total
                                 else self.tr("显示 {0:,} {2}，共 {1:,} {2}").format(visible, total, self.UNIT))

    # ----- remembered layout -----------------------------------------------------------------------------------
    def _restore_layout(self) -> bool:
        """Whether the header's saved state was taken."""
        settings = QSettings()
        splitter = settings.value(self.SPLITTER_STATE_KEY)
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)) and self.FIRST_SPLIT:
            self.splitter.setSizes(list(self.FIRST_SPLIT))
        state = settings.value(self.HEADER_STATE_KEY)
        return isinstance(state, QByteArray) and self.table.horizontalHeader().restoreState(state)

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(self.HEADER_STATE_KEY, self.table.horizontalHeader().saveState())
        settings.setValue(self.SPLITTER_STATE_KEY, self.splitter.saveState())
