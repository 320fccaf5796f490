"""Phone numbers: mobile 1[3-9]xxxxxxxxx after stripping +86, blanks and dashes; landline 0xx(x)-xxxxxxx(x)."""

import re

from .text import compact

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalize_phone(raw: object) -> tuple[str, str | None]:
    """Return (normalised number, error or None). An empty value is allowed (the column is optional)."""
    text = compact(raw)
    if not text:
        return "", None
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    mobile = text.replace("-", "")
    if _MOBILE.match(mobile):
        return mobile, None
    if _LANDLINE.match(text):
        return text, None
    return text, "联系电话应为11位手机号（1开头）或带区号的座机号（如 010-12345678）"
