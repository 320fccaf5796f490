"""Storage faults on a real SQLite file: disk full, read-only, in use, the file or its folder deleted underneath.

Each gives a Chinese message and no traceback, keeps everything saved before, and clears once the cause is gone.
"""

import errno
import multiprocessing
import os
import pwd
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from dangjian_desktop.db.models import Member, Setting
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.members import list_members, member_values, save_member
from dangjian_desktop.services.storage_errors import (
    StorageFault,
    describe_storage_error,
    storage_fault,
    unsaved_change_message,
)

BIG = "党建" * 1000   # ~6 KB a row: a few hundred rows need more pages than a small file has


def _on_every_checkout(db, pragmas: dict[str, int | None]):
    """Run `PRAGMA name=value` on each connection as the pool hands it out (None: leave it alone)."""
    @event.listens_for(db.engine, "checkout")
    def _apply(dbapi_connection, _record, _proxy):
        for name, value in pragmas.items():
            if value is not None:
                dbapi_connection.execute(f"PRAGMA {name}={value}")


def _settings(path: Path) -> dict[str, str]:
    """The settings as they are in the file on disk, read by a separate connection."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return dict(connection.execute("SELECT key, value FROM setting"))


def _add_settings(db, prefix: str, count: int, *, flush: bool) -> None:
    with db.transaction() as session:
        session.add_all(Setting(key=f"{prefix}{number}", value=BIG) for number in range(count))
        if flush:
            session.flush()


def _save(db, key: str, value: str = "值") -> None:
    with db.transaction() as session:
        session.merge(Setting(key=key, value=value))


# ----- disk full ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flush", [True, False], ids=["flushed-in-the-work", "flushed-at-commit"])
def test_disk_full_saves_nothing_keeps_the_rest_and_clears_when_space_is_freed(db, flush):
    _save(db, "earlier", "之前保存的")
    with db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    limit = {"max_page_count": pages}        # a real SQLITE_FULL from SQLite once the file would grow
    _on_every_checkout(db, limit)
    db.engine.dispose()

    with pytest.raises(ServiceError) as caught:
        _add_settings(db, "bulk", 300, flush=flush)
    message = caught.value.message
    assert "磁盘空间已满" in message and "刚才的修改没有保存" in message and "之前已保存的数据不受影响" in message
    assert str(db.path) in message and "Traceback" not in message
    assert caught.value.__cause__.orig.sqlite_errorcode == sqlite3.SQLITE_FULL   # the first error, not a rollback's
    on_disk = _settings(db.path)
    assert on_disk == {"earlier": "之前保存的"}                                  # nothing half-written

    limit["max_page_count"] = 1_000_000     # the cause is gone: space freed
    _add_settings(db, "bulk", 300, flush=flush)
    assert len(_settings(db.path)) == 301


def test_disk_full_through_a_service(db, street, make_member):
    save_member(db, make_member(street.branch1, 1))
    with db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    limit = {"max_page_count": pages}
    _on_every_checkout(db, limit)
    db.engine.dispose()
    with pytest.raises(ServiceError, match="磁盘空间已满"):
        save_member(db, make_member(street.branch1, 2, note=BIG * 40))
    assert [member.name for member in list_members(db)] == ["党员1"]
    limit["max_page_count"] = 1_000_000
    save_member(db, make_member(street.branch1, 2, note=BIG * 40))
    assert len(list_members(db)) == 2


# ----- read-only ----------------------------------------------------------------------------------------------------
def test_a_read_only_connection_is_reported_and_writing_resumes_when_it_is_writable_again(db):
    """PRAGMA query_only makes SQLite refuse writes with the real SQLITE_READONLY."""
    _save(db, "earlier", "之前保存的")
    query_only = {"query_only": 1}
    _on_every_checkout(db, query_only)
    db.engine.dispose()
    with pytest.raises(ServiceError) as caught:
        _save(db, "new")
    assert "只读" in caught.value.message and "没有写入权限" in caught.value.message
    assert "刚才的修改没有保存" in caught.value.message
    assert _settings(db.path) == {"earlier": "之前保存的"}
    query_only["query_only"] = 0
    _save(db, "new")
    assert _settings(db.path) == {"earlier": "之前保存的", "new": "值"}


def _as_another_user(path: Path, results) -> None:
    """In a forked child: open the data file as an ordinary user, who may not write the read-only file; then make it
    writable (the user removes the read-only attribute) and write again."""
    try:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
        database = open_database(path)
        try:
            try:
                _save(database, "refused")
                results.send(("saved", ""))
            except ServiceError as exc:
                results.send(("refused", exc.message))
            os.chmod(path, 0o644)
            _save(database, "after", "改回可写之后")
            results.send(("saved", ""))
        finally:
            database.close()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, whose assertions then fail with it
        results.send(("error", repr(exc)))


@pytest.mark.skipif(sys.platform != "linux", reason="uses fork and POSIX permissions")
def test_a_read_only_file_on_disk_is_reported_and_writable_again_after_chmod():
    """A real read-only file: for root (tests run as root) chmod does not stop writes, so a forked child drops to
    the user `nobody` first; the file belongs to it and is mode 0444, like a file marked read-only."""
    if os.geteuid() == 0:
        try:
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("no user 'nobody' to drop to")
    folder = Path(tempfile.mkdtemp(prefix="dangjian-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "只读.db"
        database = open_database(path)
        _save(database, "earlier", "之前保存的")
        database.close()
        if os.geteuid() == 0:
            for item in (folder, *folder.iterdir()):
                os.chown(item, nobody.pw_uid, nobody.pw_gid)
        path.chmod(0o444)

        receive, send = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(target=_as_another_user, args=(path, send))
        child.start()
        child.join(60)
        reports = []
        while receive.poll():
            reports.append(receive.recv())
        assert len(reports) == 2, reports
        (first, message), second = reports
        assert first == "refused", reports
        assert "只读" in message and "刚才的修改没有保存" in message
        assert second == ("saved", "")
        assert _settings(path) == {"earlier": "之前保存的", "after": "改回可写之后"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ----- in use -------------------------------------------------------------------------------------------------------
def test_a_file_locked_by_another_program_is_reported_and_saving_works_once_it_lets_go(db):
    _save(db, "earlier")
    _on_every_checkout(db, {"busy_timeout": 50})
    db.engine.dispose()
    with closing(sqlite3.connect(db.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(ServiceError, match="正被其他程序占用"):
            _save(db, "new")
        other.execute("ROLLBACK")
    _save(db, "new")
    assert set(_settings(db.path)) == {"earlier", "new"}


# ----- not a storage fault ------------------------------------------------------------------------------------------
def test_a_programming_error_is_not_disguised_as_a_storage_fault(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Member(**{**member_values(saved), "name": "重复身份证号"}))
    with pytest.raises(ZeroDivisionError), db.transaction() as session:
        session.add(Setting(key="x", value="y"))
        _ = 1 / 0
    assert "x" not in _settings(db.path)


# ----- the file deleted or moved underneath -------------------------------------------------------------------------
def _remove_data_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_data_file_deleted_while_open_is_written_back_with_old_and_new_data(db, street, make_member):
    save_member(db, make_member(street.branch1, 1))
    engine = db.engine
    _remove_data_file(db.path)
    assert not db.path.exists()

    save_member(db, make_member(street.branch1, 2))     # the next write puts the file back first

    assert db.path.is_file() and db.engine is engine
    with closing(sqlite3.connect(f"{db.path.resolve().as_uri()}?mode=ro", uri=True)) as on_disk:
        names = sorted(name for (name,) in on_disk.execute("SELECT name FROM member"))
        assert on_disk.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert names == ["党员1", "党员2"]
    notice = db.take_recovered_notice()
    assert notice and "被删除或移走" in notice and "没有丢失任何数据" in notice and str(db.path) in notice
    assert db.take_recovered_notice() is None          # shown once
    db.close()
    reopened = open_database(db.path)
    try:
        assert [member.name for member in list_members(reopened)] == ["党员1", "党员2"]
    finally:
        reopened.close()


def test_only_the_database_file_deleted_leaves_its_old_journal_which_is_never_replayed(db, street, make_member):
    for sequence in range(1, 6):
        save_member(db, make_member(street.branch1, sequence))
    db.path.unlink()   # -wal and -shm stay: they belong to the deleted file
    save_member(db, make_member(street.branch1, 6))
    db.close()
    reopened = open_database(db.path)
    try:
        assert len(list_members(reopened)) == 6
        with reopened.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        reopened.close()


def test_a_moved_data_file_is_written_back_and_the_moved_copy_left_alone(db):
    _save(db, "earlier")
    moved = db.path.with_name("挪走了.db")
    db.path.rename(moved)
    _save(db, "new")
    assert set(_settings(db.path)) == {"earlier", "new"}
    assert moved.is_file()


def test_the_data_folder_deleted_too_is_recreated(tmp_path):
    path = tmp_path / "党建数据" / "dangjian.db"
    database = open_database(path)
    try:
        _save(database, "earlier")
        shutil.rmtree(path.parent)
        _save(database, "new")
        assert set(_settings(path)) == {"earlier", "new"}
        assert database.take_recovered_notice()
    finally:
        database.close()


def test_closing_writes_the_data_back_too(db):
    _save(db, "earlier")
    _remove_data_file(db.path)
    db.close()
    assert _settings(db.path) == {"earlier": "值"}


def test_when_it_cannot_be_written_back_the_data_stays_open_until_the_place_is_free(tmp_path):
    folder = tmp_path / "党建数据"
    path = folder / "dangjian.db"
    database = open_database(path)
    try:
        _save(database, "earlier")
        shutil.rmtree(folder)
        folder.write_text("一个同名的文件挡住了文件夹", encoding="utf-8")   # the folder cannot be recreated
        with pytest.raises(ServiceError) as caught:
            _save(database, "new")
        assert "无法写回原处" in caught.value.message and "数据仍然在程序中打开着" in caught.value.message
        with database.reading() as session:                    # still all there, in the open connection
            assert session.scalar(select(func.count()).select_from(Setting)) == 1
        folder.unlink()                                         # the place is free again
        _save(database, "new")
        assert set(_settings(path)) == {"earlier", "new"}
    finally:
        database.close()


def test_another_file_put_in_its_place_is_never_overwritten(db):
    _save(db, "earlier")
    _remove_data_file(db.path)
    db.path.write_bytes(b"somebody else's file")
    with pytest.raises(ServiceError, match="被另一个文件替换"):
        _save(db, "new")
    assert db.path.read_bytes() == b"somebody else's file"
    db.path.rename(db.path.with_name("别人的.db"))
    _save(db, "new")
    assert set(_settings(db.path)) == {"earlier", "new"}


# ----- the descriptions -----------------------------------------------------------------------------------------------
def test_os_errors_name_their_file_and_say_what_to_do():
    full = describe_storage_error(OSError(errno.ENOSPC, "No space left on device", "/media/u盘/备份.db"))
    assert full == ("文件 /media/u盘/备份.db 所在的磁盘空间已满。请删除不需要的文件、清空回收站，腾出空间后再试。")
    assert "只读" in describe_storage_error(OSError(errno.EROFS, "Read-only file system", "x.db"))
    assert "没有写入权限" in describe_storage_error(PermissionError(errno.EACCES, "Permission denied"))
    assert "U 盘" in describe_storage_error(OSError(errno.EIO, "Input/output error"))
    assert describe_storage_error(FileNotFoundError(errno.ENOENT, "No such file")) is None
    assert describe_storage_error(ValueError("not storage")) is None


def test_a_damaged_file_points_to_the_check_and_the_backups(tmp_path):
    path = tmp_path / "坏的.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with closing(sqlite3.connect(path)) as connection, pytest.raises(sqlite3.DatabaseError) as caught:
        connection.execute("SELECT * FROM sqlite_master").fetchall()
    assert storage_fault(caught.value) is StorageFault.DAMAGED
    text = describe_storage_error(caught.value, path)
    assert text.startswith(f"数据文件 {path} 已损坏") and "数据检查" in text and "备份与恢复" in text


def _sqlite_error(code: int, text: str) -> sqlite3.OperationalError:
    """An error as sqlite3 raises it, for codes a test cannot provoke for real (a failing disk)."""
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code
    return error


def test_extended_codes_count_as_their_primary_code():
    io_error = _sqlite_error(sqlite3.SQLITE_IOERR | (3 << 8), "disk I/O error")   # SQLITE_IOERR_WRITE
    assert storage_fault(io_error) is StorageFault.IO_ERROR
    assert "U 盘或移动硬盘被拔出" in unsaved_change_message(io_error, "d.db")
    moved = _sqlite_error(sqlite3.SQLITE_READONLY | (4 << 8), "attempt to write a readonly database")
    assert storage_fault(moved) is StorageFault.MOVED                                # not "read-only"
    assert "被删除或移走" in describe_storage_error(moved)
    assert storage_fault(_sqlite_error(sqlite3.SQLITE_CONSTRAINT | (8 << 8), "UNIQUE")) is None


def test_a_damaged_file_does_not_claim_the_saved_data_is_safe():
    damaged = _sqlite_error(sqlite3.SQLITE_CORRUPT, "database disk image is malformed")
    message = unsaved_change_message(damaged, "d.db")
    assert message.startswith("刚才的修改没有保存。原因：数据文件 d.db 已损坏") and "不受影响" not in message
