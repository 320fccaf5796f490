"""The quick check and the full check: a healthy file, a file with bytes overwritten, a broken reference."""

from contextlib import closing

from conftest import plain_connection
from dangjian_desktop.services.backups import BackupReason, make_backup
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.integrity import full_check, quick_check
from dangjian_desktop.services.members import save_member


def _fill(db, street, make_member, count=40):
    for sequence in range(count):
        save_member(db, make_member(street.branch1, sequence + 1, note="备注" * 200))


def test_a_healthy_file_passes_both_checks(db, street, make_member):
    _fill(db, street, make_member, 3)
    assert quick_check(db.path) == []
    assert full_check(db).ok and full_check(db).problems == []


def test_a_file_with_bytes_overwritten_in_the_middle_is_reported_in_chinese(db, street, make_member):
    _fill(db, street, make_member, 150)  # enough rows that the middle of the file is data, not the schema
    copy = make_backup(db, BackupReason.MANUAL).path
    data = bytearray(copy.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2048] = bytes(range(256)) * 8
    copy.write_bytes(bytes(data))

    problems = quick_check(copy)
    assert problems and all(problem.startswith("数据文件") for problem in problems)
    damaged = open_database(copy)  # the header and schema are intact: it opens, the full check finds the damage
    try:
        report = full_check(damaged)
    finally:
        damaged.close()
    assert not report.ok and report.problems[0].startswith("数据文件")


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert "损坏" in quick_check(junk)[0]
    assert quick_check(tmp_path / "none.db") == [f"找不到文件 {tmp_path / 'none.db'}。"]


def test_a_broken_reference_names_the_table_and_row(db, street, make_member):
    _fill(db, street, make_member, 2)
    with closing(plain_connection(db.path)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE member SET branch_id = 999 WHERE id = 2")
        connection.commit()
    report = full_check(db)
    assert not report.ok
    assert report.problems == ["党员（member）中编号为 2 的记录所引用的党组织（organization）记录已不存在。"]
    assert quick_check(db.path) == []  # the structure itself is fine
