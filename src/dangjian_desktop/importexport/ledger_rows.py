"""Reading a ledger (台账) — one entry per row under a header — as offices keep them, for every import of past
records (meetings, the enterprise census, visits).

What all of them share: the first worksheet that has the header is used (a leading 说明 sheet is passed over),
blank rows are skipped, a signature or total row (填表人：…, 合计) ends the table, the template's example row and
section titles merged across the sheet are passed over, and so is the header repeated above each block. Which
cells make an entry and what they mean is for each reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.progress import NO_PROGRESS, Progress
from .cells import SOFT_TABLE, WIDE_CHARS, cell_text
from .header import REQUIRED_MARKERS, HeaderMatch, HeaderVocabulary, find_header
from .member_sheet import EXAMPLE_ROW_NOTE, FOOTER_PREFIXES
from .sheet_reader import CellValue, SheetData, UnusableFile, read_sheets

PROGRESS_EVERY = 200


@dataclass
class LedgerSheet:
    """What a reader says about the sheet besides its entries."""

    header_row: int                   # 1-based
    unknown_headers: list[str]
    sheet_name: str = ""
    example_rows: list[int] = field(default_factory=list)
    footer_row: int | None = None
    column_names: dict[str, str] = field(default_factory=dict)  # key → the header as this sheet writes it
    labels: dict[str, str] = field(default_factory=dict, repr=False)  # key → the standard label

    def column_name(self, key: str) -> str:
        """What to call a column in messages: the user's own header ("信用代码"), else the standard label."""
        return self.column_names.get(key) or self.labels.get(key, key)


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def is_footer(text: str) -> bool:
    return "".join(unicodedata.normalize("NFKC", text).split()).startswith(FOOTER_PREFIXES)


def plain_text(value: CellValue) -> str:
    """Free text as typed: only full-width letters, digits and blanks folded (Chinese punctuation kept)."""
    if isinstance(value, str):
        return (value.translate(SOFT_TABLE) if WIDE_CHARS.search(value) else value).strip()
    return cell_text(value)


def find_ledger_header(rows: Sequence[Sequence[CellValue]], vocabulary: HeaderVocabulary, required: Collection[str],
                       file_name: str, examples: str) -> HeaderMatch:
    """`examples` names a few columns for the message when no header is found: “企业名称”“行业”."""
    if not any(vocabulary.key_of(value) for row in rows[:20] for value in row):
        raise UnusableFile(f"“{file_name}”的前20行中找不到表头（列名行），例如{examples}。"
                           "请确认选对了文件和工作表，并且表头没有被删除。")
    return find_header(rows, vocabulary, required=required, file_label=file_name)


def open_ledger(path: Path, vocabulary: HeaderVocabulary, required: Collection[str], examples: str,
                progress: Progress = NO_PROGRESS) -> tuple[SheetData, HeaderMatch, set[int]]:
    """(sheet, header, heading rows) of the first worksheet with the header. Raises UnusableFile or Cancelled.

    Heading rows are the 0-based indexes of rows holding a merge across three or more columns (a section title).
    """
    progress.report(0, 0, "正在打开文件…")
    first_error: UnusableFile | None = None
    for sheet in read_sheets(path):
        progress.check()
        try:
            match = find_ledger_header(sheet.rows, vocabulary, required, path.name, examples)
        except UnusableFile as exc:
            first_error = first_error or exc
            continue
        return sheet, match, {top for (top, left), (_, right) in sheet.merged if right - left >= 2}
    assert first_error is not None  # read_sheets raises when there is no sheet at all
    raise first_error


class LedgerRows:
    """The entries below the header of one sheet, each as key → the non-blank cells of that key's columns."""

    def __init__(self, rows: Sequence[Sequence[CellValue]], match: HeaderMatch, vocabulary: HeaderVocabulary, *,
                 entry_keys: AbstractSet[str], header_keys: tuple[str, ...],
                 headings: AbstractSet[int] = frozenset()) -> None:
        """A row with none of `entry_keys` filled is no entry (what a merged cell leaves on the rows below); a row
        whose first cells under all `header_keys` are those columns' names is the header repeated."""
        self.rows, self.match, self.vocabulary = rows, match, vocabulary
        self.entry_keys, self.header_keys, self.headings = entry_keys, header_keys, headings
        self.plan: dict[str, list[int]] = {}
        for col, key in sorted(match.columns.items()):
            self.plan.setdefault(key, []).append(col)
        self.column_names = self._column_names()
        self.example_rows: list[int] = []
        self.footer_row: int | None = None

    def entries(self, progress: Progress = NO_PROGRESS) -> Iterator[tuple[int, dict[str, list[CellValue]]]]:
        """(1-based row number, cells) for each entry; stops at the footer."""
        rows, start = self.rows, self.match.data_start
        width = max(self.match.columns) + 1
        total = len(rows) - start
        for index in range(start, len(rows)):
            done = index - start
            if done % PROGRESS_EVERY == 0:
                progress.check()
                progress.report(done, total, f"正在检查第 {index + 1} 行…")
            row = list(rows[index])
            first = next((v for v in row if not is_blank(v)), None)
            if first is None:
                continue
            if isinstance(first, str) and is_footer(first):
                self.footer_row = index + 1
                break
            if EXAMPLE_ROW_NOTE in row:
                self.example_rows.append(index + 1)
                continue
            if index in self.headings and sum(1 for v in row if not is_blank(v)) == 1:
                continue
            row.extend([""] * (width - len(row)))
            cells = {key: [row[c] for c in cols if not is_blank(row[c])] for key, cols in self.plan.items()}
            if not any(cells.get(key) for key in self.entry_keys):
                continue
            if all(self.vocabulary.key_of(v) == key for key in self.header_keys for v in cells.get(key, [""])[:1]):
                continue
            yield index + 1, cells
        progress.report(total, total, "检查完成")

    def _column_names(self) -> dict[str, str]:
        names = {}
        for key, cols in self.plan.items():
            for index in range(self.match.data_start - 1, self.match.header_row - 1, -1):  # the lowest header first
                header = self.rows[index]
                if cols[0] < len(header) and not is_blank(header[cols[0]]):
                    names[key] = "".join(str(header[cols[0]]).split()).strip(REQUIRED_MARKERS)
                    break
        return names
