"""Census import through the service: the tree and the officers checked, conflicts skipped or updated,
assignments from the import day, officers created only with consent, and all or nothing."""

from datetime import date, timedelta
from itertools import count

import openpyxl
import pytest

from dangjian_desktop.domain.credit_code import credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.services.enterprise_import import (
    ImportRefused, RowStatus, UnusableImportFile, commit_enterprise_import, preview_enterprise_import,
    save_enterprise_template, save_problem_list,
)
from dangjian_desktop.services.enterprises import list_enterprises, save_enterprise
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.officers import OfficerInfo, assignments, delete_officer, list_officers, save_officer

TODAY = date(2025, 6, 2)
BRANCH1 = "幸福里社区第一党支部"
HEADER = ["序号", "企业名称", "统一社会信用代码", "行业", "品牌/平台", "地址", "所属社区", "法定代表人",
          "法定代表人是否党员", "从业人员数", "35岁以下人数", "党员数", "党组织", "是否开展党的工作", "党建指导员",
          "联系电话"]


def code(n: int) -> str:
    body = f"91110105MA01{n:05d}"
    return body + credit_check_char(body)


def row(number, name, credit=None, *, industry="快递", org="无", work="否", officer="王指导", employees=20,
        members=1, address="幸福路1号", phone="13812345678"):
    return [number, name, code(number) if credit is None else credit, industry, "顺丰", address, "幸福里社区", "张三",
            "否", employees, 10, members, org, work, officer, phone]


def write_census(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["幸福里街道新业态企业摸底表"])
    sheet.merge_cells("A1:P1")
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    sheet.append([])
    sheet.append(["填表人：王五"])
    book.save(path)
    return path


@pytest.fixture
def officers(db):
    return {name: save_officer(db, OfficerInfo(None, name)) for name in ("王指导", "李指导")}


def stored(db):
    return {e.record.name: e for e in list_enterprises(db, as_of=TODAY)}


def snapshot(db):
    return list_enterprises(db), list_officers(db), assignments(db)


def test_preview_checks_the_tree_and_the_officers_and_writes_nothing(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [
        row(1, "顺丰速运幸福里营业部", work="是"),                      # 3 ok
        row(2, "美团外卖幸福里站", org=BRANCH1, officer="李指导"),      # 4 ok, organisation found
        row(3, "滴滴出行幸福里服务站", org="滴滴联合党支部"),            # 5 unknown organisation
        row(4, "货拉拉幸福里", industry="货运", officer="赵指导"),       # 6 unknown officer
        row(5, "闪送幸福里", officer="赵指导", employees=3, members=5),  # 7 unknown officer and a count error
        row(6, "快狗打车幸福里", officer=""),                           # 8 no officer
    ])
    before = snapshot(db)
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert snapshot(db) == before
    assert {r.row_number: r.status for r in preview.rows} == {
        3: RowStatus.OK, 4: RowStatus.OK, 5: RowStatus.REJECTED, 6: RowStatus.REJECTED, 7: RowStatus.REJECTED,
        8: RowStatus.OK}
    by_row = {r.row_number: r for r in preview.rows}
    assert by_row[4].record.party_org_id == street.branch1 and by_row[3].record.party_org_id is None
    assert [i.message for i in by_row[5].issues] == [
        "组织树中没有“滴滴联合党支部”，请先在组织与党员中建立，或把该格改为“无”"]
    assert by_row[5].issues[0].column == "党组织"
    assert preview.unknown_officers == [("赵指导", 2)]
    assert by_row[6].unknown_officer == "赵指导" and by_row[7].unknown_officer == ""  # row 7 has another error
    assert [r.row_number for r in preview.rejected_rows()] == [5, 6, 7]
    assert [r.row_number for r in preview.rejected_rows(create_officers=True)] == [5, 7]
    assert "未登记的党建指导员：赵指导（2 行）" in preview.summary
    assert any(line.row_number == 6 and "--create-officers" in line.message for line in preview.problem_lines())


