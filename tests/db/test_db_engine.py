"""The data file: schema from migrations, pragmas, safety copy before migrating, refusing foreign files."""

import re
import shutil
import sqlite3
from contextlib import closing
from datetime import date

import pytest
from sqlalchemy import inspect, insert, text
from sqlalchemy.exc import IntegrityError

from dangjian_desktop.db import engine as db_engine
from dangjian_desktop.db.engine import DatabaseError, current_revision, head_revision, open_engine
from dangjian_desktop.db.models import Base, Member, Organization
from dangjian_desktop.services.database import open_database

CHINESE = "\u4e00-\u9fff"


def test_new_file_gets_every_table_at_head(tmp_path):
    engine, _sessions = open_engine(tmp_path / "new.db")
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        assert current_revision(engine) == head_revision()
        member_columns = {c["name"] for c in inspect(engine).get_columns("member")}
        assert set(Member.__table__.columns.keys()) == member_columns
    finally:
        engine.dispose()
    assert not (tmp_path / "backups").exists()  # nothing to protect in a new file


def test_missing_folders_are_created(tmp_path):
    engine, _ = open_engine(tmp_path / "a" / "b" / "data.db")
    engine.dispose()
    assert (tmp_path / "a" / "b" / "data.db").is_file()


def test_pragmas_on_every_connection(db):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        with db.engine.begin() as connection:
            connection.execute(insert(Member).values(
                branch_id=999, name="无支部", id_number="11010519491231002X", category="正式党员", sex="",
                ethnicity="", education="", status="正常", work_unit="", phone="", address="", is_mobile=False,
                mobile_direction="", mobile_place="", mobile_reason="", is_lost_contact=False,
                dual_report_community="", note=""))


def test_organisation_with_members_cannot_be_deleted_at_the_sql_level(db, street, make_member):
    from dangjian_desktop.services.members import save_member

    save_member(db, make_member(street.branch1, 1))
    with pytest.raises(IntegrityError):
        with db.engine.begin() as connection:
            connection.execute(Organization.__table__.delete().where(Organization.id == street.branch1))


def test_reopening_a_current_file_makes_no_copy_and_keeps_data(tmp_path, make_member):
    from dangjian_desktop.services.members import list_members, save_member
    from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root

    path = tmp_path / "keep.db"
    first = open_database(path)
    root = create_root(first, "测试街道党工委")
    branch = create_organization(first, root.id, OrgFields("第一党支部", "党支部"))
    save_member(first, make_member(branch.id, 1, name="张三"))
    first.close()
    again = open_database(path)
    try:
        assert [m.name for m in list_members(again)] == ["张三"]
    finally:
        again.close()
    assert not (path.parent / "backups").exists()


NEXT_REVISION = '''"""test-only revision on top of the real ones"""

from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("test_extra")
'''


def install_newer_migrations(tmp_path, monkeypatch) -> str:
    """The real migrations plus one more revision: a file stored at today's head is then 'older'.

    Returns the real head revision."""
    folder = tmp_path / "migrations"
    shutil.copytree(db_engine.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_test_extra.py").write_text(NEXT_REVISION.format(head=head_revision()),
                                                            encoding="utf-8")
    old_head = head_revision()
    monkeypatch.setattr(db_engine, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(db_engine, "SCHEMA_HEAD", "9999")  # what a developer updates with a new migration
    assert head_revision() == "9999"
    return old_head


def _old_file_with_a_member(path, make_member):
    from dangjian_desktop.services.members import save_member
    from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root

    old = open_database(path)
    root = create_root(old, "测试街道党工委")
    branch = create_organization(old, root.id, OrgFields("第一党支部", "党支部"))
    save_member(old, make_member(branch.id, 1, name="李四", birth=date(1970, 1, 2)))
    old.close()


def test_migrating_an_older_file_makes_a_safety_copy_with_the_old_data(tmp_path, monkeypatch, make_member):
    from dangjian_desktop.services.backups import list_backups

    path = tmp_path / "数据 #1%" / "old.db"  # characters a URL or configparser would misread
    _old_file_with_a_member(path, make_member)
    old_head = install_newer_migrations(tmp_path, monkeypatch)

    database = open_database(path)   # the services hand open_engine the backup to take before migrating
    try:
        assert current_revision(database.engine) == "9999"
        assert "test_extra" in inspect(database.engine).get_table_names()
        listed = list_backups(database)   # a normal, verified backup: listed with its counts, pruned like others
        assert [(info.reason, info.counts["member"]) for info in listed] == [("迁移前", 1)]
    finally:
        database.close()

    copies = list((path.parent / "backups").glob("*.db"))
    assert copies == [listed[0].path]
    assert re.fullmatch(r"old-\d{8}-\d{6}-迁移前\.db", copies[0].name)
    with closing(sqlite3.connect(copies[0])) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        assert copy.execute("SELECT name FROM member").fetchall() == [("李四",)]
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_extra" not in tables


def test_migrating_a_new_empty_file_makes_no_copy(tmp_path, monkeypatch):
    install_newer_migrations(tmp_path, monkeypatch)
    taken = []
    engine, _ = open_engine(tmp_path / "fresh.db", before_migration=taken.append)
    engine.dispose()
    assert taken == []
    assert not (tmp_path / "backups").exists()


def test_no_migration_without_its_backup(tmp_path, monkeypatch, make_member):
    """A backup that cannot be made stops the upgrade: the file is refused (in Chinese) and left as it was."""
    from dangjian_desktop.services import backups

    path = tmp_path / "old.db"
    _old_file_with_a_member(path, make_member)
    old_head = install_newer_migrations(tmp_path, monkeypatch)
    monkeypatch.setattr(backups, "backup_folder", lambda _path: tmp_path / "old.db" / "not-a-folder")
    with pytest.raises(DatabaseError, match="升级数据文件之前要先备份，但备份没有成功：无法写入备份"):
        open_database(path)
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]


