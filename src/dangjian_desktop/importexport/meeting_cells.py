"""Reading the cells of a meeting ledger: meeting types, times, "date and time" cells and lists of names.

Offices write these any way they like: 支委会 for 支部委员会, 14：30 or 下午2点半, "2024年3月5日 14:30-16:00"
in one cell, names separated by 、，; or blanks, leave reasons in brackets. Every function returns the
standard form or raises ValueError with a Chinese message that says how to write it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from ..domain.dates import parse_date
from ..domain.meetings import MeetingType

_TYPE_ALIASES = {
    MeetingType.PARTY_CONGRESS: ("党员大会", "支部大会", "全体党员大会", "支部党员大会会议", "党员大会会议"),
    MeetingType.COMMITTEE: ("支委会", "支委会会议", "支委会议", "支部委员会会议", "支部委员会议", "支委扩大会"),
    MeetingType.GROUP: ("小组会", "党小组会议", "党小组学习", "党小组活动"),
    MeetingType.LECTURE: ("上党课", "讲党课", "专题党课", "党课学习"),
    MeetingType.THEMED_DAY: ("主题党日活动", "党日活动", "固定党日", "主题党日会议"),
    MeetingType.LIFE_MEETING: ("专题组织生活会", "组织生活会议", "支部组织生活会"),
    MeetingType.REVIEW: ("民主评议", "民主评议党员大会", "民主评议会"),
}
_TYPE_BY_NAME = {alias: kind for kind, aliases in _TYPE_ALIASES.items() for alias in aliases}
# A word that names exactly one type inside a longer text ("2024年第一季度支部党员大会").
_TYPE_WORDS = (("党小组", MeetingType.GROUP), ("支委", MeetingType.COMMITTEE), ("支部委员会", MeetingType.COMMITTEE),
               ("党员大会", MeetingType.PARTY_CONGRESS), ("党课", MeetingType.LECTURE),
               ("党日", MeetingType.THEMED_DAY), ("组织生活会", MeetingType.LIFE_MEETING),
               ("民主评议", MeetingType.REVIEW))
TYPE_CHOICES = "、".join(MeetingType)

_EARLIEST = date(1921, 7, 1)
_PM = ("下午", "晚上", "傍晚", "晚")
_PREFIXES = ("上午", "早上", "早晨", "凌晨", "中午", *_PM, "早")
_TIME = re.compile(r"^(\d{1,2})(?:[:.时点](\d{1,2}|半)?分?)?$")
_DAY = re.compile(r"^(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|\d{8})")
_WEEKDAY = re.compile(r"^[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?")
_RANGE = re.compile(r"[-~—–－至到]+")
_OPENERS, _CLOSERS = "（(【[〔", "）)】]〕"
_SEPARATORS = frozenset("、，,;；/／|｜\n\r\t \u3000")
_NOBODY = frozenset({"无", "没有", "暂无", "/", "-", "—", "——", "0", "无人", "空"})
_EVERYONE = frozenset({"全体", "全体党员", "全体人员", "全体支委", "全体委员", "全体组员", "全员", "全部"})
_HEADCOUNT = re.compile(r"^共?\d+人$")
_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·"})
_UNCLEAN = re.compile(r"[\s•・．‧]")
_SPLIT = re.compile("[" + re.escape("".join(_SEPARATORS)) + "]+")
_NEEDS_SCAN = re.compile("[" + re.escape(_OPENERS + _CLOSERS + ":：•・．‧") + "]")


def meeting_type_of(text: str) -> tuple[str, bool]:
    """(the standard type, was_rewritten) for what a ledger calls it; ValueError when it names none or several."""
    name = "".join(unicodedata.normalize("NFKC", text).split())
    if name in set(MeetingType):
        return name, False
    if name in _TYPE_BY_NAME:
        return _TYPE_BY_NAME[name], True
    found = {kind for word, kind in _TYPE_WORDS if word in name}
    if len(found) == 1:
        return found.pop(), True
    if len(found) > 1:
        raise ValueError(f"会议类型“{text}”包含几种会议，一行只能记一次会议，请分成几行；类型应为：{TYPE_CHOICES}")
    raise ValueError(f"无法识别会议类型“{text}”，应为：{TYPE_CHOICES}")


def meeting_time(value: object) -> tuple[str, str]:
    """(start, end) "HH:MM" from a time cell: a time, an Excel day fraction, or text such as 下午2:30-4:00."""
    if isinstance(value, time):
        return f"{value:%H:%M}", ""
    if isinstance(value, datetime):  # a time typed into a date-formatted cell arrives on 1899-12-30/31
        return f"{value:%H:%M}", ""
    if isinstance(value, timedelta):
        return _fraction_time(value.total_seconds() / 86400), ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if 0 <= value < 1:
            return _fraction_time(value), ""
        if value == int(value):
            return _time_text(str(int(value))), ""  # 1430, or 14 for 14:00
        # 14.30 typed into a number cell arrives as 14.3: the decimals are minutes
        return _time_text(f"{int(value)}:{round((value - int(value)) * 100)}"), ""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return time_range(text)


def time_range(text: str) -> tuple[str, str]:
    """"14:30-16:00", "下午2:30至4:00", "14:30": (start, end or "")."""
    parts = [p for p in _RANGE.split(text) if p]
    if not parts or len(parts) > 2:
        raise ValueError(f"无法识别时间“{text}”，请写成 14:30 或 14:30-16:00")
    start = _time_text(parts[0])
    if len(parts) == 1:
        return start, ""
    # "下午2:30-4:00": the second time takes the first one's 下午 unless it says otherwise
    prefix = next((p for p in _PREFIXES if parts[0].startswith(p)), "")
    second = parts[1] if parts[1].startswith(_PREFIXES) else prefix + parts[1]
    end = _time_text(second)
    return start, end


def _fraction_time(fraction: float) -> str:
    minutes = round(fraction * 24 * 60)
    if not 0 <= minutes < 24 * 60:
        raise ValueError(f"无法识别时间“{fraction}”，请写成 14:30")
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _time_text(text: str) -> str:
    original = text
    text = "".join(unicodedata.normalize("NFKC", text).split())
    prefix = next((p for p in _PREFIXES if text.startswith(p)), "")
    text = text[len(prefix):]
    upper = text.upper()
    if upper.endswith(("AM", "PM")):
        prefix = prefix or ("下午" if upper.endswith("PM") else "上午")
        text = text[:-2]
    if text.count(":") == 2:
        text = text.rsplit(":", 1)[0]  # seconds
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"无法识别时间“{original}”，请写成 14:30")
    hour = int(match.group(1))
    minute = 30 if match.group(2) == "半" else int(match.group(2) or 0)
    if (prefix in _PM and hour < 12) or (prefix == "中午" and hour < 11):
        hour += 12
    if hour > 23 or minute > 59:
        raise ValueError(f"时间“{original}”不存在，请写成 14:30")
    return f"{hour:02d}:{minute:02d}"


def meeting_when(value: object) -> tuple[date | None, str, str]:
    """(date, start, end) from a 日期 or 会议时间 cell, which may hold a date, a time, or both."""
    if isinstance(value, datetime):
        if value.year < 1901:
            return None, f"{value:%H:%M}", ""
        clock = f"{value:%H:%M}" if value.time() != time() else ""
        return value.date(), clock, ""
    if isinstance(value, date):
        return value, "", ""
    if isinstance(value, time | timedelta):
        return None, *meeting_time(value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        if 0 <= value < 1:
            return None, *meeting_time(value)
        if 1900 <= value < 2101 or 190001 <= value <= 210012:
            raise _partial_date(value)
        day = parse_date(int(value))
        return day, (_fraction_time(value - int(value)) if value != int(value) else ""), ""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    match = _DAY.match(text)
    if match is None:
        if re.match(r"^\d{4}(?:[-./年]\d{1,2}月?|年)?$", text) and 1900 <= int(text[:4]) <= 2100:
            raise _partial_date(value)
        try:
            return None, *time_range(text)
        except ValueError:
            raise ValueError(f"无法识别日期“{value}”，请写成 2024-03-05 或 2024年3月5日") from None
    day = parse_date(match.group(1))
    rest = _WEEKDAY.sub("", text[match.end():])
    if not rest:
        return day, "", ""
    return day, *time_range(rest)


def _partial_date(value: object) -> ValueError:
    return ValueError(f"日期“{value}”没有写到具体哪一天，请写出会议的日期，如 2024-03-05")


def check_meeting_date(day: date, today: date) -> None:
    if day > today:
        raise ValueError(f"日期 {day:%Y-%m-%d} 晚于今天，只能导入已经召开的会议")
    if day < _EARLIEST:
        raise ValueError(f"日期 {day:%Y-%m-%d} 不可能是会议日期，请检查年份")


def split_names(text: str) -> list[tuple[str, str]]:
    """[(name, reason)] from "张三（出差）、李四，王 五": brackets or a colon give the reason.

    Separators inside brackets belong to the reason. A one-character piece is never a whole Chinese name: pieces
    like "王 五" (names padded with blanks to line up) are joined back together. Names come back clean_name'd.
    """
    if not _NEEDS_SCAN.search(text):  # the usual "张三、李四、王五": no brackets, colons or dots to look at
        plain = [piece for piece in _SPLIT.split(text) if piece]
        if all(len(piece) > 1 for piece in plain):
            return [(piece, "") for piece in plain if not _HEADCOUNT.match(piece)]
    pieces: list[tuple[str, bool]] = []  # (piece, separated from the previous one by blanks only)
    current: list[str] = []
    depth, blank_only = 0, True

    def flush() -> None:
        nonlocal current, blank_only
        if current:
            pieces.append(("".join(current), blank_only))
            current, blank_only = [], True

    for char in text:
        if depth == 0 and char in _SEPARATORS:
            flush()
            blank_only = blank_only and char.isspace()
            continue
        current.append(char)
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
            if depth == 0:
                flush()  # "张三（出差）李四（病假）": a closing bracket ends the name
    flush()
    joined: list[str] = []
    for piece, blank_only in pieces:
        if joined and blank_only and len(piece) == 1 and len(joined[-1]) == 1:
            joined[-1] += piece
        else:
            joined.append(piece)
    result = []
    for piece in joined:
        name, reason = _name_and_reason(piece)
        if name and not _HEADCOUNT.match(name):
            result.append((name, reason))
    return result


def _name_and_reason(piece: str) -> tuple[str, str]:
    piece = piece.strip()
    for index, char in enumerate(piece):
        if char in _OPENERS:
            reason = piece[index + 1:].rstrip(_CLOSERS).strip()
            return clean_name(piece[:index]), reason
        if char in ":：":
            return clean_name(piece[:index]), piece[index + 1:].strip()
    return clean_name(piece), ""


def clean_name(name: str) -> str:
    """A person's name as compared with the roster: blanks removed, the dots of minority names made alike."""
    if not _UNCLEAN.search(name):
        return name
    return "".join(name.split()).translate(_DOTS)


def is_nobody(text: str) -> bool:
    return "".join(text.split()) in _NOBODY


def is_everyone(text: str) -> bool:
    return "".join(text.split()) in _EVERYONE
