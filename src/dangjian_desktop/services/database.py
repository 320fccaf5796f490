"""The open data file: one object the GUI and the CLI pass to every service.

Every write goes through `transaction()`, which also keeps the data safe from the storage: a failure of the disk
(full, read-only, in use, I/O error, damaged file) becomes a ServiceError in Chinese with nothing half-saved, and a
data file deleted or moved while the program runs is written back from the connection that still has it open
(on Linux an open connection keeps writing to the deleted file, and everything would be lost at close).
"""

import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection

from ..db.audit_schema import WRITE_REFUSED, audit_context
from ..db.engine import DatabaseError, open_engine
from ..paths import default_database_path
from .errors import AccessDenied, ServiceError
from .storage_errors import StorageFault, storage_fault, unsaved_change_message

__all__ = ["Database", "DatabaseError", "open_database"]

log = logging.getLogger(__name__)

# After these the connections may be stuck (opened read-only, on a vanished disk): the next write opens them anew.
_REOPEN_AFTER = {StorageFault.READ_ONLY, StorageFault.IO_ERROR, StorageFault.CANNOT_OPEN}
_MISSING = (FileNotFoundError, NotADirectoryError)


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None when nothing is there. Other errors propagate.

    Windows refuses to delete or rename a file SQLite has open, so there only its presence is compared."""
    try:
        status = os.stat(path)
    except _MISSING:
        return None
    return (0, 0) if os.name == "nt" else (status.st_dev, status.st_ino)


def _make_journals_writable(path: Path) -> None:
    """SQLite gives -wal and -shm the data file's permissions: made while it was read-only, they would stay
    read-only (and keep every connection read-only) after the data file is writable again."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    for journal in (f"{path}-wal", f"{path}-shm"):
        with suppress(OSError):
            if not os.access(journal, os.W_OK):
                os.chmod(journal, mode)


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    # The file the connections have open, and one connection (outside the pool) kept on it: the data to write back
    # if the file vanishes. _stale: a read-only or I/O failure happened; the next write opens fresh connections.
    _identity: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    _keeper: PoolProxiedConnection | None = field(default=None, init=False, repr=False, compare=False)
    _stale: bool = field(default=False, init=False, repr=False, compare=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    _notice: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._watch_file()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or rolled back whole on any error.

        A failure of the storage raises ServiceError (Chinese: the change was not saved, what to do); other errors
        propagate unchanged."""
        self.ensure_file_in_place()
        try:
            with self.sessions.begin() as session:
                yield session
        except (DBAPIError, sqlite3.Error) as exc:
            if WRITE_REFUSED in str(getattr(exc, "orig", None) or exc):   # the audit trigger's refusal
                actor = audit_context(self.engine).actor
                raise AccessDenied(f"当前账号（{actor.user}，{actor.role}）没有修改数据的权限，刚才的修改没有保存。"
                                   "如需修改，请用操作员或管理员账号登录。") from exc
            message = unsaved_change_message(exc, self.path)
            if message is None:
                raise
            # the driver's error only: SQLAlchemy's text carries the statement's values (ID numbers, phones)
            log.warning("write to %s failed: %s", self.path, getattr(exc, "orig", None) or exc)
            self._stale = self._stale or storage_fault(exc) in _REOPEN_AFTER
            raise ServiceError(message) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def take_recovered_notice(self) -> str | None:
        """Once: the Chinese message saying the data file had vanished and was written back; None otherwise."""
        notice, self._notice = self._notice, None
        return notice

    def ensure_file_in_place(self) -> None:
        """Write the open data back if the data file was deleted or moved while open (one stat when all is well);
        after a read-only or I/O failure, open fresh connections.

        ServiceError (Chinese) when it cannot be written back: the data stays open in the program meanwhile."""
        if self._keeper is None:  # used again after close(): watch the file as it is now
            self._watch_file()
            return
        if self._file_unchanged() and not self._stale:
            return
        with self._guard:
            if not self._file_unchanged():
                self._write_back()
            elif self._stale:
                self._reopen()

    def close(self) -> None:
        if self._keeper is not None:
            try:  # the last connection to a deleted file takes its data with it
                self.ensure_file_in_place()
            except ServiceError as exc:
                log.error("closing %s, whose file vanished and could not be written back: %s", self.path, exc)
            self._keeper.close()
            self._keeper = None
        self.engine.dispose()

    def _watch_file(self) -> None:
        self._identity = _file_identity(self.path)
        self._keeper = None
        if self._identity:
            self._keeper = self.engine.raw_connection()
            self._keeper.detach()  # closed for real when closed, not parked in a pool that dispose() dropped

    def _reopen(self) -> None:
        """Fresh connections, all of them: one opened while the file was read-only stays read-only for good (and
        keeps the others so, through the shared -shm). The file is in place, so the keeper may go."""
        self._stale = False
        self._keeper.close()
        self.engine.dispose()
        if os.access(self.path, os.W_OK):
            _make_journals_writable(self.path)
        self._watch_file()

    def _file_unchanged(self) -> bool:
        try:
            return _file_identity(self.path) == self._identity
        except OSError:  # cannot tell (e.g. the folder became unreadable): let the write report its own error
            return True

    def _write_back(self) -> None:
        path = self.path
        if path.exists() and path.stat().st_size > 0:
            raise ServiceError(f"数据文件 {path} 在程序使用时被另一个文件替换了。为免覆盖那个文件，刚才的修改没有保存。"
                               "请把现在位于该位置的文件移走或改名，再保存一次：程序会把仍然打开着的数据写回原处。")
        part = path.with_name(path.name + ".recovering")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(part)) as target:
                self._keeper.dbapi_connection.backup(target)
                problems = target.execute("PRAGMA quick_check").fetchall()
            if problems != [("ok",)]:
                raise sqlite3.DatabaseError(str(problems[0][0]))
            for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):  # the old file's: never replay onto the copy
                leftover.unlink(missing_ok=True)
            os.replace(part, path)
        except (OSError, sqlite3.Error) as exc:
            with suppress(OSError):
                part.unlink(missing_ok=True)
            log.error("data file %s vanished; writing it back failed: %s", path, exc)
            raise ServiceError(f"数据文件 {path} 在程序使用时被删除或移走了，而且无法写回原处（{_reason(exc)}）。"
                               "刚才的修改没有保存。数据仍然在程序中打开着，没有丢失：请不要关闭程序，"
                               "先恢复那个位置（例如重新插入 U 盘、恢复文件夹或腾出磁盘空间），然后再保存一次。"
                               ) from exc
        # The same Engine, its pool emptied: new connections open the file written back, and everything tied to
        # the engine (pragmas, audit functions and who acts) carries over.
        self._keeper.close()
        self.engine.dispose()
        self._watch_file()
        self._notice = (f"数据文件 {path} 在程序运行时被删除或移走了。程序已把仍然打开着的全部数据写回原处，"
                        "没有丢失任何数据。如需移动数据文件，请先关闭程序再移动。")
        log.warning("data file %s was deleted or moved while open; wrote the open data back", path)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def open_database(path: Path | str | None = None) -> Database:
    """Open the given file, or DANGJIAN_DB, or the one in the per-user data folder; migrate it first."""
    from .backups import backup_before_migration  # backups imports this module

    resolved = Path(path) if path else default_database_path()
    engine, sessions = open_engine(resolved, before_migration=backup_before_migration)
    return Database(resolved, engine, sessions)
