"""The demo street: size, realism, validity, a year of meetings, the census of new-economy enterprises with its
officers, visits and demands, refusal on a used data file, reuse of a root."""

import time
from collections import Counter
from datetime import date, timedelta

import pytest

from dangjian_desktop.domain.credit_code import check_credit_code
from dangjian_desktop.domain.dates import years_between
from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry, check_enterprise
from dangjian_desktop.domain.enums import MemberCategory, OrgLevel
from dangjian_desktop.domain.idcard import check_id_number
from dangjian_desktop.domain.meetings import MeetingType, RecordStatus
from dangjian_desktop.domain.member import check_member
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.domain.visits import DemandSource, DemandStatus
from dangjian_desktop.services.compliance import compliance_grid, due_items
from dangjian_desktop.services.coverage import dashboard
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demands import demand_events, list_demands
from dangjian_desktop.services.demo import is_empty, load_demo
from dangjian_desktop.services.enterprises import list_enterprises, save_enterprise
from dangjian_desktop.services.errors import RuleViolation
from dangjian_desktop.services.meetings import expected_attendance, get_meeting, list_meetings
from dangjian_desktop.services.members import list_members, stats
from dangjian_desktop.services.membership import committee
from dangjian_desktop.services.officers import OfficerInfo, assignments, list_officers, pairings, save_officer
from dangjian_desktop.services.organizations import create_root, get_root, list_organizations
from dangjian_desktop.services.themes import list_themes, theme_uptake
from dangjian_desktop.services.visits import get_visit, list_visits

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


@pytest.mark.parametrize("census_first", [
    lambda db: save_enterprise(db, EnterpriseRecord("已录入的快递网点")),
    lambda db: save_officer(db, OfficerInfo(None, "已录入的指导员")),
])
def test_a_file_with_enterprises_or_officers_is_not_empty(db, census_first):
    census_first(db)
    assert not is_empty(db)
    with pytest.raises(RuleViolation, match="已经有党组织、党员或企业"):
        load_demo(db, today=TODAY)


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
        rows += [(e.record, e.officer_name, e.visits) for e in list_enterprises(database, as_of=TODAY)]
        rows += [(v.officer_name, v.enterprise_name, v.visited_on, v.findings) for v in list_visits(database)]
        rows += [(d.content, d.status, d.outcome, d.deadline) for d in list_demands(database, as_of=TODAY)]
        database.close()
        return rows

    assert load("a.db") == load("b.db")


@pytest.mark.parametrize("stage", ["正在生成示范党员…", "正在建立示范组织…", "正在生成示范会议记录…",
                                   "正在生成示范企业与走访记录…"])
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


def test_the_census_covers_every_industry_with_valid_records(demo_db):
    enterprises = list_enterprises(demo_db, as_of=TODAY)
    records = [e.record for e in enterprises]
    assert 55 <= len(records) <= 65
    assert Counter(r.industry for r in records).keys() == {i.value for i in Industry}
    assert min(Counter(r.industry for r in records).values()) >= 5
    for record in records:
        _checked, issues = check_enterprise(record)
        assert [i.field for i in issues] == (["credit_code"] if not record.credit_code else []), record
        assert record.address and record.community.endswith("社区") and record.legal_rep and record.phone
        assert 0 <= record.employees_under_35 <= record.employees and record.outlets >= 1
        assert record.party_members is None or record.party_members <= record.employees
    codes = [r.credit_code for r in records if r.credit_code]
    assert len(codes) == len(set(codes)) == len(records) - 1
    assert all(check_credit_code(c)[1] is None and c[2:6] == "3701" for c in codes)
    brands = {r.brand for r in records}
    assert {"顺丰速运", "京东物流", "中通快递", "美团", "饿了么", "滴滴出行", "曹操出行", "货拉拉", "满帮", "快狗打车",
            "抖音", "闪送", "UU跑腿", "达达秒送"} <= brands


def test_the_two_coverages_look_like_a_real_street(demo_db):
    records = [e.record for e in list_enterprises(demo_db, as_of=TODAY)]
    with_org = [r for r in records if r.org_covered]
    work_only = [r for r in records if r.party_work and not r.org_covered]
    assert 0.12 <= len(with_org) / len(records) <= 0.25
    assert 0.3 <= len(work_only) / len(records) <= 0.5
    assert not any(r.party_work for r in with_org)  # party work without an organisation only
    orgs = {n.id: n for n in list_organizations(demo_db)}
    assert {orgs[r.party_org_id].kind for r in with_org} >= {"新业态工作党支部", "联合党支部", "单独组建"}
    assert any(orgs[r.party_org_id].level == OrgLevel.GENERAL_BRANCH for r in with_org)  # the 分拨中心's 党总支
    assert all(r.party_members for r in with_org)
    members = {m.branch_id for m in list_members(demo_db)}
    assert all(r.party_org_id in members or orgs[r.party_org_id].level == OrgLevel.GENERAL_BRANCH for r in with_org)


