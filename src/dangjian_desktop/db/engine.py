"""Opening the SQLite file: pragmas, migrations, and a safety copy before any migration."""

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from .audit_schema import audit_context, register_audit_functions

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision. Known without importing Alembic (~0.2 s), so an up-to-date file opens fast;
# a test checks it equals Alembic's head.
SCHEMA_HEAD = "0004"


class DatabaseError(Exception):
    """The data file cannot be used; the message is Chinese and says what to do."""


def create_sqlite_engine(path: Path) -> Engine:
    # Connections move between the GUI thread and the one worker thread; the pool hands each to one at a time.
    # URL.create: a path with "?", "#" or "%" in it must not be parsed as part of a URL.
    engine = create_engine(URL.create("sqlite", database=str(path)), connect_args={"check_same_thread": False})
    context = audit_context(engine)   # who acts, for the audit triggers (db/audit_schema.py)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API objects
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        register_audit_functions(dbapi_connection, context)

    return engine


def _alembic_config():
    """No URL: env.py always runs on the connection migrate() hands in. "%" is doubled for configparser."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return _script_directory().get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def backup_file(source: Path, target: Path, *, standalone: bool = False) -> Path:
    """Copy a live SQLite file with SQLite's backup API (never a plain file copy of an open database).

    The copy inherits the source's WAL mode; standalone=True switches it to a rollback journal, so it is one
    self-contained file that can be read where it lies (a USB stick, a read-only folder). Both connections are
    closed on return, so the copy can be moved or deleted at once (Windows keeps open files locked)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        if standalone:
            dst.execute("PRAGMA journal_mode=DELETE")
    return target


# Called with the data file's path before a file holding data is upgraded; it backs the file up (services pass
# services.backups.backup_before_migration: db/ cannot import services) and raises to stop the upgrade.
BeforeMigration = Callable[[Path], object]


def migrate(engine: Engine, path: Path, before_migration: BeforeMigration | None = None) -> None:
    """Bring the file to the newest schema. A file that already holds tables is first handed to
    `before_migration` (a new, empty file has nothing to protect)."""
    if current_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    if before_migration is not None and inspect(engine).get_table_names():
        before_migration(path)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _has_sqlite_header(path: Path) -> bool:
    """Only once SQLite has refused the file: then no connection of ours can be holding locks on it."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _refuse_foreign(path: Path) -> None:
    """Refuse, without changing it, a file that is no SQLite database, or the SQLite file of another program or
    of a newer version of this one. Read through SQLite, never with open(): closing any other handle to the file
    drops this process's SQLite locks on it (POSIX), and a second Database in the process would corrupt it."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            versions = (connection.execute("SELECT version_num FROM alembic_version").fetchall()
                        if "alembic_version" in tables else [])
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB and not _has_sqlite_header(path):
            raise DatabaseError(f"{path} 不是党建工作台的数据文件（也不是 SQLite 数据库）。请检查路径。") from exc
        if exc.sqlite_errorcode in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            raise DatabaseError(f"无法读取数据文件 {path}：{exc}。请检查文件权限。") from exc
        raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc}。请从备份恢复。") from exc
    if "alembic_version" not in tables and tables:
        raise DatabaseError(f"{path} 不是党建工作台的数据文件（里面是其他程序的数据）。请检查路径。")
    unknown = [version for (version,) in versions if version != SCHEMA_HEAD]
    known = {revision.revision for revision in _script_directory().walk_revisions()} if unknown else set()
    newer = [version for version in unknown if version not in known]
    if newer:
        raise DatabaseError(f"数据文件 {path} 是由更新版本的党建工作台创建的（数据版本 {newer[0]}），"
                            "本程序无法打开。请安装最新版本后再打开它。")


def open_engine(path: Path, before_migration: BeforeMigration | None = None) -> tuple[Engine, sessionmaker[Session]]:
    """Open (creating if needed) and migrate the data file; `before_migration` backs it up before an upgrade."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}。请换一个有写入权限的位置。") from exc
    if path.is_dir():
        raise DatabaseError(f"{path} 是一个文件夹，不是数据文件。请指定文件，例如 {path / 'dangjian.db'}。")
    if path.exists() and path.stat().st_size > 0:
        _refuse_foreign(path)
    engine = create_sqlite_engine(path)
    try:
        migrate(engine, path, before_migration)
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc}。请从备份恢复。") from exc
    except Exception as exc:
        engine.dispose()
        if isinstance(getattr(exc, "orig", None), sqlite3.Error):
            raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc.orig}。请从备份恢复。") from exc
        raise
    return engine, sessionmaker(engine, expire_on_commit=False)
