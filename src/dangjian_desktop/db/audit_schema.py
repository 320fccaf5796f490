"""The audit log inside the data file: SQL functions, the hash chain, and the triggers that log every change.

Every INSERT, UPDATE and DELETE on a data table fires a trigger that appends an audit entry in the same
transaction, so nothing — a form, a bulk import, the command line — can change data without a trace, and an entry
can never exist for a change that was rolled back. The triggers call SQL functions registered on each connection
by create_sqlite_engine: who acts (`audit_actor`), the local time, the masking of personal numbers and the chain
hash. A program without these functions (a stray SQLite tool) cannot write to the data tables at all.

Chain: entry N stores prev_hash = hash of entry N-1 and hash = SHA-256 over all its other columns
(`entry_hash`). Editing, deleting or inserting an entry anywhere breaks the chain at that point; UPDATE and DELETE
on audit_entry are refused outright by triggers.
"""

import hashlib
import json
import sqlite3
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from ..domain.access import Actor, Permission
from ..domain.masking import mask_id_number, mask_phone

AUDIT_TABLE = "audit_entry"
NOT_AUDITED = {AUDIT_TABLE, "alembic_version", "user_account"}   # accounts are logged by services/accounts.py
ENTRY_COLUMNS = ("id", "at", "user_name", "role", "machine", "action", "target", "details", "result", "prev_hash")

# What the user calls each table, in audit targets and in check reports.
TABLE_LABELS = {
    "organization": "党组织", "member": "党员", "setting": "设置", "branch_membership": "党员组织关系",
    "committee_member": "支委成员", "street_theme": "街道主题", "meeting": "会议记录", "meeting_attendance": "会议出席",
    "meeting_photo": "会议照片", "meeting_event": "会议记录修改历史", "guidance_officer": "党建指导员",
    "enterprise": "企业", "officer_assignment": "指导员分工", "officer_pairing": "指导员联系党员", "visit": "走访记录",
    "visit_photo": "走访照片", "demand": "诉求", "demand_event": "诉求办理记录", "user_account": "账号",
    AUDIT_TABLE: "审计日志",
}
# Columns naming a record in its audit target, first found wins.
_NAMING_COLUMNS = ("name", "title", "topic", "content", "user_name")
_UNCHANGING = {"created_at", "updated_at"}
# The message of the trigger refusing a write by a role without the permission (services map it to AccessDenied).
WRITE_REFUSED = "当前账号没有修改数据的权限"
   # touched by every update; not a change the user made


def entry_hash(values: tuple) -> str:
    """SHA-256 over the entry's columns in ENTRY_COLUMNS order (prev_hash last), as canonical JSON."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class AuditContext:
    """Per engine: the acting user, and per thread whether row-level entries are written."""

    actor: Actor

    def __post_init__(self) -> None:
        self._local = threading.local()

    @property
    def rows_logged(self) -> bool:
        return getattr(self._local, "rows_logged", True)

    @rows_logged.setter
    def rows_logged(self, value: bool) -> None:
        self._local.rows_logged = value


_contexts: "weakref.WeakKeyDictionary[Engine, AuditContext]" = weakref.WeakKeyDictionary()


def audit_context(engine: Engine) -> AuditContext:
    context = _contexts.get(engine)
    if context is None:
        context = _contexts[engine] = AuditContext(Actor.command_line())
    return context


def _mask(kind: str, value: object) -> object:
    if not isinstance(value, str):
        return value
    return mask_id_number(value) if kind == "id" else mask_phone(value)


def register_audit_functions(dbapi_connection: sqlite3.Connection, context: AuditContext) -> None:
    def actor_field(key: str) -> str:
        actor = context.actor
        return {"user": actor.user, "role": str(actor.role), "machine": actor.machine}[key]

    dbapi_connection.create_function("audit_actor", 1, actor_field)
    dbapi_connection.create_function("audit_now", 0, lambda: datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
    dbapi_connection.create_function("audit_rows", 0, lambda: int(context.rows_logged))
    # Settings are writable by every role (bookkeeping such as when a reminder was last shown); rule settings
    # check the role in services before writing.
    dbapi_connection.create_function("audit_may_write", 1, lambda label: int(
        label == TABLE_LABELS["setting"] or context.actor.can(Permission.EDIT_DATA)))
    dbapi_connection.create_function("audit_mask", 2, _mask, deterministic=True)
    dbapi_connection.create_function("audit_hash", len(ENTRY_COLUMNS), lambda *values: entry_hash(values),
                                      deterministic=True)


def append_sql(action: str, target: str, details: str, result: str, user: str = "audit_actor('user')") -> str:
    """INSERT … SELECT appending one chained entry; the arguments are SQL expressions."""
    return f"""
    INSERT INTO {AUDIT_TABLE} (id, at, user_name, role, machine, action, target, details, result, prev_hash, hash)
    SELECT e.id, e.at, e.u, e.r, e.m, e.a, e.t, e.d, e.res, e.p,
           audit_hash(e.id, e.at, e.u, e.r, e.m, e.a, e.t, e.d, e.res, e.p)
    FROM (SELECT coalesce((SELECT max(id) FROM {AUDIT_TABLE}), 0) + 1 AS id, audit_now() AS at,
                 {user} AS u, audit_actor('role') AS r, audit_actor('machine') AS m, {action} AS a,
                 {target} AS t, {details} AS d, {result} AS res,
                 coalesce((SELECT hash FROM {AUDIT_TABLE} ORDER BY id DESC LIMIT 1), '') AS p) AS e"""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _value(row: str, column: str, declared_type: str) -> str:
    """The SQL expression logging a column's value: photos as their size, personal numbers masked."""
    ref = f'{row}."{column}"'
    if declared_type.upper() == "BLOB":
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE '〈图片 ' || length({ref}) || ' 字节〉' END"
    if column == "id_number":
        return f"audit_mask('id', {ref})"
    if column.endswith("phone"):
        return f"audit_mask('phone', {ref})"
    return ref


