"""统一社会信用代码 (GB 32100): computed check character, wrong ones refused, I/O/Z/S/V refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.credit_code import ALPHABET, check_credit_code, credit_check_char


def reference_check(first17: str) -> str:
    """The standard written out: value(c) × 3^(i-1) mod 31 summed, check = 31 − (Σ mod 31), 31 → 0."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(chars.index(c) * w for c, w in zip(first17, weights))
    return chars[(31 - total % 31) % 31]


bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_known_real_code_is_valid():
    # A code as printed on a business licence.
    assert check_credit_code("91440300708461136T") == ("91440300708461136T", None)


@given(bodies)
def test_computed_code_is_accepted_and_every_other_check_char_refused(first17):
    expected = credit_check_char(first17)
    assert expected == reference_check(first17)
    assert check_credit_code(first17 + expected) == (first17 + expected, None)
    for wrong in ALPHABET:
        if wrong != expected:
            _code, error = check_credit_code(first17 + wrong)
            assert error is not None and f"校验码应为 {expected}" in error


@given(bodies)
def test_lowercase_and_blanks_are_normalised(first17):
    code = first17 + credit_check_char(first17)
    assert check_credit_code(f" {code[:9]} {code[9:].lower()} ") == (code, None)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_not_in_the_alphabet_are_refused(letter):
    first17 = "91440300708461" + letter + "36"
    code, error = check_credit_code(first17 + "0")
    assert error is not None
    assert letter in error and "不允许" in error


@pytest.mark.parametrize("raw, length", [("9144030070846113", 16), ("91440300708461136TT", 19), ("", 0)])
def test_wrong_length_is_refused(raw, length):
    _code, error = check_credit_code(raw)
    assert error is not None and f"{length}位" in error
