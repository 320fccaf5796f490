"""Starting the GUI: the QApplication, fonts, Chinese Qt dialogs, the look, the data file, the main window.

Start-up order matters on old office PCs: Qt, the fonts and a splash window come first (about 0.3 s), and only
then the heavy part — SQLAlchemy, the migration check, the pages — so the user sees the program react at once.
That is why the services and the window are imported inside run_gui.

Every start runs SQLite's quick_check on the data file (here rather than in open_database, so the command line can
still restore over a damaged file): ≈ 0.1 s for a 60 MB file of 50,000 members (measured, warm disk cache). A
damaged file leads to the guided restore (DamagedFileDialog), never to a traceback. `AppController` owns the open
data file and the window on it: restoring a backup needs the file closed, so it closes it, restores, reopens it
and puts up a fresh window.
"""

import logging
import os
import sys
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QRect, Qt, QTimer, QTranslator
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget

from .. import APP_NAME, __version__
from ..paths import APP_DIR_NAME, default_database_path, user_data_dir
from . import theme
from .ops import BackgroundOp, shutdown_workers

if TYPE_CHECKING:
    from ..services.database import Database
    from .main_window import MainWindow

log = logging.getLogger(__name__)
_prepared: set[int] = set()   # id() of the QApplication instances already set up


def setup_logging() -> Path | None:
    """Log to dangjian.log in the per-user data folder; returns its path (None if that folder is not writable)."""
    try:
        folder = user_data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / "dangjian.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)


