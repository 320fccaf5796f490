"""The roster table model on its own (no view): columns, display, masking, search, filters, sort, 50,000 rows."""

import random
from datetime import date

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from dangjian_desktop.domain.enums import MemberCategory
from dangjian_desktop.domain.roster import ROSTER_COLUMNS
from dangjian_desktop.ui.models.roster_model import RosterTableModel

TODAY = date(2025, 6, 1)
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@pytest.fixture
def members(make_member):
    return [
        make_member(1, 1, name="张三", birth=date(1980, 5, 17), work_unit="美团外卖 骑手", phone="13812345678"),
        make_member(1, 2, name="李四", birth=date(1990, 1, 2), work_unit="幸福里社区居委会", phone="13900001111",
                    is_mobile=True, mobile_direction="流出"),
        make_member(2, 3, name="王五", birth=date(1975, 12, 31), work_unit="退休", phone="010-12345678",
                    category=MemberCategory.PROBATIONARY, confirmed_on=None, joined_on=date(2024, 12, 1)),
        make_member(2, 4, name="张小花", birth=date(2000, 2, 29), work_unit="顺丰速运", phone="",
                    is_lost_contact=True),
    ]


@pytest.fixture
def model(qapp, members):
    model = RosterTableModel(today=TODAY)
    model.set_records(members)
    return model


def text(model, row, key):
    return model.data(model.index(row, model.column_of(key)))


def names(model):
    return [model.record_at(row).name for row in range(model.rowCount())]


def test_every_roster_column_then_age_and_party_age(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [c.label for c in ROSTER_COLUMNS] + ["年龄", "党龄"]


def test_dates_booleans_and_derived_values_are_shown_plainly(model, members):
    assert text(model, 0, "birth_date") == "1980-05-17"
    assert text(model, 1, "is_mobile") == "是"
    assert text(model, 0, "is_mobile") == "否"
    assert text(model, 0, "age") == "45"
    assert text(model, 0, "party_age") == str(members[0].party_age(TODAY))
    assert text(model, 2, "party_age") == ""          # a 预备党员 has no 党龄 yet
    assert text(model, 3, "phone") == ""


def test_numbers_are_masked_until_asked_otherwise(qtbot, model, members):
    assert text(model, 0, "id_number") == members[0].id_number[:6] + "********" + members[0].id_number[14:]
    assert text(model, 0, "phone") == "138****5678"
    with qtbot.waitSignal(model.dataChanged):
        model.set_masked(False)
    assert text(model, 0, "id_number") == members[0].id_number
    assert text(model, 0, "phone") == "13812345678"


@pytest.mark.parametrize("query, expected", [
    ("张", ["张三", "张小花"]),
    ("  张   小 ", ["张小花"]),           # every word must match, blanks do not matter
    ("13900", ["李四"]),                  # phone
    ("010-1234", ["王五"]),
    ("美团", ["张三"]),                   # work unit
    ("骑手 张", ["张三"]),
    ("不存在", []),
    ("", ["张三", "李四", "王五", "张小花"]),
])
def test_search_looks_at_name_id_phone_and_unit(model, query, expected):
    model.set_search(query)
    assert names(model) == expected
    assert model.visible_count == len(expected)
    assert model.total_count == 4


def test_search_finds_an_id_number_whatever_the_case_of_x_or_width_of_digits(qapp, make_member):
    member = next(make_member(1, n) for n in range(1, 200) if make_member(1, n).id_number.endswith("X"))
    model = RosterTableModel(today=TODAY)
    model.set_records([member, make_member(1, 500, birth=date(1991, 8, 8))])
    model.set_search(member.id_number[-6:].lower())
    assert names(model) == [member.name]
    model.set_search("".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in member.id_number[:14]))  # full-width
    assert names(model) == [member.name]


def test_typing_then_deleting_gives_back_the_wider_list(model):
    for typed in ("张", "张小", "张小花"):
        model.set_search(typed)
    assert names(model) == ["张小花"]
    model.set_search("张小")
    model.set_search("张")
    assert names(model) == ["张三", "张小花"]


def test_filters_combine_with_each_other_and_with_search(model):
    model.set_filters(category=MemberCategory.PROBATIONARY)
    assert names(model) == ["王五"]
    model.set_filters(mobile=True)
    assert names(model) == ["李四"]
    model.set_filters(mobile=False, lost_contact=False)
    assert names(model) == ["张三", "王五"]
    model.set_search("张")
    assert names(model) == ["张三"]
    model.set_filters()
    assert names(model) == ["张三", "张小花"]


