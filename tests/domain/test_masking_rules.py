"""Masking personal numbers for screen, print and export (DESIGN §9)."""

import pytest

from dangjian_desktop.domain.masking import mask_id_number, mask_phone


@pytest.mark.parametrize("number, masked", [
    ("11010519491231002X", "110105********002X"),
    ("110105194912310035", "110105********0035"),
    ("110105491231002", "110**********02"),
    ("1234", "****"),
    ("", ""),
])
def test_mask_id_number(number, masked):
    assert mask_id_number(number) == masked
    assert len(mask_id_number(number)) == len(number)


@pytest.mark.parametrize("number, masked", [
    ("13812345678", "138****5678"),
    ("010-12345678", "010-****5678"),
    ("0531-8888888", "0531****8888"),
    ("123", "***"),
    ("", ""),
])
def test_mask_phone(number, masked):
    assert mask_phone(number) == masked
    assert len(mask_phone(number)) == len(number)


def test_masked_id_hides_the_birth_date():
    number = "11010519491231002X"
    assert "19491231" not in mask_id_number(number)
    assert "1234" not in mask_phone("13812345678")
