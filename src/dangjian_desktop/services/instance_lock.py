"""One program per data file: an operating-system lock on `<data file>.lock`, which dies with the process.

flock (POSIX) or msvcrt.locking (Windows) is released by the system when the program ends in any way — closed,
crashed, killed, or the PC switched off — so a lock never needs cleaning up by hand: a lock file left behind
whose lock is free is simply taken over. While held, the file says who holds it (JSON, utf-8), for the polite
refusal the next program shows.
"""

import errno
import json
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from ..domain.access import machine_name, os_user_name
from .errors import ServiceError

LOCK_SUFFIX = ".lock"
# Windows locks are mandatory: the byte locked lies far past the JSON, so the next program can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 30
_BUSY = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK}


@dataclass(frozen=True)
class LockHolder:
    machine: str
    user: str
    pid: int
    since: datetime

    def describe(self) -> str:
        since = f"{self.since.year}年{self.since.month}月{self.since.day}日 {self.since:%H:%M}"
        return f"电脑“{self.machine}”上的用户“{self.user}”，从 {since} 开始使用"


class AlreadyOpen(ServiceError):
    """Another program has the data file open; the message names who, when it can tell."""

    def __init__(self, message: str, holder: LockHolder | None):
        super().__init__(message)
        self.holder = holder


def lock_path(db_path: Path | str) -> Path:
    return Path(f"{db_path}{LOCK_SUFFIX}")


class InstanceLock:
    """Held from acquire_instance_lock() until release() (or the end of a `with` block, or of the process)."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if os.name == "nt":
            _unlock_windows(fd)
            os.close(fd)
            _remove_quietly(self.path)   # refused while another program has it open: harmless
        else:
            _remove_quietly(self.path)   # still locked: a program waiting on this file sees it gone and starts over
            os.close(fd)                 # closing drops the flock

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def acquire_instance_lock(db_path: Path | str) -> InstanceLock:
    """Lock the data file for this program. AlreadyOpen (Chinese, naming the holder) when another program has it;
    ServiceError when the lock file cannot be made (folder missing rights)."""
    path = lock_path(db_path)
    for _attempt in range(10):
        fd = _open(path)
        try:
            locked = _try_lock(fd)
        except OSError:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            holder = read_holder(path)
            raise AlreadyOpen(_refusal(Path(db_path), holder), holder)
        if _still_there(fd, path):
            _write_holder(fd)
            return InstanceLock(path, fd)
        os.close(fd)   # the holder released and removed it between our open and our lock: lock the new one
    raise ServiceError(f"无法锁定数据文件 {db_path}：锁文件 {path.name} 不断被其他程序删除。请稍后再试。")


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file says holds it; None when it is missing, being written, or not ours (junk)."""
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
        return LockHolder(str(info["machine"]), str(info["user"]), int(info["pid"]),
                          datetime.fromisoformat(info["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _refusal(db_path: Path, holder: LockHolder | None) -> str:
    who = f"（{holder.describe()}）" if holder else ""
    here = ("它可能就在这台电脑上，请看看任务栏。" if holder and holder.machine == machine_name()
            and holder.user == os_user_name() else "")
    return (f"数据文件 {db_path} 已经在另一个党建工作台中打开{who}。同一份数据同一时间只能由一个程序打开，"
            f"以免互相覆盖修改。{here}请先关闭那个程序，再重新打开。")


def _open(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as exc:
        raise ServiceError(f"无法在 {path.parent} 中创建锁文件 {path.name}：{exc.strerror}。"
                           "请确认该文件夹存在，并且当前用户有写入权限。") from exc


def _try_lock(fd: int) -> bool:
    """True when locked; False when another program holds the lock."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise
    return True


def _unlock_windows(fd: int) -> None:
    import msvcrt

    os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
    with suppress(OSError):   # closing the file releases it anyway
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _still_there(fd: int, path: Path) -> bool:
    """Whether the file locked is still the one at `path` (Windows cannot delete an open file: always)."""
    if os.name == "nt":
        return True
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (status.st_dev, status.st_ino)


def _write_holder(fd: int) -> None:
    info = {"machine": machine_name(), "user": os_user_name(), "pid": os.getpid(),
            "since": datetime.now().replace(microsecond=0).isoformat()}
    data = json.dumps(info, ensure_ascii=False).encode("utf-8")
    with suppress(OSError):   # who holds it is a courtesy for the next program; the lock itself is what counts
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.ftruncate(fd, len(data))


def _remove_quietly(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)
