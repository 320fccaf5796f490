"""Backups of the data file: taken with SQLite's backup API, verified, listed, thinned out, exported and restored.

Backups live in `backups/` next to the data file, named after the data file: `<stem>-YYYYMMDD-HHMMSS-<reason>.db`
(local time; `-2`, `-3` … for more in the same second). Two data files in one folder share `backups/`, and each
lists and prunes only its own. Each backup is written under a `.part` name, checked with integrity_check, and only
then given its name, so a listed backup is always a complete, verified file. Copies are standalone (rollback
journal, not WAL): one file each.
"""

import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass, field
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from ..db.engine import SCHEMA_HEAD, DatabaseError, backup_file
from ..db.models import Setting
from ..domain.access import Permission
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.retention import kept_backups
from . import audit
from .audit import FAILED, AuditAction, require
from .database import Database
from .errors import ServiceError
from .integrity import check_file, open_read_only, quick_check

log = logging.getLogger(__name__)
BACKUP_FOLDER = "backups"
COUNTED_TABLES = ("organization", "member", "meeting", "enterprise", "visit", "demand")
EXPORT_PREFIX = "dangjian"   # a copy saved elsewhere (a USB stick) is named after the program
OFFSITE_KEY = "backup/offsite_saved_at"   # setting: when a copy was last saved outside the data folder
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s.]+")
SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")

class BackupReason(StrEnum):
    OPENED = "打开时"
    PERIODIC = "定时"
    BEFORE_IMPORT = "导入前"
    BEFORE_RESTORE = "恢复前"
    DAMAGED_BEFORE_RESTORE = "恢复前_已损坏"   # the bytes of a damaged file a restore replaced, kept as they were
    BEFORE_MIGRATION = "迁移前"
    MANUAL = "手动"
    EXPORTED = "导出"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    reason: str
    counts: dict[str, int] = field(default_factory=dict)  # table → rows; empty when the copy cannot be read


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_FOLDER


def _name_pattern(stem: str) -> re.Pattern[str]:
    """The names of `stem`'s backups; the date comes right after `<stem>-`, so stem "dang" never takes
    "dangjian-…" (nor "dang-x-…")."""
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})-(.+?)(?:-(\d+))?\.db$")


def _backup_name(prefix: str, taken_at: datetime, reason: str, number: int = 1) -> str:
    text = _UNSAFE.sub("_", str(reason)).strip("_-") or BackupReason.MANUAL
    suffix = f"-{number}" if number > 1 else ""
    return f"{prefix}-{taken_at:%Y%m%d-%H%M%S}-{text}{suffix}.db"


def _free_path(folder: Path, prefix: str, taken_at: datetime, reason: str) -> Path:
    number = 1
    while (folder / _backup_name(prefix, taken_at, reason, number)).exists():
        number += 1
    return folder / _backup_name(prefix, taken_at, reason, number)


def _discard(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)


def _write_verified_copy(source: Path, target: Path) -> None:
    """Back up `source` to `target` through a `.part` file; a copy failing integrity_check is deleted."""
    part = target.with_name(target.name + ".part")
    try:
        _discard(part)
        backup_file(source, part, standalone=True)
    except (OSError, sqlite3.Error) as exc:
        _discard(part)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ServiceError(f"无法写入备份 {target}：{reason}。请检查磁盘空间和写入权限。") from exc
    problems = check_file(part)
    if problems:
        _discard(part)
        raise ServiceError(f"备份 {target.name} 校验未通过，已删除这份备份：{problems[0]}"
                           "请在“数据检查”中检查数据文件。")
    os.replace(part, target)


def _take_backup(db_path: Path, reason: str) -> BackupInfo:
    db_path = Path(db_path)
    taken_at = datetime.now().replace(microsecond=0)
    target = _free_path(backup_folder(db_path), db_path.stem, taken_at, reason)
    _write_verified_copy(db_path, target)
    return _info(target, taken_at, str(reason))


def _logged(db: Database, target: str, work: Callable[[], T]) -> T:
    """Run a backup the user asked for and log it in the audit log, failed ones too. Automatic backups are not
    logged: they are listed on 备份与恢复, and an entry would be a change that makes the next one due."""
    try:
        result = work()
    except ServiceError as exc:
        with suppress(ServiceError):  # the storage failing again: the failure itself is what the user sees
            audit.log(db, AuditAction.BACKUP, target, {"原因": exc.message}, FAILED)
        raise
    audit.log(db, AuditAction.BACKUP, target)
    return result


