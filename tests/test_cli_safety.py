"""backup / restore / check on the command line, run through cli.run_command as the real program does."""

import argparse
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from conftest import plain_connection
from dangjian_desktop.cli import run_command
from dangjian_desktop.cli_safety import add_safety_commands
from dangjian_desktop.services.backups import backups_next_to
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.members import list_members, save_member

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def cli(db, capsys):
    """Run a safety sub-command on the `db` fixture's file; returns (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="dangjian-desktop")
    parser.add_argument("--db")
    add_safety_commands(parser.add_subparsers(dest="command"))

    def run(*words):
        code = run_command(parser.parse_args(["--db", str(db.path), *map(str, words)]))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


@pytest.fixture
def members(db, street, make_member):
    for sequence in range(3):
        save_member(db, make_member(street.branch1, sequence + 1))
    return street


def _member_count(path):
    database = open_database(path)
    try:
        return len(list_members(database))
    finally:
        database.close()


def test_backup_then_restore_brings_the_data_back(cli, db, members, make_member, tmp_path):
    target = tmp_path / "U盘" / "党建备份.db"
    code, out, _err = cli("backup", "-o", target)
    assert code == 0 and target.is_file()
    assert f"已备份数据到 {target}" in out and "已校验完好" in out

    save_member(db, make_member(members.branch2, 60))
    db.close()
    code, out, _err = cli("restore", target)
    assert code == 0
    safety = backups_next_to(db.path)[0]
    assert safety.reason == "恢复前" and safety.counts["member"] == 4
    assert f"已从 {target} 恢复数据" in out and str(safety.path) in out
    assert _member_count(db.path) == 3


def test_backup_into_a_folder_gets_a_dated_name(cli, members, tmp_path):
    code, out, _err = cli("backup", "-o", tmp_path)
    assert code == 0
    made = list(tmp_path.glob("dangjian-*-导出.db"))
    assert len(made) == 1 and str(made[0]) in out


@pytest.mark.parametrize("kind", ["missing", "damaged", "foreign"])
def test_restore_refuses_missing_damaged_and_foreign_files_with_exit_2(cli, db, members, tmp_path, kind):
    bad = tmp_path / "bad.db"
    if kind == "damaged":
        bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    elif kind == "foreign":
        with closing(sqlite3.connect(bad)) as connection:
            connection.execute("CREATE TABLE accounts(x)")
            connection.commit()
    code, out, err = cli("restore", bad)
    assert code == 2 and out == ""
    assert err.startswith("错误：无法从") and "当前数据没有改动" in err and CHINESE.search(err)
    assert backups_next_to(db.path) == []  # nothing was backed up or changed
    assert _member_count(db.path) == 3


def test_check_healthy_exits_0(cli, members):
    code, out, _err = cli("check")
    assert code == 0 and "结构完好" in out


def test_check_with_a_broken_reference_exits_1_with_a_chinese_report(cli, db, members):
    with closing(plain_connection(db.path)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE member SET branch_id = 777 WHERE id = 1")
        connection.commit()
    code, out, _err = cli("check")
    assert code == 1
    assert "检查发现 1 个问题" in out
    assert "1. 党员（member）中编号为 1 的记录所引用的党组织（organization）记录已不存在。" in out
    assert "restore" in out


def test_a_file_that_no_longer_opens_is_checked_and_restored_from_the_command_line(cli, db, members, tmp_path):
    from dangjian_desktop.services.audit import list_entries

    good = tmp_path / "完好.db"
    assert cli("backup", "-o", good)[0] == 0
    db.close()
    data = bytearray(db.path.read_bytes())
    data[:100] = b"\x00" * 100   # the header is gone: the file no longer opens at all
    db.path.write_bytes(bytes(data))
    for leftover in (f"{db.path}-wal", f"{db.path}-shm"):
        Path(leftover).unlink(missing_ok=True)

    code, out, _err = cli("check")
    assert code == 1 and "检查发现 1 个问题" in out and "不是党建工作台的数据文件" in out

    code, out, _err = cli("restore", good)
    assert code == 0 and "已从" in out
    assert _member_count(db.path) == 3
    restored = open_database(db.path)
    try:
        assert [entry.action for entry in list_entries(restored, limit=1)] == ["恢复"]
    finally:
        restored.close()
