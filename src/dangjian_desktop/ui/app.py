"""Starting the GUI: the QApplication, fonts, Chinese Qt dialogs, the look, the data file, the main window.

Start-up order matters on old office PCs: Qt, the fonts and a splash window come first (about 0.3 s), and only
then the heavy part — SQLAlchemy, the migration check, the pages — so the user sees the program react at once.
That is why the services and the window are imported inside run_gui.
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
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from .. import APP_NAME, __version__
from ..paths import APP_DIR_NAME, user_data_dir
from . import theme
from .ops import shutdown_workers

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


class _FirstPaintProbe(QObject):
    """For the start-up benchmark (DANGJIAN_EXIT_AFTER_FIRST_PAINT=1): report the window's first paint, then quit."""

    def __init__(self, started: float):
        super().__init__()
        self._started = started

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {(time.perf_counter() - self._started) * 1000:.0f} ms", flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
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

    from ..services.database import DatabaseError, open_database
    from ..services.organizations import get_root
    from .dialogs.first_start_dialog import FirstStartDialog
    from .main_window import MainWindow

    try:
        db = open_database(db_path)
    except DatabaseError as exc:
        log.error("cannot open database %s: %s", db_path, exc)
        splash.close()
        QMessageBox.critical(None, app.tr("无法打开数据文件"), str(exc))
        return 1
    log.info("database %s", db.path)
    try:
        if get_root(db) is None:
            splash.close()
            if FirstStartDialog(db).exec() != QDialog.DialogCode.Accepted:
                return 0
        sys.excepthook = _excepthook
        window = MainWindow(db)
        if os.environ.get("DANGJIAN_EXIT_AFTER_FIRST_PAINT"):
            probe = _FirstPaintProbe(started)
            window.installEventFilter(probe)
        window.show()
        splash.close()
        QTimer.singleShot(0, lambda: log.info("main window shown %.0f ms after run_gui",
                                              (time.perf_counter() - started) * 1000))
        return app.exec()
    finally:
        shutdown_workers()
        db.close()
