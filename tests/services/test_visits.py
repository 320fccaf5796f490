"""走访 through the service: each 发现问题 becomes a demand with the setting's deadline, photos kept and removed,
deletion refused while its demands exist, check_visit's messages, and the lists."""

from dataclasses import replace
from datetime import date

import pytest
from census_helpers import enterprise, officer, visit

from dangjian_desktop.domain.compliance import Frequency
from dangjian_desktop.domain.meetings import Photo
from dangjian_desktop.domain.visits import VisitFrequency, VisitRecord
from dangjian_desktop.services.demands import delete_demand, demand_events, list_demands
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visit_rules import VisitRules, load_visit_rules, save_visit_rules
from dangjian_desktop.services.visits import InvalidVisit, delete_visit, get_visit, list_visits, save_visit

JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x02" * 64
TODAY = date(2025, 6, 30)


@pytest.fixture
def census(db):
    """Two officers, two enterprises (each with its officer)."""
    wang, li = officer(db, "王指导"), officer(db, "李指导")
    meituan = enterprise(db, "美团外卖城东站", industry="外卖", officer_id=wang, assigned_on=date(2025, 1, 1))
    sf = enterprise(db, "顺丰速运城东营业部", officer_id=li, assigned_on=date(2025, 1, 1))
    return {"王指导": wang, "李指导": li, "美团": meituan, "顺丰": sf}


def test_a_visit_is_saved_whole_and_read_back(db, census):
    record = VisitRecord(census["王指导"], census["美团"], date(2025, 4, 20), "电话", " 孙站长 ", "单量上升 ",
                         "有党员3名", "骑手反映停车难", "下月再访", photos=(Photo(None, "现场.jpg", "座谈", JPEG),))
    visit_id = save_visit(db, record, user="组织委员", today=TODAY)
    stored = get_visit(db, visit_id)
    assert stored == replace(record, met_person="孙站长", business_situation="单量上升", officer_name="王指导",
                             enterprise_name="美团外卖城东站", id=visit_id,
                             photos=(Photo(stored.photos[0].id, "现场.jpg", "座谈", JPEG),))
    assert stored.problems == ()


def test_each_problem_becomes_a_demand_with_the_settings_deadline(db, census):
    save_visit_rules(db, VisitRules(VisitFrequency(), deadline_days=20))
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20), problems=("停车难", " ", "进小区难 "),
                     user="组织委员", met_person="")
    demands = list_demands(db, visit_id=visit_id, as_of=TODAY)
    assert sorted((d.content, d.source, d.status, d.raised_on, d.deadline, d.raised_by, d.enterprise_name)
                  for d in demands) == [
        ("停车难", "走访", "已受理", date(2025, 4, 20), date(2025, 5, 10), "美团外卖城东站", "美团外卖城东站"),
        ("进小区难", "走访", "已受理", date(2025, 4, 20), date(2025, 5, 10), "美团外卖城东站", "美团外卖城东站")]
    assert all(d.overdue for d in demands)  # as of 06-30
    assert [(e.status, e.user, e.note) for e in demand_events(db, demands[0].id)] == [
        ("已受理", "组织委员", "登记受理")]
    assert list_visits(db)[0].demands == 2


def test_problems_are_raised_by_the_person_met(db, census):
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20), problems=("停车难",), met_person="孙站长")
    assert [d.raised_by for d in list_demands(db, visit_id=visit_id)] == ["孙站长"]
    assert load_visit_rules(db).deadline_days == 30
    assert list_demands(db, visit_id=visit_id)[0].deadline == date(2025, 5, 20)


def test_editing_a_visit_raises_only_the_new_problems(db, census):
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20), problems=("停车难",))
    edited = replace(get_visit(db, visit_id), findings="补充：站点缺少休息场所", problems=("缺少休息场所",))
    assert save_visit(db, edited, today=TODAY) == visit_id
    assert sorted(d.content for d in list_demands(db, visit_id=visit_id)) == ["停车难", "缺少休息场所"]
    assert get_visit(db, visit_id).findings == "补充：站点缺少休息场所"
    assert len(list_visits(db)) == 1


def test_photos_are_kept_changed_and_removed(db, census):
    first = Photo(None, "一.jpg", "座谈", JPEG)
    second = Photo(None, "二.png", "驿站", PNG)
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20), photos=(first, second))
    stored = get_visit(db, visit_id).photos
    assert [(p.file_name, p.caption, p.data) for p in stored] == [("一.jpg", "座谈", JPEG), ("二.png", "驿站", PNG)]
    kept = replace(stored[1], caption="暖新驿站")
    save_visit(db, replace(get_visit(db, visit_id), photos=(kept, Photo(None, "三.jpg", "", JPEG))), today=TODAY)
    again = get_visit(db, visit_id).photos
    assert [(p.id, p.file_name, p.caption) for p in again] == [(stored[1].id, "二.png", "暖新驿站"),
                                                                (again[1].id, "三.jpg", "")]
    save_visit(db, replace(get_visit(db, visit_id), photos=()), today=TODAY)
    assert get_visit(db, visit_id).photos == ()


