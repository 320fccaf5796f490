"""Backups on a real data file: verified copies, listing with counts, pruning, export, and restore."""

import re
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta

import pytest

from dangjian_desktop.services import backups
from dangjian_desktop.services.backups import (
    BackupReason,
    backup_problems,
    export_backup,
    list_backups,
    make_backup,
    prune_backups,
    restore_backup,
)
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.members import list_members, save_member


@pytest.fixture
def filled(db, street, make_member):
    for sequence in range(3):
        save_member(db, make_member(street.branch1, sequence + 1))
    return db


def test_make_backup_writes_a_verified_standalone_copy_with_counts(filled):
    info = make_backup(filled, BackupReason.MANUAL)
    assert info.path.parent == filled.path.parent / "backups"
    assert re.fullmatch(r"t-\d{8}-\d{6}-手动\.db", info.path.name)  # named after the data file t.db
    assert info.reason == "手动" and info.size == info.path.stat().st_size > 0
    assert info.counts == {"organization": 6, "member": 3, "meeting": 0, "enterprise": 0, "visit": 0, "demand": 0}
    with open(info.path, "rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # a rollback-journal file: no -wal/-shm needed beside it
    assert not list(info.path.parent.glob("*.part"))


def test_backups_in_the_same_second_get_distinct_names_and_list_newest_first(filled):
    first = make_backup(filled, "导入前")
    second = make_backup(filled, "导入前")
    assert first.path != second.path
    listed = list_backups(filled)
    assert {info.path for info in listed} == {first.path, second.path}
    assert all(info.reason == "导入前" for info in listed)
    assert listed == sorted(listed, key=lambda info: (info.taken_at, info.path.name), reverse=True)


def test_a_reason_cannot_escape_the_backup_folder(filled):
    info = make_backup(filled, "../../x y")
    assert info.path.parent == filled.path.parent / "backups"


def test_a_copy_failing_verification_is_deleted_and_reported(filled, monkeypatch):
    monkeypatch.setattr(backups, "check_file", lambda path: ["数据文件结构损坏：Page 5: btree error。"])
    with pytest.raises(ServiceError, match="校验未通过，已删除"):
        make_backup(filled, BackupReason.PERIODIC)
    assert list((filled.path.parent / "backups").iterdir()) == []


def test_a_backup_that_cannot_be_written_gives_a_chinese_message(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "backup_folder", lambda _path: tmp_path / "t.db" / "not-a-folder")
    with pytest.raises(ServiceError, match="无法写入备份"):
        make_backup(filled, BackupReason.PERIODIC)


def test_prune_keeps_what_the_retention_rule_keeps(filled):
    folder = filled.path.parent / "backups"
    source = make_backup(filled, BackupReason.MANUAL).path
    now = datetime(2026, 6, 15, 18, 0)
    for hours in range(0, 24 * 40, 6):  # every 6 hours for 40 days
        stamp = now - timedelta(hours=hours)
        (folder / f"t-{stamp:%Y%m%d-%H%M%S}-定时.db").write_bytes(source.read_bytes())
    source.unlink()
    removed = prune_backups(filled, now=now)
    left = {info.taken_at for info in list_backups(filled)}
    assert removed and all(not path.exists() for path in removed)
    assert all(stamp in left for stamp in (now - timedelta(hours=h) for h in range(0, 48, 6)))
    assert len(left) == 8 + 12 - 2 + 4  # 2 days of everything, 12 days (2 inside the 2 days), 4 older weeks
    assert prune_backups(filled, now=now) == []


def test_other_files_in_the_backup_folder_are_left_alone(filled):
    folder = filled.path.parent / "backups"
    folder.mkdir()
    (folder / "t-迁移前-0002-20250101-120000.db").write_bytes(b"x")
    (folder / "说明.txt").write_text("自己的文件", encoding="utf-8")
    assert list_backups(filled) == []
    assert prune_backups(filled, now=datetime(2030, 1, 1)) == []
    assert len(list(folder.iterdir())) == 2


def test_export_to_a_file_or_a_folder(filled, tmp_path):
    usb = tmp_path / "U盘"
    usb.mkdir()
    into_folder = export_backup(filled, usb)
    assert into_folder.parent == usb and into_folder.name.endswith("-导出.db")
    named = export_backup(filled, usb / "党建备份.db")
    for path in (into_folder, named):
        assert backup_problems(path) == []
    assert not list(usb.glob("*.part"))
    with pytest.raises(ServiceError, match="就是正在使用的数据文件"):
        export_backup(filled, filled.path)


def test_restore_backs_up_the_current_state_then_brings_the_backup_back(filled, street, make_member):
    saved = make_backup(filled, BackupReason.MANUAL)
    save_member(filled, make_member(street.branch2, 50))
    path = filled.path
    filled.close()
    safety = restore_backup(path, saved.path)
    assert safety.reason == "恢复前" and safety.counts["member"] == 4
    reopened = open_database(path)
    try:
        assert len(list_members(reopened)) == 3
        save_member(reopened, make_member(street.branch2, 51))  # the restored file is writable as usual
        assert len(list_members(reopened)) == 4
    finally:
        reopened.close()
    # ... and the safety copy brings the restored-over state back.
    restore_backup(path, safety.path)
    again = open_database(path)
    try:
        assert len(list_members(again)) == 4
    finally:
        again.close()


def _corrupt(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["missing", "text", "foreign", "damaged", "newer"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(filled, tmp_path, kind):
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("这不是数据库", encoding="utf-8")
    elif kind == "foreign":
        with closing(sqlite3.connect(bad)) as connection:
            connection.execute("CREATE TABLE notes(x)")
            connection.commit()
    elif kind in ("damaged", "newer"):
        bad = make_backup(filled, BackupReason.MANUAL).path
        if kind == "damaged":
            _corrupt(bad)
        else:
            with closing(sqlite3.connect(bad)) as connection:
                connection.execute("UPDATE alembic_version SET version_num = '9999'")
                connection.commit()
    path = filled.path
    filled.close()
    before = path.read_bytes()
    with pytest.raises(ServiceError, match="无法从 .* 恢复：.*当前数据没有改动") as caught:
        restore_backup(path, bad)
    expected = {"missing": "找不到备份文件", "text": "不是党建工作台的备份文件", "foreign": "其他程序的数据",
                "damaged": "损坏", "newer": "更新版本"}[kind]
    assert expected in caught.value.message
    assert path.read_bytes() == before
    assert [info.reason for info in backups.backups_next_to(path)] == (["手动"] if kind in ("damaged", "newer")
                                                                     else [])


def test_restore_over_a_damaged_current_file_keeps_its_bytes_and_recovers(filled):
    saved = make_backup(filled, BackupReason.MANUAL)
    path = filled.path
    filled.close()
    _corrupt(path)
    damaged = path.read_bytes()
    safety = restore_backup(path, saved.path)
    assert safety.reason == "恢复前_已损坏" and safety.path.read_bytes() == damaged
    reopened = open_database(path)
    try:
        assert len(list_members(reopened)) == 3
    finally:
        reopened.close()


# ----- names: each data file has its own backups --------------------------------------------------------------------
def test_two_data_files_in_one_folder_list_and_prune_only_their_own(tmp_path, make_member):
    from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root

    short, long = open_database(tmp_path / "dang.db"), open_database(tmp_path / "dangjian.db")
    try:
        for database, count in ((short, 1), (long, 2)):
            root = create_root(database, "测试街道党工委")
            branch = create_organization(database, root.id, OrgFields("第一党支部", "党支部"))
            for sequence in range(count):
                save_member(database, make_member(branch.id, sequence + 1))
        mine = make_backup(short, BackupReason.MANUAL)
        theirs = make_backup(long, BackupReason.MANUAL)
        assert mine.path.parent == theirs.path.parent
        assert mine.path.name.startswith("dang-") and theirs.path.name.startswith("dangjian-")
        assert [info.path for info in list_backups(short)] == [mine.path]   # "dang" does not take "dangjian-…"
        assert [info.counts["member"] for info in list_backups(long)] == [2]
        # An old backup of the other file (not the newest of its day) is never pruned by this one.
        for name in ("dangjian-20200101-120000-定时.db", "dangjian-20200101-110000-定时.db"):
            theirs.path.with_name(name).write_bytes(theirs.path.read_bytes())
        old = theirs.path.with_name("dangjian-20200101-110000-定时.db")
        assert prune_backups(short) == []
        assert old.exists()
        assert prune_backups(long) == [old]
    finally:
        short.close()
        long.close()


def test_a_stem_with_pattern_characters_lists_its_backups(tmp_path):
    database = open_database(tmp_path / "党建(2025).v1+.db")
    try:
        info = make_backup(database, BackupReason.MANUAL)
        assert info.path.name.startswith("党建(2025).v1+-")
        assert [listed.path for listed in list_backups(database)] == [info.path]
    finally:
        database.close()


def test_export_remembers_when_a_copy_was_saved_elsewhere(filled, tmp_path):
    from dangjian_desktop.services.backups import last_offsite_copy

    assert last_offsite_copy(filled) is None
    before = datetime.now().replace(microsecond=0)
    export_backup(filled, tmp_path)
    assert before <= last_offsite_copy(filled) <= datetime.now()


def test_damage_of_tells_a_damaged_file_of_ours_from_someone_elses(filled, tmp_path):
    from dangjian_desktop.services.backups import damage_of

    assert damage_of(filled.path) == []
    make_backup(filled, BackupReason.MANUAL)
    path = filled.path
    filled.close()
    _corrupt(path)
    assert damage_of(path) and "损坏" in damage_of(path)[0]
    path.write_bytes(b"\x00" * 8192)            # even the first page gone: ours, because it has backups
    assert damage_of(path)
    stranger = tmp_path / "roster.db"           # not SQLite and no backups: someone else's file
    stranger.write_text("姓名,身份证号\n", encoding="utf-8")
    assert damage_of(stranger) == []
    assert damage_of(tmp_path / "missing.db") == []
