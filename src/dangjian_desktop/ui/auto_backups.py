"""The automatic backups while the window is open (the policy is services.auto_backup): the one on open, then every
30 minutes when the data changed, each taken quietly off the GUI thread when no other background job runs. A
failure shows in the status bar (red) until a backup succeeds again. After the backup on open, the weekly reminder
to keep a copy off this PC, when it is due."""

from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from ..services.auto_backup import AutoBackup, note_offsite_reminder_shown, offsite_reminder_due
from ..services.backups import BackupInfo
from ..services.database import Database
from ..services.errors import ServiceError
from .ops import BackgroundOp, is_busy
from .pages.backup_page import save_copy_elsewhere
from .theme import ERROR, set_role

CHECK_INTERVAL_MS = 2 * 60 * 1000   # how often to ask whether a backup is due
OPENING_DELAY_MS = 1500             # the backup on open lets the window paint and 首页 load first
RETRY_MS = 3000                     # the backup on open waits this long for another background job to finish


class AutomaticBackups(QObject):
    """`backed_up(info)` after each automatic backup. Nothing happens until `start()` (tests build windows
    without backing up)."""

    backed_up = Signal(object)

    def __init__(self, window: QMainWindow, auto: AutoBackup):
        super().__init__(window)
        self.window, self.auto = window, auto
        self._active = self._running = False
        self._remind_after_backup = False
        self.warning = set_role(QLabel(), ERROR)
        self.warning.hide()
        window.statusBar().addPermanentWidget(self.warning)
        self.timer = QTimer(self, interval=CHECK_INTERVAL_MS, timeout=self.check)

    def start(self, *, already_backed_up: bool = False) -> None:
        """Begin: at once the backup on open (and then the off-PC reminder), unless the data as it is now is
        `already_backed_up` (just restored from a backup)."""
        self._active = True
        if already_backed_up:
            self.auto.note_taken()
        else:
            self._remind_after_backup = True
            QTimer.singleShot(OPENING_DELAY_MS, self.check)
        self.timer.start()

    def stop(self) -> None:
        self._active = False
        self.timer.stop()

    def check(self) -> None:
        """Back up now if one is due and nothing else runs (a busy worker: try again shortly, or next tick)."""
        if not self._active or self._running:
            return
        if is_busy():
            if self._remind_after_backup:
                QTimer.singleShot(RETRY_MS, self.check)
            return
        if not self.auto.due():
            return
        self._running = True
        reason = self.auto.next_reason
        BackgroundOp(self.window, self.tr("正在自动备份……"), lambda progress: self.auto.take(reason, progress),
                     self._succeeded, self._failed, silent=True).run()

    def _succeeded(self, info: BackupInfo) -> None:
        self._running = False
        self.warning.hide()
        self.window.statusBar().showMessage(self.tr("已自动备份（{0:%H:%M}）").format(info.taken_at), 8000)
        self.backed_up.emit(info)
        self._after_backup()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        reason = exc.message if isinstance(exc, ServiceError) else str(exc)
        self.warning.setText(self.tr("自动备份没有成功"))
        self.warning.setToolTip(self.tr("{0}\n请检查磁盘空间，或到“备份与恢复”点“立即备份”再试。").format(reason))
        self.warning.show()
        self._after_backup()

    def _after_backup(self) -> None:
        if self._remind_after_backup:
            self._remind_after_backup = False
            remind_offsite_copy(self.window, self.auto.db, date.today())


def remind_offsite_copy(window: QMainWindow, db: Database, today: date) -> QMessageBox | None:
    """The weekly question, not blocking the window: save a copy to a USB stick now, or be reminded next week.
    Shown at most once a week, whatever the answer."""
    if not offsite_reminder_due(db, today):
        return None
    note_offsite_reminder_shown(db, today)
    box = QMessageBox(QMessageBox.Icon.Information, window.tr("请把备份另存到这台电脑以外"), window.tr(
        "电脑损坏、中毒或丢失时，只有保存在别处的备份能找回数据。\n\n"
        "请把一份备份另存到U盘或其他电脑上，并妥善保管（建议每周一次）。"), parent=window)
    save_button = box.addButton(window.tr("现在保存到U盘…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(window.tr("下周再提醒"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save_button)

    def answered(_result: int) -> None:
        if box.clickedButton() is save_button:
            save_copy_elsewhere(window, db)

    box.finished.connect(answered)
    box.open()
    return box
