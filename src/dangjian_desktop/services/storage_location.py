"""Asking the operating system where the data file lives (network, removable, cloud-sync folder): a warning text.

The classification itself is domain/storage_location.py; this module only gathers the facts it needs.
"""

import logging
import os
from pathlib import Path, PureWindowsPath

from ..domain.storage_location import (
    Mount,
    RiskyLocation,
    classify_location,
    location_warning_text,
    mount_of,
    parse_mounts,
)
from ..paths import user_data_dir

log = logging.getLogger(__name__)
MOUNTS_FILE = Path("/proc/self/mounts")
SYS_CLASS_BLOCK = Path("/sys/class/block")


def location_warning(db_path: Path | str) -> str | None:
    """A Chinese warning recommending a local folder when the data file is on a network share, a mapped network
    drive, a removable drive or in a cloud-sync folder; None for a local folder (or when the place cannot be told)."""
    path = Path(os.path.abspath(db_path))
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # an unreachable share, a symlink loop: judge the path as given
        pass
    location = _probe(path)
    if location is None:
        return None
    suggested = user_data_dir() / "dangjian.db"
    same = os.path.normcase(str(suggested)) == os.path.normcase(str(path))
    return location_warning_text(str(path), location, None if same else str(suggested))


def _probe(path: Path) -> RiskyLocation | None:
    text = str(path)
    if os.name == "nt":
        return classify_location(text, drive_type=_windows_drive_type(text))
    mount = _linux_mount(text)
    return classify_location(text, mount=mount, removable_device=mount is not None and _removable(mount.device))


def _windows_drive_type(path: str) -> int | None:
    import ctypes

    root = PureWindowsPath(path).anchor
    if not root:
        return None
    try:
        return int(ctypes.windll.kernel32.GetDriveTypeW(root))
    except (AttributeError, OSError):
        return None


def _linux_mount(path: str) -> Mount | None:
    try:
        text = MOUNTS_FILE.read_text(encoding="utf-8", errors="replace")
    except OSError:   # not Linux (macOS, BSD): only the cloud-folder names are judged
        return None
    return mount_of(path, parse_mounts(text))


def _removable(device: str) -> bool:
    """Whether a /dev block device is removable or on USB (sysfs: the disk's `removable` flag, its device path)."""
    if not device.startswith("/dev/"):
        return False
    name = Path(os.path.realpath(device)).name
    entry = SYS_CLASS_BLOCK / name
    try:
        disk = Path(os.path.realpath(entry))
        if (entry / "partition").exists():
            disk = disk.parent
        flag = (disk / "removable").read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return flag == "1" or "/usb" in str(disk)