def test_rejected_rows_refuse_the_import_unless_skipped(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部"), row(2, "货拉拉幸福里", officer="赵指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    with pytest.raises(ImportRefused, match="有 1 行被拒绝（第 4 行起），未导入任何企业"):
        commit_enterprise_import(db, preview)
    assert list_enterprises(db) == []
    result = commit_enterprise_import(db, preview, skip_invalid=True)
    assert (result.created, result.updated, result.skipped, result.officers_created, result.assigned) == (
        1, 0, 1, [], 1)
    assert set(stored(db)) == {"顺丰速运幸福里营业部"} and len(list_officers(db)) == 2


def test_unknown_officers_are_created_only_with_consent_and_assigned_from_the_import_day(db, street, officers,
                                                                                       tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部", officer="赵指导"),
                                                 row(2, "美团外卖幸福里站", officer="赵指导"),
                                                 row(3, "货拉拉幸福里", officer="王指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    result = commit_enterprise_import(db, preview, create_officers=True)
    assert (result.created, result.officers_created, result.assigned) == (3, ["赵指导"], 3)
    assert "新建党建指导员：赵指导" in result.summary
    assert sorted(o.name for o in list_officers(db)) == ["李指导", "王指导", "赵指导"]
    enterprises = stored(db)
    assert enterprises["顺丰速运幸福里营业部"].officer_name == "赵指导"
    assert enterprises["货拉拉幸福里"].officer_name == "王指导"
    assert {(a.officer_name, a.started_on, a.ended_on) for a in assignments(db)} == {
        ("赵指导", TODAY, None), ("王指导", TODAY, None)}
    assert len(assignments(db)) == 3


def test_conflicts_are_skipped_by_default_and_updated_on_request(db, street, officers, tmp_path):
    first = save_enterprise(db, EnterpriseRecord("顺丰速运幸福里营业部", code(1), "快递", address="老地址", note="老备注"),
                            officer_id=officers["王指导"], assigned_on=date(2025, 1, 1))
    second = save_enterprise(db, EnterpriseRecord("京东快递幸福里站", code(2), "快递", brand="京东"))
    path = write_census(tmp_path / "普查.xlsx", [
        row(1, "顺丰速运幸福里营业部", org=BRANCH1, work="是", officer="李指导", address=""),  # 3 by name
        row(2, "京东物流幸福里站"),                                                        # 4 by code: a rename
        row(3, "中通快递幸福里"),                                                          # 5 new
    ])
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert [(r.row_number, r.status, r.existing_id) for r in preview.rows] == [
        (3, RowStatus.CONFLICT, first), (4, RowStatus.CONFLICT, second), (5, RowStatus.OK, None)]
    assert "企业名称会改为“京东物流幸福里站”" in preview.rows[1].issues[-1].message
    skipped = commit_enterprise_import(db, preview)
    assert (skipped.created, skipped.updated, skipped.skipped) == (1, 0, 2)
    assert stored(db)["顺丰速运幸福里营业部"].record.party_org_id is None

    preview = preview_enterprise_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.CONFLICT] * 3
    result = commit_enterprise_import(db, preview, conflict_updates=[3, 4])
    assert (result.created, result.updated, result.skipped, result.assigned) == (0, 2, 1, 2)
    enterprises = stored(db)
    updated = enterprises["顺丰速运幸福里营业部"].record
    assert (updated.party_org_id, updated.party_work, updated.employees) == (street.branch1, True, 20)
    assert (updated.address, updated.note) == ("老地址", "老备注")  # blank cell and absent column keep the stored
    assert "京东快递幸福里站" not in enterprises and enterprises["京东物流幸福里站"].record.brand == "顺丰"
    assert enterprises["京东物流幸福里站"].officer_name == "王指导"
    # the officer changes from the import day: 王指导's 包联 ends that day, 李指导's begins
    history = {(a.officer_name, a.started_on, a.ended_on) for a in assignments(db, enterprise_id=first)}
    assert history == {("王指导", date(2025, 1, 1), TODAY), ("李指导", TODAY, None)}
    assert enterprises["顺丰速运幸福里营业部"].officer_name == "李指导"


def test_an_officer_assigned_today_is_not_replaced_by_the_import(db, street, officers, tmp_path):
    existing = save_enterprise(db, EnterpriseRecord("顺丰速运幸福里营业部", code(1), "快递"),
                               officer_id=officers["王指导"], assigned_on=TODAY)
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部", officer="李指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert preview.rows[0].status is RowStatus.CONFLICT and not preview.rows[0].assigns_officer
    assert any(i.kind == "警告" and "不能改为“李指导”" in i.message for i in preview.rows[0].issues)
    result = commit_enterprise_import(db, preview, conflict_updates=[3])
    assert (result.updated, result.assigned) == (1, 0)
    assert [(a.officer_name, a.ended_on) for a in assignments(db, enterprise_id=existing)] == [("王指导", None)]


def test_name_of_one_enterprise_and_code_of_another_is_rejected(db, street, officers, tmp_path):
    save_enterprise(db, EnterpriseRecord("顺丰速运幸福里营业部", code(1), "快递"))
    save_enterprise(db, EnterpriseRecord("京东快递幸福里站", code(2), "快递"))
    path = write_census(tmp_path / "普查.xlsx", [row(1, "京东快递幸福里站", code(1)),
                                                 row(5, "圆通快递", code(5)), row(6, "圆通快递二部", code(5))])
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.REJECTED, RowStatus.OK, RowStatus.REJECTED]
    assert "统一社会信用代码却与另一家已登记的“顺丰速运幸福里营业部”相同" in preview.rows[0].issues[-1].message
    assert "与第4行的统一社会信用代码相同" in preview.rows[2].issues[-1].message


def test_a_commit_that_fails_writes_nothing(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部", officer="赵指导"),
                                                 row(2, "美团外卖幸福里站")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    save_enterprise(db, EnterpriseRecord("美团外卖幸福里站", "", "外卖"))  # registered after the preview
    before = snapshot(db)
    with pytest.raises(ServiceError, match="“美团外卖幸福里站”已被登记，未导入任何数据"):
        commit_enterprise_import(db, preview, create_officers=True)
    assert snapshot(db) == before  # neither the other enterprise nor the new officer


def test_cancel_during_commit_writes_nothing(db, street, officers, tmp_path):
    rows = [row(i, f"快递网点{i:04d}") for i in range(1, 1201)]
    path = write_census(tmp_path / "大表.xlsx", rows)
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert preview.count(RowStatus.OK) == 1200
    checks, reports = count(), []
    progress = Progress(on_report=lambda done, total, label: reports.append(done),
                        is_cancelled=lambda: next(checks) >= 2)
    with pytest.raises(Cancelled):
        commit_enterprise_import(db, preview, progress=progress)
    assert reports and reports[0] > 0  # a chunk had been written before the cancel
    assert list_enterprises(db) == [] and assignments(db) == []


def test_cancel_at_the_last_moment_also_keeps_created_officers_out(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部", officer="赵指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    checks = count()
    with pytest.raises(Cancelled):
        commit_enterprise_import(db, preview, create_officers=True,
                                 progress=Progress(is_cancelled=lambda: next(checks) >= 1))
    assert list_enterprises(db) == [] and len(list_officers(db)) == 2


def test_gbk_csv_census(db, street, officers, tmp_path):
    lines = ["企业名称,信用代码,行业,员工数,党组织名称,指导员", f"闪送幸福里站,{code(9)},同城配送,15人,{BRANCH1},李指导"]
    path = tmp_path / "普查.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert [r.status for r in preview.rows] == [RowStatus.OK]
    commit_enterprise_import(db, preview)
    info = stored(db)["闪送幸福里站"]
    assert (info.record.employees, info.record.party_org_id, info.officer_name) == (15, street.branch1, "李指导")
    assert info.record.org_covered and info.record.work_covered


def test_unusable_files_and_the_problem_list(db, street, officers, tmp_path):
    with pytest.raises(UnusableImportFile, match="不存在.xlsx"):
        preview_enterprise_import(db, tmp_path / "不存在.xlsx", today=TODAY)
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰", credit="91110105MA01ABCD1Z", officer="赵指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    target = tmp_path / "问题清单.xlsx"
    assert save_problem_list(preview, target) == len(preview.problem_lines()) == 2
    text = " ".join(str(c) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in r if c)
    assert "不允许的字符：Z" in text and "赵指导" in text


def test_the_saved_template_imports_nothing_but_reads(db, street, tmp_path):
    path = tmp_path / "模板.xlsx"
    save_enterprise_template(path)
    preview = preview_enterprise_import(db, path, today=TODAY)
    assert preview.rows == [] and preview.unknown_headers == []


def test_assignment_day_defaults_to_today(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部")])
    commit_enterprise_import(db, preview_enterprise_import(db, path))
    started = assignments(db)[0].started_on
    assert date.today() - timedelta(days=1) <= started <= date.today()


def test_an_officer_deleted_after_the_preview_is_not_created_again(db, street, officers, tmp_path):
    path = write_census(tmp_path / "普查.xlsx", [row(1, "顺丰速运幸福里营业部", officer="李指导")])
    preview = preview_enterprise_import(db, path, today=TODAY)
    delete_officer(db, officers["李指导"])
    with pytest.raises(ServiceError, match="党建指导员“李指导”已被删除，未导入任何数据"):
        commit_enterprise_import(db, preview, create_officers=True)
    assert list_enterprises(db) == [] and [o.name for o in list_officers(db)] == ["王指导"]
