"""Dates as rosters hold them: real dates, Excel serial numbers and many text forms."""

import calendar
import re
from datetime import date, datetime, timedelta

from .text import compact

_EXCEL_EPOCH = date(1899, 12, 30)
_SEPARATED = re.compile(r"^(\d{4})[-./年](\d{1,2})(?:[-./月](\d{1,2})日?|月?)$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def parse_date(value: object) -> date | None:
    """Read a date from a cell or a typed text; None when empty. Raises ValueError with a Chinese message.

    Accepted: date/datetime, Excel serial numbers, 1985.03.12, 1985年3月12日, 1985-3-12, 1985/3/12, 19850312,
    and month-only forms (1985.03, 1985年3月, 198503) which mean the first day of that month.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(value)
    text = compact(value)
    if not text:
        return None
    text = text.rstrip("日") if text.endswith("日日") else text
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3) or "1"
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"日期“{value}”不存在") from None
    if text.isdigit() or re.fullmatch(r"\d+\.\d+", text):
        return _from_number(float(text))
    raise ValueError(f"无法识别日期“{value}”，请写成 1985-03-12 或 1985年3月12日")


def _from_number(number: float) -> date:
    whole = int(number)
    if 19000101 <= whole <= 21001231 and number == whole:
        return parse_date(str(whole))
    if 1 <= whole <= 80000:
        return _EXCEL_EPOCH + timedelta(days=whole)
    raise ValueError(f"无法识别日期“{number}”，请写成 1985-03-12")


def years_between(start: date, end: date) -> int:
    """Whole years from start to end (age, 党龄)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
