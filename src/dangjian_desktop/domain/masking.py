"""Masking personal numbers for screen, print and export (DESIGN §9)."""


def mask_id_number(number: str) -> str:
    """110105194912310021 → 110105********0021; other lengths keep their first 3 and last 2."""
    if not number:
        return ""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    if len(number) <= 5:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def mask_phone(number: str) -> str:
    """13812345678 → 138****5678; landlines keep the area code and last 4 digits."""
    if not number:
        return ""
    if len(number) == 11 and number.isdigit():
        return number[:3] + "****" + number[7:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[: max(len(number) - 8, 3)] + "*" * (min(len(number), 8) - 4) + number[-4:]
