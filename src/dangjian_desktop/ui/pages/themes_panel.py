"""主题党日 (五统三联): the street's theme for each month, and which 党支部 have recorded it."""

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from ...services.database import Database
from ...services.errors import ServiceError
from ...services.themes import Theme, ThemeUptake, delete_theme, list_themes, theme_uptake
from ..dialogs.theme_dialog import ThemeDialog
from ..ops import show_error
from ..theme import HINT, PRIMARY, SUBHEADING, set_role
from ..widgets.list_table import list_table

RECORDED_COLOUR, MISSING_COLOUR = "#2E6B30", "#B3261E"


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


class TextTableModel(QAbstractTableModel):
    """A small read-only table: rows of texts, each with the object it shows and an optional text colour."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None):
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[tuple[tuple[str, ...], object, str | None]] = []

    def set_rows(self, rows: list[tuple[tuple[str, ...], object, str | None]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def item_at(self, row: int):
        return self._rows[row][1]

    def row_where(self, test) -> int | None:
        return next((row for row, (_texts, item, _colour) in enumerate(self._rows) if test(item)), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        texts, _item, colour = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and colour and index.column() == 1:
            return QBrush(QColor(colour))
        return None


class ThemesPanel(QWidget):
    """`record_requested(branch_id, "YYYY-MM")`: start that branch's 主题党日 record from the month's theme.
    `themes_changed` after a theme was created, edited or deleted here."""

    record_requested = Signal(int, str)
    themes_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, load: bool = True):
        """`load=False` leaves it empty until refresh(): a tab nobody opened costs nothing at start-up."""
        super().__init__(parent)
        self.db = db
        self._uptake: list[ThemeUptake] = []
        self.editable = True
        self.themes_model = TextTableModel((self.tr("月份"), self.tr("主题"), self.tr("计划日期")), self)
        self.uptake_model = TextTableModel((self.tr("党支部"), self.tr("记录情况"), self.tr("召开日期"),
                                            self.tr("按街道主题")), self)
        self._build()
        self._connect()
        if load:
            self.refresh()

    def _build(self) -> None:
        self.new_button = set_role(QPushButton(self.tr("新建主题")), PRIMARY)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.themes_table = list_table(self.themes_model)
        header = self.themes_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.no_themes = set_role(QLabel(self.tr("还没有设置主题。点“新建主题”，为某个月设置全街道统一的主题党日，"
                                                 "各党支部记录主题党日时会自动带出主题和提纲。")), HINT)
        self.no_themes.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        left_layout.addWidget(set_role(QLabel(self.tr("街道统一主题（五统三联）")), SUBHEADING))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.no_themes)
        left_layout.addWidget(self.themes_table, 1)

        self.month_title = set_role(QLabel(), SUBHEADING)
        self.theme_label = QLabel()
        self.theme_label.setWordWrap(True)
        self.outline_label = set_role(QLabel(), HINT)
        self.outline_label.setWordWrap(True)
        self.count_label = QLabel()
        self.missing_only = QCheckBox(self.tr("只看未记录的支部"))
        self.record_button = QPushButton(self.tr("为该支部记录…"))
        self.record_button.setToolTip(self.tr("按本月的街道主题，为选中的党支部新建主题党日记录"))
        self.uptake_table = list_table(self.uptake_model)
        header = self.uptake_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 12, 12, 12)
        right_layout.addWidget(self.month_title)
        right_layout.addWidget(self.theme_label)
        right_layout.addWidget(self.outline_label)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addStretch(1)
        counts.addWidget(self.missing_only)
        counts.addWidget(self.record_button)
        right_layout.addLayout(counts)
        right_layout.addWidget(self.uptake_table, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 660])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_theme)
        self.edit_button.clicked.connect(self.edit_theme)
        self.delete_button.clicked.connect(self.delete_theme)
        self.themes_table.selectionModel().currentRowChanged.connect(lambda *_args: self._theme_chosen())
        self.themes_table.doubleClicked.connect(lambda _index: self.edit_theme())
        self.uptake_table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_record_button())
        self.uptake_table.doubleClicked.connect(lambda _index: self.request_record())
        self.missing_only.toggled.connect(lambda _on: self._show_uptake())
        self.record_button.clicked.connect(self.request_record)

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self, month: str | None = None) -> None:
        """Reload the themes (keeping the chosen month, or choosing `month`) and that month's uptake."""
        keep = month or (self.current_theme().month if self.current_theme() else f"{date.today():%Y-%m}")
        themes = list_themes(self.db)
        self.themes_model.set_rows([((month_title(t.month), t.theme, f"{t.planned_on:%Y-%m-%d}" if t.planned_on
                                      else ""), t, None) for t in themes])
        self.no_themes.setVisible(not themes)
        self.themes_table.setVisible(bool(themes))
        row = self.themes_model.row_where(lambda t: t.month == keep)
        if row is None and themes:
            row = 0
        if row is None:
            self._theme_chosen()
        else:
            self.themes_table.selectRow(row)   # the selection change shows its uptake

    def current_theme(self) -> Theme | None:
        index = self.themes_table.currentIndex()
        return self.themes_model.item_at(index.row()) if index.isValid() else None

    def current_uptake(self) -> ThemeUptake | None:
        index = self.uptake_table.currentIndex()
        return self.uptake_model.item_at(index.row()) if index.isValid() else None

    def select_branch(self, branch_id: int) -> None:
        row = self.uptake_model.row_where(lambda u: u.branch_id == branch_id)
        if row is not None:
            self.uptake_table.selectRow(row)

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: no new, edited or deleted themes, no records started here."""
        self.editable = editable
        self.new_button.setEnabled(editable)
        self._update_theme_buttons()
        self._update_record_button()

    # ----- themes ----------------------------------------------------------------------------------------------
    def new_theme(self) -> None:
        dialog = ThemeDialog(self, self.db)
        if dialog.exec() and dialog.saved is not None:
            self._themes_saved(dialog.saved.month)

    def edit_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or not self.editable:
            return
        dialog = ThemeDialog(self, self.db, theme)
        if dialog.exec() and dialog.saved is not None:
            self._themes_saved(dialog.saved.month)

    def delete_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        answer = QMessageBox.question(self, self.tr("删除主题"), self.tr(
            "删除 {0} 的主题“{1}”？\n各党支部已记录的主题党日保留原有内容，只是不再关联这个主题。").format(
            month_title(theme.month), theme.theme))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_theme(self.db, theme.id)
        except ServiceError as exc:
            show_error(self, exc)
        self._themes_saved(None)

    def _themes_saved(self, month: str | None) -> None:
        self.refresh(month)
        self.themes_changed.emit()

    # ----- uptake ----------------------------------------------------------------------------------------------
    def _theme_chosen(self) -> None:
        theme = self.current_theme()
        self._update_theme_buttons()
        if theme is None:
            self._uptake = []
            self.month_title.setText(self.tr("各党支部记录情况"))
            self.theme_label.setText(self.tr("选择左侧的一个月份，查看各党支部是否已记录该月的主题党日。"))
            self.outline_label.clear()
        else:
            self._uptake = theme_uptake(self.db, theme.month)
            self.month_title.setText(self.tr("{0}主题党日").format(month_title(theme.month)))
            planned = self.tr("（计划 {0:%m月%d日}）").format(theme.planned_on) if theme.planned_on else ""
            self.theme_label.setText(self.tr("主题：{0}{1}").format(theme.theme, planned))
            self.outline_label.setText(theme.outline)
        self._show_uptake()

    def _show_uptake(self) -> None:
        keep = self.current_uptake()
        shown = [u for u in self._uptake if not (self.missing_only.isChecked() and u.meeting_id is not None)]
        self.uptake_model.set_rows([self._uptake_row(u) for u in shown])
        recorded = sum(1 for u in self._uptake if u.meeting_id is not None)
        following = sum(1 for u in self._uptake if u.follows_theme)
        self.count_label.setText(self.tr("已记录 {0} / 共 {1} 个支部（其中按街道主题 {2} 个）").format(
            recorded, len(self._uptake), following) if self.current_theme() else "")
        if keep is not None:
            self.select_branch(keep.branch_id)
        self._update_record_button()

    def _uptake_row(self, uptake: ThemeUptake) -> tuple[tuple[str, ...], ThemeUptake, str]:
        if uptake.meeting_id is None:
            return (uptake.branch_name, self.tr("未记录"), "", ""), uptake, MISSING_COLOUR
        follows = self.tr("是") if uptake.follows_theme else self.tr("否（自定主题）")
        return (uptake.branch_name, self.tr("已记录"), f"{uptake.held_on:%Y-%m-%d}", follows), uptake, RECORDED_COLOUR

    def _update_theme_buttons(self) -> None:
        chosen = self.current_theme() is not None and self.editable
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _update_record_button(self) -> None:
        uptake = self.current_uptake()
        self.record_button.setEnabled(uptake is not None and uptake.meeting_id is None and self.editable)

    def request_record(self) -> None:
        uptake, theme = self.current_uptake(), self.current_theme()
        if uptake is not None and theme is not None and uptake.meeting_id is None and self.editable:
            self.record_requested.emit(uptake.branch_id, theme.month)
