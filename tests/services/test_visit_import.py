"""Visit-ledger import through the service: officers and enterprises must be registered, each problem becomes
a demand with the default deadline, a visit is never recorded twice, and all or nothing."""

from datetime import date, timedelta
from itertools import count

import openpyxl
import pytest

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.domain.visits import VisitFrequency, VisitRecord
from dangjian_desktop.services.demands import list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visit_import import (
    ImportRefused, RowStatus, commit_visit_import, preview_visit_import, save_problem_list, save_visit_template,
)
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules
from dangjian_desktop.services.visits import list_visits, save_visit

TODAY = date(2025, 6, 30)
SHUNFENG, MEITUAN = "顺丰速运幸福里营业部", "美团外卖幸福里站"
HEADER = ["序号", "党建指导员", "企业名称", "走访日期", "走访方式", "接待人", "走访情况", "发现问题", "下步打算"]


def visit(number, officer="王指导", enterprise=SHUNFENG, day=date(2025, 3, 12), way="实地", met="站长李四",
          findings="了解经营情况", problems="", follow_up=""):
    return [number, officer, enterprise, day, way, met, findings, problems, follow_up]


def write_ledger(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["走访台账"])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


@pytest.fixture
def known(db):
    """Officers 王指导 and 李指导; enterprises 顺丰 and 美团."""
    ids = {name: save_officer(db, OfficerInfo(None, name)) for name in ("王指导", "李指导")}
    ids |= {name: save_enterprise(db, EnterpriseRecord(name, "", industry))
            for name, industry in ((SHUNFENG, "快递"), (MEITUAN, "外卖"))}
    return ids


def test_two_problems_become_two_demands_with_the_default_deadline(db, known, tmp_path):
    path = write_ledger(tmp_path / "走访.xlsx", [
        visit(1, problems="问题一；问题二", follow_up="协调物业"),
        visit(2, "李指导", MEITUAN, date(2025, 4, 1), "电话", met="", problems="无"),
    ])
    preview = preview_visit_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.OK, RowStatus.OK]
    assert list_visits(db) == []
    assert "发现问题 2 个" in preview.summary
    result = commit_visit_import(db, preview, user="测试")
    assert (result.created, result.demands_created, result.skipped) == (2, 2, 0)
    assert "已导入 2 次走访，登记诉求 2 件" in result.summary
    visits = {v.enterprise_name: v for v in list_visits(db)}
    first = visits[SHUNFENG]
    assert (first.officer_name, first.officer_id, first.visited_on, first.way, first.met_person, first.demands) == (
        "王指导", known["王指导"], date(2025, 3, 12), "实地", "站长李四", 2)
    assert visits[MEITUAN].way == "电话" and visits[MEITUAN].demands == 0
    demands = sorted(list_demands(db, as_of=TODAY), key=lambda d: d.id)
    assert [d.content for d in demands] == ["问题一", "问题二"]
    for demand in demands:
        assert (demand.source, demand.status, demand.raised_on, demand.deadline, demand.raised_by) == (
            "走访", "已受理", date(2025, 3, 12), date(2025, 3, 12) + timedelta(days=30), "站长李四")
        assert (demand.enterprise_id, demand.visit_id) == (known[SHUNFENG], first.id)


def test_the_deadline_setting_and_the_enterprise_as_raiser(db, known, tmp_path):
    save_visit_rules(db, VisitRules(VisitFrequency(), 15))
    path = write_ledger(tmp_path / "走访.xlsx", [visit(1, met="", problems="停车难")])
    commit_visit_import(db, preview_visit_import(db, path, today=TODAY))
    demand = list_demands(db)[0]
    assert (demand.deadline, demand.raised_by) == (date(2025, 3, 27), SHUNFENG)


