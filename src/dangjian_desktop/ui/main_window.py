"""The one main window: navigation on the left, the page on the right, the data file in the status bar."""

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QStackedWidget,
                               QWidget)

from ..about import about_html
from ..domain.access import Permission
from ..services.audit import current_actor
from ..services.auto_backup import AutoBackup
from ..services.database import Database
from .account_menu import AccountMenu
from .auto_backups import AutomaticBackups
from .dialogs.check_dialog import start_data_check
from .pages.audit_page import AuditPage
from .pages.backup_page import BackupPage
from .pages.data_page import DataPage
from .pages.demands_page import DemandsPage
from .pages.enterprises_page import EnterprisesPage
from .pages.home_page import HomePage
from .pages.lazy_page import LazyPage
from .pages.meetings_page import MeetingsPage
from .pages.roster_page import RosterPage

log = logging.getLogger(__name__)
GEOMETRY_KEY = "main_window/geometry"



class MainWindow(QMainWindow):
    """`restore_requested(path)`: the user confirmed restoring that backup (the application does it: the data file
    must be closed). Automatic backups begin with `auto_backups.start()` (the application calls it)."""

    restore_requested = Signal(Path)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("党建工作台 — {0}").format(db.path.name))
        self.home_page = HomePage(db)
        self._roster = LazyPage(lambda: RosterPage(db), self._page_built)
        self._meetings = LazyPage(lambda: MeetingsPage(db), self._page_built)
        self._enterprises = LazyPage(lambda: EnterprisesPage(db), self._page_built)
        self._demands = LazyPage(lambda: DemandsPage(db), self._page_built)
        self._backups = LazyPage(lambda: BackupPage(db), self._page_built)
        self._data = LazyPage(lambda: DataPage(db), self._page_built)
        self._audit = LazyPage(lambda: AuditPage(db), self._page_built)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("首页"), self.home_page),
            (self.tr("组织与党员"), self._roster),
            (self.tr("组织生活"), self._meetings),
            (self.tr("企业与走访"), self._enterprises),
            (self.tr("诉求台账"), self._demands),
            (self.tr("备份与恢复"), self._backups),
            (self.tr("数据与设置"), self._data),
            (self.tr("审计日志"), self._audit),
        ]
        # What a role needs to see a page (shown only to roles that have it); the others need VIEW_DATA.
        self._page_permissions = {self._backups: Permission.BACKUP, self._audit: Permission.READ_AUDIT}
        self._stale: set[QWidget] = set()
        self._build_body()
        self._build_menus()
        self._build_status_bar()
        self.auto_backups = AutomaticBackups(self, AutoBackup(db))
        self.auto_backups.backed_up.connect(lambda _info: self._backups.refresh())
        self.home_page.open_organization.connect(self.show_organization)
        self.home_page.open_meetings.connect(self.show_meetings)
        self.home_page.open_enterprises.connect(self.show_enterprises)
        self.home_page.open_demands.connect(self.show_demands)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        self.account_menu.user_switched.connect(lambda _account: self.apply_role(switched=True))
        self.apply_role()
        self._restore_geometry()

    # Pages other than 首页 are built when first needed; these give the built page (building it if need be).
    @property
    def roster_page(self) -> RosterPage:
        return self._roster.page

    @property
    def meetings_page(self) -> MeetingsPage:
        return self._meetings.page

    @property
    def enterprises_page(self) -> EnterprisesPage:
        return self._enterprises.page

    @property
    def demands_page(self) -> DemandsPage:
        return self._demands.page

    @property
    def backup_page(self) -> BackupPage:
        return self._backups.page

    @property
    def data_page(self) -> DataPage:
        return self._data.page

    def _page_built(self, slot: LazyPage) -> None:
        page = slot.page
        self._apply_role_to(page)
        if isinstance(page, BackupPage):   # it writes no records: it asks for a restore
            page.restore_requested.connect(self.restore_requested)
            return
        page.data_changed.connect(lambda *_args: self._data_changed(slot))
        if isinstance(page, EnterprisesPage):
            page.open_demands.connect(self.show_demands)

    # ----------------------------------------------------------------------------------------------- building
    def _build_body(self) -> None:
        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        for label, page in self.pages:
            self.navigation.addItem(label)
            self.stack.addWidget(page)
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label, _page in self.pages)
        self.navigation.setFixedWidth(int(widest * 1.25) + 72)   # 12 pt in the stylesheet vs the base font
        self.navigation.currentRowChanged.connect(self._page_chosen)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.navigation.setCurrentRow(0)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.import_action = QAction(self.tr("导入花名册…"), self, triggered=lambda: self.data_page.import_roster())
        self.export_action = QAction(self.tr("导出…"), self, triggered=lambda: self.data_page.export_roster())
        quit_action = QAction(self.tr("退出"), self, triggered=self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.census_action = QAction(self.tr("导入企业普查表…"), self,
                                     triggered=lambda: self.data_page.import_census())
        self.visits_action = QAction(self.tr("导入走访台账…"), self, triggered=lambda: self.data_page.import_visits())
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.census_action, self.visits_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.account_menu = AccountMenu(self, self.db, self.menuBar().addMenu(self.tr("账号(&A)")))
        tools_menu = self.menuBar().addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(QAction(self.tr("数据检查…"), self, triggered=self.check_data))
        self.backup_action = QAction(self.tr("立即备份"), self, triggered=self.backup_now)
        tools_menu.addAction(self.backup_action)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(QAction(self.tr("关于党建工作台"), self, triggered=self.show_about))

    def _build_status_bar(self) -> None:
        path_label = QLabel(self.tr("数据文件：{0}").format(self.db.path))
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(path_label, 1)
        self.statusBar().addPermanentWidget(self.account_menu.user_label)

    # ------------------------------------------------------------------------------------------- roles
    def apply_role(self, switched: bool = False) -> None:
        """Show and enable what the acting user's role allows: at start, and after 切换用户 (`switched`: the
        pages then reload, as the new user may see the data otherwise)."""
        actor = current_actor(self.db)
        self.account_menu.apply(actor)
        for row, (_label, slot) in enumerate(self.pages):
            self.navigation.setRowHidden(row, not actor.can(self._page_permissions.get(slot, Permission.VIEW_DATA)))
        if self.navigation.isRowHidden(self.navigation.currentRow()):
            shown = [row for row in range(self.navigation.count()) if not self.navigation.isRowHidden(row)]
            self.navigation.setCurrentRow(shown[0] if shown else -1)
        for action in (self.import_action, self.census_action, self.visits_action):
            action.setEnabled(actor.can(Permission.EDIT_DATA))
        self.export_action.setEnabled(actor.can(Permission.EXPORT))
        self.backup_action.setEnabled(actor.can(Permission.BACKUP))
        for _label, slot in self.pages:
            if not isinstance(slot, LazyPage) or slot.is_built:
                self._apply_role_to(slot.page if isinstance(slot, LazyPage) else slot)
        if switched:
            self._data_changed(None)

    def _apply_role_to(self, page: QWidget) -> None:
        """Pages that write say so with `set_editable`; those with rule settings with `set_rules_editable`."""
        actor = current_actor(self.db)
        set_editable = getattr(page, "set_editable", None)
        if set_editable is not None:
            set_editable(actor.can(Permission.EDIT_DATA))
        set_rules_editable = getattr(page, "set_rules_editable", None)
        if set_rules_editable is not None:
            set_rules_editable(actor.can(Permission.MANAGE_SETTINGS))

    # ------------------------------------------------------------------------------------------- behaviour
    def show_page(self, page: QWidget) -> None:
        """Show a page (or its navigation slot)."""
        slot = next(slot for _label, slot in self.pages
                    if slot is page or (isinstance(slot, LazyPage) and slot.holds(page)))
        self.navigation.setCurrentRow(self.stack.indexOf(slot))

    def current_page(self) -> QWidget:
        slot = self.stack.currentWidget()
        return slot.page if isinstance(slot, LazyPage) else slot

    def show_organization(self, org_id: int) -> None:
        """Open 组织与党员 on one organisation (from a card or an attention item of 首页)."""
        self.show_page(self.roster_page)
        if org_id:
            self.roster_page.select_organization(org_id)

    def show_meetings(self, branch_id: int, first, last) -> None:
        """Open 组织生活 on a branch's records of one period (from a due meeting on 首页)."""
        self.show_page(self.meetings_page)
        self.meetings_page.show_meetings(branch_id, first, last)

    def show_enterprises(self, ids: list[int], caption: str) -> None:
        """Open 企业与走访 on a list of enterprises (from an item of 首页)."""
        self.show_page(self._enterprises)
        self.enterprises_page.show_enterprises(ids, caption)

    def show_demands(self, ids: list[int], caption: str) -> None:
        """Open 诉求台账 on a list of demands (from 首页 or the dashboard)."""
        self.show_page(self._demands)
        self.demands_page.show_ids(ids, caption)

    def check_data(self) -> None:
        """工具 → 数据检查: the full check; when it finds problems its dialog leads to 备份与恢复."""
        start_data_check(self, self.db, lambda: self.show_page(self._backups))

    def backup_now(self) -> None:
        self.show_page(self._backups)
        self.backup_page.backup_now()

    def _page_chosen(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if page in self._stale:
            self._stale.discard(page)
            page.refresh()

    def _data_changed(self, source: QWidget) -> None:
        """Refresh the visible page now and the hidden ones when they are next shown."""
        for _label, page in self.pages:
            if page is source or (isinstance(page, LazyPage) and not page.is_built):
                continue   # a page not built yet loads fresh data when it is
            if page is self.stack.currentWidget():
                page.refresh()
            else:
                self._stale.add(page)

    def _focus_search(self) -> None:
        focus_search = getattr(self.stack.currentWidget(), "focus_search", None)
        if focus_search is not None:
            focus_search()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于党建工作台"), about_html())

    def _restore_geometry(self) -> None:
        geometry = QSettings().value(GEOMETRY_KEY)
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = self.screen().availableGeometry()
        self.resize(min(1280, int(screen.width() * 0.9)), min(800, int(screen.height() * 0.9)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        QSettings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
