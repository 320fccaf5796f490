"""What the ledger imports (services.meeting_import, services.visit_import) share: the preview row that may
repeat a stored record, the preview over those rows, and the steps around reading the sheet and writing the rows.

Unlike the roster and census imports, a ledger import never updates what it repeats: such a row is a conflict,
skipped by default.
"""

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from ..domain.progress import Progress
from .auto_backup import backup_before_import
from .database import Database
from .member_import import CONFLICT_KIND, ImportRefused, PreviewCounts, RowIssue, RowStatus, UnusableImportFile

CHUNK = 500  # rows per executemany

Record = TypeVar("Record")
Row = TypeVar("Row", bound="LedgerPreviewRow")
Sheet = TypeVar("Sheet")
Item = TypeVar("Item")


@dataclass
class LedgerPreviewRow(Generic[Record]):
    row_number: int
    record: Record
    status: RowStatus
    issues: list[RowIssue] = field(default_factory=list)
    existing_id: int | None = None  # the stored record this row repeats (status CONFLICT)


@dataclass
class LedgerImportPreview(PreviewCounts, Generic[Row]):
    path: Path
    rows: list[Row]
    header_row: int
    unknown_headers: list[str]

    def rejected_rows(self) -> list[Row]:
        return [row for row in self.rows if row.status is RowStatus.REJECTED]

    def rows_to_write(self) -> list[Row]:
        """The rows written unless the user chooses otherwise: neither rejected nor repeating a record."""
        return [row for row in self.rows if row.status not in (RowStatus.REJECTED, RowStatus.CONFLICT)]

    def refuse_rejected(self, skip_invalid: bool, records: str) -> None:
        """ImportRefused when rows were rejected and the user did not choose to skip them; `records` names what
        was not imported (会议记录, 走访记录)."""
        rejected = self.rejected_rows()
        if rejected and not skip_invalid:
            raise ImportRefused(f"有 {len(rejected)} 行被拒绝（第 {rejected[0].row_number} 行起），未导入任何{records}。"
                                "请改正后重新导入，或选择跳过被拒绝的行。")


class Repeats:
    """Marks the rows that repeat a stored record, or an earlier row of the file (the same key), as conflicts."""

    def __init__(self, column: str, same: str) -> None:
        """`column` is where the issue is shown; `same` says what makes two rows one: 走访（指导员、企业和日期都相同）."""
        self.column, self.same = column, same
        self.first_of: dict[Hashable, int] = {}

    def mark(self, row: LedgerPreviewRow, key: Hashable, stored: tuple[int, str] | None) -> None:
        """`stored`: the id of the stored record with this key and how to describe it, or None."""
        if stored is not None:
            row.existing_id, message = stored
        elif key in self.first_of:
            message = f"与第{self.first_of[key]}行是同一次{self.same}"
        else:
            self.first_of[key] = row.row_number
            return
        row.issues.append(RowIssue(self.column, CONFLICT_KIND, f"{message}，默认跳过，不会重复导入"))
        row.status = RowStatus.CONFLICT


def read_ledger(read: Callable[..., Sheet], path: Path, today: date, progress: Progress) -> Sheet:
    """The sheet `read` (an importexport reader) makes of `path`; a file it cannot use is an UnusableImportFile."""
    from ..importexport.sheet_reader import UnusableFile

    try:
        return read(path, today=today, progress=progress)
    except UnusableFile as exc:
        raise UnusableImportFile(str(exc)) from exc


@contextmanager
def import_transaction(db: Database, progress: Progress) -> Iterator[Session]:
    """A backup first, then one transaction: all the rows or nothing, also when the user cancels at the end."""
    backup_before_import(db)
    with db.transaction() as session:
        yield session
        progress.check()  # the last chance to cancel: nothing is kept


def in_chunks(items: Sequence[Item], progress: Progress, message: str) -> Iterator[Sequence[Item]]:
    """`items` CHUNK at a time, with a chance to cancel before each chunk and the progress told after it."""
    for start in range(0, len(items), CHUNK):
        progress.check()
        chunk = items[start:start + CHUNK]
        yield chunk
        progress.report(start + len(chunk), len(items), message)