def test_officers_assignments_and_pairings(demo_db):
    officers = list_officers(demo_db)
    assert len(officers) == 10 and all(o.active and o.phone and o.unit and o.post for o in officers)
    assert {"党建指导员", "红色向导", "党建专员"} <= {o.post for o in officers}
    assert {"区交通运输局", "区邮政管理局"} <= {o.unit for o in officers}
    enterprises = list_enterprises(demo_db, as_of=TODAY)
    unassigned = [e for e in enterprises if e.officer_id is None]
    assert 2 <= len(unassigned) <= 6 and all("摸排新增" in e.record.note for e in unassigned)
    reassigned = [e for e in enterprises if len(assignments(demo_db, enterprise_id=e.id)) == 2]
    assert len(reassigned) == 1
    later, earlier = assignments(demo_db, enterprise_id=reassigned[0].id)
    assert earlier.ended_on == later.started_on and later.officer_id != earlier.officer_id
    assert TODAY - timedelta(days=210) <= later.started_on <= TODAY - timedelta(days=120)
    assert reassigned[0].officer_id == later.officer_id
    assert {a.target for a in assignments(demo_db)} == {"企业", "党组织"}
    paired = pairings(demo_db)
    assert 5 <= len(paired) <= 8 and len({p.officer_id for p in paired}) == len(paired)
    mobile = {m.id: m for m in list_members(demo_db)}
    assert all(mobile[p.member_id].mobile_direction == "流入" for p in paired)
    assert sum(p.ended_on is not None for p in paired) == 1


def test_a_year_of_visits_most_enterprises_each_quarter(demo_db):
    visits = list_visits(demo_db)
    assert 200 <= len(visits) <= 350
    days = [v.visited_on for v in visits]
    assert TODAY - timedelta(days=370) <= min(days) and max(days) <= TODAY
    assert all(v.visited_on.weekday() < 5 for v in visits)
    assert Counter(v.way for v in visits).most_common(1)[0][0] == "实地" and len({v.way for v in visits}) == 3
    board = dashboard(demo_db, TODAY)
    assigned = board.overall.with_officer
    assert 0.75 <= board.overall.visited_within_frequency / assigned < 1  # most, not all, this quarter
    assert board.not_visited_ids and board.unassigned_ids
    assert sum(o.visits_this_month for o in board.officers) >= 5
    for summary in visits[::25]:
        visit = get_visit(demo_db, summary.id)
        assert visit.business_situation and visit.party_work_situation and visit.findings and visit.follow_up
        assert visit.met_person.startswith(("站长", "网点负责人", "运营经理", "调度主管", "运营总监", "行政主管"))
        assert "{" not in visit.findings + visit.business_situation + visit.party_work_situation + visit.follow_up
    assert len({v.findings for v in visits}) >= 0.5 * len(visits)
    officers_by_visit = {(v.enterprise_id, v.visited_on): v.officer_id for v in visits}
    enterprise = next(e for e in list_enterprises(demo_db, as_of=TODAY)
                      if len(assignments(demo_db, enterprise_id=e.id)) == 2)
    for item in assignments(demo_db, enterprise_id=enterprise.id):  # visited by whoever answered for it that day
        assert all(officer == item.officer_id for (firm, day), officer in officers_by_visit.items()
                   if firm == enterprise.id and item.started_on <= day and (not item.ended_on or day < item.ended_on))


def test_the_demand_ledger_follows_every_demand_to_a_result(demo_db):
    demands = list_demands(demo_db, as_of=TODAY)
    assert 75 <= len(demands) <= 85
    statuses = Counter(d.status for d in demands)
    assert set(statuses) == set(DemandStatus)
    assert statuses["已办结"] >= 0.7 * len(demands) and statuses["不予受理"] == 1
    assert set(Counter(d.source for d in demands)) == set(DemandSource)
    assert Counter(d.source for d in demands)["走访"] >= 0.6 * len(demands)
    overdue = [d for d in demands if d.overdue]
    assert 2 <= len(overdue) <= 6
    assert all((TODAY - d.deadline).days <= 75 for d in overdue)  # late by weeks, as a real ledger would be
    visits = {v.id: v for v in list_visits(demo_db)}
    for demand in demands:
        assert demand.responsible_unit and demand.responsible_person and demand.deadline > demand.raised_on
        words = demand.content + demand.outcome + demand.responsible_unit
        assert "{" not in words and "社区社区" not in words
        if demand.status in ("已办结", "不予受理"):
            assert demand.outcome and demand.raised_on <= demand.closed_on <= TODAY
        else:
            assert not demand.outcome and demand.closed_on is None
        if demand.source == "走访":
            visit = visits[demand.visit_id]
            assert (visit.visited_on, visit.enterprise_id) == (demand.raised_on, demand.enterprise_id)
            assert demand.content in get_visit(demo_db, visit.id).findings
        events = demand_events(demo_db, demand.id)
        assert events[0].status == "已受理" and events[-1].status == demand.status
        assert [e.at for e in events] == sorted(e.at for e in events)
        if demand.status in ("已办结", "不予受理"):
            assert events[-1].note == demand.outcome
    declined = next(d for d in demands if d.status == "不予受理")
    assert "不属于街道职责" in declined.outcome
    assert sum(v.demands for v in visits.values()) == Counter(d.source for d in demands)["走访"]
