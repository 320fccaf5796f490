"""组织生活: 三会一课 and 主题党日 — the meeting records, whether the required meetings were held (落实情况),
and the street's monthly themes (主题党日)."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.meetings import MeetingType
from ...services.database import Database
from ...services.themes import theme_for_month
from ..widgets import StaleTabs
from .compliance_panel import CompliancePanel
from .meeting_records import MeetingRecordsTab
from .themes_panel import ThemesPanel


class MeetingsPage(QWidget):
    """`data_changed` after meeting records (or organisations) were changed on this page."""

    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self._today = today or date.today()
        self.records = MeetingRecordsTab(db, today=self._today)
        self.tabs = StaleTabs()
        self.tabs.addTab(self.records, self.tr("会议记录"))
        self.compliance = CompliancePanel(db, load=False)
        self.themes = ThemesPanel(db, load=False)
        self.tabs.addTab(self.compliance, self.tr("落实情况"))
        self.tabs.addTab(self.themes, self.tr("主题党日"))
        self.panels: tuple[CompliancePanel | ThemesPanel, ...] = (self.compliance, self.themes)
        self.tabs.mark_stale(self.panels)   # loaded when their tab is first opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.records.data_changed.connect(self._records_changed)
        self.compliance.open_meetings.connect(self.show_meetings)
        self.compliance.rules_changed.connect(self.data_changed)
        self.themes.record_requested.connect(self.record_themed_day)
        self.themes.themes_changed.connect(self.data_changed)

    def refresh(self) -> None:
        """Data changed elsewhere (members moved, organisations renamed): reload what is shown."""
        self.records.refresh()
        self.tabs.mark_stale(self.panels)

    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.records:
            self.records.focus_search()

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look at the records and themes."""
        self.records.set_editable(editable)
        self.themes.set_editable(editable)

    def set_rules_editable(self, editable: bool) -> None:
        """The meeting frequency rules are settings: for the administrator."""
        self.compliance.set_rules_editable(editable)

    def show_records(self) -> None:
        self.tabs.setCurrentWidget(self.records)

    def show_meetings(self, branch_id: int, first: date, last: date) -> None:
        """From a cell of 落实情况: the branch's records of that period."""
        self.show_records()
        self.records.show_meetings(branch_id, first, last)

    def record_themed_day(self, branch_id: int, month: str) -> None:
        """Start the 主题党日 record of a branch for a month, from the street's theme of that month."""
        theme = theme_for_month(self.db, month)
        year, number = (int(part) for part in month.split("-"))
        in_month = date(year, number, 1) if f"{self._today:%Y-%m}" != month else self._today
        self.show_records()
        self.records.start_meeting(branch_id, MeetingType.THEMED_DAY,
                                   theme.planned_on if theme and theme.planned_on else in_month)

    def _records_changed(self) -> None:
        self.tabs.mark_stale(self.panels)
        self.data_changed.emit()