def make_backup(db: Database, reason: str) -> BackupInfo:
    """A verified backup of the open data file into `backups/`; ServiceError (Chinese) when it cannot be made.
    One the user asked for (手动) needs the BACKUP permission and is logged."""
    db.ensure_file_in_place()   # a vanished data file is written back first, never backed up as an empty one
    if reason != BackupReason.MANUAL:
        return _take_backup(db.path, reason)
    require(db, Permission.BACKUP, "备份数据")
    return _logged(db, f"备份到 {backup_folder(db.path)}", lambda: _take_backup(db.path, reason))


def backup_before_migration(db_path: Path) -> None:
    """db.engine.open_engine's `before_migration`: a verified backup (迁移前) of a file about to be upgraded, listed
    and pruned like every other. Without it the upgrade does not start (DatabaseError)."""
    try:
        _take_backup(db_path, BackupReason.BEFORE_MIGRATION)
    except ServiceError as exc:
        raise DatabaseError(f"升级数据文件之前要先备份，但备份没有成功：{exc.message}数据文件没有改动。") from exc


def _counts(path: Path) -> dict[str, int]:
    try:
        with closing(open_read_only(path)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                    for table in COUNTED_TABLES if table in tables}
    except sqlite3.DatabaseError:
        return {}


def _info(path: Path, taken_at: datetime, reason: str) -> BackupInfo:
    return BackupInfo(path, taken_at, path.stat().st_size, reason, _counts(path))


def _found_backups(db_path: Path) -> list[tuple[Path, datetime, str]]:
    """(path, time, reason) of the data file's backups, newest first, from their names alone."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(Path(db_path).stem)
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_file():
            try:
                found.append((path, datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), match.group(2)))
            except ValueError:  # a name with an impossible date
                continue
    return sorted(found, key=lambda item: (item[1], item[0].name), reverse=True)


def backups_next_to(db_path: Path) -> list[BackupInfo]:
    """The backups of the data file at `db_path`, newest first (usable while the file itself cannot be opened)."""
    infos = []
    for path, taken_at, reason in _found_backups(db_path):
        try:
            infos.append(_info(path, taken_at, reason))
        except OSError:  # deleted meanwhile
            continue
    return infos


def list_backups(db: Database) -> list[BackupInfo]:
    return backups_next_to(db.path)


def prune_backups(db: Database, now: datetime | None = None) -> list[Path]:
    """Delete the backups the retention rule (domain.retention) no longer keeps; returns the deleted files."""
    found = _found_backups(db.path)
    keep = kept_backups((taken_at for _path, taken_at, _reason in found), now or datetime.now())
    removed = []
    for path, taken_at, _reason in found:
        if taken_at not in keep:
            try:
                path.unlink()
            except OSError:  # locked or already gone: the next pruning tries again
                continue
            removed.append(path)
    return removed


def note_offsite_copy(db: Database, at: datetime | None = None) -> None:
    """Remember that a copy was saved outside the data folder (for the weekly reminder). A failure to remember is
    logged, never reported: the copy itself was saved."""
    moment = (at or datetime.now()).replace(microsecond=0)
    try:
        with db.transaction() as session:
            session.merge(Setting(key=OFFSITE_KEY, value=moment.isoformat()))
    except (ServiceError, SQLAlchemyError):
        log.warning("could not remember the off-PC copy", exc_info=True)


def last_offsite_copy(db: Database) -> datetime | None:
    """When a copy was last saved outside the data folder (export_backup), or None if never."""
    with db.reading() as session:
        stored = session.get(Setting, OFFSITE_KEY)
    try:
        return datetime.fromisoformat(stored.value) if stored and stored.value else None
    except ValueError:
        return None


def export_backup(db: Database, target_path: Path | str) -> Path:
    """A verified copy of the open data file at a chosen place (a folder gets a dated name); returns its path."""
    target = Path(target_path)
    if target.is_dir():
        target = target / _backup_name(EXPORT_PREFIX, datetime.now(), BackupReason.EXPORTED)
    if target.exists() and target.resolve() == Path(db.path).resolve():
        raise ServiceError(f"{target} 就是正在使用的数据文件，请另选一个位置保存备份。")
    require(db, Permission.BACKUP, "把数据备份到其他位置")
    db.ensure_file_in_place()
    _logged(db, f"备份到 {target}", lambda: _write_verified_copy(db.path, target))
    note_offsite_copy(db)
    return target


def log_restore(db: Database, backup: Path, safety: BackupInfo | None) -> None:
    """Into the restored data's audit log (the log of the data replaced is in the pre-restore backup)."""
    audit.log(db, AuditAction.RESTORE, f"从备份 {Path(backup).name} 恢复",
        {"恢复前的数据备份在": str(safety.path) if safety else "（原来没有数据文件）"})


