"""Phones: mobile after stripping +86 / blanks / dashes, landline with area code, everything else refused."""

import pytest

from dangjian_desktop.domain.contact import normalize_phone


@pytest.mark.parametrize("raw, expected", [
    ("13812345678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("+86-138-1234-5678", "13812345678"),
    ("008613812345678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    (" 19912345678 ", "19912345678"),
    (13812345678.0, "13812345678"),
])
def test_mobile_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["010-12345678", "01012345678", "0531-8888888", "0755-88886666", "021 6666 8888"])
def test_landlines_with_area_code_are_accepted(raw):
    number, error = normalize_phone(raw)
    assert error is None
    assert number == "".join(raw.split())


@pytest.mark.parametrize("raw", ["", None, "   "])
def test_empty_phone_is_allowed(raw):
    assert normalize_phone(raw) == ("", None)


@pytest.mark.parametrize("raw", [
    "12345678901",     # mobile must start 13-19
    "1381234567",      # 10 digits
    "138123456789",    # 12 digits
    "12345678",        # landline without area code
    "010-123456",      # too short a local number
    "电话13812345678",
    "+1 415 555 0100",
])
def test_invalid_numbers_are_refused_in_chinese(raw):
    _number, error = normalize_phone(raw)
    assert error is not None
    assert "手机号" in error and "座机" in error
