"""The command line takes the one-program lock before opening the data file and warns about risky places."""

import argparse
import errno
import re

import pytest

from dangjian_desktop.cli import run_command
from dangjian_desktop.cli_safety import add_safety_commands
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.instance_lock import AlreadyOpen, acquire_instance_lock, lock_path

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _parser(extra=None):
    parser = argparse.ArgumentParser(prog="dangjian-desktop")
    parser.add_argument("--db")
    commands = parser.add_subparsers(dest="command")
    add_safety_commands(commands)
    if extra is not None:
        commands.add_parser("probe").set_defaults(run=extra)
    return parser


@pytest.fixture
def cli(capsys):
    def run(db_path, *words, extra=None):
        code = run_command(_parser(extra).parse_args(["--db", str(db_path), *map(str, words)]))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


def _make(path):
    open_database(path).close()
    return path


def test_a_data_file_open_in_another_program_is_refused_with_exit_2(cli, tmp_path):
    path = _make(tmp_path / "dangjian.db")
    with acquire_instance_lock(path):       # the GUI has it open
        code, out, err = cli(path, "check")
    assert code == 2 and out == ""
    assert err.startswith(f"错误：数据文件 {path} 已经在另一个党建工作台中打开（电脑“")
    code, out, err = cli(path, "check")
    assert code == 0 and "检查完毕" in out and err == ""
    assert not lock_path(path).exists()


def test_the_lock_is_held_while_the_command_runs_and_released_after_a_failure(cli, tmp_path):
    path = _make(tmp_path / "dangjian.db")
    seen = []

    def probe(db, _args):
        with pytest.raises(AlreadyOpen):
            acquire_instance_lock(db.path)
        seen.append("held")
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "导出.xlsx"))

    code, _out, err = cli(path, "probe", extra=probe)
    assert seen == ["held"] and code == 2
    assert err == f"错误：文件 {tmp_path / '导出.xlsx'} 所在的磁盘空间已满。请删除不需要的文件、清空回收站，腾出空间后再试。\n"
    acquire_instance_lock(path).release()   # free again


def test_a_storage_failure_while_reading_is_reported_in_chinese(cli, tmp_path):
    path = _make(tmp_path / "dangjian.db")

    def probe(db, _args):
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA query_only=ON")
            connection.exec_driver_sql("CREATE TABLE t (x)")
        return 0

    code, _out, err = cli(path, "probe", extra=probe)
    assert code == 2 and err.startswith(f"错误：数据文件 {path} 或它所在的文件夹是只读的") and CHINESE.search(err)


def test_a_programming_error_is_not_disguised(tmp_path):
    path = _make(tmp_path / "dangjian.db")

    def probe(db, _args):
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        run_command(_parser(probe).parse_args(["--db", str(path), "probe"]))
    assert not lock_path(path).exists()


def test_a_data_file_in_a_cloud_sync_folder_draws_a_warning_not_a_refusal(cli, tmp_path):
    path = _make(tmp_path / "OneDrive - 幸福街道" / "dangjian.db")
    code, out, err = cli(path, "check")
    assert code == 0 and "检查完毕" in out
    assert err.startswith(f"注意：数据文件 {path.resolve()} 位于 OneDrive 的同步文件夹。")
    assert "建议把数据文件放在这台电脑的本地硬盘上" in err
