"""Why a file could not be written — disk full, read-only, in use, I/O error, damaged — in words the user can act on.

Only failures of the storage are described; anything else (a constraint our own code broke, a bad SQL statement)
gets None, so it is never disguised as a disk problem.
"""

import errno
import sqlite3
from enum import Enum
from pathlib import Path

from sqlalchemy.exc import DBAPIError

# SQLITE_READONLY_DBMOVED: the data file was deleted or renamed while a connection had it open.
_READONLY_DBMOVED = sqlite3.SQLITE_READONLY | (4 << 8)
# Windows: the file is open in another program (sharing and lock violations).
_WINDOWS_IN_USE = {32, 33}


class StorageFault(Enum):
    DISK_FULL = "disk full"
    READ_ONLY = "read-only"
    IN_USE = "in use"
    IO_ERROR = "i/o error"
    DAMAGED = "damaged"
    CANNOT_OPEN = "cannot open"
    MOVED = "moved"


_SQLITE_FAULTS = {
    sqlite3.SQLITE_FULL: StorageFault.DISK_FULL,
    sqlite3.SQLITE_READONLY: StorageFault.READ_ONLY,
    sqlite3.SQLITE_PERM: StorageFault.READ_ONLY,
    sqlite3.SQLITE_BUSY: StorageFault.IN_USE,
    sqlite3.SQLITE_LOCKED: StorageFault.IN_USE,
    sqlite3.SQLITE_IOERR: StorageFault.IO_ERROR,
    sqlite3.SQLITE_CORRUPT: StorageFault.DAMAGED,
    sqlite3.SQLITE_NOTADB: StorageFault.DAMAGED,
    sqlite3.SQLITE_CANTOPEN: StorageFault.CANNOT_OPEN,
}
_OS_FAULTS = {
    errno.ENOSPC: StorageFault.DISK_FULL,
    errno.EDQUOT: StorageFault.DISK_FULL,
    errno.EROFS: StorageFault.READ_ONLY,
    errno.EACCES: StorageFault.READ_ONLY,
    errno.EPERM: StorageFault.READ_ONLY,
    errno.EBUSY: StorageFault.IN_USE,
    errno.EIO: StorageFault.IO_ERROR,
}

_TEXTS = {
    StorageFault.DISK_FULL: "{subject}所在的磁盘空间已满。请删除不需要的文件、清空回收站，腾出空间后再试。",
    StorageFault.READ_ONLY: "{subject}或它所在的文件夹是只读的，或者当前用户没有写入权限。"
                            "请在文件属性中取消“只读”、检查文件夹的权限，或把它放到有写入权限的位置后再试。",
    StorageFault.IN_USE: "{subject}正被其他程序占用。请关闭正在使用它的程序（例如另一个党建工作台、杀毒软件或"
                         "网盘同步软件）后再试。",
    StorageFault.IO_ERROR: "读写{subject}时出错，可能是 U 盘或移动硬盘被拔出、网络中断或磁盘故障。"
                           "请检查磁盘或网络后再试；如果反复出现，请尽快在“备份与恢复”中把数据另存到别处。",
    StorageFault.DAMAGED: "{subject}已损坏。请在“数据检查”中检查数据文件，并在“备份与恢复”中"
                          "从最近一份完好的备份恢复。",
    StorageFault.CANNOT_OPEN: "{subject}无法打开，它可能被删除、移走，或者所在的磁盘已断开。请确认文件还在原处后再试。",
    StorageFault.MOVED: "{subject}在程序使用时被删除或移走了。请再试一次，程序会把仍然打开着的数据写回原处。",
}


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, DBAPIError):
        exc = exc.orig
    return exc if isinstance(exc, sqlite3.Error) else None


def storage_fault(exc: BaseException) -> StorageFault | None:
    """What failed in the storage, or None when `exc` is not a storage failure (e.g. a broken constraint)."""
    error = _sqlite_error(exc)
    if error is not None:
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:
            return None
        return StorageFault.MOVED if code == _READONLY_DBMOVED else _SQLITE_FAULTS.get(code & 0xFF)
    if isinstance(exc, OSError):
        if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
            return StorageFault.IN_USE
        return _OS_FAULTS.get(exc.errno)
    return None


def describe_storage_error(exc: BaseException, data_file: Path | str | None = None) -> str | None:
    """What happened and what to do, in Chinese; None when `exc` is not a storage failure.

    SQLite errors are about the data file (`data_file`, when given, is named); an OSError names its own file."""
    fault = storage_fault(exc)
    if fault is None:
        return None
    if _sqlite_error(exc) is not None:
        subject = f"数据文件 {data_file} " if data_file else "数据文件"
    else:
        subject = f"文件 {exc.filename} " if getattr(exc, "filename", None) else "文件"
    return _TEXTS[fault].format(subject=subject)


def unsaved_change_message(exc: BaseException, data_file: Path | str | None = None) -> str | None:
    """The message for a write that failed in the storage: the change was not saved, and (unless the file is damaged)
    what was saved before is safe. None when `exc` is not a storage failure."""
    description = describe_storage_error(exc, data_file)
    if description is None:
        return None
    if storage_fault(exc) is StorageFault.DAMAGED:
        return f"刚才的修改没有保存。原因：{description}"
    return f"刚才的修改没有保存，之前已保存的数据不受影响。原因：{description}"