def backup_problems(path: Path) -> list[str]:
    """Why `path` cannot be restored (missing, damaged, another program's file, a newer version's); [] if it can."""
    path = Path(path)
    if not path.is_file():
        return [f"找不到备份文件 {path}。"]
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return [f"无法读取备份文件 {path}：{exc.strerror}。"]
    if header != SQLITE_HEADER:
        return [f"{path.name} 不是党建工作台的备份文件（也不是 SQLite 数据库）。"]
    problems = check_file(path)
    if problems:
        return problems
    try:
        with closing(open_read_only(path)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            versions = ([version for (version,) in connection.execute("SELECT version_num FROM alembic_version")]
                        if "alembic_version" in tables else [])
    except sqlite3.DatabaseError as exc:
        return [f"备份文件已损坏，无法读取：{exc}。"]
    if not versions or "member" not in tables:
        return [f"{path.name} 不是党建工作台的备份文件（里面是其他程序的数据）。"]
    # Revisions are zero-padded numbers ("0003"), so a later one sorts after SCHEMA_HEAD.
    if any(version > SCHEMA_HEAD for version in versions):
        return [f"{path.name} 是由更新版本的党建工作台创建的，本程序无法使用。请安装最新版本后再恢复。"]
    return []


def good_backups(db_path: Path, limit: int = 5, progress: Progress = NO_PROGRESS) -> list[BackupInfo]:
    """The newest backups of the data file that a restore would accept (backup_problems finds nothing), newest
    first, at most `limit`; for a damaged data file, whose own newest backups may be damaged too."""
    found, candidates = [], backups_next_to(db_path)
    for done, info in enumerate(candidates):
        progress.check()
        progress.report(done, len(candidates), "正在检查备份……")
        if not backup_problems(info.path):
            found.append(info)
            if len(found) == limit:
                break
    return found


def _safety_copy(db_path: Path) -> BackupInfo | None:
    """Back up the current file before it is replaced; a damaged file is kept as it is, for inspection."""
    if not db_path.is_file():
        return None
    try:
        return _take_backup(db_path, BackupReason.BEFORE_RESTORE)
    except ServiceError:
        if not quick_check(db_path):
            raise
    # The file is damaged and closed (restore runs with no connection open): keep its bytes as they are.
    taken_at, reason = datetime.now().replace(microsecond=0), BackupReason.DAMAGED_BEFORE_RESTORE
    target = _free_path(backup_folder(db_path), db_path.stem, taken_at, reason)
    try:
        shutil.copyfile(db_path, target)
    except OSError as exc:
        raise ServiceError(f"无法保存当前数据文件的副本 {target}：{exc.strerror}。未做任何恢复。") from exc
    return _info(target, taken_at, str(reason))


def restore_backup(db_path: Path, backup_path: Path) -> BackupInfo | None:
    """Replace the data at `db_path` with a backup. Call with no connection to `db_path` open.

    Verifies the backup first, then backs up the current file (returned: the safety copy; None when there was no
    current file), then copies the backup over the current data with the backup API."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    problems = backup_problems(backup_path)
    if problems:
        raise ServiceError(f"无法从 {backup_path} 恢复：{problems[0]}当前数据没有改动。")
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise ServiceError(f"{backup_path} 就是正在使用的数据文件，请选择一份备份。")
    safety = _safety_copy(db_path)
    try:
        try:
            backup_file(backup_path, db_path)
        except sqlite3.DatabaseError:  # the current file is too damaged to be written page by page: start afresh
            for leftover in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
                leftover.unlink(missing_ok=True)
            backup_file(backup_path, db_path)
    except (OSError, sqlite3.Error) as exc:
        kept = f"原来的数据已保存在 {safety.path}。" if safety else ""
        raise ServiceError(f"恢复失败：{exc}。{kept}请检查磁盘空间和写入权限后重试。") from exc
    problems = quick_check(db_path)
    if problems:
        kept = f"原来的数据已保存在 {safety.path}。" if safety else ""
        raise ServiceError(f"恢复后的数据文件校验未通过：{problems[0]}{kept}")
    return safety


def damage_of(db_path: Path) -> list[str]:
    """What quick_check finds wrong with a data file of this program that is damaged, so a backup may replace it.
    [] when the file is healthy or missing, cannot be read at all (permissions), or is not damaged but someone
    else's (another program's or a newer version's file: the caller says why it cannot be opened instead).
    A file whose first page is gone no longer looks like SQLite: it counts as ours when it has backups."""
    path = Path(db_path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return []
    if not header:
        return []
    problems = quick_check(path)
    if problems and (header == SQLITE_HEADER or _found_backups(path)):
        return problems
    return []
