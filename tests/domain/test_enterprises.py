"""一企一档 rules: 统一社会信用代码 (property-based), industries and their aliases, and check_enterprise."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.domain.credit_code import ALPHABET, check_credit_code, credit_check_char
from dangjian_desktop.domain.enterprises import (
    ENTERPRISE_LABELS, INDUSTRY_ALIASES, EnterpriseRecord, Industry, check_enterprise, industry_of,
)
from dangjian_desktop.domain.member import Severity

bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)
REFUSED_LETTERS = "IOZSV"


def valid_code(first17: str) -> str:
    return first17 + credit_check_char(first17)


# --- 统一社会信用代码 -------------------------------------------------------------------------------------------

@given(bodies)
def test_a_code_built_with_its_check_character_always_passes(first17):
    code = valid_code(first17)
    assert check_credit_code(code) == (code, None)


@given(bodies, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_changing_any_one_character_to_another_allowed_one_always_fails(first17, position, shift):
    code = valid_code(first17)
    changed_char = ALPHABET[(ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + changed_char + code[position + 1:]
    assert changed != code
    _code, error = check_credit_code(changed)
    assert error is not None
    assert "第18位校验码应为" in error


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from(REFUSED_LETTERS))
def test_i_o_z_s_v_are_refused_naming_the_letter(first17, position, letter):
    code = valid_code(first17)
    spoiled = code[:position] + letter + code[position + 1:]
    _code, error = check_credit_code(spoiled)
    assert error == f"统一社会信用代码含有不允许的字符：{letter}（不使用 I、O、Z、S、V）"


@given(bodies, st.sampled_from(["", " ", "\t", "　"]))
def test_lowercase_blanks_and_full_width_characters_are_normalised(first17, blank):
    code = valid_code(first17)
    typed = f"{blank}{code[:6]}{blank}{code[6:12].lower()} {code[12:]}{blank}"
    assert check_credit_code(typed) == (code, None)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)  # ９１３７… as some census sheets have them
    assert check_credit_code(full_width) == (code, None)


def test_several_refused_letters_are_all_named_once():
    _code, error = check_credit_code("91370102MAOSIZV0OO")
    assert "不允许的字符：IOSVZ" in error


def test_an_excel_number_is_refused_for_its_length():
    _code, error = check_credit_code(9.13701026E17)
    assert error is not None and "应为18位" in error


# --- industries -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("industry", list(Industry))
def test_the_industries_own_names_are_not_rewritten(industry):
    assert industry_of(industry.value) == (industry, False)
    assert industry_of(f" {industry.value[:1]} {industry.value[1:]} ") == (industry, False)


@pytest.mark.parametrize("alias, industry", sorted(INDUSTRY_ALIASES.items()))
def test_aliases_map_to_an_industry_and_say_so(alias, industry):
    assert industry_of(alias) == (industry, True)


def test_aliases_cover_every_industry():
    assert set(INDUSTRY_ALIASES.values()) == set(Industry)


@pytest.mark.parametrize("text", ["餐饮", "", "快 递 员"])
def test_an_unknown_industry_names_the_choices(text):
    with pytest.raises(ValueError) as raised:
        industry_of(text)
    message = str(raised.value)
    assert f"“{text}”" in message
    assert all(industry.value in message for industry in Industry)


# --- check_enterprise -----------------------------------------------------------------------------------------

CODE = valid_code("91370102MA3C5K7L1")


def record(**fields) -> EnterpriseRecord:
    values = dict(name="美团外卖清河路站点", credit_code=CODE, industry="外卖", employees=80, employees_under_35=60,
                  party_members=3, outlets=1, phone="13812345678")
    values.update(fields)
    return EnterpriseRecord(**values)


def by_field(issues):
    return {issue.field: issue for issue in issues}


def test_a_good_record_has_no_issues_and_is_normalised():
    checked, issues = check_enterprise(record(name="  美团外卖  清河路站点 ", credit_code=CODE.lower(),
                                              industry="外卖配送", phone="+86 138-1234-5678"))
    assert issues == []
    assert (checked.name, checked.credit_code, checked.industry, checked.phone) == (
        "美团外卖 清河路站点", CODE, "外卖", "13812345678")


def test_an_empty_name_is_an_error():
    issues = by_field(check_enterprise(record(name="   "))[1])
    assert issues["name"].severity is Severity.ERROR and "企业名称不能为空" in issues["name"].message


def test_a_missing_credit_code_is_only_a_warning():
    checked, issues = check_enterprise(record(credit_code="  "))
    assert checked.credit_code == ""
    assert [(i.field, i.severity) for i in issues] == [("credit_code", Severity.WARNING)]
    assert "未填写统一社会信用代码" in issues[0].message


def test_a_wrong_credit_code_is_an_error_with_the_expected_check_character():
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    issue = by_field(check_enterprise(record(credit_code=wrong))[1])["credit_code"]
    assert issue.severity is Severity.ERROR and f"应为 {CODE[17]}" in issue.message


def test_an_unknown_industry_is_an_error_and_kept_as_typed():
    checked, issues = check_enterprise(record(industry="餐饮"))
    assert checked.industry == "餐饮"
    assert by_field(issues)["industry"].severity is Severity.ERROR


@pytest.mark.parametrize("field", ["employees", "employees_under_35", "party_members", "outlets"])
def test_negative_counts_are_errors(field):
    issue = by_field(check_enterprise(record(**{field: -1}))[1])[field]
    assert issue.severity is Severity.ERROR
    assert issue.message == f"{ENTERPRISE_LABELS[field]}不能是负数"


@pytest.mark.parametrize("field, label", [("employees_under_35", "35岁以下人数"), ("party_members", "党员数")])
def test_counts_above_the_headcount_are_errors(field, label):
    issue = by_field(check_enterprise(record(employees=20, **{field: 21}))[1])[field]
    assert issue.severity is Severity.ERROR
    assert issue.message == f"{label}（21）不能多于从业人员数（20）"


def test_counts_equal_to_the_headcount_or_without_one_are_fine():
    assert check_enterprise(record(employees=20, employees_under_35=20, party_members=20))[1] == []
    assert check_enterprise(record(employees=None, employees_under_35=500, party_members=40))[1] == []
    assert check_enterprise(record(employees=0, employees_under_35=0, party_members=0))[1] == []


def test_a_bad_phone_is_an_error():
    assert by_field(check_enterprise(record(phone="12345"))[1])["phone"].severity is Severity.ERROR


def test_several_problems_are_all_reported_at_once():
    issues = by_field(check_enterprise(record(name="", industry="餐饮", employees=-3, phone="abc"))[1])
    assert {"name", "industry", "employees", "phone"} <= set(issues)


@pytest.mark.parametrize("org_id, party_work, org, work", [
    (None, False, False, False), (None, True, False, True), (7, False, True, True), (7, True, True, True)])
def test_the_two_coverages(org_id, party_work, org, work):
    enterprise = record(party_org_id=org_id, party_work=party_work)
    assert (enterprise.org_covered, enterprise.work_covered) == (org, work)


def test_with_changes_returns_a_new_record():
    original = record()
    changed = original.with_changes(employees=90)
    assert (original.employees, changed.employees, changed.name) == (80, 90, original.name)
