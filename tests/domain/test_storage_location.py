"""Judging where a data file lives: network shares, mapped and removable drives, cloud-sync folders, local disks."""

import pytest

from dangjian_desktop.domain.storage_location import (
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    LocationKind,
    Mount,
    classify_location,
    cloud_service,
    is_network_file_system,
    is_unc_path,
    location_warning_text,
    mount_of,
    parse_mounts,
)

PROC_MOUNTS = r"""/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/sda1 /boot/efi vfat rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
//fileserver/党建 /mnt/党建共享 cifs rw,relatime,vers=3.1.1 0 0
nas:/export/data /srv/data nfs4 rw,relatime 0 0
user@host:/docs /home/wang/远程\040文档 fuse.sshfs rw,nosuid,nodev 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
/dev/sdb1 /media/wang/KINGSTON vfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/li/移动硬盘 exfat rw,nosuid,nodev 0 0
/dev/mapper/vault /home/wang/保险箱 fuse.gocryptfs rw 0 0
/dev/sdd1 /srv/data ext4 rw 0 0
"""


@pytest.fixture
def mounts():
    return parse_mounts(PROC_MOUNTS)


def test_parse_mounts_undoes_the_octal_escapes(mounts):
    assert Mount("user@host:/docs", "/home/wang/远程 文档", "fuse.sshfs") in mounts
    assert mounts[0] == Mount("/dev/sda2", "/", "ext4")
    assert parse_mounts("garbage\n\n") == []


@pytest.mark.parametrize(("path", "mount_point"), [
    ("/home/wang/党建/dangjian.db", "/home"),
    ("/home", "/home"),
    ("/homework/x.db", "/"),                              # a prefix of the name is not containment
    ("/mnt/党建共享/dangjian.db", "/mnt/党建共享"),
    ("/home/wang/远程 文档/dangjian.db", "/home/wang/远程 文档"),
    ("/srv/data/dangjian.db", "/srv/data"),                # two mounts on one point: the later one is on top
    ("/opt/x.db", "/"),
])
def test_mount_of_takes_the_longest_mount_point(mounts, path, mount_point):
    assert mount_of(path, mounts).mount_point == mount_point


def test_the_later_of_two_mounts_on_one_point_wins(mounts):
    assert mount_of("/srv/data/dangjian.db", mounts).fs_type == "ext4"
    assert mount_of("/x", []) is None


@pytest.mark.parametrize(("fs_type", "network"), [
    ("nfs", True), ("nfs4", True), ("cifs", True), ("smb3", True), ("fuse.sshfs", True), ("fuse.rclone", True),
    ("fuse.gvfsd-fuse", True), ("davfs", True), ("ext4", False), ("xfs", False), ("btrfs", False),
    ("vfat", False), ("fuseblk", False), ("fuse.gocryptfs", False), ("fuse.bindfs", False), ("tmpfs", False),
])
def test_network_file_systems(fs_type, network):
    assert is_network_file_system(fs_type) is network


@pytest.mark.parametrize(("path", "unc"), [
    (r"\\fileserver\党建\dangjian.db", True),
    ("//fileserver/share/dangjian.db", True),
    (r"\\?\UNC\fileserver\share\dangjian.db", True),
    (r"\\?\C:\Users\王\dangjian.db", False),
    (r"\\.\PhysicalDrive0", False),
    (r"C:\Users\王\dangjian.db", False),
    ("/home/wang/dangjian.db", False),
])
def test_unc_paths(path, unc):
    assert is_unc_path(path) is unc


