"""Opening the SQLite file: pragmas, migrations, and a safety copy before any migration."""

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision. Known without importing Alembic (~0.2 s), so an up-to-date file opens fast;
# a test checks it equals Alembic's head.
SCHEMA_HEAD = "0003"


class DatabaseError(Exception):
    """The data file cannot be used; the message is Chinese and says what to do."""


def create_sqlite_engine(path: Path) -> Engine:
    # Connections move between the GUI thread and the one worker thread; the pool hands each to one at a time.
    # URL.create: a path with "?", "#" or "%" in it must not be parsed as part of a URL.
    engine = create_engine(URL.create("sqlite", database=str(path)), connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API objects
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

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


def migrate(engine: Engine, path: Path) -> Path | None:
    """Bring the file to the newest schema. Returns the safety copy made first, if there was data to protect."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command

    safety_copy = None
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety_copy = backup_file(path, path.parent / "backups" / f"{path.stem}-迁移前-{current or 'none'}-{stamp}.db")
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return safety_copy


def _refuse_foreign(path: Path) -> None:
    """Refuse, without changing it, the SQLite file of another program or of a newer version of this one."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            versions = (connection.execute("SELECT version_num FROM alembic_version").fetchall()
                        if "alembic_version" in tables else [])
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"数据文件 {path} 无法打开或已损坏：{exc}。请从备份恢复。") from exc
    if "alembic_version" not in tables and tables:
        raise DatabaseError(f"{path} 不是党建工作台的数据文件（里面是其他程序的数据）。请检查路径。")
    unknown = [version for (version,) in versions if version != SCHEMA_HEAD]
    known = {revision.revision for revision in _script_directory().walk_revisions()} if unknown else set()
    newer = [version for version in unknown if version not in known]
    if newer:
        raise DatabaseError(f"数据文件 {path} 是由更新版本的党建工作台创建的（数据版本 {newer[0]}），"
                            "本程序无法打开。请安装最新版本后再打开它。")


def open_engine(path: Path) -> tuple[Engine, sessionmaker[Session]]:
    """Open (creating if needed) and migrate the data file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}。请换一个有写入权限的位置。") from exc
    if path.is_dir():
        raise DatabaseError(f"{path} 是一个文件夹，不是数据文件。请指定文件，例如 {path / 'dangjian.db'}。")
    if path.exists() and path.stat().st_size > 0:
        try:
            with open(path, "rb") as handle:
                header = handle.read(16)
        except OSError as exc:
            raise DatabaseError(f"无法读取数据文件 {path}：{exc.strerror}。请检查文件权限。") from exc
        if header != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} 不是党建工作台的数据文件（也不是 SQLite 数据库）。请检查路径。")
        _refuse_foreign(path)
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
