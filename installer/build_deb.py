"""Turn the bundle dist/dangjian-desktop/ into dist/dangjian-desktop_<version>_amd64.deb (xz).

    python3 installer/build_bundle.py          # first: the bundle
    python3 installer/build_deb.py [--bundle DIR] [--out DIR]

The package puts the program under /opt/dangjian-desktop/, the command /usr/bin/dangjian-desktop (a symlink: the
PyInstaller bootloader finds its _internal/ through /proc/self/exe), the desktop entry and the hicolor icons. It
depends only on what the bundle cannot carry (see DEPENDS). It also reports the newest glibc symbol version that
any ELF file of the bundle needs — the oldest glibc the package runs on — and puts it in Depends as libc6 (>= …),
so apt refuses an install on a too-old system instead of the program failing at start.

No postinst/postrm: Debian (and UOS/Kylin, which are Debian-based) run update-desktop-database and
gtk-update-icon-cache by dpkg file triggers of desktop-file-utils and hicolor-icon-theme whenever a package
installs into /usr/share/applications or /usr/share/icons/hicolor.
"""

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by the tests
import deb_docs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "dangjian-desktop"
INSTALL_DIR = f"/opt/{PACKAGE}"
ICONS = ROOT / "resources" / "icons"
# Measured: every NEEDED library of the bundle's ELF files that is not in the bundle belongs to libc6, libgl1 or
# libegl1 (libxcb1 comes with libgl1 → libglx0 → libx11-6); libwayland-* are needed only by the Wayland platform
# plugin, and Qt falls back to xcb (XWayland) without them. DESIGN §10: a bare Debian 12 with only libgl1 and
# libegl1 installs and starts the bundle.
DEPENDS = ("libgl1", "libegl1")
MAINTAINER = "党建工作台开发组 <dangjian-desktop@users.noreply.invalid>"

DESCRIPTION = """\
党建工作台 — 街道党建工作的离线桌面程序 / offline party-affairs desktop program
 党建工作台是供街道党工委工作人员使用的离线桌面程序：党组织与党员花名册、
 三会一课、新业态企业与走访、安全台账和审计日志，数据只保存在本机。
 .
 Dangjian Desktop (党建工作台) is an offline desktop program for the staff of
 a street-level party working committee: organisations and member rosters,
 meetings, new-economy enterprises and visits, safety records and an audit
 log. All data stays on this computer. The program ships its own Python, Qt
 and Chinese fonts under /opt/dangjian-desktop."""

GLIBC_RE = re.compile(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?")
ELF_MAGIC = b"\x7fELF"


class PackageError(Exception):
    pass


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def deb_name(version: str) -> str:
    return f"{PACKAGE}_{version}_amd64.deb"


def desktop_entry() -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # the newest spec version that every validator knows; no 1.5 key is used
        "Name=党建工作台",
        "Name[zh_CN]=党建工作台",
        "GenericName=党建工作管理",
        "GenericName[zh_CN]=党建工作管理",
        "Comment=街道党建工作的离线桌面程序：党组织与党员花名册、三会一课、新业态企业与走访",
        "Comment[zh_CN]=街道党建工作的离线桌面程序：党组织与党员花名册、三会一课、新业态企业与走访",
        f"Exec={PACKAGE}",
        f"TryExec={PACKAGE}",
        f"Icon={PACKAGE}",
        "Terminal=false",
        "Categories=Office;",
        "Keywords=党建;党员;花名册;三会一课;党组织;",
        f"StartupWMClass={PACKAGE}",
        "StartupNotify=true",
        "",
    ])


def control_file(version: str, installed_kib: int, glibc: str | None) -> str:
    depends = ([f"libc6 (>= {glibc})"] if glibc else []) + list(DEPENDS)
    return "\n".join([
        f"Package: {PACKAGE}",
        f"Version: {version}",
        "Architecture: amd64",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {installed_kib}",
        f"Depends: {', '.join(depends)}",
        "Section: misc",
        "Priority: optional",
        f"Description: {DESCRIPTION}",
        "",
    ])