def test_unknown_officers_and_enterprises_are_rejected_naming_them(db, known, tmp_path):
    path = write_ledger(tmp_path / "走访.xlsx", [
        visit(1, officer="赵指导"), visit(2, enterprise="顺丰"), visit(3, enterprise="幸福里"),
        visit(4, enterprise="不存在的公司"), visit(5, day=date(2025, 7, 1)), visit(6)])
    preview = preview_visit_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.REJECTED] * 5 + [RowStatus.OK]
    messages = [[i.message for i in r.issues] for r in preview.rows]
    assert messages[0] == [("党建指导员“赵指导”未登记，请先在企业与走访→党建指导员中添加，"
                            "或用 import-enterprises --create-officers 导入普查表")]
    assert messages[1] == [f"企业“顺丰”未登记。是否是“{SHUNFENG}”？请把企业名称改为一企一档中的全称"]
    assert "企业“幸福里”未登记，请先在企业与走访中登记该企业" in messages[2][0]  # two names contain it
    assert "企业“不存在的公司”未登记" in messages[3][0]
    assert "晚于今天" in messages[4][0]
    assert preview.rows[0].issues[0].column == "党建指导员"
    with pytest.raises(ImportRefused, match="有 5 行被拒绝（第 3 行起），未导入任何走访记录"):
        commit_visit_import(db, preview)
    assert list_visits(db) == [] and list_demands(db) == []
    result = commit_visit_import(db, preview, skip_invalid=True)
    assert (result.created, result.skipped) == (1, 5)


def test_a_visit_is_never_recorded_twice(db, known, tmp_path):
    stored_id = save_visit(db, VisitRecord(known["王指导"], known[SHUNFENG], date(2025, 3, 12), findings="走访"),
                           today=TODAY)
    path = write_ledger(tmp_path / "走访.xlsx", [
        visit(1, problems="问题一"),                                        # 3 stored already
        visit(2, "李指导", MEITUAN, date(2025, 4, 1), problems="问题二"),   # 4 new
        visit(3, "李指导", MEITUAN, "2025-04-01", problems="问题二"),       # 5 repeats row 4
        visit(4, "王指导", MEITUAN, date(2025, 4, 1)),                      # 6 another officer the same day: new
    ])
    preview = preview_visit_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.CONFLICT, RowStatus.OK, RowStatus.CONFLICT, RowStatus.OK]
    assert preview.rows[0].existing_id == stored_id
    assert "已登记，默认跳过，不会重复导入" in preview.rows[0].issues[-1].message
    assert "与第4行是同一次走访" in preview.rows[2].issues[-1].message
    result = commit_visit_import(db, preview)
    assert (result.created, result.demands_created, result.skipped) == (2, 1, 2)
    assert len(list_visits(db)) == 3
    again = preview_visit_import(db, path, today=TODAY)
    assert [r.status for r in again.rows] == [RowStatus.CONFLICT] * 4
    assert commit_visit_import(db, again).created == 0 and len(list_demands(db)) == 1


def test_a_visit_recorded_after_the_preview_stops_the_commit(db, known, tmp_path):
    path = write_ledger(tmp_path / "走访.xlsx", [visit(1, problems="问题一"), visit(2, enterprise=MEITUAN)])
    preview = preview_visit_import(db, path, today=TODAY)
    save_visit(db, VisitRecord(known["王指导"], known[MEITUAN], date(2025, 3, 12), findings="走访"), today=TODAY)
    with pytest.raises(ServiceError, match="未导入任何数据"):
        commit_visit_import(db, preview)
    assert len(list_visits(db)) == 1 and list_demands(db) == []


def test_cancel_during_commit_writes_neither_visits_nor_demands(db, known, tmp_path):
    start = date(2023, 1, 1)
    rows = [visit(i, enterprise=(SHUNFENG, MEITUAN)[i % 2], day=start + timedelta(days=i // 2), problems="问题一；问题二")
            for i in range(1200)]
    preview = preview_visit_import(db, write_ledger(tmp_path / "大台账.xlsx", rows), today=TODAY)
    assert preview.count(RowStatus.OK) == 1200
    checks, reports = count(), []
    with pytest.raises(Cancelled):
        commit_visit_import(db, preview, progress=Progress(on_report=lambda done, total, label: reports.append(done),
                                                           is_cancelled=lambda: next(checks) >= 2))
    assert reports and reports[0] > 0
    assert list_visits(db) == [] and list_demands(db) == []


def test_problem_list_and_template(db, known, tmp_path):
    path = write_ledger(tmp_path / "走访.xlsx", [visit(1, officer="赵指导", way="")])
    preview = preview_visit_import(db, path, today=TODAY)
    target = tmp_path / "问题清单.xlsx"
    assert save_problem_list(preview, target) == 2
    text = " ".join(str(c) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in r if c)
    assert "赵指导" in text and "按“实地”处理" in text
    template = tmp_path / "走访模板.xlsx"
    save_visit_template(template)
    assert preview_visit_import(db, template, today=TODAY).rows == []
