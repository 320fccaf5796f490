"""`--self-check`: the whole chain an installed copy needs (migrations, writes with the audit triggers, the main
window offscreen, a Chinese PDF with embedded fonts), step by step; a failing step is named and exits 1."""

import os
import subprocess
import sys

from dangjian_desktop.services import rosters
from dangjian_desktop.ui.self_check import run_self_check


def test_the_self_check_passes_as_a_separate_program_and_times_each_step(tmp_path):
    env = dict(os.environ, DANGJIAN_DB=str(tmp_path / "用户数据.db"))
    env.pop("QT_QPA_PLATFORM", None)   # it must not need a screen, nor to be told there is none
    result = subprocess.run([sys.executable, "-m", "dangjian_desktop", "--self-check"], capture_output=True,
                            text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("：")[0] for line in lines[1:5]] == [
        "[1/4] 打开临时数据文件并升级数据结构", "[2/4] 写入党组织和党员（含审计日志）", "[3/4] 在后台构建主窗口",
        "[4/4] 用内置字体生成含中文的 PDF"]
    assert all("通过" in line and " ms" in line for line in lines[1:5])
    assert lines[5].startswith("自检通过")
    assert not (tmp_path / "用户数据.db").exists()   # the user's data file is never opened


def test_a_failing_step_is_named_and_exits_1(qapp, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(rosters, "write_roster_pdf", broken)
    assert run_self_check() == 1
    out = capsys.readouterr().out
    assert "[3/4] 在后台构建主窗口：通过" in out
    assert "自检失败：第 4 步“用内置字体生成含中文的 PDF”出错：OSError: 磁盘已满" in out
