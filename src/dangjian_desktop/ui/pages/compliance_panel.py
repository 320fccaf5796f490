"""落实情况: were the required meetings held? 党支部 × months (or quarters) of a year, from the frequency rules."""

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.compliance import Frequency
from ...domain.enums import OrgLevel
from ...domain.meetings import MeetingType
from ...services.compliance import MeetingRules, compliance_grid, load_rules
from ...services.database import Database
from ...services.organizations import list_organizations
from ..dialogs.rules_dialog import NumberCombo, RulesDialog
from ..models.compliance_marks import SHORT_NAMES
from ..models.compliance_model import (FIRST_PERIOD, MARKS_ROLE, NOTE_ROLE, STATE_LABELS, CellState,
                                       ComplianceModel, Mark, View)
from ..theme import HINT, set_role

CHIP_COLOURS: dict[CellState, tuple[str, str, str]] = {   # fill, border, text
    CellState.MET: ("#2E7D32", "#2E7D32", "#FFFFFF"),
    CellState.MISSING: ("#FDECEA", "#B3261E", "#B3261E"),
    CellState.PENDING: ("#FFF4D6", "#C77C02", "#7A4F00"),
    CellState.FUTURE: ("#FFFFFF", "#D0D3D9", "#A8ABB2"),
}
QUORUM_COLOUR = "#B3261E"
NOTE_COLOUR = "#646A73"
PADDING, GAP = 3, 2
MAX_NAME_WIDTH = 200


def chip_size(metrics: QFontMetrics) -> QSize:
    return QSize(metrics.horizontalAdvance("委") + 4, metrics.height() + 2)


def paint_chip(painter: QPainter, rect: QRect, text: str, state: CellState, flagged: bool = False) -> None:
    """One meeting type's mark: filled green when held, red outline when missing, amber when due, grey later."""
    fill, border, colour = CHIP_COLOURS[state]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(border), 1.2))
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    painter.setPen(QColor(colour))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    if flagged:   # a 支部党员大会 without quorum: a red dot in the corner
        painter.setPen(QPen(QColor("#FFFFFF"), 1))
        painter.setBrush(QColor(QUORUM_COLOUR))
        painter.drawEllipse(rect.right() - 6, rect.top() - 1, 7, 7)
    painter.restore()


def chip_pixmap(text: str, state: CellState, font: QFont) -> QPixmap:
    size = chip_size(QFontMetrics(font))
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setFont(font)
    paint_chip(painter, QRect(0, 0, size.width(), size.height()), text, state)
    painter.end()
    return pixmap


def marks_width(metrics: QFontMetrics, slots: int) -> int:
    return 2 * PADDING + slots * chip_size(metrics).width() + max(slots - 1, 0) * GAP


