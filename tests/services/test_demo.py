"""The demo street: size, realism, validity, a year of meetings, refusal on a used data file, reuse of a root."""

import time
from datetime import date

import pytest

from dangjian_desktop.domain.dates import years_between
from dangjian_desktop.domain.enums import MemberCategory, OrgLevel
from dangjian_desktop.domain.idcard import check_id_number
from dangjian_desktop.domain.meetings import MeetingType, RecordStatus
from dangjian_desktop.domain.member import check_member
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.services.compliance import compliance_grid, due_items
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demo import is_empty, load_demo
from dangjian_desktop.services.errors import RuleViolation
from dangjian_desktop.services.meetings import expected_attendance, get_meeting, list_meetings
from dangjian_desktop.services.members import list_members, stats
from dangjian_desktop.services.membership import committee
from dangjian_desktop.services.organizations import create_root, get_root, list_organizations
from dangjian_desktop.services.themes import list_themes, theme_uptake

TODAY = date(2025, 6, 30)
RARE_CHARACTERS = ("䶮", "𠈌", "堃", "喆", "赟")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.db")
    yield database
    database.close()


@pytest.fixture
def demo_db(db):
    started = time.perf_counter()
    result = load_demo(db, today=TODAY)
    print(f"\nload_demo: {time.perf_counter() - started:.2f} s, {result}")
    return db


def test_fresh_database_is_empty_and_load_fills_it(db):
    assert is_empty(db)
    started = time.perf_counter()
    result = load_demo(db, today=TODAY)
    elapsed = time.perf_counter() - started
    print(f"\nload_demo: {elapsed:.2f} s, {result}")
    assert elapsed < 3
    assert 28 <= result.organizations <= 36
    assert 700 <= result.members <= 900
    assert 0.05 <= result.probationary / result.members <= 0.11
    assert result.mobile > 20 and 0 < result.lost_contact < 20
    assert result.small_branches >= 1
    assert result == stats(db)
    assert not is_empty(db)


def test_tree_covers_the_kinds_of_organisation(demo_db):
    nodes = list_organizations(demo_db)
    levels = {n.level for n in nodes}
    kinds = {n.kind for n in nodes if n.level == OrgLevel.BRANCH}
    assert set(OrgLevel) <= levels
    assert {"单独组建", "联合党支部", "流动党支部", "功能型党支部", "新业态工作党支部"} <= kinds
    community_branches = [n for n in nodes if n.level == OrgLevel.BRANCH
                          and any(p.id == n.parent_id and p.level == OrgLevel.COMMUNITY_COMMITTEE for p in nodes)]
    assert len(community_branches) >= 6
    new_economy = " ".join(n.name for n in nodes if n.kind == "新业态工作党支部")
    for trade in ("快递", "外卖", "网约车", "货运", "直播电商"):
        assert trade in new_economy
    for node in nodes[1:]:
        assert node.founded_on and node.secretary
        if node.level != OrgLevel.GROUP:
            assert node.contact_person and node.contact_phone


def test_every_member_is_valid_unique_and_in_a_branch(demo_db):
    members = list_members(demo_db)
    levels = {n.id: n.level for n in list_organizations(demo_db)}
    parents = {n.id: n.parent_id for n in list_organizations(demo_db)}
    assert len({m.id_number for m in members}) == len(members)
    for member in members:
        id_check = check_id_number(member.id_number, TODAY)
        assert id_check.ok and not id_check.warnings, member
        assert member.id_number.startswith("3701")
        assert not check_member(member, TODAY).issues, member
        assert levels[member.branch_id] == OrgLevel.BRANCH
        assert member.group_id is None or parents[member.group_id] == member.branch_id
        assert 20 <= member.age(TODAY) <= 85
        if member.category == MemberCategory.PROBATIONARY:
            assert member.confirmed_on is None and (TODAY - member.joined_on).days < 365
        else:
            assert 365 <= (member.confirmed_on - member.joined_on).days <= 366 + 30
        assert member.address
        assert member.ethnicity and member.education and member.work_unit


def test_members_look_like_a_real_street(demo_db):
    members = list_members(demo_db)
    names = [m.name for m in members]
    for character in RARE_CHARACTERS:
        assert sum(character in name for name in names) == 1, character
    assert {m.ethnicity for m in members} > {"汉族", "回族"}
    assert sum(m.ethnicity == "汉族" for m in members) / len(members) > 0.85
    outflow = [m for m in members if m.mobile_direction == "流出"]
    inflow = [m for m in members if m.mobile_direction == "流入"]
    assert outflow and all(m.is_mobile and m.mobile_place and m.mobile_reason for m in outflow)
    assert any(m.mobile_reason == "外出务工" for m in outflow)
    assert any("新业态" in m.branch_name and ("骑手" in m.work_unit or "快递" in m.work_unit) for m in inflow)
    assert any(m.dual_report_community for m in members)
    assert any("退休" in m.work_unit and m.age(TODAY) >= 60 for m in members)
    assert all(years_between(m.birth_date, m.joined_on) >= 18 for m in members)


def test_some_branch_has_fewer_than_three_full_members(demo_db):
    full: dict[int, int] = {}
    for member in list_members(demo_db):
        full[member.branch_id] = full.get(member.branch_id, 0) + (member.category == MemberCategory.FULL)
    assert min(full.values()) < 3


