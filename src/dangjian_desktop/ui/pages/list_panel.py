"""What the 企业名录, 走访记录, 党建指导员 and 诉求台账 lists share (DESIGN §11): a search box (the window's Ctrl+F
calls `focus_search`), the count, a sortable table with a right-click menu, double-click to open and Delete to
delete, column widths remembered, and lists loaded off the GUI thread with a stale answer dropped and the chosen
row kept on reload; the bar of a restricted list, the editor dialog, the delete question and the writes that
reload the list. Nothing loads until `refresh()` (the page calls it when the tab is first shown)."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox, \
    QPushButton, QVBoxLayout, QWidget

from ...services.database import Database
from ...services.errors import ServiceError
from ..models.sorted_rows import SortedRowsModel
from ..ops import BackgroundOp, show_error
from ..theme import HINT, set_role
from ..widgets import button_row
from ..widgets.list_table import list_table, widget_shortcut

WIDTH_SAMPLE_ROWS = 200
MAX_INITIAL_WIDTH = 160
SCOPE_BAR_STYLE = "QFrame#scopeBar { background: #F4F5F7; border: 1px solid #E3E5E8; border-radius: 4px; }"

Editor = TypeVar("Editor", bound=QDialog)


class ListPanel(QWidget):
    """Subclasses give `_fetch()` (runs on the worker thread), `_apply(data)` (back on the GUI thread),
    `open_selected()`, `delete_selected()` (also the Delete key), `_menu_actions()` and `_update_buttons()`, and
    lay out with `_lay_out`; a panel laid out `scoped` (a dashboard number opens it on a set with `show_ids`) also
    gives `_apply_filters()`.

    `data_changed` after the panel wrote anything; `loaded` each time a list arrived. `editor` is the record's
    dialog while open."""

    data_changed = Signal()
    loaded = Signal()
    STATE_KEY = ""            # QSettings key of the table header (widths, order, sort)
    UNIT = "条"
    LOADING = "正在读取……"
    WIDE_COLUMNS: dict[int, int] = {}   # column → a larger first width limit than MAX_INITIAL_WIDTH (long texts)

    def __init__(self, db: Database, model: SortedRowsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = model
        model.setParent(self)
        self._generation = 0
        self._reselect: int | None = None
        self._widths_ready = False
        self._filters: list[QWidget] = []
        self._caption = ""                  # what show_ids restricts the list to, for the bar above the table
        self.editor: QDialog | None = None
        self.count_label = set_role(QLabel(), HINT)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.table = list_table(model, sortable=True, context_menu=True)
        self._save_timer = QTimer(self, singleShot=True, interval=500, timeout=self._save_header)
        self.search.textChanged.connect(model.set_search)
        model.counts_changed.connect(self._update_counts)
        model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        widget_shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        header = self.table.horizontalHeader()
        for signal in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged):
            signal.connect(lambda *_args: self._save_timer.start())

    def _lay_out(self, filters: Sequence[tuple[str, QWidget]], actions: Sequence[QPushButton],
                 outputs: Sequence[QPushButton], *, scoped: bool = False) -> None:
        """Search and filters on one row, the record actions left and the outputs right below, then the table;
        `scoped`: with the bar of `show_ids` above it."""
        self._filters = [widget for _label, widget in filters]
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 48)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for label, widget in filters:
            top.addSpacing(8)
            if label:
                top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addLayout(top)
        column.addLayout(button_row(actions, outputs))
        if scoped:
            self.scope_bar = self._scope_bar()
            column.addWidget(self.scope_bar)
            self.model.counts_changed.connect(self._update_scope_text)
        column.addWidget(self.table, 1)
        state = QSettings().value(self.STATE_KEY)
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray) and header.restoreState(state) and header.count() == self.model.columnCount():
            self._widths_ready = True

    # ----- to give ---------------------------------------------------------------------------------------------
    def _fetch(self) -> object:
        raise NotImplementedError

    def _apply(self, data: object) -> None:
        raise NotImplementedError

    def open_selected(self) -> None:
        raise NotImplementedError

    def delete_selected(self) -> None:
        raise NotImplementedError

    def _menu_actions(self) -> list[tuple[str, Callable[[], object] | None, bool]]:
        """(text, slot, enabled) for the right-click menu on a row; an empty text is a separator."""
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def _apply_filters(self) -> None:
        """Hand the filter widgets' choices to the model."""
        raise NotImplementedError

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the services, keeping the selected row."""
        selected = self.selected()
        self._reselect = selected.id if selected is not None else self._reselect
        self._load()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected(self):  # noqa: ANN201 - the model's record type
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def show_ids(self, ids: list[int], caption: str) -> None:
        """Only these records (filters and search cleared), under the bar “仅显示：caption（N UNIT）”."""
        self._caption = caption
        self._clear_filters()
        self.model.set_only_ids(ids)     # its counts_changed writes the bar's text
        self.scope_bar.setVisible(True)
        self._load()

    def show_all(self) -> None:
        self._caption = ""
        self.scope_bar.setVisible(False)
        self.model.set_only_ids(None)

    def _clear_filters(self) -> None:
        """Every filter back to its first choice (全部) or unticked, and the search emptied: applied once."""
        widgets = (*self._filters, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        for widget in self._filters:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            else:
                widget.setChecked(False)     # a tick box such as 仅看超期
        self.search.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.model.set_search("")
        self._apply_filters()

    # ----- writing ---------------------------------------------------------------------------------------------
    def _open_editor(self, make: Callable[[], Editor], select_id: Callable[[], int | None] | None = None) \
            -> Editor | None:
        """The dialog `make()` builds, window-modal; after 确定/保存 the list reloads selecting `select_id()` (by
        default the id the dialog saved). A record deleted meanwhile is said, not opened."""
        try:
            dialog = make()
        except ServiceError as exc:
            show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._changed(select_id() if select_id else dialog.saved_id))
        dialog.finished.connect(lambda _code: setattr(self, "editor", None))
        self.editor = dialog
        dialog.open()
        return dialog

    def _confirm(self, title: str, question: str) -> bool:
        """A yes/no question, 否 by default (a stray Enter deletes nothing)."""
        answer = QMessageBox.question(self, title, question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _write(self, action: Callable[[], object], select_id: int | None = None) -> None:
        """Run a write of the services; their refusal is shown, else the list reloads (selecting `select_id`)."""
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._changed(select_id)

    # ----- loading ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        self._generation += 1
        generation = self._generation
        BackgroundOp(self, self.tr(self.LOADING), lambda _progress: self._fetch(),
                     lambda data: self._loaded(generation, data)).run()

    def _loaded(self, generation: int, data: object) -> None:
        if generation != self._generation:
            return
        self._apply(data)
        if not self._widths_ready:
            self._initial_widths()
        if self._reselect is not None:
            self.select_id(self._reselect)
            self._reselect = None
        self.loaded.emit()

    def _changed(self, select_id: int | None = None) -> None:
        """After a write: reload (selecting `select_id`) and tell the window."""
        self._reselect = select_id
        self._load()
        self.data_changed.emit()

    # ----- look ------------------------------------------------------------------------------------------------
    def _update_counts(self) -> None:
        visible, total = self.model.visible_count, self.model.total_count
        self.count_label.setText(self.tr("共 {0:,} {1}").format(total, self.UNIT) if visible == total
                                 else self.tr("显示 {0:,} / 共 {1:,} {2}").format(visible, total, self.UNIT))

    def _scope_bar(self) -> QFrame:
        bar = QFrame(objectName="scopeBar")
        bar.setStyleSheet(SCOPE_BAR_STYLE)
        self.scope_label = QLabel()
        self.show_all_button = QPushButton(self.tr("显示全部"))
        self.show_all_button.clicked.connect(self.show_all)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.scope_label, 1)
        row.addWidget(self.show_all_button)
        bar.setVisible(False)
        return bar

    def _update_scope_text(self) -> None:
        if self._caption:
            self.scope_label.setText(self.tr("仅显示：{0}（{1:,} {2}）").format(
                self._caption, self.model.total_count, self.UNIT))

    def _initial_widths(self) -> None:
        """Widths from the header text and a sample of rows (sizing to every row would take a while)."""
        if self.model.visible_count == 0:
            return
        metrics, header_metrics = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        rows = range(min(self.model.visible_count, WIDTH_SAMPLE_ROWS))
        for column in range(self.model.columnCount()):
            label = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            widest = max((metrics.horizontalAdvance(self.model.data(self.model.index(row, column)) or "")
                          for row in rows), default=0)
            heading = max(header_metrics.horizontalAdvance(line) for line in label.split("\n"))
            width = max(heading * 1.1 + 24, widest + 16)
            self.table.setColumnWidth(column, int(min(width, self.WIDE_COLUMNS.get(column, MAX_INITIAL_WIDTH))))
        self._widths_ready = True

    def _save_header(self) -> None:
        QSettings().setValue(self.STATE_KEY, self.table.horizontalHeader().saveState())

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid() or self.selected() is None:
            return
        menu = QMenu(self)
        for text, slot, enabled in self._menu_actions():
            if text:
                menu.addAction(text, slot).setEnabled(enabled)
            else:
                menu.addSeparator()
        menu.exec(self.table.viewport().mapToGlobal(pos))
