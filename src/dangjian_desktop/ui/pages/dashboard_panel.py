"""工作概况: 两个覆盖, 包点联系, 定期走访 and the open demands at a glance, as of today. Every number opens the list
behind it through the panel's signals (the page and the window connect them).

Loaded on the GUI thread: at the benchmark size (400 enterprises, 40 officers, 5,000 visits, 3,000 demands)
services.coverage.dashboard and services.enterprises.list_enterprises take ≈ 26 ms together and a whole refresh
with repainting ≈ 40 ms, below the ≈ 100 ms from which a list is loaded off the GUI thread. Nothing loads until `refresh()` (the page calls it when
the tab is first shown). The panel writes nothing, so it has no `data_changed` signal.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractScrollArea, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSizePolicy, QTableView, QVBoxLayout, QWidget)

from ...domain.visits import NEAR_DEADLINE_DAYS
from ...services.coverage import Dashboard, dashboard
from ...services.database import Database
from ...services.enterprises import EnterpriseInfo, list_enterprises
from ...services.visit_rules import VisitRules, load_visit_rules
from ..models.dashboard_models import (COVERAGE_FIELDS, PERIOD_NAMES, CoverageRow, EnterpriseList,
                                       IndustryCoverageModel, LinkCellsModel, OfficerMonthModel, OfficerVisits,
                                       not_visited_caption, shortfall_text)
from ..theme import HINT, SUBHEADING, set_role
from ..widgets.count_card import CountCard
from ..widgets.list_table import list_table, widget_shortcut
from ..widgets.scroll_page import scrolling_content


@dataclass(frozen=True)
class Overview:
    """Everything the panel shows, read in one go."""

    board: Dashboard
    rules: VisitRules
    rows: list[CoverageRow]                    # the industries, then the whole street (scope "")
    officer_enterprises: dict[int, list[int]]  # officer id → the enterprises they answer for on the as-of day

    @property
    def period_name(self) -> str:
        return PERIOD_NAMES[self.rules.frequency.frequency]

    @property
    def rule_text(self) -> str:
        frequency = self.rules.frequency
        return f"{frequency.frequency}至少走访{frequency.minimum}次"


def coverage_rows(board: Dashboard, enterprises: list[EnterpriseInfo]) -> list[CoverageRow]:
    """The industry table's lines with the enterprise ids behind each count: an enterprise has an officer when
    an assignment runs on the as-of day, and is visited when it has one and is not among the dashboard's due."""
    due = set(board.not_visited_ids)
    ids: dict[str, dict[str, list[int]]] = defaultdict(lambda: {name: [] for name in COVERAGE_FIELDS})
    for info in enterprises:
        record, assigned = info.record, info.officer_id is not None
        marks = (True, record.org_covered, record.work_covered, assigned, assigned and info.id not in due)
        for scope in (record.industry, ""):
            for name, on in zip(COVERAGE_FIELDS, marks, strict=True):
                if on:
                    ids[scope][name].append(info.id)
    rows = [CoverageRow(industry, counts, ids[industry], f"{industry}行业")
            for industry, counts in board.by_industry.items()]
    return [*rows, CoverageRow("合计", board.overall, ids[""], "")]


def gather_overview(db: Database, as_of: date | None = None) -> Overview:
    rules = load_visit_rules(db)
    board = dashboard(db, as_of)
    enterprises = list_enterprises(db, as_of=board.as_of)
    by_officer: dict[int, list[int]] = defaultdict(list)
    for info in enterprises:
        if info.officer_id is not None:
            by_officer[info.officer_id].append(info.id)
    return Overview(board, rules, coverage_rows(board, enterprises), dict(by_officer))


