"""The enterprise forms and ledgers from the database: month figures at their edges (month end, quarter start,
reassigned officers, demands closed later), every PDF through the service, the three Excel ledgers."""

import re
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from dangjian_desktop.services.demands import change_status, list_demands
from dangjian_desktop.services.enterprise_reports import (
    export_demands_xlsx, export_enterprises_xlsx, export_visits_xlsx, month_summary, write_enterprise_pdf,
    write_officer_month_pdf, write_street_month_pdf, write_visit_pdf,
)
from dangjian_desktop.services.errors import NotFound, RuleViolation
from enterprise_samples import DD, MT, NOVEMBER, SF, TODAY, build_world


@pytest.fixture
def world(db, street):
    return build_world(db, street)


def _text(path) -> str:
    return re.sub(r"\s+", "", "\n".join(page.extract_text() for page in PdfReader(path).pages))


def _contents(demands) -> set[str]:
    return {d.content for d in demands}


def test_street_month_figures(db, world):
    summary = month_summary(db, NOVEMBER, today=TODAY)
    assert (summary.month, summary.as_of, summary.officer_id) == (NOVEMBER, date(2026, 11, 30), None)
    assert [v.id for v in summary.visits] == [world.visits[k] for k in ("sf_november", "mt_phone", "mt_online")]
    assert summary.visits_by_way == (("实地", 1), ("电话", 1), ("线上", 1))
    assert summary.enterprises_visited == 2
    assert (summary.assigned, summary.not_visited) == (2, 0)
    assert summary.period_label == "2026年第4季度" and summary.frequency_label == "每季度至少1次"
    assert _contents(summary.received) == {"骑手午休无固定休息场所", "快递车辆进小区难", "子女入学咨询", "网约车司机停车难"}
    assert _contents(summary.closed) == {"快递车辆进小区难"} and _contents(summary.declined) == {"子女入学咨询"}
    assert _contents(summary.open_at_end) == {"希望开展技能培训", "骑手午休无固定休息场所", "网约车司机停车难"}
    assert _contents(summary.overdue_at_end) == {"希望开展技能培训"}
    assert len(summary.demands) == 5          # the October one is in the table: it is overdue
    counts = summary.coverage
    assert (counts.enterprises, counts.with_party_org, counts.with_party_work, counts.with_officer,
            counts.visited_within_frequency) == (3, 1, 2, 2, 2)
    assert summary.coverage_by_industry["网约车"].enterprises == 1
    assert summary.officer_visits == (("王敏", 2), ("李强", 1))


def test_an_officer_month_follows_the_reassignment(db, world):
    wang = month_summary(db, NOVEMBER, world.wang, today=TODAY)
    assert wang.officer_name == "王敏" and wang.officer_unit == "街道党建办"
    assert len(wang.visits) == 2 and wang.enterprises_visited == 2
    assert wang.assigned == 1                  # 美团 went to 李强 on 11-15
    assert {name for name, counts in wang.coverage_by_industry.items() if counts.enterprises} == {"快递"}
    assert _contents(wang.received) == {"骑手午休无固定休息场所", "快递车辆进小区难"}
    assert _contents(wang.overdue_at_end) == {"希望开展技能培训"}
    assert wang.officer_visits == ()
    li = month_summary(db, NOVEMBER, world.li, today=TODAY)
    assert li.assigned == 1 and len(li.visits) == 1 and _contents(li.declined) == {"子女入学咨询"}
    october = month_summary(db, date(2026, 10, 15), world.wang, today=TODAY)
    assert october.as_of == date(2026, 10, 31) and october.assigned == 2 and october.not_visited == 1   # 美团
    assert month_summary(db, date(2026, 10, 1), world.li, today=TODAY).assigned == 0


def test_overdue_starts_the_day_after_the_deadline(db, world):
    # 午休 and 进小区 were raised on 11-05 with the default 30 days: deadline 12-05
    on_deadline = month_summary(db, date(2026, 12, 1), today=date(2026, 12, 5))
    assert on_deadline.as_of == date(2026, 12, 5)
    assert _contents(on_deadline.overdue_at_end) == {"希望开展技能培训"}
    day_after = month_summary(db, date(2026, 12, 1), today=date(2026, 12, 6))
    assert _contents(day_after.overdue_at_end) == {"希望开展技能培训", "骑手午休无固定休息场所"}


def test_a_new_quarter_starts_unvisited(db, world):
    january = month_summary(db, date(2027, 1, 1), today=date(2027, 1, 10))
    assert january.period_label == "2027年第1季度"
    assert (january.assigned, january.not_visited, january.coverage.visited_within_frequency) == (2, 2, 0)
    assert january.visits == () and january.received == ()


