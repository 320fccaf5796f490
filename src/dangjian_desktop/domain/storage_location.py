"""Where a data file lives, judged from its path and what the operating system says about the place under it.

A network share, a removable drive and a cloud-sync folder are poor homes for a SQLite file: a dropped network,
a pulled USB stick or a sync program copying the file while it is written can damage it, and locks do not hold
across machines on many network file systems. Such a place draws a warning recommending a local folder.

Pure: the caller (services/storage_location.py) reads /proc/mounts, asks Windows for the drive type, and looks
whether a block device is removable; this module only classifies.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# GetDriveTypeW results (winbase.h).
DRIVE_REMOVABLE, DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM, DRIVE_RAMDISK = 2, 3, 4, 5, 6

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "lustre", "beegfs",
    "gpfs", "davfs",
})
# FUSE file systems that live on this PC; any other fuse.* (sshfs, rclone, gvfsd-fuse, s3fs …) is remote.
LOCAL_FUSE = frozenset({
    "fuse.bindfs", "fuse.mergerfs", "fuse.encfs", "fuse.gocryptfs", "fuse.cryfs", "fuse.lxcfs", "fuse.portal",
    "fuse.fuse-overlayfs", "fuse.squashfuse", "fuse.appimaged",
})
# Linux desktops mount USB sticks and external disks here.
REMOVABLE_MOUNT_ROOTS = ("/media/", "/run/media/")

# (name shown to the user, folder names as lower-case prefixes). ASCII prefixes must end the name or be followed by
# a non-alphanumeric character ("OneDrive - 某单位", "Dropbox (Personal)", "GoogleDrive-x@gmail.com");
# Chinese ones may run on ("百度网盘同步空间").
CLOUD_FOLDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("OneDrive", ("onedrive",)),
    ("Dropbox", ("dropbox",)),
    ("Google 云端硬盘", ("google drive", "googledrive", "my drive", "我的云端硬盘", "google 云端硬盘")),
    ("iCloud 云盘", ("icloud drive", "iclouddrive", "com~apple~clouddocs", "mobile documents")),
    ("坚果云", ("坚果云", "我的坚果云", "nutstore")),
    ("百度网盘", ("百度网盘", "百度云同步盘", "baidunetdisk", "baidunetdiskworkspace", "baidusyncdisk")),
    ("WPS 云盘", ("wps云盘", "wps网盘", "wpsdrive", "wps cloud")),
    ("腾讯微云", ("腾讯微云", "微云同步", "weiyun")),
    ("阿里云盘", ("阿里云盘", "aliyundrive")),
    ("天翼云盘", ("天翼云盘",)),
    ("夸克网盘", ("夸克网盘",)),
    ("Synology Drive", ("synologydrive", "synology drive")),
    ("Seafile", ("seafile",)),
    ("Nextcloud", ("nextcloud",)),
    ("ownCloud", ("owncloud",)),
)


class LocationKind(StrEnum):
    NETWORK = "网络位置"
    REMOVABLE = "可移动磁盘"
    CLOUD_SYNC = "云同步文件夹"


@dataclass(frozen=True)
class RiskyLocation:
    kind: LocationKind
    place: str   # what the warning calls the place, e.g. "网络共享文件夹 \\\\server\\share"


@dataclass(frozen=True)
class Mount:
    device: str
    mount_point: str
    fs_type: str


_DANGERS = {
    LocationKind.NETWORK: "网络断开或几台电脑同时打开时，数据可能损坏或丢失，也无法可靠地阻止别的电脑同时打开它。",
    LocationKind.REMOVABLE: "使用中拔出 U 盘或移动硬盘会损坏数据；U 盘丢失还会泄露党员的个人信息。",
    LocationKind.CLOUD_SYNC: "同步软件会在程序使用数据文件时复制或替换它，可能造成数据损坏、丢失或出现冲突副本，"
                             "还会把党员的个人信息上传到云端。",
}
_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")
_SEPARATORS = re.compile(r"[\\/]+")
_LONG_UNC = re.compile(r"^[\\/]{2}\?[\\/]UNC[\\/]", re.IGNORECASE)


def parse_mounts(text: str) -> list[Mount]:
    """The lines of /proc/mounts (or /proc/self/mounts), in order; spaces and the like come as \\040 escapes."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            device, mount_point, fs_type = (_OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)
                                            for field in fields[:3])
            mounts.append(Mount(device, mount_point, fs_type))
    return mounts


