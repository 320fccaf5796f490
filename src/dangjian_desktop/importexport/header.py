"""Finding the header row of a messy sheet and mapping its columns to field keys, for any kind of import.

Real sheets put merged title rows above the header, split it over two rows ("流动党员情况" over 流动方向 /
流出地), mark required columns with * or ※, add notes in brackets ("出生日期（年月日）") and break long names
over lines. Names are compared after normalising all of that away.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .sheet_reader import CellValue, UnusableFile

MAX_SCAN_ROWS = 20
REQUIRED_MARKERS = "*※★☆△▲#"  # what marks a required column: *姓名, 姓名※
_TRAILING_NOTE = re.compile(r"[(\[【〔{<《][^()\[\]【】〔〕{}<>《》]*[)\]】〕}>》]$")


class ColumnSpecLike(Protocol):
    """Anything with key, label and aliases — domain.roster.RosterColumn fits."""

    key: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    width: int = 12  # the column's width in a template or an export


@dataclass
class HeaderMatch:
    """Where the header is and what each column means. Row and column indexes are 0-based."""

    header_row: int                 # first header row (0-based); the user's row number is header_row + 1
    data_start: int                 # first row below the header (two-row headers end one row lower)
    columns: dict[int, str]         # column index → key; several columns may carry the same key
    unknown_headers: list[str] = field(default_factory=list)  # header texts that matched nothing, as written

    def columns_of(self, key: str) -> list[int]:
        return [col for col, k in self.columns.items() if k == key]


def normalize_header(text: object) -> str:
    """NFKC, every blank and line break removed, required-markers (*, ※) at either end removed."""
    if not isinstance(text, str):
        return ""
    name = "".join(unicodedata.normalize("NFKC", text).split())
    return name.strip(REQUIRED_MARKERS)


def _strip_note(name: str) -> str:
    """出生日期(年月日) → 出生日期; repeated so 姓名(必填)(中文) also works."""
    while True:
        shorter = _TRAILING_NOTE.sub("", name).strip(REQUIRED_MARKERS)
        if shorter == name or not shorter:
            return name
        name = shorter


class HeaderVocabulary:
    """The known names of a set of columns, normalised once."""

    def __init__(self, specs: Iterable[ColumnSpecLike], ignore: Iterable[str] = ()) -> None:
        self.specs = list(specs)
        self.labels = {s.key: s.label for s in self.specs}
        self._names: dict[str, str] = {}
        for spec in self.specs:  # the first spec to claim a name keeps it
            for raw in (spec.label, *spec.aliases):
                for name in (normalize_header(raw), _strip_note(normalize_header(raw))):
                    self._names.setdefault(name, spec.key)
        self._ignore = {_strip_note(normalize_header(n)) for n in ignore}

    def key_of(self, text: object) -> str | None:
        name = normalize_header(text)
        if not name:
            return None
        key = self._names.get(name)
        if key is None:
            key = self._names.get(_strip_note(name))
        return key

    def is_ignored(self, text: object) -> bool:
        name = normalize_header(text)
        return name in self._ignore or _strip_note(name) in self._ignore

    def aliases_text(self, key: str) -> str:
        spec = next(s for s in self.specs if s.key == key)
        return "、".join((spec.label, *spec.aliases))


def find_header(
    rows: Sequence[Sequence[CellValue]],
    specs: Iterable[ColumnSpecLike],
    *,
    required: Iterable[str] = (),
    ignore: Iterable[str] = ("序号", "编号", "年龄", "党龄"),
    file_label: str = "",
    max_scan: int = MAX_SCAN_ROWS,
) -> HeaderMatch:
    """Find the header among the first `max_scan` rows: the row naming the most distinct known columns.

    `required` are keys that must be present, else UnusableFile names the missing columns. `ignore` are headers
    that are expected and dropped silently (序号, derived values). `file_label` names the file in messages.
    `specs` may be a prebuilt HeaderVocabulary (then `ignore` is the vocabulary's own).
    """
    vocab = specs if isinstance(specs, HeaderVocabulary) else HeaderVocabulary(specs, ignore)
    where = f"“{file_label}”" if file_label else "表格"
    scan = [list(r) for r in rows[:max_scan]]
    scores = [len({k for k in map(vocab.key_of, row) if k}) for row in scan]
    if not scores or max(scores) == 0:
        raise UnusableFile(f"{where}的前{max_scan}行中找不到表头（列名行），例如“姓名”“公民身份号码”。"
                           "请确认选对了文件和工作表，并且表头没有被删除。")
    best = scores.index(max(scores))
    band = _header_band(scan, best, vocab)
    match = _map_columns(scan, band, vocab)
    missing = [k for k in required if k not in match.columns.values()]
    if missing:
        lines = "；".join(f"“{vocab.labels[k]}”（也可叫 {vocab.aliases_text(k)}）" for k in missing)
        unknown = f"表头中未能识别的列：{'、'.join(match.unknown_headers)}。" if match.unknown_headers else ""
        raise UnusableFile(f"{where}缺少必需的列：{lines}。表头在第{best + 1}行。{unknown}"
                           "请在表头中加上这些列，或把列名改成上面的名称后再导入。")
    return match


def _header_band(rows: list[list[CellValue]], best: int, vocab: HeaderVocabulary) -> list[int]:
    """The header rows: `best`, plus a parent row above or a sub-header row below it when the header is split."""
    band = [best]
    mapped = {c for c, v in enumerate(rows[best]) if vocab.key_of(v)}
    if best > 0:
        above = rows[best - 1]
        # Vertically merged names (姓名 spanning two rows) sit in the upper row, blank in the lower one.
        if any(vocab.key_of(v) and c not in mapped and _blank(rows[best], c) for c, v in enumerate(above)):
            band.insert(0, best - 1)
    if best + 1 < len(rows):
        below = [(c, v) for c, v in enumerate(rows[best + 1]) if not _blank(rows[best + 1], c)]
        all_names = below and all(vocab.key_of(v) or vocab.is_ignored(v) for _, v in below)
        if all_names and any(vocab.key_of(v) and c not in mapped for c, v in below):
            band.append(best + 1)
    return band


def _map_columns(rows: list[list[CellValue]], band: list[int], vocab: HeaderVocabulary) -> HeaderMatch:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    width = max(len(rows[r]) for r in band)
    for col in range(width):
        names = [rows[r][col] for r in band if not _blank(rows[r], col)]
        key = next((k for k in map(vocab.key_of, reversed(names)) if k), None)  # the lowest name is most specific
        if key:
            columns[col] = key
        elif names and not any(vocab.is_ignored(n) for n in names):
            unknown.append(" ".join(str(names[-1]).split()))
    return HeaderMatch(band[0], band[-1] + 1, columns, unknown)


def _blank(row: Sequence[CellValue], col: int) -> bool:
    if col >= len(row):
        return True
    value = row[col]
    return value is None or (isinstance(value, str) and not value.strip())
