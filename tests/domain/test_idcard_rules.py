"""公民身份号码 (GB 11643): check digit, normalisation, 15-digit upgrade, Excel damage, birth date, region."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.idcard import CHECK_CHARS, REGION_CODES, check_digit, check_id_number

TODAY = date(2025, 6, 1)
REGIONS = sorted(REGION_CODES)


def reference_check_char(first17: str) -> str:
    """GB 11643 written out independently: weights 2^(17-i) mod 11, check (12 - Σ mod 11) mod 11, 10 → X."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


ids = st.builds(
    lambda region, rest, birth, seq: f"{region}{rest:04d}{birth:%Y%m%d}{seq:03d}",
    st.sampled_from(REGIONS), st.integers(0, 9999), st.dates(date(1900, 1, 1), TODAY), st.integers(0, 999),
)


@given(ids)
def test_check_digit_agrees_with_the_standard(first17):
    assert check_digit(first17) == reference_check_char(first17)


@given(ids)
def test_valid_number_is_accepted_with_birth_date_and_sex(first17):
    number = first17 + check_digit(first17)
    result = check_id_number(number, TODAY)
    assert result.ok, result.error
    assert result.number == number
    assert result.birth_date == date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    assert result.sex == ("男" if int(first17[16]) % 2 else "女")
    assert result.warnings == ()
    assert not result.upgraded


@given(ids)
def test_every_other_check_character_is_rejected_naming_the_expected_one(first17):
    expected = check_digit(first17)
    for wrong in CHECK_CHARS:
        if wrong == expected:
            continue
        result = check_id_number(first17 + wrong, TODAY)
        assert not result.ok
        assert f"校验码应为 {expected}" in result.error
        assert wrong in result.error


@given(ids)
def test_blanks_and_full_width_digits_and_lowercase_x_are_normalised(first17):
    number = first17 + check_digit(first17)
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    spaced = f" {number[:6]} {number[6:14]}\t{number[14:]} "
    for variant in (full_width, spaced, number.lower()):
        result = check_id_number(variant, TODAY)
        assert result.ok, (variant, result.error)
        assert result.number == number


def test_lowercase_x_check_character():
    first17 = "11010519491231002"
    assert check_digit(first17) == "X"
    result = check_id_number(first17 + "x", TODAY)
    assert result.ok and result.number == first17 + "X"


@given(st.sampled_from(REGIONS), st.integers(0, 9999), st.dates(date(1900, 1, 1), date(1999, 12, 31)),
       st.integers(0, 999))
def test_fifteen_digit_number_is_upgraded_and_flagged(region, rest, birth, seq):
    old = f"{region}{rest:04d}{birth:%y%m%d}{seq:03d}"
    result = check_id_number(old, TODAY)
    assert result.ok, result.error
    assert result.upgraded
    first17 = old[:6] + "19" + old[6:]
    assert result.number == first17 + reference_check_char(first17)
    assert len(result.number) == 18
    assert any("15位" in w and result.number in w for w in result.warnings)
    assert result.birth_date == birth


@pytest.mark.parametrize("damaged", [1.1010519491231e+17, "1.1010519491231E+17", "1.1010519491231e17",
                                     " 1.10105194912310E+17 "])
def test_number_excel_stored_as_float_is_rejected_not_repaired(damaged):
    result = check_id_number(damaged, TODAY)
    assert not result.ok
    assert "Excel" in result.error and "文本" in result.error
    assert result.birth_date is None


def test_birth_date_in_the_future_is_rejected():
    tomorrow = TODAY + timedelta(days=1)
    first17 = f"110105{tomorrow:%Y%m%d}123"
    result = check_id_number(first17 + check_digit(first17), TODAY)
    assert not result.ok
    assert "今天之后" in result.error


@pytest.mark.parametrize("birth", ["19850230", "19851301", "19850015", "19000229"])
def test_impossible_birth_date_is_rejected(birth):
    first17 = f"110105{birth}123"
    result = check_id_number(first17 + check_digit(first17), TODAY)
    assert not result.ok
    assert birth in result.error and "不存在" in result.error


@pytest.mark.parametrize("raw, fragment", [
    ("", "不能为空"), (None, "不能为空"), ("11010519491231002", "18位"), ("1101051949123100211", "19位"),
    ("11010519491231X021", "数字"), ("110105194912310O2X", "数字"),
])
def test_malformed_numbers_are_rejected(raw, fragment):
    result = check_id_number(raw, TODAY)
    assert not result.ok
    assert fragment in result.error
    assert re.search(r"[\u4e00-\u9fff]", result.error)


@pytest.mark.parametrize("region", ["00", "99", "10", "72"])
def test_unknown_region_is_only_a_warning(region):
    first17 = f"{region}0105198503121234"[:17]
    result = check_id_number(first17 + check_digit(first17), TODAY)
    assert result.ok
    assert any(region in w and "地区码" in w for w in result.warnings)


@pytest.mark.parametrize("region", ["81", "82", "83"])
def test_residence_permit_regions_need_no_warning(region):
    first17 = f"{region}0000198503121234"[:17]
    result = check_id_number(first17 + check_digit(first17), TODAY)
    assert result.ok and result.warnings == ()


def test_whole_number_int_is_read_as_text():
    first17 = "11010519850312003"
    assert check_digit(first17).isdigit()
    result = check_id_number(int(first17 + check_digit(first17)), TODAY)
    assert result.ok
    assert result.number == first17 + check_digit(first17)