def test_counts_changed_is_emitted_for_each_new_filter(qtbot, model):
    with qtbot.waitSignal(model.counts_changed):
        model.set_search("李")
    assert (model.visible_count, model.total_count) == (1, 4)


@pytest.mark.parametrize("key, ascending", [
    ("birth_date", ["王五", "张三", "李四", "张小花"]),
    ("age", ["张小花", "李四", "张三", "王五"]),
    ("party_age", ["王五", "张小花", "李四", "张三"]),    # a 预备党员 has none: first
    ("name", sorted(["张三", "李四", "王五", "张小花"])),
])
def test_sort_by_any_column_both_ways(model, key, ascending):
    model.sort(model.column_of(key), ASC)
    assert names(model) == ascending
    model.sort(model.column_of(key), DESC)
    assert names(model) == ascending[::-1]


def test_empty_dates_sort_first_and_a_cleared_sort_restores_the_loaded_order(model):
    model.sort(model.column_of("confirmed_on"), ASC)
    assert names(model)[0] == "王五"
    model.sort(-1, ASC)
    assert names(model) == ["张三", "李四", "王五", "张小花"]


def test_sorting_keeps_the_current_filter_and_follows_selected_rows(model):
    model.set_search("张")
    kept = QPersistentModelIndex(model.index(0, 0))          # 张三
    model.sort(model.column_of("birth_date"), DESC)
    assert names(model) == ["张小花", "张三"]
    assert kept.row() == 1
    model.set_search("")
    assert names(model) == ["张小花", "李四", "张三", "王五"]  # the wider list is sorted too


def test_row_of_finds_a_member_by_id(qapp, make_member):
    records = [make_member(1, n, id=n * 10) for n in range(1, 4)]
    model = RosterTableModel(today=TODAY)
    model.set_records(records)
    model.sort(model.column_of("name"), DESC)
    assert model.record_at(model.row_of(20)).id == 20
    model.set_search(records[0].name)
    assert model.row_of(20) is None


def test_fifty_thousand_rows_filter_and_sort_correctly(qapp, make_member):
    rng = random.Random(3)
    surnames, units = "王李张刘陈杨黄赵吴周", ("美团外卖 骑手", "社区居委会", "退休", "顺丰速运", "")
    records = []
    for n in range(50_000):
        birth = date(rng.randint(1940, 2003), rng.randint(1, 12), rng.randint(1, 28))
        records.append(make_member(
            1 + n % 7, n, name=rng.choice(surnames) + rng.choice("伟芳娜敏静强磊军"), birth=birth,
            id_number=f"{110000 + n // 1000:06d}{birth:%Y%m%d}{n % 1000:03d}X",
            phone=f"13{rng.randint(0, 999_999_999):09d}", work_unit=rng.choice(units),
            category=rng.choice(list(MemberCategory)), is_mobile=rng.random() < 0.1,
            is_lost_contact=rng.random() < 0.03))
    model = RosterTableModel(today=TODAY)
    model.set_records(records)
    assert model.rowCount() == 50_000

    for query in ("张", "张伟", "138", "1381", "骑手", "张 骑手"):
        model.set_search(query)
        terms = query.split()
        expected = [r for r in records
                    if all(t in f"{r.name}\n{r.id_number}\n{r.phone}\n{r.work_unit}".lower() for t in terms)]
        assert [model.record_at(i) for i in range(model.rowCount())] == expected, query
    model.set_search("")
    model.set_filters(category=MemberCategory.PROBATIONARY, mobile=True)
    expected = [r for r in records if r.category == MemberCategory.PROBATIONARY and r.is_mobile]
    assert model.visible_count == len(expected) > 0

    model.set_filters()
    model.sort(model.column_of("birth_date"), DESC)
    births = [model.record_at(i).birth_date for i in range(model.rowCount())]
    assert births == sorted((r.birth_date for r in records), reverse=True)
    model.sort(model.column_of("name"), ASC)
    shown = [model.record_at(i).name for i in range(model.rowCount())]
    assert shown == sorted(r.name for r in records)
    model.set_search("王")
    assert [model.record_at(i).name for i in range(model.rowCount())] == sorted(
        r.name for r in records if "王" in f"{r.name}\n{r.id_number}\n{r.phone}\n{r.work_unit}")