@pytest.mark.parametrize(("path", "service"), [
    (r"C:\Users\王芳\OneDrive\文档\党建\dangjian.db", "OneDrive"),
    (r"C:\Users\王芳\OneDrive - 幸福街道办事处\dangjian.db", "OneDrive"),
    ("/Users/wang/Library/CloudStorage/OneDrive-Personal/dangjian.db", "OneDrive"),
    (r"D:\Dropbox (Personal)\dangjian.db", "Dropbox"),
    (r"G:\我的云端硬盘\dangjian.db", "Google 云端硬盘"),
    ("/Users/wang/Library/CloudStorage/GoogleDrive-wang@gmail.com/My Drive/d.db", "Google 云端硬盘"),
    ("/Users/wang/Library/Mobile Documents/com~apple~CloudDocs/d.db", "iCloud 云盘"),
    (r"C:\Users\王芳\iCloudDrive\d.db", "iCloud 云盘"),
    (r"C:\Users\王芳\Nutstore\党建\d.db", "坚果云"),
    (r"D:\我的坚果云\d.db", "坚果云"),
    (r"D:\BaiduNetdiskWorkspace\d.db", "百度网盘"),
    (r"D:\BaiduSyncdisk\d.db", "百度网盘"),
    (r"D:\百度网盘同步空间\d.db", "百度网盘"),
    (r"C:\Users\王芳\Documents\WPS Cloud Files\123\d.db", "WPS 云盘"),
    (r"C:\Users\王芳\WPSDrive\d.db", "WPS 云盘"),
    (r"D:\腾讯微云\d.db", "腾讯微云"),
    (r"D:\阿里云盘\d.db", "阿里云盘"),
    (r"D:\天翼云盘同步盘\d.db", "天翼云盘"),
    (r"C:\Users\王芳\SynologyDrive\d.db", "Synology Drive"),
    ("/home/wang/Seafile/我的资料库/d.db", "Seafile"),
    ("/home/wang/Nextcloud/d.db", "Nextcloud"),
    ("/home/wang/ownCloud/d.db", "ownCloud"),
    (r"C:\Users\王芳\AppData\Local\dangjian-desktop\dangjian.db", None),
    (r"D:\党建资料\dropboxes\d.db", None),              # only the word itself, not a longer English word
    (r"D:\onedrivers\d.db", None),
    ("/home/wang/文档/dangjian.db", None),
])
def test_cloud_folders_by_name(path, service):
    assert cloud_service(path) == service


def test_windows_drives():
    network = classify_location(r"Z:\党建\dangjian.db", drive_type=DRIVE_REMOTE)
    assert network.kind is LocationKind.NETWORK and network.place == "映射的网络驱动器 Z:"
    usb = classify_location(r"E:\dangjian.db", drive_type=DRIVE_REMOVABLE)
    assert usb.kind is LocationKind.REMOVABLE and "E:" in usb.place
    assert classify_location(r"F:\dangjian.db", drive_type=DRIVE_CDROM).kind is LocationKind.REMOVABLE
    assert classify_location(r"C:\Users\王芳\AppData\Local\dangjian-desktop\dangjian.db", drive_type=DRIVE_FIXED) is None
    share = classify_location(r"\\fileserver\党建\dangjian.db", drive_type=DRIVE_REMOTE)
    assert share.kind is LocationKind.NETWORK and share.place == r"网络共享文件夹 \\fileserver\党建"


def test_linux_mounts(mounts):
    def judge(path, removable=False):
        return classify_location(path, mount=mount_of(path, mounts), removable_device=removable)

    assert judge("/mnt/党建共享/dangjian.db").place == "网络文件系统（cifs，//fileserver/党建）"
    assert judge("/home/wang/远程 文档/d.db").kind is LocationKind.NETWORK
    assert judge("/run/user/1000/gvfs/smb-share:server=nas,share=d/d.db").kind is LocationKind.NETWORK
    assert judge("/media/wang/KINGSTON/d.db").kind is LocationKind.REMOVABLE
    assert judge("/run/media/li/移动硬盘/d.db").place == "可移动磁盘 /run/media/li/移动硬盘（U 盘或移动硬盘）"
    assert judge("/home/wang/党建/dangjian.db") is None
    assert judge("/home/wang/保险箱/d.db") is None
    assert judge("/home/wang/党建/dangjian.db", removable=True).kind is LocationKind.REMOVABLE
    assert judge("/home/wang/Dropbox/d.db").kind is LocationKind.CLOUD_SYNC


def test_a_share_inside_a_cloud_folder_counts_as_the_share():
    assert classify_location(r"\\nas\OneDrive\d.db").kind is LocationKind.NETWORK


def test_the_warning_names_the_place_the_danger_and_a_local_folder():
    location = classify_location(r"C:\Users\王芳\OneDrive\d.db")
    text = location_warning_text(r"C:\Users\王芳\OneDrive\d.db", location, r"C:\Users\王芳\AppData\Local\d\dangjian.db")
    assert text.startswith(r"数据文件 C:\Users\王芳\OneDrive\d.db 位于 OneDrive 的同步文件夹。")
    assert "冲突副本" in text and "本地硬盘" in text and r"默认位置 C:\Users\王芳\AppData\Local\d\dangjian.db" in text
    assert "默认位置" not in location_warning_text("/x", location, None)
