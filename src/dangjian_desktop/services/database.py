"""The open data file: one object the GUI and the CLI pass to every service."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..db.engine import DatabaseError, open_engine
from ..paths import default_database_path

__all__ = ["Database", "DatabaseError", "open_database"]


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or rolled back whole on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str | None = None) -> Database:
    """Open the given file, or DANGJIAN_DB, or the one in the per-user data folder; migrate it first."""
    resolved = Path(path) if path else default_database_path()
    engine, sessions = open_engine(resolved)
    return Database(resolved, engine, sessions)
