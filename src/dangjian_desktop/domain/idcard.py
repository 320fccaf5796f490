"""公民身份号码 (GB 11643-1999): normalisation, check digit, birth date and sex."""

import re
from operator import mul
from dataclasses import dataclass
from datetime import date

from .text import compact

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# Province-level codes (first two digits); 81/82/83 are the residence permits for HK, Macao and Taiwan.
REGION_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83", "91",
})

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class IdCheck:
    """The outcome of checking one ID number: `error` set means unusable; `warnings` are advisory."""

    number: str
    birth_date: date | None = None
    sex: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    upgraded: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def check_digit(first17: str) -> str:
    total = sum(map(mul, map(int, first17), WEIGHTS))
    return CHECK_CHARS[total % 11]


def _birth(digits8: str) -> date | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def check_id_number(raw: object, today: date | None = None) -> IdCheck:
    """Check and normalise an ID number; never "repairs" one that Excel turned into a float."""
    today = today or date.today()
    if isinstance(raw, float) or (isinstance(raw, str) and _SCIENTIFIC.match(compact(raw))):
        return IdCheck(str(raw), error="身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写")
    number = compact(raw).upper()
    if isinstance(raw, int):
        number = str(raw)
    if not number:
        return IdCheck("", error="身份证号不能为空")
    warnings: list[str] = []
    upgraded = False
    if len(number) == 15 and number.isdigit():
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_digit(first17)
        upgraded = True
        warnings.append(f"15位旧身份证号已升级为18位：{number}")
    if len(number) != 18:
        return IdCheck(number, error=f"身份证号应为18位，现在是{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return IdCheck(number, error="身份证号只能由数字和末位的 X 组成")
    birth = _birth(number[6:14])
    if birth is None:
        return IdCheck(number, error=f"身份证号中的出生日期 {number[6:14]} 不存在")
    if birth > today:
        return IdCheck(number, error=f"身份证号中的出生日期 {birth:%Y-%m-%d} 在今天之后")
    expected = check_digit(number[:17])
    if number[17] != expected:
        return IdCheck(number, error=f"身份证号第18位校验码应为 {expected}，现在是 {number[17]}")
    if number[:2] not in REGION_CODES:
        warnings.append(f"身份证号开头的地区码 {number[:2]} 不认识，请核对")
    sex = "男" if int(number[16]) % 2 else "女"
    return IdCheck(number, birth_date=birth, sex=sex, warnings=tuple(warnings), upgraded=upgraded)