def test_second_load_is_refused(demo_db):
    before = stats(demo_db)
    with pytest.raises(RuleViolation, match="示范数据"):
        load_demo(demo_db, today=TODAY)
    assert stats(demo_db) == before


def test_existing_root_is_reused_with_its_name(db):
    create_root(db, "泉城路街道党工委")
    assert is_empty(db)
    load_demo(db, today=TODAY)
    roots = [n for n in list_organizations(db) if n.parent_id is None]
    assert [r.name for r in roots] == ["泉城路街道党工委"]
    assert get_root(db).name == "泉城路街道党工委"
    assert any(n.name == "泉城路街道两新组织党委" for n in list_organizations(db))
    assert all(m.address.startswith("泉城路街道") for m in list_members(db))


def test_a_root_named_only_jie_dao_gets_a_street_name_for_addresses(db):
    create_root(db, "街道党工委")
    load_demo(db, today=TODAY)
    assert get_root(db).name == "街道党工委"
    assert all(m.address.startswith("清河路街道") for m in list_members(db))


def test_demo_is_the_same_every_time(tmp_path):
    def load(name):
        database = open_database(tmp_path / name)
        load_demo(database, today=TODAY)
        rows = [(m.name, m.id_number, m.branch_name, m.phone) for m in list_members(database)]
        database.close()
        return rows

    assert load("a.db") == load("b.db")


@pytest.mark.parametrize("stage", ["正在生成示范党员…", "正在建立示范组织…", "正在生成示范会议记录…"])
def test_cancel_leaves_the_database_empty(db, stage):
    seen: list[str] = []
    progress = Progress(on_report=lambda done, total, label: seen.append(label),
                        is_cancelled=lambda: stage in seen)
    with pytest.raises(Cancelled):
        load_demo(db, progress, today=TODAY)
    assert is_empty(db)
    load_demo(db, today=TODAY)
    assert stats(db).members > 700


def test_a_year_of_meetings_up_to_today(demo_db):
    meetings = list_meetings(demo_db)
    branches = [n for n in list_organizations(demo_db) if n.level == OrgLevel.BRANCH]
    assert 600 <= len(meetings) <= 1000
    assert max(m.held_on for m in meetings) <= TODAY
    assert min(m.held_on for m in meetings) <= date(TODAY.year - 1, TODAY.month, 1)
    assert {m.type for m in meetings} == set(MeetingType) - {MeetingType.OTHER}
    themed = {(m.branch_id, m.held_on.month) for m in meetings if m.type == MeetingType.THEMED_DAY}
    assert len(themed) >= 0.95 * len(branches) * 12  # most branches every month
    assert {m.status for m in meetings if (m.held_on.year, m.held_on.month) == (TODAY.year, TODAY.month)} == {
        RecordStatus.DRAFT}
    assert {m.status for m in meetings if m.held_on < TODAY.replace(day=1)} == {RecordStatus.FINAL}
    assert len({m.topic for m in meetings}) >= 35


def test_demo_records_are_whole_and_their_counts_match_the_rosters(demo_db):
    secretaries = {n.id: n.secretary for n in list_organizations(demo_db)}
    contents = set()
    sample = list_meetings(demo_db)[::7]
    for summary in sample:
        record = get_meeting(demo_db, summary.id)
        contents.add(record.content)
        expected = expected_attendance(demo_db, record.org_id, record.type, record.held_on)
        assert [(a.member_id, a.voting) for a in record.attendance] == [(a.member_id, a.voting) for a in expected]
        assert (summary.expected, summary.present, summary.voting_expected, summary.voting_present) == (
            record.expected, record.present, record.voting_expected, record.voting_present)
        assert record.host == secretaries[record.org_id] and record.recorder and record.recorder != record.host
        assert record.topic and len(record.content) >= 30 and record.start_time < record.end_time
        assert all(a.reason for a in record.attendance if a.status != "出席")
        if record.type == MeetingType.LECTURE:
            assert record.lecturer
    assert len(contents) >= 0.9 * len(sample)  # names and numbers make each record its own


def test_demo_themes_committees_and_gaps_give_the_street_work_to_do(demo_db):
    themes = list_themes(demo_db)
    assert len(themes) == 6 and themes[0].month == f"{TODAY:%Y-%m}"
    assert all(t.theme and t.outline and t.planned_on for t in themes)
    uptake = theme_uptake(demo_db, themes[1].month)
    assert sum(u.follows_theme for u in uptake) >= len(uptake) - 3
    assert any(u.meeting_id is None for u in theme_uptake(demo_db, themes[1].month))
    full = {}
    for member in list_members(demo_db):
        full[member.branch_id] = full.get(member.branch_id, 0) + (member.category == MemberCategory.FULL)
    for branch_id, count in full.items():
        posts = {seat.post for seat in committee(demo_db, branch_id, TODAY)}
        assert posts == ({"书记", "组织委员", "宣传委员"} if count >= 7 else set()), branch_id
    assert sum(m.lacks_quorum for m in list_meetings(demo_db)) == 1
    cells = compliance_grid(demo_db, date(TODAY.year, 1, 1), TODAY)
    assert 0.8 < sum(c.met for c in cells) / len(cells) < 1
    overdue = [item for item in due_items(demo_db, TODAY) if item.overdue]
    assert 3 <= len(overdue) <= 20
    assert any(item.cell.without_quorum for item in overdue)
