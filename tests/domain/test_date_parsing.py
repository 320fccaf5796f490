"""Dates as rosters hold them (DESIGN §4): real dates, Excel serials, text forms and month-only forms."""

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.dates import add_years, parse_date, years_between

EXCEL_EPOCH = date(1899, 12, 30)


@pytest.mark.parametrize("raw", [
    date(1985, 3, 12), datetime(1985, 3, 12, 14, 30),
    "1985.03.12", "1985.3.12", "1985年3月12日", "1985年03月12日", "1985-3-12", "1985-03-12", "1985/3/12",
    "19850312", 19850312, "１９８５年３月１２日", " 1985 年 3 月 12 日 ", "1985-03-12日",
    31118, 31118.0, "31118",
])
def test_day_forms(raw):
    assert parse_date(raw) == date(1985, 3, 12)


@pytest.mark.parametrize("raw", ["1985.03", "1985.3", "1985年3月", "1985年03月", "1985-03", "1985/3", "198503"])
def test_month_only_forms_mean_the_first_of_the_month(raw):
    assert parse_date(raw) == date(1985, 3, 1)


@given(st.dates(date(1900, 3, 1), date(2099, 12, 31)))
def test_excel_serial_numbers(day):
    serial = (day - EXCEL_EPOCH).days
    assert parse_date(serial) == day
    assert parse_date(float(serial)) == day
    assert parse_date(str(serial)) == day


@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
def test_text_forms_round_trip(day):
    for text in (f"{day.year}.{day.month}.{day.day}", f"{day.year}年{day.month}月{day.day}日",
                 f"{day:%Y-%m-%d}", f"{day:%Y%m%d}", f"{day.year}/{day.month:02d}/{day.day}"):
        assert parse_date(text) == day


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_is_none(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", [
    "1985-02-30", "19850230", "1985年2月30日", "1985.13.01", "1985年13月", "198513",
    "abc", "八五年三月", "1985-03-12-01", "12/03/1985", 0, -5, 99999999, "0",
])
def test_invalid_dates_raise_value_error_in_chinese(raw):
    with pytest.raises(ValueError) as caught:
        parse_date(raw)
    assert re.search(r"[\u4e00-\u9fff]", str(caught.value))


def test_impossible_day_is_named():
    with pytest.raises(ValueError, match="不存在"):
        parse_date("2023年2月29日")


@pytest.mark.parametrize("start, end, years", [
    (date(1980, 5, 17), date(2025, 5, 16), 44),
    (date(1980, 5, 17), date(2025, 5, 17), 45),
    (date(2000, 2, 29), date(2018, 2, 28), 17),
    (date(2000, 2, 29), date(2018, 3, 1), 18),
])
def test_years_between(start, end, years):
    assert years_between(start, end) == years


def test_add_years_handles_29_february():
    assert add_years(date(2000, 2, 29), 18) == date(2018, 2, 28)
    assert add_years(date(2000, 2, 29), 4) == date(2004, 2, 29)
    assert add_years(date(1985, 3, 12), 1) == date(1986, 3, 12)
