"""When the program backs up by itself, and the weekly reminder to keep a copy off this PC.

- On open: the first backup of a session is due at once (the GUI takes it, reason 打开时, once its window shows).
- Every 30 minutes, but only when something changed since the last backup (reason 定时).
- Before every import (`backup_before_import`), unless the data file is still empty.
- Before a restore and before a migration: taken by services.backups itself.
After each automatic backup the old ones are thinned out (services.backups.prune_backups).

"Something changed" is judged from a cheap marker of the data file rather than by asking the database: the
(modification time in ns, size) of the file and of its `-wal` file. The data file runs in WAL mode, so every commit
appends to the `-wal` file and a checkpoint rewrites the main file: a write always moves one of the two. Reads
never touch them (they only touch `-shm`, left out). A false "changed" costs one backup too many, never a lost one;
the marker is read *before* a backup is copied, so a commit made while it is being copied makes the next one due.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select

from ..db.models import Enterprise, Meeting, Member, Setting
from ..domain.progress import NO_PROGRESS, Progress
from .backups import BackupInfo, BackupReason, last_offsite_copy, make_backup, prune_backups
from .database import Database

PERIOD = timedelta(minutes=30)
OFFSITE_INTERVAL = timedelta(days=7)
REMINDED_KEY = "backup/offsite_reminded_on"   # setting: the day the off-PC reminder was last shown

Marker = tuple[tuple[int, int] | None, tuple[int, int] | None]


def change_marker(db_path: Path) -> Marker:
    """(mtime_ns, size) of the data file and of its -wal file (None for one that does not exist)."""
    def stat_of(path: Path) -> tuple[int, int] | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return status.st_mtime_ns, status.st_size

    path = Path(db_path)
    return stat_of(path), stat_of(path.with_name(path.name + "-wal"))


class AutoBackup:
    """The automatic backups of one open data file. `clock` gives the local time (tests pass a fake one).

    The GUI asks `due()` now and then and, when it says so, runs `take(reason)` off the GUI thread; `note_taken()`
    tells it the data as it is now is already in a backup (e.g. just restored from one)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = datetime.now):
        self.db = db
        self._clock = clock
        self._last_at: datetime | None = None
        self._marker: Marker | None = None

    @property
    def next_reason(self) -> BackupReason:
        """打开时 for the first backup of the session, 定时 after it."""
        return BackupReason.OPENED if self._last_at is None else BackupReason.PERIODIC

    def due(self) -> bool:
        """True for the first backup of the session, then once 30 minutes passed and the data file changed."""
        if self._last_at is None:
            return True
        return self._clock() - self._last_at >= PERIOD and change_marker(self.db.path) != self._marker

    def take(self, reason: str, progress: Progress = NO_PROGRESS) -> BackupInfo:
        """A verified backup, then pruning; ServiceError (Chinese) when it cannot be made."""
        marker = change_marker(self.db.path)
        progress.report(0, 0, "正在备份……")
        info = make_backup(self.db, reason)
        self.note_taken(marker)
        progress.report(0, 0, "正在清理旧备份……")
        prune_backups(self.db, self._clock())
        return info

    def note_taken(self, marker: Marker | None = None) -> None:
        """The data file as it is (or was when `marker` was read) is in a backup taken now."""
        self._last_at = self._clock()
        self._marker = marker if marker is not None else change_marker(self.db.path)


def holds_records(db: Database) -> bool:
    """Any member, enterprise or meeting: the data file is more than a fresh start."""
    with db.reading() as session:
        return any(session.scalar(select(exists().select_from(model))) for model in (Member, Enterprise, Meeting))


def backup_before_import(db: Database) -> BackupInfo | None:
    """The backup an import's commit step takes first (then pruning), or None: while the data file holds no
    members, enterprises or meetings there is nothing to protect, and a first import is not slowed down."""
    if not holds_records(db):
        return None
    info = make_backup(db, BackupReason.BEFORE_IMPORT)
    prune_backups(db)
    return info


# ----- the weekly reminder to keep a copy off this PC ---------------------------------------------------------------
def offsite_reminder_due(db: Database, today: date) -> bool:
    """Remind when no copy was ever saved elsewhere (and there is data to lose) or the last one is a week old or
    more — but not again within a week of the last reminder ("下周再提醒")."""
    with db.reading() as session:
        stored = session.get(Setting, REMINDED_KEY)
    try:
        reminded = date.fromisoformat(stored.value) if stored else None
    except ValueError:
        reminded = None
    if reminded is not None and today - reminded < OFFSITE_INTERVAL:
        return False
    saved = last_offsite_copy(db)
    if saved is None:
        return holds_records(db)
    return today - saved.date() >= OFFSITE_INTERVAL


def note_offsite_reminder_shown(db: Database, today: date) -> None:
    """The reminder was shown today: the next one waits a week (or until a copy is saved and a week passes)."""
    with db.transaction() as session:
        session.merge(Setting(key=REMINDED_KEY, value=today.isoformat()))