def _install_translations(app: QApplication) -> None:
    """Qt's own texts (file and print dialogs, OK/Cancel) in Chinese."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
    else:
        log.warning("qtbase_zh_CN.qm not found in %s", folder)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def prepare_application(app: QApplication) -> None:
    """Names for QSettings, fonts, translations and the look; once per QApplication (tests reuse one)."""
    if id(app) in _prepared:
        return
    _prepared.add(id(app))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_DIR_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_DIR_NAME)
    theme.register_fonts()
    _install_translations(app)
    theme.apply_theme(app)


def create_main_window(db: "Database") -> "MainWindow":
    """The main window on an already prepared application, not shown (tests and the screenshot script)."""
    from .main_window import MainWindow

    app = QApplication.instance()
    if isinstance(app, QApplication):
        prepare_application(app)
    return MainWindow(db)


def _splash() -> QLabel:
    """A small white card with the icon and the name, shown while the data file opens.

    A frameless label rather than QSplashScreen: Qt 6's QSplashScreen.show() blocks up to a second waiting for
    the window system (measured under offscreen and Xvfb), which is the very delay a splash should hide.
    """
    width, height = 440, 200
    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    pixmap = QPixmap(round(width * ratio), round(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#E3E5E8"))
    painter.drawRect(0, 0, width - 1, height - 1)
    painter.drawPixmap(QRect(32, 48, 96, 96), theme.app_icon().pixmap(96, 96))
    title = QFont(QApplication.font())
    title.setPointSizeF(22)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor(theme.ACCENT))
    painter.drawText(QRect(152, 52, width - 170, 50), Qt.AlignmentFlag.AlignVCenter, APP_NAME)
    painter.setFont(QApplication.font())
    painter.setPen(QColor("#646A73"))
    painter.drawText(QRect(152, 104, width - 170, 30), Qt.AlignmentFlag.AlignVCenter,
                     QCoreApplication.translate("app", "正在打开数据文件……"))
    painter.drawText(QRect(0, height - 30, width - 14, 20), Qt.AlignmentFlag.AlignRight, f"版本 {__version__}")
    painter.end()
    splash = QLabel(windowFlags=Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.setPixmap(pixmap)
    splash.setFixedSize(width, height)
    splash.move(QGuiApplication.primaryScreen().availableGeometry().center() - splash.rect().center())
    return splash


def _excepthook(exc_type, exc, tb) -> None:  # noqa: ANN001 - sys.excepthook's signature
    """An unexpected error in a slot: log it and tell the user in Chinese instead of printing a traceback."""
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, QCoreApplication.translate("app", "出错了"),
                             QCoreApplication.translate("app", "程序遇到了意外错误，刚才的操作可能没有完成。\n原因：{0}")
                             .format(exc))


def open_checked_database(path: Path, splash: QWidget | None = None) -> "Database | None":
    """Open the data file and quick-check it. A damaged one (refused by open_database, or found by the check)
    is offered the guided restore; None when the user chose 退出 or the file cannot be used (said in a message).
    The splash is closed before any dialog."""
    from ..services.backups import damage_of
    from ..services.database import DatabaseError, open_database
    from ..services.integrity import quick_check
    from .dialogs.damaged_file_dialog import DamagedFileDialog

    while True:
        try:
            db = open_database(path)
        except DatabaseError as exc:
            log.error("cannot open database %s: %s", path, exc)
            problems = damage_of(path)
            if not problems:
                if splash is not None:
                    splash.close()
                QMessageBox.critical(None, QCoreApplication.translate("app", "无法打开数据文件"), str(exc))
                return None
        else:
            started = time.perf_counter()
            problems = quick_check(db.path)
            log.info("quick_check %.0f ms: %s", (time.perf_counter() - started) * 1000, problems or "ok")
            if not problems:
                return db
            db.close()
        if splash is not None:
            splash.close()
        if DamagedFileDialog(path, problems).exec() != QDialog.DialogCode.Accepted:
            return None


class AppController:
    """The open data file and the main window on it, replaced together when a backup is restored."""

    def __init__(self, db: "Database"):
        self.db = db
        self.window: MainWindow | None = None

    def show_window(self, *, restored: bool = False) -> "MainWindow":
        """A new main window on the data file, shown, with automatic backups started (after a restore the data as
        it is now is in a backup already). It takes the place and size of the window it replaces."""
        from .main_window import MainWindow

        window = MainWindow(self.db)
        window.restore_requested.connect(self.restore)
        if self.window is not None:
            window.restoreGeometry(self.window.saveGeometry())
        window.show()
        window.auto_backups.start(already_backed_up=restored)
        # A data file deleted or moved while open is written back by the next write (services/database.py);
        # tell the user soon after, whichever page or dialog did the write.
        notices = QTimer(window, interval=2000)
        notices.timeout.connect(lambda: self._tell_recovered(window))
        notices.start()
        self.window = window
        return window

    def _tell_recovered(self, window: "MainWindow") -> None:
        notice = self.db.take_recovered_notice()
        if notice:
            QMessageBox.information(window, window.tr("数据文件已写回原处"), notice)

    def restore(self, backup: Path) -> None:
        """Close the data file, restore `backup` over it off the GUI thread (the current data is backed up first),
        reopen it and put up a fresh window — after a failure too, on the data as it then is."""
        from ..services.backups import restore_backup

        window, db = self.window, self.db
        window.auto_backups.stop()
        for part in (window.centralWidget(), window.menuBar()):   # nothing may use the file meanwhile
            part.setEnabled(False)

        def work(_progress: object) -> object:
            db.close()   # here, on the worker: every job queued before has given its connection back
            return restore_backup(db.path, backup)

        BackgroundOp(window, window.tr("正在恢复数据……"), work,
                     on_success=lambda safety: self._reopen(backup, safety, None),
                     on_failure=lambda exc: self._reopen(backup, None, exc)).run()

    def _reopen(self, backup: Path, safety: object, error: BaseException | None) -> None:
        from .ops import show_error

        from ..services.accounts import still_signed_in
        from ..services.audit import current_actor, set_actor
        from ..services.backups import log_restore
        from . import login_flow

        old = self.window
        db = open_checked_database(self.db.path)
        if db is None:
            QApplication.quit()
            return
        actor = current_actor(self.db)
        set_actor(db, actor)   # the restore is logged under the person who did it
        if error is None:
            log_restore(db, backup, safety)
            # The restored data has its own accounts: whoever is not one of them (as they are now) logs in again.
            if not still_signed_in(db, actor) and login_flow.sign_in(db, old) is None:
                db.close()
                QApplication.quit()
                return
        self.db = db
        window = self.show_window(restored=error is None)
        window.show_page(window.backup_page)
        old.close()
        old.deleteLater()
        if error is not None:
            show_error(window, error)
            return
        kept = window.tr("\n\n恢复之前的数据已自动备份为：\n{0}\n需要时可以在“备份与恢复”中恢复它。").format(
            safety.path) if safety is not None else ""
        QMessageBox.information(window, window.tr("恢复完成"),
                                window.tr("数据已恢复为备份“{0}”中的内容。{1}").format(backup.name, kept))


class _FirstPaintProbe(QObject):
    """For the start-up benchmark (DANGJIAN_EXIT_AFTER_FIRST_PAINT=1): report the first paint of a window other
    than the splash — the login (or first-administrator) window, or the main window — then quit."""

    def __init__(self, started: float, splash: QWidget):
        super().__init__()
        self._started, self._splash = started, splash

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow()
                and watched is not self._splash):
            print(f"first-paint {(time.perf_counter() - self._started) * 1000:.0f} ms "
                  f"({type(watched).__name__})", flush=True)
            QApplication.instance().removeEventFilter(self)
            # A dialog runs its own loop before the main one exists, and quit() only ends the main loop.
            QTimer.singleShot(0, watched.reject if isinstance(watched, QDialog) else QApplication.quit)
        return False


def run_gui(db_path: Path | str | None) -> int:
    """Open the GUI on a data file (None: the default one); returns the exit code."""
    started = time.perf_counter()
    setup_logging()
    app = QApplication.instance()
    if app is None:   # sharp text at 125 % / 150 % Windows scaling: no rounding of the scale factor
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv)
    prepare_application(app)
    splash = _splash()
    splash.show()
    app.processEvents()
    log.info("splash shown %.0f ms after run_gui", (time.perf_counter() - started) * 1000)

    from ..services.errors import ServiceError
    from ..services.instance_lock import acquire_instance_lock

    path = Path(db_path) if db_path else default_database_path()
    try:
        lock = acquire_instance_lock(path)   # before anything opens the file; held until the program ends
    except ServiceError as exc:              # another copy has it open, or its folder takes no lock file
        splash.close()
        QMessageBox.information(None, app.tr("数据文件已被打开"), exc.message)
        return 1
    with lock:
        return _run_on(path, splash, started)


def _run_on(path: Path, splash: QWidget, started: float) -> int:
    from ..services.organizations import get_root
    from ..services.storage_location import location_warning
    from . import login_flow
    from .dialogs.first_start_dialog import FirstStartDialog

    app = QApplication.instance()
    db = open_checked_database(path, splash)
    if db is None:
        splash.close()
        return 1
    log.info("database %s", db.path)
    controller = AppController(db)
    if os.environ.get("DANGJIAN_EXIT_AFTER_FIRST_PAINT"):
        probe = _FirstPaintProbe(started, splash)
        app.installEventFilter(probe)
    try:
        splash.close()
        if login_flow.sign_in(db) is None:   # from here on everything is done, and logged, as this user
            return 0
        if get_root(db) is None:
            if FirstStartDialog(db).exec() != QDialog.DialogCode.Accepted:
                return 0
        sys.excepthook = _excepthook
        controller.show_window()
        QTimer.singleShot(0, lambda: log.info("main window shown %.0f ms after run_gui",
                                              (time.perf_counter() - started) * 1000))
        warning = location_warning(path)
        if warning:
            QTimer.singleShot(0, lambda: QMessageBox.warning(controller.window, app.tr("数据文件的位置不安全"), warning))
        return app.exec()
    finally:
        shutdown_workers()
        controller.db.close()