class MarksDelegate(QStyledItemDelegate):
    """Paints a period cell as a row of chips (one slot per type) and its remark; other columns as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        marks: tuple[Mark, ...] | None = index.data(MARKS_ROLE)
        if marks is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setFont(opt.font)
        metrics = QFontMetrics(opt.font)
        size = chip_size(metrics)
        x = opt.rect.left() + PADDING
        top = opt.rect.top() + (opt.rect.height() - size.height()) // 2
        for mark in marks:
            if mark.state is not None:
                paint_chip(painter, QRect(x, top, size.width(), size.height()), mark.short, mark.state,
                           bool(mark.without_quorum))
            x += size.width() + GAP
        note = index.data(NOTE_ROLE)
        if note:
            if not any(m.state is not None for m in marks):
                x = opt.rect.left() + PADDING
            rect = QRect(x + GAP, opt.rect.top(), opt.rect.right() - x - GAP - PADDING, opt.rect.height())
            painter.setPen(QColor(QUORUM_COLOUR if any(m.without_quorum for m in marks) else NOTE_COLOUR))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(note, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class CompliancePanel(QWidget):
    """`open_meetings(branch_id, first_day, last_day)` on a double-click; `rules_changed` after 设置频次 saved."""

    open_meetings = Signal(int, object, object)
    rules_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, load: bool = True):
        """`load=False` leaves it empty until refresh(): a tab nobody opened costs nothing at start-up."""
        super().__init__(parent)
        self.db = db
        self.model = ComplianceModel(self)
        self._build()
        self._connect()
        if load:
            self.refresh()

    def _build(self) -> None:
        today = date.today()
        self.year_combo = NumberCombo(range(today.year - 9, today.year + 2), self.tr(" 年"))
        self.year_combo.set_value(today.year)
        self.view_combo = QComboBox()
        self.view_combo.addItem(self.tr("按月"), View.MONTH)
        self.view_combo.addItem(self.tr("按季度"), View.QUARTER)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找党支部"))
        self.search.setClearButtonEnabled(True)
        self.failing_only = QCheckBox(self.tr("只看未达标"))
        self.rules_button = QPushButton(self.tr("设置频次…"))
        self.rules_button.setToolTip(self.tr("各类会议的召开频次、次数和设支委会的人数"))
        self.count_label = set_role(QLabel(), HINT)
        self.legend = QHBoxLayout()
        self.legend.setSpacing(6)
        self.types_label = set_role(QLabel(), HINT)
        self.types_label.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(MarksDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        bar.addWidget(self.year_combo)
        bar.addSpacing(8)
        bar.addWidget(QLabel(self.tr("查看")))
        bar.addWidget(self.view_combo)
        bar.addSpacing(8)
        bar.addWidget(self.search, 1)
        bar.addSpacing(8)
        bar.addWidget(self.failing_only)
        bar.addStretch(1)
        bar.addWidget(self.rules_button)
        legend_row = QHBoxLayout()
        legend_row.addLayout(self.legend)
        legend_row.addStretch(1)
        legend_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addLayout(legend_row)
        layout.addWidget(self.types_label)
        layout.addWidget(self.table, 1)
        self._build_legend()

    def _build_legend(self) -> None:
        for state in CellState:
            chip = QLabel()
            chip.setPixmap(chip_pixmap("", state, self.font()))
            self.legend.addWidget(chip)
            self.legend.addWidget(QLabel(self.tr(STATE_LABELS[state])))
            self.legend.addSpacing(6)
        self.legend.addWidget(set_role(QLabel(self.tr("空位或灰底：不作要求")), HINT))

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.view_combo.currentIndexChanged.connect(lambda _index: self._view_changed())
        self.search.textChanged.connect(self.model.set_search)
        self.failing_only.toggled.connect(self.model.set_only_failing)
        self.model.counts_changed.connect(self._update_counts)
        self.model.modelReset.connect(self._fit_columns)   # the columns change with the view and the rules
        self.table.doubleClicked.connect(self._double_clicked)
        self.rules_button.clicked.connect(self.edit_rules)

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the rules, the 党支部 and the grid of the chosen year again (≈ 0.2 s for 150 branches)."""
        year = self.year_combo.value()
        current = self.table.currentIndex()
        keep = (self.model.branch_at(current.row()).id, current.column()) if current.isValid() else None
        rules = load_rules(self.db)
        nodes = list_organizations(self.db)
        names = {node.id: node.name for node in nodes}
        branches = [node for node in nodes if node.level == OrgLevel.BRANCH]
        cells = compliance_grid(self.db, date(year, 1, 1), date(year, 12, 1), rules=rules)
        self.model.set_grid(branches, cells, rules, year, date.today(), names)
        self._show_types(rules)
        if keep is not None:
            row = self.model.row_of(keep[0])
            if row is not None and keep[1] < self.model.columnCount():
                self.table.setCurrentIndex(self.model.index(row, keep[1]))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_rules_editable(self, editable: bool) -> None:
        """设置频次 is a setting: for the administrator only."""
        self.rules_button.setEnabled(editable)
        self.rules_button.setToolTip(self.tr("各类会议的召开频次、次数和设支委会的人数") if editable
                                     else self.tr("会议频次由管理员设置"))

    def set_view(self, view: View) -> None:
        self.view_combo.setCurrentIndex(self.view_combo.findData(view))

    def edit_rules(self) -> None:
        dialog = RulesDialog(self, self.db)
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.rules_changed.emit()

    # ----- behaviour -----------------------------------------------------------------------------------------
    def _view_changed(self) -> None:
        self.model.set_view(View(self.view_combo.currentData()))
        self._show_types(self.model.rules)

    def _show_types(self, rules: MeetingRules) -> None:
        shown = Frequency.MONTH if self.model.view is View.MONTH else Frequency.QUARTER
        parts = [f"<b>{SHORT_NAMES.get(r.type, r.type[:1])}</b> {r.type}" for r in rules.requirements
                 if r.frequency in (shown, Frequency.YEAR)]
        other = [r.type for r in rules.requirements if r.frequency not in (shown, Frequency.YEAR)]
        text = "　".join(parts)
        if other:
            view = self.tr("按季度") if shown is Frequency.MONTH else self.tr("按月")
            text += self.tr("　　{0}：请选“{1}”查看").format("、".join(other), view)
        self.types_label.setText(text)

    def _update_counts(self) -> None:
        total, visible, failing = self.model.total_count, self.model.visible_count, self.model.failing_count
        text = self.tr("共 {0} 个党支部，{1} 个未达标").format(total, failing)
        if visible != total:
            text += self.tr("（显示 {0} 个）").format(visible)
        self.count_label.setText(text)

    def _fit_columns(self) -> None:
        """Widths from the marks each column holds; room left in the window is shared among the periods."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        widest = max((metrics.horizontalAdvance(branch.name) for branch in self.model.branches()[:300]), default=0)
        widths = [min(max(widest + 16, header_metrics.horizontalAdvance("党支部") + 40), MAX_NAME_WIDTH),
                  max(metrics.horizontalAdvance("88/88") + 16, header_metrics.horizontalAdvance("达标") + 36)]
        note = metrics.horizontalAdvance("未达法定人数") + GAP + PADDING + metrics.averageCharWidth()
        for column in self.model.columns():
            width = marks_width(metrics, len(column.types))
            if MeetingType.PARTY_CONGRESS in column.types and column.frequency is not Frequency.MONTH:
                width += note   # room for 未达法定人数
            widths.append(max(width, header_metrics.horizontalAdvance(column.title) + 16))
        periods = len(widths) - FIRST_PERIOD
        spare = self.table.viewport().width() - sum(widths) - 2
        if periods and spare > 0:
            extra = min(spare // periods, 3 * chip_size(metrics).width())
            widths[FIRST_PERIOD:] = [width + extra for width in widths[FIRST_PERIOD:]]
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        first, last = self.model.span_of(index.column())
        self.open_meetings.emit(self.model.branch_at(index.row()).id, first, last)
