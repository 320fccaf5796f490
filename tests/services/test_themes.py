"""The street's monthly 主题党日 theme (五统三联): setting it, checking it, and which branches took it up."""

from dataclasses import replace
from datetime import date

import pytest

from dangjian_desktop.domain.meetings import MeetingType
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.meetings import get_meeting, new_meeting, save_meeting
from dangjian_desktop.services.themes import (
    Theme, delete_theme, list_themes, save_theme, theme_for_month, theme_uptake,
)

THEMED_DAY = MeetingType.THEMED_DAY


def theme(month="2024-07", text="学习贯彻党的二十届三中全会精神", outline="原原本本学习全会公报", planned=None):
    return Theme(None, month, text, outline, planned)


def test_save_list_find_and_update(db):
    july = save_theme(db, theme(planned=date(2024, 7, 19)))
    august = save_theme(db, theme("2024-08", " 夏季送清凉：新就业群体“暖新”志愿服务 ", " 到暖新驿站送清凉 "))
    assert august.theme == "夏季送清凉：新就业群体“暖新”志愿服务" and august.outline == "到暖新驿站送清凉"
    assert [t.month for t in list_themes(db)] == ["2024-08", "2024-07"]  # newest first
    assert theme_for_month(db, "2024-07") == july
    assert theme_for_month(db, "2024-09") is None
    changed = save_theme(db, replace(july, theme="庆祝建党103周年"))
    assert changed.id == july.id and theme_for_month(db, "2024-07").theme == "庆祝建党103周年"
    assert len(list_themes(db)) == 2


@pytest.mark.parametrize("bad, message", [
    (theme(month="2024-13"), "2025-03"), (theme(month="2024-7"), "2025-03"), (theme(month="七月"), "2025-03"),
    (theme(text="  "), "主题"), (theme(planned=date(2024, 8, 1)), "2024-07"),
])
def test_bad_themes_are_refused(db, bad, message):
    with pytest.raises(RuleViolation, match=message):
        save_theme(db, bad)
    assert list_themes(db) == []


def test_one_theme_per_month(db):
    save_theme(db, theme())
    with pytest.raises(RuleViolation, match="已经设置"):
        save_theme(db, theme(text="另一个主题"))
    with pytest.raises(NotFound):
        save_theme(db, replace(theme("2024-09"), id=999))


def test_deleting_a_theme_keeps_the_records_texts(db, street):
    saved = save_theme(db, theme())
    record = save_meeting(db, new_meeting(db, street.branch1, THEMED_DAY, date(2024, 7, 19)))
    assert record.theme_id == saved.id
    delete_theme(db, saved.id)
    after = get_meeting(db, record.id)
    assert (after.theme_id, after.topic, after.content) == (None, saved.theme, saved.outline)
    with pytest.raises(NotFound):
        delete_theme(db, saved.id)


def test_uptake_shows_every_branch_and_whether_it_followed_the_theme(db, street):
    save_theme(db, theme("2024-12", "国家宪法日：尊法学法守法用法"))
    followed = save_meeting(db, new_meeting(db, street.branch1, THEMED_DAY, date(2024, 12, 6)))
    own = save_meeting(db, replace(new_meeting(db, street.branch2, THEMED_DAY, date(2024, 12, 31)),
                                   topic="消防安全进楼院", content="", theme_id=None))
    save_meeting(db, new_meeting(db, street.retired, THEMED_DAY, date(2025, 1, 2)))      # next month
    save_meeting(db, replace(new_meeting(db, street.retired, MeetingType.LECTURE, date(2024, 12, 3)),
                             lecturer="书记"))                                           # not a 主题党日
    uptake = {u.branch_name: u for u in theme_uptake(db, "2024-12")}
    assert set(uptake) == {"幸福里社区第一党支部", "幸福里社区第二党支部", "退休党员党支部"}
    first, second, retired = (uptake[name] for name in ("幸福里社区第一党支部", "幸福里社区第二党支部", "退休党员党支部"))
    assert (first.meeting_id, first.held_on, first.follows_theme) == (followed.id, date(2024, 12, 6), True)
    assert (second.meeting_id, second.held_on, second.follows_theme) == (own.id, date(2024, 12, 31), False)
    assert (retired.meeting_id, retired.held_on, retired.follows_theme) == (None, None, False)


def test_uptake_of_a_month_without_a_theme(db, street):
    save_meeting(db, new_meeting(db, street.branch1, THEMED_DAY, date(2024, 11, 8)))
    uptake = {u.branch_id: u for u in theme_uptake(db, "2024-11")}
    assert uptake[street.branch1].meeting_id is not None and not uptake[street.branch1].follows_theme
    assert uptake[street.branch2].meeting_id is None