def test_the_migration_backup_is_pruned_like_any_other(tmp_path, monkeypatch, make_member):
    from datetime import datetime, timedelta

    from dangjian_desktop.services.backups import list_backups, prune_backups

    path = tmp_path / "old.db"
    _old_file_with_a_member(path, make_member)
    install_newer_migrations(tmp_path, monkeypatch)
    database = open_database(path)
    try:
        migration = list_backups(database)[0]
        # A later backup the same day makes the migration copy no longer the newest of its day, week or month.
        later = migration.path.with_name(f"old-{migration.taken_at + timedelta(seconds=1):%Y%m%d-%H%M%S}-定时.db")
        later.write_bytes(migration.path.read_bytes())
        assert prune_backups(database, now=migration.taken_at + timedelta(days=3)) == [migration.path]
        assert prune_backups(database, now=datetime.now()) == []
    finally:
        database.close()


@pytest.mark.parametrize("content", [b"\xe5\xa7\x93\xe5\x90\x8d,\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\n" * 10,
                                     b"PK\x03\x04" + b"\x00" * 200])
def test_a_file_that_is_not_sqlite_is_refused_in_chinese(tmp_path, content):
    path = tmp_path / "roster.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    message = str(caught.value)
    assert str(path) in message
    assert "不是" in message and "SQLite" in message
    assert path.read_bytes() == content  # left untouched


def test_a_damaged_sqlite_file_is_refused_in_chinese(tmp_path):
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert re.search(f"[{CHINESE}]", str(caught.value))
    assert "损坏" in str(caught.value)


def test_an_sqlite_file_of_another_program_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "通讯录.db"
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO contacts (name) VALUES ('张三')")
        other.commit()
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert "不是党建工作台的数据文件" in str(caught.value)
    assert path.read_bytes() == before  # no tables added, not even switched to WAL
    assert not (tmp_path / "backups").exists()


def test_a_file_from_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'a-future-revision'")
        connection.commit()
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert "更新版本" in str(caught.value) and "a-future-revision" in str(caught.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="文件夹"):
        open_database(tmp_path)


@pytest.mark.parametrize("name", ["数据 #1?/党建.db", "百分%20号/a%b.db", "a#b/c?d=1.db"])
def test_paths_with_url_characters_open_the_right_file(tmp_path, name):
    from dangjian_desktop.services.organizations import create_root, get_root

    path = tmp_path / name
    first = open_database(path)
    create_root(first, "测试街道党工委")
    first.close()
    assert path.is_file()
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix == ".db") == [path.name]
    again = open_database(path)
    try:
        assert get_root(again).name == "测试街道党工委"
    finally:
        again.close()


def test_schema_head_constant_matches_the_newest_migration():
    # SCHEMA_HEAD lets an up-to-date file open without importing Alembic; it must follow every new migration.
    from dangjian_desktop.db.engine import SCHEMA_HEAD, head_revision

    assert SCHEMA_HEAD == head_revision()


def test_a_file_at_revision_0001_opens_at_head_with_its_members_and_a_safety_copy(tmp_path):
    """A data file written by the issue-2 release (schema 0001, before meetings) keeps its members when opened."""
    from alembic import command

    from dangjian_desktop.services.meetings import list_meetings
    from dangjian_desktop.services.members import list_members

    path = tmp_path / "issue2.db"
    engine = db_engine.create_sqlite_engine(path)
    config = db_engine._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO organization (id, parent_id, name, level, kind, secretary, contact_person, contact_phone,"
            " sort_order) VALUES (1, NULL, '测试街道党工委', '街道党工委', '', '', '', '', 0),"
            " (2, 1, '第一党支部', '党支部', '单独组建', '', '', '', 0)"))
        connection.execute(text(
            "INSERT INTO member (branch_id, name, id_number, sex, ethnicity, birth_date, education, category,"
            " joined_on, confirmed_on, status, work_unit, phone, address, is_mobile, mobile_direction, mobile_place,"
            " mobile_reason, is_lost_contact, dual_report_community, note) VALUES (2, '王堃', '11010519491231002X',"
            " '女', '汉族', '1949-12-31', '高中', '正式党员', '1975-07-01', '1976-07-01', '正常', '退休',"
            " '13812345678', '', 0, '', '', '', 0, '', '')"))
    assert current_revision(engine) == "0001"
    assert "meeting" not in inspect(engine).get_table_names()
    engine.dispose()

    database = open_database(path)
    try:
        assert current_revision(database.engine) == head_revision()
        assert {"meeting", "meeting_attendance", "street_theme", "committee_member"} <= set(
            inspect(database.engine).get_table_names())
        members = list_members(database)
        assert [(m.name, m.branch_name, m.joined_on) for m in members] == [("王堃", "第一党支部", date(1975, 7, 1))]
        assert list_meetings(database) == []
    finally:
        database.close()
    copies = list((tmp_path / "backups").glob("*.db"))
    assert len(copies) == 1 and copies[0].name.startswith("issue2-") and copies[0].name.endswith("-迁移前.db")
    with closing(sqlite3.connect(copies[0])) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT name FROM member").fetchall() == [("王堃",)]