def test_a_past_month_reads_the_same_after_its_demands_are_closed(db, world):
    before = month_summary(db, NOVEMBER, today=TODAY)
    change_status(db, world.demands["training"], "已办结", outcome="已联系培训机构", closed_on=date(2026, 12, 2))
    after = month_summary(db, NOVEMBER, today=TODAY)
    assert _contents(after.overdue_at_end) == _contents(before.overdue_at_end) == {"希望开展技能培训"}
    assert len(after.open_at_end) == len(before.open_at_end) == 3
    assert _contents(after.closed) == _contents(before.closed) == {"快递车辆进小区难"}   # closed in December


def test_a_future_month_is_refused(db, world):
    with pytest.raises(RuleViolation, match="2027年1月还没有到"):
        month_summary(db, date(2027, 1, 1), today=TODAY)


def test_visit_pdf_from_the_database(db, world, tmp_path):
    path = tmp_path / "visit.pdf"
    assert write_visit_pdf(db, world.visits["sf_november"], path, today=TODAY) == 1
    text = _text(path)
    for expected in ("测试街道党工委", "走访记录表", f"编号：{world.visits['sf_november']}", SF, "91110105MA00000012",
                     "2026年11月5日（星期四）", "王敏", "站长刘赟", "业务量较上月增长约15%。", "党支部按时开展主题党日。",
                     "1．骑手午休无固定休息场所（已受理，办理期限2026-12-05）",
                     "2．快递车辆进小区难（已办结2026-11-25：已与物业协商，发放通行证）", "协调社区党群服务中心设立休息点。",
                     "第1页共1页"):
        assert expected in text, expected
    with pytest.raises(NotFound):
        write_visit_pdf(db, 9999, tmp_path / "none.pdf")


def test_enterprise_pdf_from_the_database(db, world, tmp_path):
    path = tmp_path / "profile.pdf"
    write_enterprise_pdf(db, world.mt, path, today=TODAY)
    text = _text(path)
    for expected in (MT, "新业态企业档案（一企一档）", "党组织未建立党组织", "党的工作已开展", "组织覆盖否", "工作覆盖是",
                     "010****6666", "现由党建指导员李强（区交通局，电话137****2222）包联。", "1李强2026-11-15至今",
                     "2王敏2026-01-012026-11-15", "共走访2次，最近一次为2026年11月20日；走访中提出诉求1件。",
                     "子女入学咨询", "不予受理", "第1页共"):
        assert expected in text, expected
    write_enterprise_pdf(db, world.mt, path, masked=False, today=TODAY)
    assert "01088886666" in _text(path)
    with pytest.raises(NotFound):
        write_enterprise_pdf(db, 9999, tmp_path / "none.pdf")


def test_monthly_reports_from_the_database(db, world, tmp_path):
    street = tmp_path / "street.pdf"
    write_street_month_pdf(db, NOVEMBER, street, today=TODAY)
    text = _text(street)
    for expected in ("新业态党建工作月报（2026年11月）", "本月全街道党建指导员共走访3次（实地1次、电话1次、线上1次），走访企业2家。",
                     "2026年第4季度均已走访", "本月新收诉求4件，办结1件，不予受理1件；截至2026年11月30日，在办3件，其中超期1件。",
                     "全街道新业态企业3家，组织覆盖1家（33.3%），工作覆盖2家（66.7%）。", "各党建指导员本月走访次数", DD):
        assert expected in text, expected
    officer = tmp_path / "officer.pdf"
    write_officer_month_pdf(db, world.wang, NOVEMBER, officer, today=TODAY)
    text = _text(officer)
    for expected in ("党建指导员月度工作报告（2026年11月）", "党建指导员：王敏（街道党建办）", "本月共走访2次（实地1次、电话1次），",
                     "现包联企业1家", "本月新收诉求2件，办结1件；", "包联企业1家，组织覆盖1家（100.0%）"):
        assert expected in text, expected
    assert DD not in text                   # another officer's, or nobody's, enterprise
    with pytest.raises(NotFound):
        write_officer_month_pdf(db, 9999, NOVEMBER, tmp_path / "none.pdf", today=TODAY)


def _rows(path):
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_census_export(db, world, tmp_path):
    path = tmp_path / "census.xlsx"
    assert export_enterprises_xlsx(db, path, today=TODAY) == 3
    rows = _rows(path)
    assert rows[0][0] == "测试街道党工委新业态企业名录（截至 2026-12-05）"
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name[SF][11] == "幸福里社区第一党支部" and by_name[SF][13] == "王敏" and by_name[SF][14] == "13812345678"
    assert by_name[MT][13] == "李强" and by_name[MT][19] == datetime(2026, 11, 20)
    assert by_name[DD][13] is None and by_name[DD][17:] == ["否", "否", None]
    assert export_enterprises_xlsx(db, path, ids=[world.sf], today=TODAY) == 1


