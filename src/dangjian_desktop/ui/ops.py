"""Long work off the GUI thread: one small object with success/failure callbacks (after Anki's CollectionOp).

Every job runs on one dedicated worker thread, so database writes are serialised. A progress dialog with a
取消 button appears only if the job is still running after 600 ms.
"""

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..domain.progress import Cancelled, Progress
from ..services.errors import ServiceError

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 600

_worker_pool: QThreadPool | None = None
# Running ops are owned here (not by a Qt parent, not by deleteLater): a Python-owned QObject freed by
# Qt's deferred delete can crash when the garbage collector reaches its wrapper first.
_running: set["BackgroundOp"] = set()


def worker_pool() -> QThreadPool:
    global _worker_pool
    if _worker_pool is None:
        _worker_pool = QThreadPool()
        _worker_pool.setMaxThreadCount(1)
    return _worker_pool


def is_busy() -> bool:
    """Whether a background job is queued or running (automatic backups wait for a quiet moment)."""
    return bool(_running)


def shutdown_workers() -> None:
    """Before the program exits: ask running jobs to stop and wait for them, so none is cut off mid-write
    (and no worker thread is still running Python code while the interpreter shuts down)."""
    for op in list(_running):
        op.cancel()
    if _worker_pool is not None:
        _worker_pool.waitForDone()


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._signals, self._cancel = work, signals, cancel

    def run(self) -> None:
        progress = Progress(on_report=self._signals.progressed.emit, is_cancelled=self._cancel.is_set)
        try:
            result = self._work(progress)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class BackgroundOp(QObject):
    """Run `work(progress)` off the GUI thread; call `on_success(result)` on the GUI thread when it ends.

    Failures: a ServiceError shows its Chinese message; Cancelled calls `on_cancelled` (if any); anything
    else is logged and shown as an unexpected error. `on_failure`, if given, replaces that handling.
    `silent`: no progress dialog however long it takes (automatic backups must not interrupt the user).
    """

    finished = Signal()

    def __init__(self, parent: QWidget, label: str, work: Callable[[Progress], Any],
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[BaseException], None] | None = None,
                 on_cancelled: Callable[[], None] | None = None, *, silent: bool = False):
        super().__init__()
        self._parent, self._label, self._work = parent, label, work
        self._on_success, self._on_failure, self._on_cancelled = on_success, on_failure, on_cancelled
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._dialog: QProgressDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS, timeout=self._show_dialog)
        self._last = (0, 0, "")
        self._silent = silent

    def run(self) -> "BackgroundOp":
        self._signals.progressed.connect(self._progressed)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        _running.add(self)
        if not self._silent:
            self._timer.start()
        worker_pool().start(_Job(self._work, self._signals, self._cancel))
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _show_dialog(self) -> None:
        dialog = QProgressDialog(self._label, self.tr("取消"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self._user_cancelled)
        self._dialog = dialog
        self._progressed(*self._last)
        dialog.show()

    def _user_cancelled(self) -> None:
        self.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("正在取消……"))

    def _progressed(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label)
        if self._dialog is None or self._cancel.is_set():
            return
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        if label:
            self._dialog.setLabelText(f"{self._label}\n{label}")

    def _close(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _succeeded(self, result: Any) -> None:
        self._close()
        if self._on_success is not None:
            self._on_success(result)
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if self._on_failure is not None:
            self._on_failure(exc)
        elif isinstance(exc, Cancelled):
            if self._on_cancelled is not None:
                self._on_cancelled()
        else:
            show_error(self._parent, exc)
        self._finish()

    def _finish(self) -> None:
        self.finished.emit()
        _running.discard(self)


def show_error(parent: QWidget, exc: BaseException) -> None:
    """A ServiceError's own message; anything else as an unexpected error, with the cause logged."""
    if isinstance(exc, ServiceError):
        QMessageBox.warning(parent, parent.tr("无法完成"), exc.message)
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, parent.tr("出错了"),
                         parent.tr("操作没有完成，数据未被修改。\n原因：{0}").format(exc))
