"""Opening the SQLite file: pragmas, migrations, and a safety copy before any migration."""

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The data file cannot be used; the message is Chinese and says what to do."""


def create_sqlite_engine(path: Path) -> Engine:
    # Connections move between the GUI thread and the one worker thread; the pool hands each to one at a time.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API objects
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine


def _alembic_config(engine_url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine_url)
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_file(source: Path, target: Path) -> Path:
    """Copy a live SQLite file with SQLite's backup API (never a plain file copy of an open database)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def migrate(engine: Engine, path: Path) -> Path | None:
    """Bring the file to the newest schema. Returns the safety copy made first, if there was data to protect."""
    from alembic import command

    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    safety_copy = None
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety_copy = backup_file(path, path.parent / "backups" / f"{path.stem}-迁移前-{current or 'none'}-{stamp}.db")
    config = _alembic_config(str(engine.url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return safety_copy


def open_engine(path: Path) -> tuple[Engine, sessionmaker[Session]]:
    """Open (creating if needed) and migrate the data file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}。请换一个有写入权限的位置。") from exc
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise DatabaseError(f"{path} 不是党建工作台的数据文件（也不是 SQLite 数据库）。请检查路径。")
    engine = create_sqlite_engine(path)
    try:
        migrate(engine, path)
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc}。请从备份恢复。") from exc
    except Exception as exc:
        engine.dispose()
        if isinstance(getattr(exc, "orig", None), sqlite3.Error):
            raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc.orig}。请从备份恢复。") from exc
        raise
    return engine, sessionmaker(engine, expire_on_commit=False)