def icon_sizes() -> list[int]:
    sizes = sorted(int(m.group(1)) for p in ICONS.glob("app-*.png") if (m := re.fullmatch(r"app-(\d+)\.png", p.name)))
    if not sizes:
        raise PackageError(f"no app-<size>.png icons in {ICONS}")
    return sizes


def _is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def glibc_requirement(bundle: Path) -> tuple[str | None, str | None]:
    """(newest GLIBC_x.y version needed by any ELF file of the bundle, the file that needs it), via objdump -T."""
    if shutil.which("objdump") is None:
        raise PackageError("objdump is missing: apt-get install binutils")
    best: tuple[int, ...] = ()
    where = None
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        done = subprocess.run(["objdump", "-T", str(path)], capture_output=True)
        for match in GLIBC_RE.finditer(done.stdout):
            version = tuple(int(part) for part in match.groups() if part is not None)
            if version > best:
                best, where = version, str(path.relative_to(bundle))
    return (".".join(map(str, best)) if best else None), where


def installed_size_kib(tree: Path) -> int:
    """Installed-Size as dpkg-gencontrol counts it: KiB per file rounded up, symlinks and directories as 1."""
    total = 0
    for path in tree.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += -(-path.stat().st_size // 1024)
    return total


def _normalise_modes(tree: Path) -> None:
    """Directories and programs 755, everything else 644 — shared libraries too: they are mapped, never executed."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif path.stat().st_mode & stat.S_IXUSR and not _is_shared_library(path):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def _is_shared_library(path: Path) -> bool:
    return ".so" in path.suffixes or path.name.endswith(".so")


def write_docs(staging: Path, version: str) -> None:
    """/usr/share/doc/<package>/{copyright,changelog.gz} and the manual page, as Debian policy has them."""
    doc = staging / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(deb_docs.copyright_text(INSTALL_DIR), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(deb_docs.gzipped(deb_docs.changelog_entry(PACKAGE, version, MAINTAINER)))
    man1 = staging / "usr" / "share" / "man" / "man1"
    man1.mkdir(parents=True)
    (man1 / f"{PACKAGE}.1.gz").write_bytes(deb_docs.gzipped(deb_docs.manual_page(version)))


def stage(bundle: Path, staging: Path, version: str, glibc: str | None) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = staging / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    os.symlink(f"{INSTALL_DIR}/{PACKAGE}", usr_bin / PACKAGE)
    applications = staging / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{PACKAGE}.desktop").write_text(desktop_entry(), encoding="utf-8")
    for size in icon_sizes():
        target = staging / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{PACKAGE}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / f"app-{size}.png", target)
    write_docs(staging, version)
    _normalise_modes(staging)
    debian = staging / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_file(version, installed_size_kib(staging) - 1, glibc), encoding="utf-8")
    debian.chmod(0o755)
    (debian / "control").chmod(0o644)


def build_deb(bundle: Path, out: Path, staging: Path) -> tuple[Path, str | None, str | None]:
    executable = bundle / PACKAGE
    if not executable.is_file():
        raise PackageError(f"{executable} is missing: run `python3 installer/build_bundle.py` first")
    if shutil.which("dpkg-deb") is None:
        raise PackageError("dpkg-deb is missing: apt-get install dpkg")
    version = project_version()
    glibc, needed_by = glibc_requirement(bundle)
    stage(bundle, staging, version, glibc)
    out.mkdir(parents=True, exist_ok=True)
    target = out / deb_name(version)
    done = subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(staging), str(target)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise PackageError(f"dpkg-deb failed (exit {done.returncode}): {done.stderr.strip()}")
    return target, glibc, needed_by


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build dist/dangjian-desktop_<version>_amd64.deb from the bundle.")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE, help="the PyInstaller bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes")
    parser.add_argument("--staging", type=Path, default=ROOT / "build" / "deb" / "root", help="scratch folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        target, glibc, needed_by = build_deb(args.bundle.resolve(), args.out.resolve(), args.staging.resolve())
    except (PackageError, OSError) as exc:
        print(f"build_deb: FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"oldest glibc the bundle runs on: {glibc} (needed by _internal/…/{Path(needed_by or '').name})")
    print(f"{target} — {target.stat().st_size / 2**20:.1f} MiB, built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