def mount_of(path: str, mounts: Sequence[Mount]) -> Mount | None:
    """The mount a POSIX absolute path lies on: the longest mount point containing it; the later of equals (a mount
    on top of another hides it)."""
    best, best_length = None, -1
    for mount in mounts:
        point = mount.mount_point.rstrip("/")
        if (path == point or path.startswith(point + "/")) and len(point) >= best_length:
            best, best_length = mount, len(point)
    return best


def is_network_file_system(fs_type: str) -> bool:
    if fs_type in NETWORK_FILE_SYSTEMS:
        return True
    return fs_type.startswith("fuse.") and fs_type not in LOCAL_FUSE


def is_unc_path(path: str) -> bool:
    """\\\\server\\share\\…, \\\\?\\UNC\\server\\share\\… or //server/share/… (not \\\\?\\C:\\… nor \\\\.\\…)."""
    if re.match(r"^[\\/]{2}[?.][\\/]", path):
        return bool(_LONG_UNC.match(path))
    return bool(re.match(r"^[\\/]{2}[^\\/]+[\\/][^\\/]+", path))


def _unc_share(path: str) -> str:
    """\\\\server\\share of a UNC path."""
    parts = [part for part in _SEPARATORS.split(_LONG_UNC.sub("", path)) if part]
    return "\\\\" + "\\".join(parts[:2])


def _matches(component: str, prefix: str) -> bool:
    if not component.startswith(prefix):
        return False
    rest = component[len(prefix):]
    return not rest or not prefix.isascii() or not rest[0].isascii() or not rest[0].isalnum()


def cloud_service(path: str) -> str | None:
    """The cloud-sync service whose folder `path` (Windows or POSIX) lies in, by the names of its folders."""
    for component in _SEPARATORS.split(path):
        name = " ".join(component.lower().split())
        for service, prefixes in CLOUD_FOLDERS:
            if any(_matches(name, prefix) for prefix in prefixes):
                return service
    return None


def classify_location(path: str, *, mount: Mount | None = None, removable_device: bool = False,
                      drive_type: int | None = None) -> RiskyLocation | None:
    """Why `path` (absolute, symlinks resolved) is a risky home for the data file; None for a local folder.

    `mount`: the Linux mount it lies on; `removable_device`: that mount's block device is removable (USB);
    `drive_type`: Windows' GetDriveTypeW for its drive."""
    drive = path[:2] if re.match(r"^[A-Za-z]:", path) else ""
    if is_unc_path(path):
        return RiskyLocation(LocationKind.NETWORK, f"网络共享文件夹 {_unc_share(path)}")
    if drive_type == DRIVE_REMOTE:
        return RiskyLocation(LocationKind.NETWORK, f"映射的网络驱动器 {drive or path}")
    if drive_type in (DRIVE_REMOVABLE, DRIVE_CDROM):
        return RiskyLocation(LocationKind.REMOVABLE, f"可移动磁盘 {drive or path}（U 盘、移动硬盘或光盘）")
    if mount is not None and is_network_file_system(mount.fs_type):
        return RiskyLocation(LocationKind.NETWORK, f"网络文件系统（{mount.fs_type}，{mount.device}）")
    if removable_device or (mount is not None and (mount.mount_point + "/").startswith(REMOVABLE_MOUNT_ROOTS)):
        where = f" {mount.mount_point}" if mount is not None else ""
        return RiskyLocation(LocationKind.REMOVABLE, f"可移动磁盘{where}（U 盘或移动硬盘）")
    service = cloud_service(path)
    if service:
        gap = " " if service[-1].isascii() else ""   # "OneDrive 的", "坚果云的"
        return RiskyLocation(LocationKind.CLOUD_SYNC, f"{service}{gap}的同步文件夹")
    return None


def location_warning_text(path: str, location: RiskyLocation, suggested: str | None) -> str:
    """The warning shown when the data file is opened from a risky place (a warning: it opens all the same)."""
    example = f"，例如默认位置 {suggested}" if suggested else ""
    gap = " " if location.place[0].isascii() else ""
    return (f"数据文件 {path} 位于{gap}{location.place}。{_DANGERS[location.kind]}"
            f"建议把数据文件放在这台电脑的本地硬盘上{example}，"
            "再用“备份与恢复”把备份另存到 U 盘或其他电脑。")
