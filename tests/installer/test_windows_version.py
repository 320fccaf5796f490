"""The Windows version resource (installer/windows_version.py), checked on Linux with PyInstaller's own code.

PyInstaller's versioninfo module imports win32api and pefile at the top but needs neither to read a version file
and build the binary resource, so stand-ins for those two let the real reader and writer run here.
"""

import importlib
import sys
import types
from pathlib import Path

import pytest

from dangjian_desktop import APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import windows_version  # noqa: E402


@pytest.fixture(scope="module")
def versioninfo():
    compat = importlib.import_module("PyInstaller.compat")
    with pytest.MonkeyPatch.context() as patch:
        if not hasattr(compat, "win32api"):
            patch.setattr(compat, "win32api", types.SimpleNamespace(), raising=False)
        if importlib.util.find_spec("pefile") is None:
            patch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        patch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
        yield importlib.import_module("PyInstaller.utils.win32.versioninfo")
    sys.modules.pop("PyInstaller.utils.win32.versioninfo", None)


def test_version_numbers():
    assert windows_version.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert windows_version.version_numbers("2") == (2, 0, 0, 0)
    assert windows_version.version_numbers("1.2.3.4") == (1, 2, 3, 4)
    for bad in ("0.1.0rc1", "1.2.3.4.5", "", "1..2", "70000.0"):
        with pytest.raises(ValueError):
            windows_version.version_numbers(bad)


def test_pyinstaller_reads_the_file_and_builds_the_resource(versioninfo, tmp_path):
    path = windows_version.write_version_file(tmp_path / "work", __version__, "dangjian-desktop.exe")
    info = versioninfo.load_version_info_from_text_file(str(path))
    major, minor, patch, build = windows_version.version_numbers(__version__)
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == ((major << 16) | minor, (patch << 16) | build)
    assert info.ffi.productVersionMS == info.ffi.fileVersionMS
    raw = info.toRaw()
    assert raw[6:].startswith("VS_VERSION_INFO".encode("utf-16-le"))
    for text in (APP_NAME, "dangjian-desktop.exe", __version__, "080404b0", "Translation"):
        assert text.encode("utf-16-le") in raw, text
    strings = {struct.name: struct.val for table in info.kids[0].kids for struct in table.kids}
    assert strings["ProductName"] == APP_NAME and strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "dangjian-desktop.exe" and strings["InternalName"] == "dangjian-desktop"
    assert info.kids[1].kids[0].kids == [0x0804, 1200]  # Chinese (PRC), Unicode


def test_the_spec_gives_every_windows_program_a_version_resource():
    spec = (ROOT / "installer" / "dangjian-desktop.spec").read_text(encoding="utf-8")
    assert "from windows_version import write_version_file" in spec
    assert 'write_version_file(Path(workpath), VERSION, f"{name}.exe")' in spec and "version=version_file" in spec