def _fields(triples: list[tuple[str, str, str]]) -> str:
    """A derived table (k, o, n) of field name, old and new value. Not VALUES: inside a trigger SQLite names a
    one-row VALUES' columns after their expressions, not column1, column2…"""
    return " UNION ALL ".join(f"SELECT {_quote(name)} AS k, {old} AS o, {new} AS n" for name, old, new in triples)


def _table_triggers(table: str, columns: list[tuple[str, str]]) -> list[str]:
    names = [name for name, _type in columns]
    key = "id" if "id" in names else names[0]
    naming = next((column for column in _NAMING_COLUMNS if column in names), None)
    label = _quote(TABLE_LABELS.get(table, table))

    def target(row: str) -> str:
        text = f"{label} || ' ' || {row}.\"{key}\"" if key != "id" else f"{label} || ' #' || {row}.id"
        return f"{text} || coalesce(' ' || substr({row}.\"{naming}\", 1, 40), '')" if naming else text

    logged = [(name, kind) for name, kind in columns if name not in _UNCHANGING]

    def values_json(row: str) -> str:  # the non-empty values of a new or deleted row
        fields = _fields([(name, _value(row, name, kind), "NULL") for name, kind in logged])
        return f"(SELECT json_group_object(k, o) FROM ({fields}) WHERE o IS NOT NULL AND o <> '')"

    changed = _fields([(name, _value("OLD", name, kind), _value("NEW", name, kind)) for name, kind in logged])
    changes_json = f"(SELECT json_group_object(k, json_array(o, n)) FROM ({changed}) WHERE o IS NOT n)"
    # The permission check runs even while row entries are suspended (demo loading): nobody writes without it.
    guard = f"SELECT RAISE(ABORT, '{WRITE_REFUSED}') WHERE NOT audit_may_write({label});"
    inserted = append_sql("'新增'", target("NEW"), values_json("NEW"), "'成功'") + " WHERE audit_rows()"
    updated = append_sql("'修改'", target("NEW"), changes_json, "'成功'") + " WHERE audit_rows() AND e.d <> '{}'"
    deleted = append_sql("'删除'", target("OLD"), values_json("OLD"), "'成功'") + " WHERE audit_rows()"
    return [f'CREATE TRIGGER "audit_{table}_{event}" AFTER {event.upper()} ON "{table}" BEGIN {guard} {body}; END'
            for event, body in (("insert", inserted), ("update", updated), ("delete", deleted))]


_APPEND_ONLY = [
    f'CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON {AUDIT_TABLE} '
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END",
    f'CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON {AUDIT_TABLE} '
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END",
]


def audited_tables(connection: Connection) -> dict[str, list[tuple[str, str]]]:
    tables = [name for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: [(row[1], row[2]) for row in connection.exec_driver_sql(f'PRAGMA table_info("{table}")')]
            for table in tables if table not in NOT_AUDITED}


def install_audit_triggers(connection: Connection) -> None:
    """(Re)create the audit triggers from the schema as it is now. Every migration that adds or changes a table
    calls this at its end, so new columns are logged too (a test checks every column is covered)."""
    existing = [name for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'audit_%'")]
    for name in existing:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for table, columns in audited_tables(connection).items():
        for statement in _table_triggers(table, columns):
            connection.exec_driver_sql(statement)
    for statement in _APPEND_ONLY:
        connection.exec_driver_sql(statement)
