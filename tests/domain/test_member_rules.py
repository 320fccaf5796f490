"""check_member: the roster rules of DESIGN §4 and the derived values (age, 党龄)."""

from dataclasses import replace
from datetime import date

import pytest

from dangjian_desktop.domain.member import MemberRecord, Severity, check_member

TODAY = date(2025, 6, 1)


@pytest.fixture
def good(make_member) -> MemberRecord:
    # born 1980-05-17, 入党 2010-07-01, 转正 2011-07-01
    return make_member(1, 7)


def errors(checked, field=None):
    return [i for i in checked.issues if i.severity is Severity.ERROR and (field is None or i.field == field)]


def test_good_record_has_no_issues(good):
    checked = check_member(good, TODAY)
    assert checked.issues == []
    assert not checked.has_error
    assert checked.record == good


def test_joining_before_18th_birthday_is_rejected(good):
    checked = check_member(replace(good, joined_on=date(1998, 5, 16), confirmed_on=date(1999, 5, 16)), TODAY)
    assert [i.field for i in errors(checked)] == ["joined_on"]
    assert "18周岁" in errors(checked)[0].message


def test_joining_on_18th_birthday_is_allowed(good):
    checked = check_member(replace(good, joined_on=date(1998, 5, 17), confirmed_on=date(1999, 5, 17)), TODAY)
    assert not checked.has_error


def test_confirmation_less_than_a_year_after_joining_is_rejected_for_full_member(good):
    checked = check_member(replace(good, confirmed_on=date(2011, 6, 30)), TODAY)
    assert [i.field for i in errors(checked)] == ["confirmed_on"]
    assert "满1年" in errors(checked)[0].message
    assert not check_member(replace(good, confirmed_on=date(2011, 7, 1)), TODAY).has_error


def test_full_member_without_confirmation_is_a_warning(good):
    checked = check_member(replace(good, confirmed_on=None), TODAY)
    assert not checked.has_error
    assert [(i.field, i.severity) for i in checked.issues] == [("confirmed_on", Severity.WARNING)]


def test_probationary_member_with_confirmation_date_is_rejected(good):
    checked = check_member(replace(good, category="预备党员", joined_on=date(2024, 9, 1),
                                   confirmed_on=date(2025, 9, 1)), TODAY)
    assert [i.field for i in errors(checked)] == ["confirmed_on"]
    assert "预备党员" in errors(checked)[0].message
    ok = check_member(replace(good, category="预备党员", joined_on=date(2024, 9, 1), confirmed_on=None), TODAY)
    assert not ok.has_error


@pytest.mark.parametrize("changes, field", [
    (dict(joined_on=date(2025, 6, 2), confirmed_on=None), "joined_on"),
    (dict(joined_on=date(2024, 5, 1), confirmed_on=date(2025, 6, 2)), "confirmed_on"),
])
def test_future_dates_are_rejected(good, changes, field):
    checked = check_member(replace(good, **changes), TODAY)
    assert field in [i.field for i in errors(checked)]
    assert any("晚于今天" in i.message for i in errors(checked, field))


def test_missing_joining_date_is_rejected(good):
    assert [i.field for i in errors(check_member(replace(good, joined_on=None, confirmed_on=None), TODAY))] \
        == ["joined_on"]


def test_birth_date_and_sex_mismatch_are_warnings_and_taken_from_the_id(good):
    wrong_sex = "女" if good.sex == "男" else "男"
    checked = check_member(replace(good, birth_date=date(1981, 1, 1), sex=wrong_sex), TODAY)
    assert not checked.has_error
    assert {(i.field, i.severity) for i in checked.issues} == {("birth_date", Severity.WARNING),
                                                               ("sex", Severity.WARNING)}
    assert checked.record.birth_date == date(1980, 5, 17)
    assert checked.record.sex == good.sex


def test_blank_birth_date_and_sex_are_filled_from_the_id_without_warning(good):
    checked = check_member(replace(good, birth_date=None, sex=""), TODAY)
    assert checked.issues == []
    assert checked.record.birth_date == date(1980, 5, 17) and checked.record.sex == good.sex


def test_bad_id_number_is_an_error_on_that_field(good):
    checked = check_member(replace(good, id_number=good.id_number[:17] + ("0" if good.id_number[17] != "0" else "1")),
                           TODAY)
    assert [i.field for i in errors(checked)] == ["id_number"]
    assert "校验码" in errors(checked)[0].message


def test_fifteen_digit_id_is_upgraded_with_a_warning(good, make_id):
    old = "110105800517123"
    checked = check_member(replace(good, id_number=old, birth_date=None, sex=""), TODAY)
    assert not checked.has_error
    assert checked.record.id_number == make_id(date(1980, 5, 17), 123)
    assert [(i.field, i.severity) for i in checked.issues] == [("id_number", Severity.WARNING)]


def test_name_is_required_and_inner_blanks_removed(good):
    assert [i.field for i in errors(check_member(replace(good, name="  "), TODAY))] == ["name"]
    assert check_member(replace(good, name=" 王  芳 "), TODAY).record.name == "王芳"


def test_phone_is_normalised_and_flagged_fixed(good):
    checked = check_member(replace(good, phone="+86 138-1234-5678"), TODAY)
    assert checked.record.phone == "13812345678"
    assert [(i.field, i.severity) for i in checked.issues] == [("phone", Severity.FIXED)]
    assert [i.field for i in errors(check_member(replace(good, phone="12345"), TODAY))] == ["phone"]


def test_category_and_status_vocabularies(good):
    assert [i.field for i in errors(check_member(replace(good, category="党员"), TODAY))] == ["category"]
    assert [i.field for i in errors(check_member(replace(good, status="开除"), TODAY))] == ["status"]
    fixed = check_member(replace(good, category=""), TODAY)
    assert fixed.record.category == "正式党员"
    assert [(i.field, i.severity) for i in fixed.issues] == [("category", Severity.FIXED)]


def test_mobile_direction_implies_mobile(good):
    assert check_member(replace(good, mobile_direction="流出"), TODAY).record.is_mobile is True
    assert [i.field for i in errors(check_member(replace(good, mobile_direction="外出"), TODAY))] \
        == ["mobile_direction"]


def test_age_and_party_age(good):
    assert good.age(date(2025, 5, 16)) == 44
    assert good.age(date(2025, 5, 17)) == 45
    assert good.party_age(date(2025, 6, 30)) == 13
    assert good.party_age(date(2025, 7, 1)) == 14
    assert replace(good, category="预备党员", confirmed_on=None).party_age(TODAY) is None
    assert replace(good, confirmed_on=None).party_age(TODAY) is None
    assert replace(good, birth_date=None).age(TODAY) is None


def test_with_changes_copies_and_refuses_unknown_fields():
    import pytest

    from dangjian_desktop.domain.member import MemberRecord

    original = MemberRecord(name="张三", id_number="x")
    changed = original.with_changes(name="李四", branch_id=3)
    assert (changed.name, changed.branch_id, original.name, original.branch_id) == ("李四", 3, "张三", None)
    assert changed == MemberRecord(name="李四", id_number="x", branch_id=3)
    with pytest.raises(TypeError):
        original.with_changes(nmae="typo")
