"""Turning one cell, as calamine or the CSV reader gives it, into the value a record field wants.

Calamine returns every number as a float (whole numbers too) and dates as date/datetime. These helpers are
called about a million times for a 50,000-row sheet, so they stay plain and cheap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from ..domain.dates import parse_date

_EXACT_FLOAT_LIMIT = 2 ** 53  # above this a whole number in a float has lost digits
_MONTH_ONLY = re.compile(r"^\d{4}(?:[-./年]\d{1,2}月?|\d{2})$")

TRUE_WORDS = frozenset({"是", "y", "yes", "true", "√", "✓", "✔", "1", "有", "对"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "×", "✗", "✘", "x", "0", "无", "不是", "-", "/", "—"})
COUNT_UNITS = ("人", "名", "个", "家", "处")  # what follows a count written as text: "35人", "3个"


# Free text keeps its Chinese punctuation （）：，— NFKC would turn them into ASCII and an exported roster
# would no longer read back unchanged. Only full-width letters/digits and the ideographic space are folded.
SOFT_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp).isalnum()} | {0x3000: 0x20, 0xA0: 0x20}
# The same characters as a pattern: searching first is 6x faster than translating every string.
WIDE_CHARS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\xa0]")


def cell_text(value: object) -> str:
    """A short word or code as typed: NFKC (all full-width forms to half-width), surrounding blanks removed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip() if not value.isascii() else value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if value is None:
        return ""
    return str(value)


def cell_number_text(value: object) -> str:
    """Phones and similar: a whole-number float (13812345678.0) becomes "13812345678"."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
        return str(int(value))
    return cell_text(value)


def cell_id(value: object) -> object:
    """What to hand to domain.idcard: floats stay floats (rejected there: Excel dropped the last digits)."""
    if isinstance(value, bool):
        return cell_text(value)
    if isinstance(value, int):
        # calamine gives ints only for small whole numbers; a huge one came from a float and is damaged too
        return float(value) if abs(value) >= _EXACT_FLOAT_LIMIT else str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def cell_date(value: object) -> tuple[date | None, bool]:
    """(date, month_only). Raises ValueError with a Chinese message (from domain.dates or here).

    Handles what parse_date cannot know: "1985.03" typed into Excel arrives as the number 1985.03 and 198503
    as 198503.0; a bare 1985 is a year, not the serial number of a day in 1905.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        if 1900 <= value < 2101:
            return _year_month(value), True
        if 190001 <= value <= 210012 and value == int(value):
            return _parse_month(str(int(value))), True
        return parse_date(value), False
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, False
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        compact = "".join(text.split())
        if _MONTH_ONLY.match(compact):
            return _parse_month(compact), True
        if len(compact) == 4 and compact.isdigit():
            return _year_month(int(compact)), True
        return parse_date(compact), False
    if isinstance(value, time | timedelta):
        raise ValueError(f"“{value}”是时间，不是日期，请写成 1985-03-12")
    return parse_date(value), False


def _parse_month(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(f"日期“{text}”中的月份不对，请写成 {text[:4]}-03-12") from None


def _year_month(number: float | int) -> date:
    year = int(number)
    if number == year:
        raise ValueError(f"“{year}”只有年份，请写出完整日期，如 {year}-03-12")
    hundredths = round((number - year) * 100)
    if abs((number - year) * 100 - hundredths) > 1e-6:
        raise ValueError(f"无法识别日期“{number}”，请写成 {year}-03-12")
    if hundredths == 10:
        # Excel keeps 1985.10 as the number 1985.1, and so is 1985.1 typed for January: ask, never guess.
        raise ValueError(f"“{number}”可能是{year}年1月，也可能是{year}年10月（Excel 把 {year}.10 存成了数字"
                         f" {number}），请写成 {year}-01 或 {year}-10")
    month = hundredths // 10 if hundredths % 10 == 0 else hundredths
    if not 1 <= month <= 12:
        raise ValueError(f"日期“{number}”中的月份不对，请写成 {year}-03-12")
    return date(year, month, 1)


def cell_count(value: object) -> int | None:
    """A head count or number of outlets: 35, 35.0, "35", "３５人", "12名"; None when it is not a whole number ≥ 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float | int):
        return int(value) if math.isfinite(value) and value >= 0 and value == int(value) else None
    text = "".join(cell_text(value).split())
    for unit in COUNT_UNITS:
        text = text.removesuffix(unit)
    return int(text) if text.isascii() and text.isdigit() else None


def cell_bool(value: object) -> bool | None:
    """True/False for 是/否, Y/N, √/×, 1/0; False for a blank; None when the text means neither."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    if isinstance(value, float | int):
        return bool(value) if value in (0, 1) else None
    text = "".join(cell_text(value).split()).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None
