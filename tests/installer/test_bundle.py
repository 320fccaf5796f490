"""The PyInstaller bundle proves it works: its own --self-check, run from the built folder."""

import os
import subprocess

import pytest

STEPS = ("打开临时数据文件并升级数据结构", "写入党组织和党员", "在后台构建主窗口", "用内置字体生成含中文的 PDF")


def run(bundle, *args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DANGJIAN_DB", "DANGJIAN_RESOURCES", "PYTHONPATH")}
    return subprocess.run([str(bundle / "dangjian-desktop"), *args], env={**clean, "QT_QPA_PLATFORM": "offscreen", **env},
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)


@pytest.mark.slow
def test_bundle_self_check_passes_and_names_each_step(bundle):
    done = run(bundle, "--self-check")
    assert done.returncode == 0, done.stdout + done.stderr
    for step in STEPS:
        assert step in done.stdout
    assert "自检通过" in done.stdout
    assert "字体已嵌入" in done.stdout


@pytest.mark.slow
def test_bundle_carries_migrations_translation_fonts_and_no_gtk(bundle):
    internal = bundle / "_internal"
    migrations = internal / "dangjian_desktop" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("*.py"))
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    assert (internal / "resources" / "fonts" / "HanaMinB.ttf").is_file()
    assert (internal / "resources" / "icons" / "app-256.png").is_file()
    names = {p.name for p in internal.rglob("*")}
    assert "libqgtk3.so" not in names
    assert not any(n.startswith(("libgtk-3", "libpango", "libcairo")) for n in names)


@pytest.mark.slow
def test_bundle_cli_prints_to_the_terminal_and_knows_its_version(bundle, tmp_path):
    from tests.installer.conftest import load_installer_script

    version = load_installer_script("build_deb").project_version()
    done = run(bundle, "--version")
    assert done.returncode == 0 and version in done.stdout + done.stderr
    data = tmp_path / "demo.db"
    done = run(bundle, "--db", str(data), "demo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已载入演示数据" in done.stdout
    done = run(bundle, "--db", str(data), "report", "roster", "-o", str(tmp_path / "roster.pdf"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "roster.pdf").read_bytes().startswith(b"%PDF")
    done = run(bundle, "--db", str(data), "export-members", "-o", str(tmp_path / "members.xlsx"))
    assert done.returncode == 0 and (tmp_path / "members.xlsx").stat().st_size > 0, done.stdout + done.stderr
    done = run(bundle, "--db", str(tmp_path / "other.db"), "import-members", str(tmp_path / "members.xlsx"))
    assert "共读取 790 行" in done.stdout or "共读取" in done.stdout, done.stdout + done.stderr
