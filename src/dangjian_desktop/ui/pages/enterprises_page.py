"""企业与走访: the dashboard (工作概况), the census (企业名录), the visits (走访记录) and the officers (党建指导员).

Tabs load when first opened, and reload when shown after something changed elsewhere.
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...services.database import Database
from ..widgets import StaleTabs
from .dashboard_panel import DashboardPanel
from .enterprise_list import EnterpriseListPanel
from .officer_panel import OfficerPanel
from .visit_list import VisitListPanel


class EnterprisesPage(QWidget):
    """`data_changed` after enterprises, visits, officers or demands were written on this page;
    `open_demands(ids, caption)` asks the window to show those demands in 诉求台账."""

    data_changed = Signal()
    open_demands = Signal(list, str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.dashboard = DashboardPanel(db)
        self.enterprises = EnterpriseListPanel(db)
        self.visits = VisitListPanel(db)
        self.officers = OfficerPanel(db)
        self.tabs = StaleTabs()
        for panel, label in ((self.dashboard, self.tr("工作概况")), (self.enterprises, self.tr("企业名录")),
                             (self.visits, self.tr("走访记录")), (self.officers, self.tr("党建指导员"))):
            self.tabs.addTab(panel, label)
        self.panels = (self.dashboard, self.enterprises, self.visits, self.officers)
        self.tabs.mark_stale(self.panels)   # nothing loaded yet: each tab loads when first shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for panel in (self.enterprises, self.visits, self.officers):
            panel.data_changed.connect(lambda *_args, source=panel: self._panel_changed(source))
        self.dashboard.open_enterprises.connect(self.show_enterprises)
        self.dashboard.open_visits.connect(self.show_officer_visits)
        self.dashboard.open_demands.connect(self.open_demands)

    def refresh(self) -> None:
        """Data changed elsewhere: reload the tab in view now, the others when they are next opened."""
        self.tabs.mark_stale(self.panels)

    def focus_search(self) -> None:
        focus = getattr(self.tabs.currentWidget(), "focus_search", None)
        if focus is not None:
            focus()

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look at the enterprises, visits and officers."""
        for panel in (self.enterprises, self.visits, self.officers):
            panel.set_editable(editable)

    def show_enterprises(self, ids: list[int], caption: str) -> None:
        self.tabs.show_loading(self.enterprises)
        self.enterprises.show_ids(ids, caption)

    def show_officer_visits(self, officer_id: int, first: date, last: date) -> None:
        self.tabs.show_loading(self.visits)
        self.visits.show_officer_month(officer_id, first, last)

    def _panel_changed(self, source: QWidget) -> None:
        self.tabs.mark_stale(self.panels, source=source)
        self.data_changed.emit()
