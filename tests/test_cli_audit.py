"""`audit --verify / --export / --list` through cli.run_command as the real program runs it, and the commands that
write files, run as real processes, logged under the operating-system user's name."""

import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from dangjian_desktop.cli import build_parser, run_command
from dangjian_desktop.domain.access import os_user_name
from dangjian_desktop.services import audit
from dangjian_desktop.services.audit import AuditAction, list_entries
from dangjian_desktop.services.members import save_member

SRC = Path(__file__).resolve().parents[1] / "src"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def cli(db, capsys):
    """Run a sub-command on the `db` fixture's file; returns (exit code, stdout, stderr)."""
    def run(*words):
        code = run_command(build_parser().parse_args(["--db", str(db.path), *map(str, words)]))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


@pytest.fixture
def logged(db, street, make_member):
    for sequence in (1, 2):
        save_member(db, make_member(street.branch1, sequence, name=f"党员{sequence}"))
    audit.log(db, AuditAction.EXPORT, "花名册：幸福里社区第一党支部", {"文件": "花名册.xlsx", "党员人数": 2})
    audit.log(db, AuditAction.LOGIN_FAILED, "账号 zhao", {"原因": "密码错误"}, audit.FAILED, user="赵读")
    return len(list_entries(db))


def test_verify_says_an_intact_log_is_intact_with_exit_0(cli, logged):
    code, out, _err = cli("audit", "--verify")
    assert code == 0
    assert f"审计日志共 {logged} 条，校验完好" in out


def test_verify_names_the_first_broken_entry_with_exit_1(cli, db, logged):
    with closing(sqlite3.connect(db.path)) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_entry SET user_name = '别人' WHERE id = 2")
        at = connection.execute("SELECT at FROM audit_entry WHERE id = 2").fetchone()[0]
        connection.commit()
    code, out, _err = cli("audit", "--verify")
    assert code == 1
    assert f"审计日志第 2 条（{at}）内容与校验值不符" in out and "之前的 1 条完好" in out
    assert "安全管理员" in out


def test_export_writes_the_log_as_excel(cli, logged, tmp_path):
    target = tmp_path / "审计日志.xlsx"
    code, out, _err = cli("audit", "--export", target, "--from", date.today() - timedelta(days=1))
    assert code == 0 and out.strip() == f"已导出 {logged} 条审计日志到 {target}。"
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == logged + 2 and rows[2][7] == "原因：密码错误" and rows[2][8] == "失败"


def test_list_prints_plain_lines_newest_first(cli, logged):
    code, out, _err = cli("audit", "--list", "--limit", 2)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3 and lines[-1] == "共 2 条。"
    assert lines[0].startswith(f"第 {logged} 条  ") and "赵读（" in lines[0]
    assert lines[0].endswith("登录失败  账号 zhao  原因：密码错误  失败")
    code, out, _err = cli("audit", "--list", "--user", "赵读")
    assert out.strip().splitlines()[-1] == "共 1 条。"
    code, out, _err = cli("audit", "--list", "--to", date.today() - timedelta(days=1))
    assert out.strip() == "共 0 条。"


@pytest.mark.parametrize("words", [("audit", "--export", "x.xlsx", "--limit", "3"),
                                   ("audit", "--verify", "--from", "2025-01-01"),
                                   ("audit", "--list", "--from", "2025-13-01"),
                                   ("audit", "--list", "--from", "2025-03-02", "--to", "2025-03-01")])
def test_wrong_options_stop_with_a_chinese_message_and_exit_2(cli, logged, words):
    code, out, err = cli(*words)
    assert code == 2 and out == "" and CHINESE.search(err)


def test_a_missing_choice_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["--db", str(db.path), "audit"])
    assert stopped.value.code == 2 and "--verify" in capsys.readouterr().err


def run_cli(db_path, *args, user):
    """A real process run by the operating-system user `user`."""
    env = {k: v for k, v in os.environ.items() if k not in ("DANGJIAN_DB", "LOGNAME", "USER", "LNAME", "USERNAME")}
    env.update(PYTHONPATH=os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])]),
               PYTHONIOENCODING="utf-8", LOGNAME=user)
    return subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db_path), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def test_commands_that_write_files_are_logged_under_the_os_user(db, logged, roster, tmp_path):
    write, person = roster
    steps = [(("export-members", "-o", tmp_path / "花名册.xlsx", "--masked"), "导出", "花名册.xlsx"),
             (("report", "roster", "-o", tmp_path / "花名册.pdf", "--full-ids"), "打印", "花名册.pdf"),
             (("import-members", write(tmp_path / "新党员.xlsx", [person(7, "钱七")])), "导入", "新党员.xlsx")]
    for words, action, file_name in steps:
        result = run_cli(db.path, *words, user="zhangsan")
        assert result.returncode == 0, result.stderr
        entry = next(e for e in list_entries(db, limit=5) if e.action == action)
        assert (entry.user, entry.role, entry.result) == ("zhangsan", "命令行", "成功")
        assert f'"文件":"{file_name}"' in entry.details
    printed = next(e for e in list_entries(db) if e.action == "打印")
    assert '"完整号码":"是"' in printed.details
    assert os_user_name() == audit.current_actor(db).user   # this process: the tests' own OS user
