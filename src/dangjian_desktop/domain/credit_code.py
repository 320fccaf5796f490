"""统一社会信用代码 (GB 32100-2015): 18 characters, check character by weights 3^(i-1) mod 31."""

from .text import compact

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: object) -> tuple[str, str | None]:
    """Return (normalised code, error or None)."""
    code = compact(raw).upper()
    if len(code) != 18:
        return code, f"统一社会信用代码应为18位，现在是{len(code)}位"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return code, f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、Z、S、V）"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return code, f"统一社会信用代码第18位校验码应为 {expected}，现在是 {code[17]}"
    return code, None
