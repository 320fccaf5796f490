"""The .deb: generated control and desktop files (fast), and a real package built from the bundle (slow)."""

import gzip
import re
import shutil
import subprocess
import tomllib

import pytest

from dangjian_desktop.about import about_plain_text
from dangjian_desktop.cli import build_parser
from tests.installer.conftest import ROOT, load_installer_script

build_deb = load_installer_script("build_deb")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def parse_desktop(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_desktop_entry_has_the_chinese_name_icon_and_wm_class():
    entry = parse_desktop(build_deb.desktop_entry())
    assert entry["Name"] == entry["Name[zh_CN]"] == "党建工作台"
    assert entry["Exec"] == "dangjian-desktop" and entry["Icon"] == "dangjian-desktop"
    assert entry["Categories"] == "Office;" and entry["Type"] == "Application"
    assert entry["StartupWMClass"] == "dangjian-desktop"  # app.setDesktopFileName in ui/app.py
    assert re.search(r"[\u4e00-\u9fff]", entry["Comment"]) and re.search(r"[\u4e00-\u9fff]", entry["GenericName"])


def test_control_file_fields():
    control = build_deb.control_file(VERSION, 12345, "2.28")
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", control, re.M))
    assert fields["Package"] == "dangjian-desktop" and fields["Version"] == VERSION
    assert fields["Architecture"] == "amd64" and fields["Installed-Size"] == "12345"
    assert fields["Depends"] == "libc6 (>= 2.28), libgl1, libegl1"
    assert {"Maintainer", "Section", "Priority", "Description"} <= fields.keys()
    extended = control.split("Description: ", 1)[1].splitlines()[1:]
    assert extended and all(line.startswith(" ") for line in extended)  # continuation lines of a Debian field
    assert re.search(r"[\u4e00-\u9fff]", control) and "offline desktop program" in control
    assert build_deb.deb_name(VERSION) == f"dangjian-desktop_{VERSION}_amd64.deb"


def test_docs_copyright_changelog_and_manual_page(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
    build_deb.write_docs(tmp_path, VERSION)
    doc = tmp_path / "usr/share/doc/dangjian-desktop"
    copyright_text = (doc / "copyright").read_text(encoding="utf-8")
    for line in about_plain_text().splitlines():  # every font and library of the About box, with its licence
        assert line in copyright_text
    assert "/opt/dangjian-desktop/_internal/resources/fonts/" in copyright_text
    assert "Copyright © 2026 " in copyright_text  # the year of SOURCE_DATE_EPOCH
    changelog = gzip.decompress((doc / "changelog.gz").read_bytes()).decode("utf-8")
    assert re.fullmatch(rf"dangjian-desktop \({re.escape(VERSION)}\) stable; urgency=medium\n\n  \* .+\n\n"
                        r" -- .+ <.+@.+>  \w{3}, 18 Nov 2026 \d\d:\d\d:\d\d [+-]\d{4}\n", changelog), changelog
    manual = gzip.decompress((tmp_path / "usr/share/man/man1/dangjian-desktop.1.gz").read_bytes()).decode("utf-8")
    assert manual.startswith(f'.TH DANGJIAN-DESKTOP 1 "2026-11-18" "党建工作台 {VERSION}"')
    (commands,) = [action for action in build_parser()._actions if action.dest == "command"]
    for name in commands.choices:  # a sub-command added to the CLI appears in the manual without more work
        roff_name = name.replace("-", "\\-")
        assert f"\\fB{roff_name}\\fR" in manual, name
    assert "\\fB\\-\\-self\\-check\\fR" in manual
    if shutil.which("groff"):  # installed by .ci/run: roff that renders without a warning
        # -k: UTF-8 through preconv, as man does; -Wbreak: groff cannot break Chinese lines (no spaces), man lets
        # them run on
        done = subprocess.run(["groff", "-k", "-Kutf-8", "-man", "-Tutf8", "-ww", "-Wbreak", "-z"], input=manual,
                              capture_output=True, text=True)
        assert done.returncode == 0 and not done.stderr, done.stderr


def test_icon_sizes_come_from_resources():
    assert build_deb.icon_sizes() == [16, 24, 32, 48, 64, 128, 256]


@pytest.fixture(scope="module")
def deb(bundle, tmp_path_factory):
    out = tmp_path_factory.mktemp("deb")
    target, glibc, _needed_by = build_deb.build_deb(bundle, out, out / "staging")
    return target, glibc


@pytest.mark.slow
def test_deb_contents_and_fields(deb):
    target, glibc = deb
    assert target.name == f"dangjian-desktop_{VERSION}_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(target)], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines()}
    assert "/opt/dangjian-desktop/dangjian-desktop" in paths
    assert "/opt/dangjian-desktop/_internal/resources/fonts/HanaMinA.ttf" in paths
    assert "/usr/bin/dangjian-desktop" in paths
    assert "/usr/bin/dangjian-desktop -> /opt/dangjian-desktop/dangjian-desktop" in listing
    assert "/usr/share/applications/dangjian-desktop.desktop" in paths
    for doc in ("/usr/share/doc/dangjian-desktop/copyright", "/usr/share/doc/dangjian-desktop/changelog.gz",
                "/usr/share/man/man1/dangjian-desktop.1.gz"):
        assert doc in paths
    modes = {line.split()[5].removeprefix("."): line.split()[0] for line in listing.splitlines()}
    assert modes["/opt/dangjian-desktop/dangjian-desktop"] == "-rwxr-xr-x"
    libraries = [path for path in paths if re.search(r"\.so(\.|$)", path) and modes[path].startswith("-")]
    assert libraries and all(modes[path] == "-rw-r--r--" for path in libraries)  # mapped, never executed
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/dangjian-desktop.png" in paths
    assert all(line.split()[1] == "root/root" for line in listing.splitlines())

    def field(name):
        return subprocess.run(["dpkg-deb", "-f", str(target), name], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert field("Version") == VERSION and field("Architecture") == "amd64"
    assert field("Depends") == f"libc6 (>= {glibc}), libgl1, libegl1"
    assert re.fullmatch(r"2\.\d+", glibc)
    assert int(field("Installed-Size")) > 100_000  # KiB: Qt, Python and the fonts


@pytest.mark.slow
def test_deb_desktop_file_and_unpacked_program(deb, tmp_path):
    target, _glibc = deb
    subprocess.run(["dpkg-deb", "-x", str(target), str(tmp_path)], check=True)
    entry = parse_desktop((tmp_path / "usr/share/applications/dangjian-desktop.desktop").read_text(encoding="utf-8"))
    assert entry["Name"] == "党建工作台" and entry["Exec"] == "dangjian-desktop" and entry["Categories"] == "Office;"
    if shutil.which("desktop-file-validate"):  # installed by .ci/run
        desktop = tmp_path / "usr/share/applications/dangjian-desktop.desktop"
        done = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    program = tmp_path / "opt/dangjian-desktop/dangjian-desktop"
    done = subprocess.run([str(program), "--self-check"], env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    assert done.returncode == 0 and "自检通过" in done.stdout, done.stdout + done.stderr