def test_a_file_that_is_no_picture_is_refused(db, census):
    with pytest.raises(RuleViolation, match="“说明.docx”不是 JPEG 或 PNG 图片"):
        visit(db, census["王指导"], census["美团"], date(2025, 4, 20), photos=(Photo(None, "说明.docx", "", b"PK"),))
    assert list_visits(db) == []


@pytest.mark.parametrize("fields, message", [
    ({"officer_id": None}, "请选择走访的党建指导员"),
    ({"visited_on": date(2025, 7, 1)}, "走访日期不能晚于今天"),
    ({"way": "座谈"}, "走访方式应为：实地、电话、线上"),
    ({"findings": ""}, "请至少填写经营情况、党建工作情况或走访情况中的一项"),
])
def test_what_check_visit_says_stops_the_save(db, census, fields, message):
    record = VisitRecord(census["王指导"], census["美团"], date(2025, 4, 20), findings="座谈", problems=("停车难",))
    with pytest.raises(InvalidVisit) as raised:
        save_visit(db, replace(record, **fields), today=TODAY)
    assert [issue.message for issue in raised.value.issues] == [message]
    assert raised.value.message == message + "。"
    assert list_visits(db) == [] and list_demands(db) == []


def test_a_missing_officer_enterprise_or_visit_is_reported(db, census):
    record = VisitRecord(census["王指导"], census["美团"], date(2025, 4, 20), findings="座谈")
    for changed in (replace(record, officer_id=999), replace(record, enterprise_id=999), replace(record, id=999)):
        with pytest.raises(NotFound):
            save_visit(db, changed, today=TODAY)
    with pytest.raises(NotFound):
        get_visit(db, 999)
    with pytest.raises(NotFound):
        delete_visit(db, 999)


def test_a_photo_over_10_mb_is_refused_and_nothing_is_written(db, census):
    with pytest.raises(RuleViolation, match="照片“大.jpg”超过 10 MB"):
        visit(db, census["王指导"], census["美团"], date(2025, 4, 20), problems=("停车难",), today=TODAY,
              photos=(Photo(None, "大.jpg", "", JPEG + b"\x00" * (11 * 1024 * 1024)),))
    assert list_visits(db) == [] and list_demands(db) == []


def test_delete_is_refused_while_its_demands_exist(db, census):
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20), problems=("停车难", "进小区难"))
    with pytest.raises(RuleViolation, match="这次走访提出的 2 件诉求还在诉求台账中"):
        delete_visit(db, visit_id)
    for demand in list_demands(db, visit_id=visit_id):
        delete_demand(db, demand.id)
    delete_visit(db, visit_id)
    assert list_visits(db) == []


def test_the_officers_name_is_kept_with_the_visit(db, census):
    visit_id = visit(db, census["王指导"], census["美团"], date(2025, 4, 20))
    save_officer(db, OfficerInfo(census["王指导"], "王建国"))
    assert get_visit(db, visit_id).officer_name == "王指导"  # as it was written on the day
    save_visit(db, get_visit(db, visit_id), today=TODAY)
    assert get_visit(db, visit_id).officer_name == "王建国"  # a saved edit takes the current name


def test_lists_filter_by_officer_enterprise_and_dates_newest_first(db, census):
    wang, li = census["王指导"], census["李指导"]
    days = {}
    for officer_id, firm, day in ((wang, census["美团"], date(2025, 1, 15)), (wang, census["美团"], date(2025, 4, 1)),
                                  (li, census["顺丰"], date(2025, 3, 31)), (wang, census["顺丰"], date(2025, 4, 1))):
        days[visit(db, officer_id, firm, day)] = day
    assert [v.visited_on for v in list_visits(db)] == [date(2025, 4, 1), date(2025, 4, 1), date(2025, 3, 31),
                                                       date(2025, 1, 15)]
    assert list_visits(db)[0].id > list_visits(db)[1].id  # same day: the later record first
    assert [v.visited_on for v in list_visits(db, officer_id=li)] == [date(2025, 3, 31)]
    assert {v.enterprise_name for v in list_visits(db, enterprise_id=census["顺丰"])} == {"顺丰速运城东营业部"}
    assert [v.visited_on for v in list_visits(db, date_from=date(2025, 3, 31), date_to=date(2025, 3, 31))] == [
        date(2025, 3, 31)]
    assert len(list_visits(db, officer_id=wang, date_from=date(2025, 2, 1))) == 2
    first = list_visits(db, date_to=date(2025, 1, 31))[0]
    assert (first.officer_name, first.way, first.met_person, first.findings, first.demands) == (
        "王指导", "实地", "孙站长", "与站长座谈，了解经营和党员情况。", 0)


def test_the_visit_rules_setting(db):
    assert load_visit_rules(db) == VisitRules()
    rules = VisitRules(VisitFrequency(Frequency.MONTH, 2), 15)
    save_visit_rules(db, rules)
    assert load_visit_rules(db) == rules
    with pytest.raises(RuleViolation, match="走访次数应至少为 1 次"):
        save_visit_rules(db, VisitRules(VisitFrequency(Frequency.MONTH, 0)))
    for days in (0, 366):
        with pytest.raises(RuleViolation, match="1 至 365 天"):
            save_visit_rules(db, VisitRules(deadline_days=days))
    assert load_visit_rules(db) == rules
