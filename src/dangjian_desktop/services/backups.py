"""Backups of the data file: taken with SQLite's backup API, verified, listed, thinned out, exported and restored.

Backups live in `backups/` next to the data file, named `dangjian-YYYYMMDD-HHMMSS-<reason>.db` (local time).
Each is written under a `.part` name, checked with integrity_check, and only then given its name, so a listed
backup is always a complete, verified file. Copies are standalone (rollback journal, not WAL): one file each.
"""

import os
import re
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from ..db.engine import SCHEMA_HEAD, backup_file
from ..domain.retention import kept_backups
from .database import Database
from .errors import ServiceError
from .integrity import check_file, open_read_only, quick_check

BACKUP_FOLDER = "backups"
COUNTED_TABLES = ("organization", "member", "meeting", "enterprise", "visit", "demand")
_NAME = re.compile(r"^dangjian-(\d{8}-\d{6})-(.+?)(?:-(\d+))?\.db$")
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s.]+")


class BackupReason(StrEnum):
    OPENED = "打开时"
    PERIODIC = "定时"
    BEFORE_IMPORT = "导入前"
    BEFORE_RESTORE = "恢复前"
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


def _backup_name(taken_at: datetime, reason: str, number: int = 1) -> str:
    text = _UNSAFE.sub("_", str(reason)).strip("_-") or BackupReason.MANUAL
    suffix = f"-{number}" if number > 1 else ""
    return f"dangjian-{taken_at:%Y%m%d-%H%M%S}-{text}{suffix}.db"


def _free_path(folder: Path, taken_at: datetime, reason: str) -> Path:
    number = 1
    while (folder / _backup_name(taken_at, reason, number)).exists():
        number += 1
    return folder / _backup_name(taken_at, reason, number)


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
    taken_at = datetime.now().replace(microsecond=0)
    target = _free_path(backup_folder(db_path), taken_at, reason)
    _write_verified_copy(Path(db_path), target)
    return _info(target)


def make_backup(db: Database, reason: str) -> BackupInfo:
    """A verified backup of the open data file into `backups/`; ServiceError (Chinese) when it cannot be made."""
    return _take_backup(db.path, reason)


def _counts(path: Path) -> dict[str, int]:
    try:
        with closing(open_read_only(path)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                    for table in COUNTED_TABLES if table in tables}
    except sqlite3.DatabaseError:
        return {}


def _info(path: Path) -> BackupInfo:
    match = _NAME.match(path.name)
    taken_at = (datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match
                else datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0))
    reason = match.group(2) if match else ""
    return BackupInfo(path, taken_at, path.stat().st_size, reason, _counts(path))


def backups_next_to(db_path: Path) -> list[BackupInfo]:
    """The backups of the data file at `db_path`, newest first (usable while the file itself cannot be opened)."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if _NAME.match(path.name) and path.is_file():
            try:
                found.append(_info(path))
            except (OSError, ValueError):  # deleted meanwhile, or a name with an impossible date
                continue
    return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)


def list_backups(db: Database) -> list[BackupInfo]:
    return backups_next_to(db.path)


def prune_backups(db: Database, now: datetime | None = None) -> list[Path]:
    """Delete the backups the retention rule (domain.retention) no longer keeps; returns the deleted files."""
    backups = list_backups(db)
    keep = kept_backups((info.taken_at for info in backups), now or datetime.now())
    removed = []
    for info in backups:
        if info.taken_at not in keep:
            try:
                info.path.unlink()
            except OSError:  # locked or already gone: the next pruning tries again
                continue
            removed.append(info.path)
    return removed


def export_backup(db: Database, target_path: Path | str) -> Path:
    """A verified copy of the open data file at a chosen place (a folder gets a dated name); returns its path."""
    target = Path(target_path)
    if target.is_dir():
        target = target / _backup_name(datetime.now(), BackupReason.EXPORTED)
    if target.exists() and target.resolve() == Path(db.path).resolve():
        raise ServiceError(f"{target} 就是正在使用的数据文件，请另选一个位置保存备份。")
    _write_verified_copy(db.path, target)
    return target


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
    if header != b"SQLite format 3\x00":
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
    target = _free_path(backup_folder(db_path), datetime.now().replace(microsecond=0), "恢复前_已损坏")
    try:
        shutil.copyfile(db_path, target)
    except OSError as exc:
        raise ServiceError(f"无法保存当前数据文件的副本 {target}：{exc.strerror}。未做任何恢复。") from exc
    return _info(target)


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
