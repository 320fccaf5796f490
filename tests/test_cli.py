"""The command line as administrators use it: real processes, a real data file, Chinese messages, exit codes."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from dangjian_desktop.domain.masking import mask_id_number
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.members import Stats, list_members, save_member
from dangjian_desktop.services.organizations import list_organizations

SRC = Path(__file__).resolve().parents[1] / "src"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def run_cli(db_path, *args, timeout=300):
    env = {k: v for k, v in os.environ.items() if k != "DANGJIAN_DB"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db_path), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=timeout,
                          cwd=db_path.parent)


def assert_clean_failure(result, code=2):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert CHINESE.search(result.stderr), result.stderr


@pytest.fixture
def db_path(db):
    """The CLI works on the `db` fixture's file; the test's idle pooled connections hold no locks."""
    return db.path


@pytest.fixture
def with_street(street):
    return street


def stored_members(path):
    database = open_database(path)
    try:
        return {m.name: m for m in list_members(database)}
    finally:
        database.close()


def stats_json(db_path):
    result = run_cli(db_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_stats_json_on_an_empty_database(db_path):
    numbers = stats_json(db_path)
    assert set(numbers) == set(Stats.__dataclass_fields__)
    assert all(type(v) is int and v == 0 for v in numbers.values())


def test_stats_in_words(db_path, with_street):
    result = run_cli(db_path, "stats")
    assert result.returncode == 0
    assert "党组织：6" in result.stdout and "党支部：3" in result.stdout and "党员：0" in result.stdout


@pytest.fixture
def messy(tmp_path, make_id, roster):
    write_roster, row = roster
    bad = make_id(date(1980, 5, 17), 3)
    bad = bad[:17] + ("0" if bad[17] != "0" else "1")
    return write_roster(tmp_path / "花名册.xlsx", [
        row(1, "张三", group="第一党小组"),                         # 4 ok
        row(2, "李四", phone="+86 138-1234-5678"),                  # 5 fixed
        row(3, "王五", number=bad),                                 # 6 rejected
        [],                                                         # 7 blank
        row(8, "赵六", joined="1995-07-01", confirmed="1996-07-01"),  # 8 rejected: before 18
        row(9, "孙七", group="第九党小组"),                          # 9 warning
    ])


def test_import_with_rejected_rows_names_them_and_writes_nothing(db_path, with_street, messy):
    result = run_cli(db_path, "import-members", messy)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert re.search(r"^错误 第6行 公民身份号码：身份证号第18位校验码应为 \w", out, re.M), out
    assert re.search(r"^错误 第8行 入党时间：.*18周岁", out, re.M), out
    assert re.search(r"^提示 第5行 联系电话：联系电话已整理为 13812345678$", out, re.M), out
    assert re.search(r"^提示 第9行 党小组：.*第九党小组", out, re.M), out
    assert not re.search(r"第(4|7|1\d)行", out)  # no lines for good rows, the blank row or past the footer
    assert "未写入任何数据" in out
    assert stored_members(db_path) == {}


def test_import_skip_invalid_writes_the_good_rows(db_path, with_street, messy):
    result = run_cli(db_path, "import-members", messy, "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert "已导入 3 人" in result.stdout
    members = stored_members(db_path)
    assert set(members) == {"张三", "李四", "孙七"}
    assert members["张三"].group_name == "第一党小组" and members["李四"].phone == "13812345678"


def test_dry_run_writes_nothing(db_path, with_street, messy):
    result = run_cli(db_path, "import-members", messy, "--skip-invalid", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "未写入任何数据" in result.stdout
    assert stored_members(db_path) == {}


@pytest.fixture
def new_branches(tmp_path, roster):
    write_roster, row = roster
    return write_roster(tmp_path / "新支部.xlsx", [row(1, "甲", "新成立党支部"), row(2, "乙", "新成立党支部"),
                                                     row(3, "丙", "幸福里社区第二党支部")])


def test_unknown_branches_are_rejected_without_create_branches(db_path, with_street, new_branches):
    result = run_cli(db_path, "import-members", new_branches)
    assert result.returncode == 1
    assert re.search(r"^错误 第4行 所在党支部：.*新成立党支部", result.stdout, re.M), result.stdout
    assert stored_members(db_path) == {}


def test_create_branches(db_path, with_street, new_branches):
    result = run_cli(db_path, "import-members", new_branches, "--create-branches")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已创建党支部：新成立党支部" in result.stdout
    assert not re.search(r"^错误", result.stdout, re.M)
    database = open_database(db_path)
    try:
        nodes = {n.name: n for n in list_organizations(database)}
        assert nodes["新成立党支部"].parent_id == nodes["测试街道党工委"].id
        assert {m.name for m in list_members(database, nodes["新成立党支部"].id)} == {"甲", "乙"}
    finally:
        database.close()


def test_branch_option_puts_every_row_there(db_path, with_street, new_branches):
    result = run_cli(db_path, "import-members", new_branches, "--branch", "退休党员党支部")
    assert result.returncode == 0, result.stdout + result.stderr
    assert {m.branch_name for m in stored_members(db_path).values()} == {"退休党员党支部"}
    assert len(stored_members(db_path)) == 3


def test_unknown_branch_option_is_refused(db_path, with_street, new_branches):
    result = run_cli(db_path, "import-members", new_branches, "--branch", "没有这个支部")
    assert_clean_failure(result)
    assert "没有这个支部" in result.stderr
    assert stored_members(db_path) == {}


def test_existing_members_are_skipped_or_updated(db_path, with_street, tmp_path, roster):
    write_roster, row = roster
    first = write_roster(tmp_path / "a.xlsx", [row(1, "张三")])
    second = write_roster(tmp_path / "b.xlsx", [row(1, "张叁", "幸福里社区第二党支部")])
    assert run_cli(db_path, "import-members", first).returncode == 0
    skipped = run_cli(db_path, "import-members", second)
    assert skipped.returncode == 0 and "跳过 1 行" in skipped.stdout
    assert set(stored_members(db_path)) == {"张三"}
    updated = run_cli(db_path, "import-members", second, "--update-existing")
    assert updated.returncode == 0 and "更新 1 人" in updated.stdout
    assert stored_members(db_path)["张叁"].branch_name == "幸福里社区第二党支部"


@pytest.mark.parametrize("kind", ["missing", "text-as-xlsx", "empty-csv", "no-header"])
def test_unusable_file_exits_2_with_a_chinese_message(db_path, with_street, tmp_path, kind, roster):
    path = {"missing": tmp_path / "不存在.xlsx", "text-as-xlsx": tmp_path / "假的.xlsx",
            "empty-csv": tmp_path / "空.csv", "no-header": tmp_path / "无表头.xlsx"}[kind]
    if kind == "text-as-xlsx":
        path.write_text("这不是表格\n", encoding="utf-8")
    elif kind == "empty-csv":
        path.write_bytes(b"")
    elif kind == "no-header":
        roster[0](path, [["1", "2"]], header=["甲", "乙"])
    result = run_cli(db_path, "import-members", path)
    assert_clean_failure(result)
    assert path.name in result.stderr
    assert stored_members(db_path) == {}


def test_a_data_file_that_is_not_sqlite_exits_2(tmp_path):
    path = tmp_path / "花名册.db"
    path.write_text("姓名,身份证号\n", encoding="utf-8")
    result = run_cli(path, "stats")
    assert_clean_failure(result)
    assert "不是" in result.stderr
    assert path.read_text(encoding="utf-8") == "姓名,身份证号\n"


def test_a_folder_or_a_newer_data_file_exits_2(tmp_path):
    assert_clean_failure(run_cli(tmp_path, "stats"))
    newer = tmp_path / "newer.db"
    open_database(newer).close()
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'future'")
        connection.commit()
    result = run_cli(newer, "stats")
    assert_clean_failure(result)
    assert "更新版本" in result.stderr


def test_bad_arguments_exit_2_in_chinese(db_path):
    result = run_cli(db_path, "import-members")
    assert_clean_failure(result)
    assert "--help" in result.stderr


@pytest.fixture
def with_members(db, street, make_member):
    return [save_member(db, make_member(street.branch1, 13, name="张三")),
            save_member(db, make_member(street.retired, 2, name="李四", phone="0531-88886666"))]


def xlsx_cells(path):
    return [c for sheet in openpyxl.load_workbook(path) for row in sheet.iter_rows() for c in row
            if c.value is not None]


def test_export_members_masked(db_path, with_members, tmp_path):
    target = tmp_path / "导出.xlsx"
    result = run_cli(db_path, "export-members", "-o", target, "--masked")
    assert result.returncode == 0, result.stderr
    assert "已导出 2 名党员" in result.stdout
    values = [c.value for c in xlsx_cells(target)]
    for member in with_members:
        masked = mask_id_number(member.id_number)
        assert masked in values
        assert member.id_number not in " ".join(map(str, values))
    assert "138****5678" in values


def test_export_members_full_ids_are_text(db_path, with_members, tmp_path):
    target = tmp_path / "导出.xlsx"
    assert run_cli(db_path, "export-members", "-o", target).returncode == 0
    cells = {c.value: c for c in xlsx_cells(target)}
    for member in with_members:
        assert cells[member.id_number].data_type == "s"


def test_export_members_of_one_branch(db_path, with_members, tmp_path):
    target = tmp_path / "导出.xlsx"
    result = run_cli(db_path, "export-members", "-o", target, "--branch", "退休党员党支部")
    assert result.returncode == 0 and "已导出 1 名党员" in result.stdout
    names = {c.value for c in xlsx_cells(target)}
    assert "李四" in names and "张三" not in names


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_report_roster_masks_ids_by_default(db_path, with_members, tmp_path):
    target = tmp_path / "花名册.pdf"
    result = run_cli(db_path, "report", "roster", "-o", target)
    assert result.returncode == 0, result.stderr
    assert "共 1 页" in result.stdout
    text = pdf_text(target)
    for member in with_members:
        assert mask_id_number(member.id_number) in text and member.id_number not in text


def test_report_roster_full_ids(db_path, with_members, tmp_path):
    target = tmp_path / "花名册.pdf"
    assert run_cli(db_path, "report", "roster", "-o", target, "--full-ids").returncode == 0
    text = pdf_text(target)
    for member in with_members:
        assert member.id_number in text


def test_report_into_a_missing_folder_fails_cleanly(db_path, with_members, tmp_path):
    result = run_cli(db_path, "report", "roster", "-o", tmp_path / "没有的文件夹" / "x.pdf")
    assert_clean_failure(result)


def test_demo_then_stats(db_path):
    pytest.importorskip("dangjian_desktop.services.demo")
    result = run_cli(db_path, "demo")
    assert result.returncode == 0, result.stderr
    numbers = stats_json(db_path)
    assert 700 <= numbers["members"] <= 900
    assert 20 <= numbers["organizations"] <= 40
    again = run_cli(db_path, "demo")
    assert_clean_failure(again)  # only into an empty data file
    assert stats_json(db_path) == numbers


def test_sub_commands_do_not_import_qt(db_path, with_members, tmp_path, messy):
    script = textwrap.dedent(f"""
        import sys
        from dangjian_desktop.__main__ import main
        db = {str(db_path)!r}
        codes = [
            main(["--db", db, "stats", "--json"]),
            main(["--db", db, "import-members", {str(messy)!r}, "--skip-invalid", "--dry-run"]),
            main(["--db", db, "export-members", "-o", {str(tmp_path / "x.xlsx")!r}, "--masked"]),
            main(["--db", db, "report", "roster", "-o", {str(tmp_path / "x.pdf")!r}]),
        ]
        print("codes", codes)
        print("qt", sorted(m for m in sys.modules if m.startswith("PySide6")))
    """)
    env = {k: v for k, v in os.environ.items() if k != "DANGJIAN_DB"}
    env["PYTHONPATH"] = str(SRC)
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "codes [0, 0, 0, 0]" in result.stdout
    assert "qt []" in result.stdout
