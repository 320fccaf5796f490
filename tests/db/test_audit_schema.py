"""The audit triggers cover every column of every data table, the log is append-only, and a stray tool
cannot write data behind the log's back."""

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import text

from dangjian_desktop.db.audit_schema import NOT_AUDITED, audited_tables, entry_hash
from dangjian_desktop.db.models import Base
from dangjian_desktop.services.audit import verify_chain


def _triggers(db) -> dict[str, str]:
    with db.engine.connect() as connection:
        return dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type='trigger'").all())


def test_every_column_of_every_data_table_is_logged_on_insert_update_and_delete(db):
    triggers = _triggers(db)
    with db.engine.connect() as connection:
        tables = audited_tables(connection)
    assert set(tables) == set(Base.metadata.tables) - NOT_AUDITED  # a new table gets its triggers too
    for table, columns in tables.items():
        for event in ("insert", "update", "delete"):
            sql = triggers[f"audit_{table}_{event}"]
            missing = [name for name, _type in columns
                       if name not in ("created_at", "updated_at") and f"'{name}'" not in sql]
            assert not missing, f"{table} {event} does not log {missing}"


def test_the_log_refuses_updates_and_deletes(db, street):
    with closing(sqlite3.connect(db.path)) as connection:
        for statement in ("UPDATE audit_entry SET user_name = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(sqlite3.IntegrityError, match="审计日志只能追加"):
                connection.execute(statement)
    assert verify_chain(db).ok


def test_a_tool_without_the_programs_functions_cannot_change_data(db, street):
    with closing(sqlite3.connect(db.path)) as connection, pytest.raises(sqlite3.OperationalError):
        connection.execute("UPDATE organization SET name = '改名' WHERE id = ?", (street.branch1,))


def test_each_entry_hash_covers_every_column_and_links_to_the_one_before(db, street):
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, at, user_name, role, machine, action, target, details, result, "
                                       "prev_hash, hash FROM audit_entry ORDER BY id")).all()
    assert len(rows) >= 6 and rows[0].prev_hash == ""
    for before, row in zip(rows, rows[1:]):
        assert row.prev_hash == before.hash
    for row in rows:
        assert entry_hash(tuple(row[:-1])) == row.hash
        for position in range(1, 9):  # changing any one column changes the hash
            changed = list(row[:-1])
            changed[position] = f"{changed[position]}x"
            assert entry_hash(tuple(changed)) != row.hash


def test_personal_numbers_are_masked_in_the_log(db, street, make_member):
    from dangjian_desktop.services.members import save_member

    record = make_member(street.branch1, 7, phone="13912345678")
    save_member(db, record)
    with db.engine.connect() as connection:
        details = connection.execute(text("SELECT details FROM audit_entry WHERE target LIKE '党员%'")).scalar()
    assert record.id_number not in details and "13912345678" not in details
    assert "139****5678" in details and record.id_number[:6] + "********" in details
