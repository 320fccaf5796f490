"""诉求台账: every demand with its owner, deadline and status ("收到一件、落实一件"); overdue ones stand out.
Filters by status and source, 仅看超期, search; register, handle (办理), edit, delete, and the Excel ledger of the
rows shown. The dashboard restricts the list to a set with `show_ids`."""

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QMessageBox, QPushButton, QWidget

from ...domain.visits import OPEN_STATUSES, DemandSource, DemandStatus
from ...services.database import Database
from ...services.demands import DemandInfo, delete_demand, list_demands
from ..dialogs import ask_save_path
from ..dialogs.demand_dialog import DemandDialog
from ..models.demand_model import CONTENT, ENTERPRISE, UNIT, DemandTableModel
from ..ops import BackgroundOp
from ..theme import PRIMARY, SUBHEADING, set_role
from ..widgets.view_only import Editable, view_only
from .enterprise_list import choice_combo
from .list_panel import ListPanel

QUOTED_CHARS = 40      # how much of a demand's content the delete question quotes
MAX_TEXT_WIDTH = 170   # px: the first width of the enterprise and unit columns at most


class DemandsPage(Editable, ListPanel):
    """`data_changed` after demands were written here; `loaded` each time the list arrived. `set_editable(False)`:
    demands open read-only; no registering, handling, editing, deleting or Excel export."""

    STATE_KEY = "demands_page/header_state"
    UNIT = "件"
    LOADING = "正在读取诉求台账……"

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(db, DemandTableModel(today=today), parent)
        self._fixed_today = today
        self.search.setPlaceholderText(self.tr("搜索诉求内容、企业、责任单位、责任人"))
        self.status_filter = choice_combo(((self.tr("全部"), None),
                                           (self.tr("未办结"), tuple(s.value for s in OPEN_STATUSES)),
                                           *((s.value, (s.value,)) for s in DemandStatus)))
        self.source_filter = choice_combo(((self.tr("全部"), None), *((s.value, s.value) for s in DemandSource)))
        self.overdue_only = QCheckBox(self.tr("仅看超期"))
        self.add_button = set_role(QPushButton(self.tr("登记诉求")), PRIMARY)
        self.add_button.setToolTip(self.tr("登记党员反映、网格上报等诉求；走访中发现的问题随走访记录自动登记"))
        self.handle_button = QPushButton(self.tr("办理…"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.export_button = QPushButton(self.tr("导出台账…"))
        self.export_button.setToolTip(self.tr("导出列表中显示的诉求（搜索和筛选后的结果）"))
        self._lay_out(((self.tr("状态"), self.status_filter), (self.tr("来源"), self.source_filter),
                       ("", self.overdue_only)),
                      (self.add_button, self.handle_button, self.edit_button, self.delete_button),
                      (self.export_button,), scoped=True)
        self.layout().insertWidget(0, set_role(QLabel(self.tr("诉求台账")), SUBHEADING))
        self.table.horizontalHeader().setSectionResizeMode(CONTENT, QHeaderView.ResizeMode.Stretch)
        for combo in (self.status_filter, self.source_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.overdue_only.toggled.connect(self._apply_filters)
        self.add_button.clicked.connect(self.add_demand)
        self.handle_button.clicked.connect(self.handle_selected)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_shown)
        self._update_buttons()
        self.refresh()       # a navigation page loads when it is built

    def today(self) -> date:
        return self._fixed_today or date.today()

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> tuple[date, list[DemandInfo]]:
        today = self.today()
        return today, list_demands(self.db, as_of=today)

    def _apply(self, data: tuple[date, list[DemandInfo]]) -> None:
        self.model.today, demands = data
        self.model.set_records(demands)

    def _initial_widths(self) -> None:
        """As every list, with the enterprise and unit columns capped: 诉求内容 takes the room left (it stretches),
        so 剩余/超期 shows without scrolling; tooltips keep the whole text."""
        super()._initial_widths()
        for column in (ENTERPRISE, UNIT):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_TEXT_WIDTH))

    def _apply_filters(self) -> None:
        self.model.set_filters(statuses=self.status_filter.currentData(), source=self.source_filter.currentData(),
                               overdue_only=self.overdue_only.isChecked())

    def _update_counts(self) -> None:
        visible, total = self.model.visible_count, self.model.total_count
        shown = self.tr("共 {0:,} 件").format(total) if visible == total else \
            self.tr("显示 {0:,} / 共 {1:,} 件").format(visible, total)
        self.count_label.setText(self.tr("{0}，其中超期 {1:,} 件").format(shown, self.model.overdue_count))

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None and self.editable
        self.add_button.setEnabled(self.editable)
        for button in (self.handle_button, self.edit_button, self.delete_button):
            button.setEnabled(chosen)
        self.export_button.setEnabled(self.model.visible_count > 0 and self.editable)

    def _menu_actions(self) -> list[tuple[str, object, bool]]:
        return [(self.tr("办理…"), self.handle_selected, self.editable),
                (self.tr("编辑…"), self.open_selected, self.editable), ("", None, True),
                (self.tr("导出台账…"), self.export_shown, self.editable), ("", None, True),
                (self.tr("删除…"), self.delete_selected, self.editable)]

    # ----- actions ---------------------------------------------------------------------------------------------
    def add_demand(self) -> DemandDialog | None:
        return self._open_demand(None)

    def handle_selected(self) -> DemandDialog | None:
        demand = self.selected()
        return self._open_demand(demand.id, handling=True) if demand else None

    def open_selected(self) -> DemandDialog | None:
        demand = self.selected()
        return self._open_demand(demand.id) if demand else None

    def _open_demand(self, demand_id: int | None, handling: bool = False) -> DemandDialog | None:
        return self._open_editor(lambda: view_only(DemandDialog(self.db, self, demand_id, handling=handling,
                                                                today=self.today()), self.editable))

    def delete_selected(self) -> None:
        demand = self.selected()
        if demand is None or not self.editable:
            return
        content = demand.content if len(demand.content) <= QUOTED_CHARS else demand.content[:QUOTED_CHARS] + "……"
        question = self.tr("确定删除第 {0} 号诉求吗？\n“{1}”\n\n其办理过程一并删除，删除后只能从备份中恢复。")
        if self._confirm(self.tr("删除诉求"), question.format(demand.id, content)):
            self._write(lambda: delete_demand(self.db, demand.id))

    def export_shown(self) -> None:
        ids, today = [d.id for d in self.model.visible_records()], self.today()
        if not ids:
            return
        name = self.tr("诉求台账-{0:%Y%m%d}.xlsx").format(today)
        path = ask_save_path(self, self.tr("导出诉求台账"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        from ...services.enterprise_reports import export_demands_xlsx

        BackgroundOp(self, self.tr("正在导出诉求台账……"),
                     lambda progress: export_demands_xlsx(self.db, path, as_of=today, ids=ids, progress=progress),
                     lambda _result: QMessageBox.information(self, self.tr("导出完成"), self.tr(
                         "已导出 {0:,} 件诉求到：\n{1}").format(len(ids), path))).run()