class DashboardPanel(QWidget):
    """`open_enterprises(ids, caption)`, `open_demands(ids, caption)` and `open_visits(officer id, first day,
    last day)` when a number is clicked."""

    open_enterprises = Signal(list, str)
    open_demands = Signal(list, str)
    open_visits = Signal(int, object, object)

    CARDS = (("enterprises", "企业总数"), ("with_party_org", "组织覆盖"), ("with_party_work", "工作覆盖"),
             ("unassigned", "未配备党建指导员"), ("not_visited", "本期未走访"), ("open", "在办诉求"),
             ("overdue", "超期诉求"), ("near", "临期诉求"))

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.overview: Overview | None = None
        self.period_label = set_role(QLabel(self.tr("工作概况")), SUBHEADING)
        self.as_of_label = set_role(QLabel(), HINT)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.empty_note = set_role(QLabel(self.tr(
            "还没有企业。请在“数据与设置”中导入企业普查表，或在“企业名录”中逐个添加。")), HINT)
        self.empty_note.setVisible(False)
        self.no_officers = set_role(QLabel(self.tr("还没有登记党建指导员。请在“党建指导员”中添加。")), HINT)
        self.no_officers.setWordWrap(True)
        self.cards = {key: CountCard(self.tr(caption)) for key, caption in self.CARDS}
        for key, card in self.cards.items():
            card.clicked.connect(lambda _checked=False, key=key: self.open_card(key))
        self.industry_model = IndustryCoverageModel(self)
        self.officer_model = OfficerMonthModel(self)
        self.industry_table = self._link_table(self.industry_model, sortable=False)
        self.officer_table = self._link_table(self.officer_model, sortable=True)
        self._lay_out()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addSpacing(12)
        top.addWidget(self.as_of_label)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        cards = QGridLayout()
        cards.setSpacing(12)
        for position, card in enumerate(self.cards.values()):
            cards.addWidget(card, position // 4, position % 4)
        for column in range(4):
            cards.setColumnStretch(column, 1)
        tables = QHBoxLayout()
        tables.setSpacing(16)
        for title, widgets, stretch in ((self.tr("各行业“两个覆盖”与走访"), (self.industry_table,), 3),
                                        (self.tr("党建指导员"), (self.officer_table, self.no_officers), 2)):
            column = QVBoxLayout()
            column.setSpacing(6)
            column.addWidget(QLabel(f"<b>{title}</b>"))
            for widget in widgets:
                column.addWidget(widget)
            column.addStretch(1)
            tables.addLayout(column, stretch)
        layout = QVBoxLayout(scrolling_content(self))   # a low window scrolls the page instead of squeezing it
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(set_role(QLabel(self.tr("单击任一数字，查看它所指的企业、诉求或走访记录。")), HINT))
        layout.addWidget(self.empty_note)
        layout.addLayout(cards)
        layout.addSpacing(4)
        layout.addLayout(tables, 1)

    def _link_table(self, model: LinkCellsModel, *, sortable: bool) -> QTableView:
        """A table as tall as its rows, whose number cells open their list on a click (or on Enter)."""
        table = list_table(model, sortable=sortable)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)   # all rows: the page scrolls
        table.clicked.connect(lambda index: self._open_target(model.target(index)))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(key, table, lambda: self._open_target(model.target(table.currentIndex())))
        header = table.horizontalHeader()
        widest = max(header.fontMetrics().horizontalAdvance(text) for text in model.HEADERS[1:])
        header.setMinimumSectionSize(widest + 24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # ----- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute everything as of today."""
        self.show_overview(gather_overview(self.db))

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        board, period = overview.board, overview.board.period
        self.period_label.setText(self.tr("{0}（{1}）· {2}").format(overview.period_name, period.key,
                                                                  overview.rule_text))
        self.as_of_label.setText(self.tr("截至 {0:%Y年%m月%d日}").format(board.as_of))
        overall = board.overall
        self.empty_note.setVisible(overall.enterprises == 0)
        cards = self.cards
        cards["enterprises"].set_count(overall.enterprises, self.tr("新业态企业（家）"))
        for key in ("with_party_org", "with_party_work"):
            count = getattr(overall, key)
            cards[key].set_count(count, self.tr("覆盖率 {0:.1%}").format(overall.rate(count)))
        unassigned = len(board.unassigned_ids)
        cards["unassigned"].set_count(unassigned, self.tr("占企业总数 {0:.1%}").format(overall.rate(unassigned)))
        cards["not_visited"].set_count(len(board.not_visited_ids), self.tr("已包联，{0}").format(
            shortfall_text(overview.rules.frequency)))
        cards["open"].set_count(len(board.open_demand_ids), self.tr("已受理、办理中"))
        cards["overdue"].set_count(len(board.overdue_demand_ids), self.tr("已过办理期限"),
                                   alert=bool(board.overdue_demand_ids))
        cards["near"].set_count(len(board.near_deadline_ids), self.tr("{0} 天内到期").format(NEAR_DEADLINE_DAYS))
        self.industry_model.set_rows(overview.rows, overview.period_name)
        self.officer_model.set_officers(board.officers, overview.officer_enterprises, board.not_visited_ids,
                                        (board.as_of.replace(day=1), board.as_of), overview.period_name)
        self.officer_table.setVisible(bool(board.officers))
        self.no_officers.setVisible(not board.officers)
        for table in (self.industry_table, self.officer_table):
            header = table.horizontalHeader()
            first = max(table.sizeHintForColumn(0),
                        header.fontMetrics().horizontalAdvance(table.model().HEADERS[0]) + 24)
            table.setMinimumWidth(first + header.minimumSectionSize() * (header.count() - 1) + 2 * table.frameWidth())

    def open_card(self, key: str) -> None:
        """What a card stands for: the enterprises or demands behind its number."""
        overview = self.overview
        if overview is None:
            return
        board = overview.board
        if key in ("enterprises", "with_party_org", "with_party_work"):
            total = self.industry_model.rowCount() - 1
            self._open_target(self.industry_model.target(
                self.industry_model.index(total, 1 + COVERAGE_FIELDS.index(key))))
        elif key == "unassigned":
            self.open_enterprises.emit(list(board.unassigned_ids), self.tr("未配备党建指导员的企业"))
        elif key == "not_visited":
            self.open_enterprises.emit(list(board.not_visited_ids), not_visited_caption(overview.rules.frequency))
        else:
            ids, caption = {"open": (board.open_demand_ids, self.tr("在办诉求（已受理、办理中）")),
                            "overdue": (board.overdue_demand_ids, self.tr("超期诉求")),
                            "near": (board.near_deadline_ids,
                                     self.tr("临期诉求（{0} 天内到期）").format(NEAR_DEADLINE_DAYS))}[key]
            self.open_demands.emit(list(ids), caption)

    def _open_target(self, target: EnterpriseList | OfficerVisits | None) -> None:
        if isinstance(target, EnterpriseList):
            self.open_enterprises.emit(target.ids, target.caption)
        elif isinstance(target, OfficerVisits):
            self.open_visits.emit(target.officer_id, target.first, target.last)