def test_visit_ledger_export(db, world, tmp_path):
    path = tmp_path / "visits.xlsx"
    assert export_visits_xlsx(db, path) == 4
    rows = _rows(path)
    assert [row[2] for row in rows[2:]] == [datetime(2026, 10, 8), datetime(2026, 11, 5), datetime(2026, 11, 10),
                                          datetime(2026, 11, 20)]
    assert rows[3][8] == "骑手午休无固定休息场所；快递车辆进小区难"
    assert export_visits_xlsx(db, path, officer_id=world.li) == 1
    assert export_visits_xlsx(db, path, date_from=date(2026, 11, 6), date_to=date(2026, 11, 30)) == 2
    assert _rows(path)[0][0] == "测试街道党工委党建指导员走访台账（2026-11-06 至 2026-11-30）"
    with pytest.raises(RuleViolation):
        export_visits_xlsx(db, path, date_from=date(2026, 12, 1), date_to=date(2026, 11, 1))


def test_demand_ledger_export(db, world, tmp_path):
    path = tmp_path / "demands.xlsx"
    assert export_demands_xlsx(db, path, as_of=date(2026, 11, 30)) == 5
    rows = _rows(path)
    assert rows[2][3] == "希望开展技能培训" and rows[2][-1] == "是"
    assert [row[-1] for row in rows[2:]].count("是") == 1
    assert export_demands_xlsx(db, path, as_of=date(2026, 12, 6), overdue_only=True) == 2
    assert _rows(path)[0][0] == "测试街道党工委超期诉求清单（截至 2026-12-06）"
    assert export_demands_xlsx(db, path, statuses=["已办结"], as_of=TODAY) == 1


def test_exported_census_and_visit_ledger_import_into_another_street_file(db, world, tmp_path):
    """Export from one data file, import both ledgers into an empty one with the same tree: the same enterprises
    (with their officers) and the same visits come back, each problem raised as a demand again."""
    from dangjian_desktop.domain.enums import BranchKind, OrgLevel
    from dangjian_desktop.services.database import open_database
    from dangjian_desktop.services.enterprise_import import commit_enterprise_import, preview_enterprise_import
    from dangjian_desktop.services.enterprises import list_enterprises
    from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root
    from dangjian_desktop.services.visit_import import commit_visit_import, preview_visit_import
    from dangjian_desktop.services.visits import get_visit, list_visits

    census, ledger = tmp_path / "名录.xlsx", tmp_path / "走访台账.xlsx"
    export_enterprises_xlsx(db, census, today=TODAY)
    export_visits_xlsx(db, ledger)
    other = open_database(tmp_path / "other.db")
    try:
        root = create_root(other, "测试街道党工委")
        community = create_organization(other, root.id, OrgFields("幸福里社区党委", OrgLevel.COMMUNITY_COMMITTEE))
        create_organization(other, community.id, OrgFields("幸福里社区第一党支部", OrgLevel.BRANCH, BranchKind.STANDALONE))

        preview = preview_enterprise_import(other, census, today=TODAY)
        problems = [(row.record.name, issue.message) for row in preview.rows for issue in row.issues]
        assert [name for name, message in problems if "未登记" not in message] == [], problems
        assert preview.unknown_officers == [("李强", 1), ("王敏", 1)]
        assert preview.rejected_rows(create_officers=True) == []
        result = commit_enterprise_import(other, preview, create_officers=True)
        assert result.created == 3 and sorted(result.officers_created) == ["李强", "王敏"]

        def records(database):
            return {e.record.name: (e.record.with_changes(party_org_id=None), e.officer_name)
                    for e in list_enterprises(database, as_of=TODAY)}

        assert records(other) == records(db)

        visits = preview_visit_import(other, ledger, today=TODAY)
        assert visits.rejected_rows() == [] and len(visits.rows_to_write()) == 4
        assert commit_visit_import(other, visits).demands_created == 5 - 1   # the member's demand had no visit

        def stored(database):
            return sorted((v.officer_name, v.enterprise_name, v.visited_on, v.way, v.met_person, full.findings,
                           full.business_situation, full.party_work_situation, full.follow_up,
                           tuple(d.content for d in sorted(list_demands(database, visit_id=v.id), key=lambda d: d.id)))
                          for v in list_visits(database) for full in [get_visit(database, v.id)])

        assert stored(other) == stored(db)
    finally:
        other.close()
