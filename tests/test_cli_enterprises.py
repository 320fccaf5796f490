"""The enterprise and visit sub-commands as administrators use them: real processes on a small known data file."""

import json
import re
from datetime import date

import openpyxl
import pytest
from test_cli import assert_clean_failure, run_cli

from dangjian_desktop.domain.credit_code import credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demands import DemandDraft, add_demand, change_status, list_demands
from dangjian_desktop.services.enterprises import list_enterprises, save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, assign_officers, list_officers, save_officer
from dangjian_desktop.services.visits import list_visits, save_visit

KEYS = {"enterprises", "with_party_org", "with_party_work", "with_officer", "visited_within_frequency"}
CENSUS_HEADER = ["企业名称", "信用代码", "所属行业", "员工数", "党员人数", "所属党组织", "是否开展党建工作", "指导员"]
LEDGER_HEADER = ["走访人", "走访企业", "走访时间", "方式", "接待人员", "走访内容", "存在问题"]


def code(n: int) -> str:
    body = f"91110105MA01{n:05d}"
    return body + credit_check_char(body)


def write_sheet(path, header, rows, title):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def in_file(db_path, read):
    database = open_database(db_path)
    try:
        return read(database)
    finally:
        database.close()


def json_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def census(tmp_path, street):
    return write_sheet(tmp_path / "普查.xlsx", CENSUS_HEADER, [
        ["顺丰速运幸福里营业部", code(1), "快递", 30, 2, "幸福里社区第一党支部", "", "王指导"],
        ["美团外卖幸福里站", code(2), "外卖", "12人", 0, "无", "是", "赵指导"],
    ], "新业态企业摸底表")


def test_unknown_officer_exits_1_and_writes_nothing(db, census):
    save_officer(db, OfficerInfo(None, "王指导"))
    result = run_cli(db.path, "import-enterprises", census)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^错误 第4行 指导员：党建指导员“赵指导”未登记", result.stdout, re.MULTILINE), result.stdout
    assert "未登记的党建指导员：赵指导（1 行）。加 --create-officers 可自动创建" in result.stdout
    assert "未写入任何数据" in result.stdout
    assert in_file(db.path, list_enterprises) == []


def test_dry_run_writes_nothing_and_create_officers_writes_all(db, census):
    save_officer(db, OfficerInfo(None, "王指导"))
    dry = run_cli(db.path, "import-enterprises", census, "--create-officers", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "试运行（--dry-run）：未写入任何数据" in dry.stdout
    assert in_file(db.path, list_enterprises) == [] and len(in_file(db.path, list_officers)) == 1
    result = run_cli(db.path, "import-enterprises", census, "--create-officers")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已导入 2 家企业" in result.stdout and "新建党建指导员：赵指导" in result.stdout
    enterprises = {e.record.name: e for e in in_file(db.path, list_enterprises)}
    assert enterprises["美团外卖幸福里站"].officer_name == "赵指导"
    assert enterprises["顺丰速运幸福里营业部"].record.org_covered
    again = run_cli(db.path, "import-enterprises", census)
    assert again.returncode == 0 and "已导入 0 家企业，更新 0 家，跳过 2 行" in again.stdout
    assert re.search(r"^提示 第3行 企业名称：该企业已登记，默认跳过", again.stdout, re.MULTILINE), again.stdout
    update = run_cli(db.path, "import-enterprises", census, "--update-existing")
    assert update.returncode == 0 and "更新 2 家" in update.stdout


def test_unusable_files_and_bad_dates_exit_2_in_chinese(db, tmp_path, street):
    ledger = write_sheet(tmp_path / "走访.xlsx", LEDGER_HEADER, [], "走访台账")
    for args in (("import-enterprises", tmp_path / "不存在.xlsx"), ("import-enterprises", ledger),
                 ("import-visits", tmp_path / "不存在.xlsx"), ("coverage", "--as-of", "2025-13-01"),
                 ("demands", "--as-of", "昨天"), ("coverage", "--bogus")):
        assert_clean_failure(run_cli(db.path, *args))
    assert "--as-of 的日期“昨天”不是有效的日期" in run_cli(db.path, "demands", "--as-of", "昨天").stderr


@pytest.fixture
def known(db):
    """顺丰 (快递, own 党组织, 王指导, visited 03-31), 美团 (外卖, party work, 李指导, visited 04-01),
    滴滴 (网约车, nothing, no officer, visited 02-10), 货拉拉 (货运物流, 王指导 until 03-15, then 李指导 who
    visited 03-20). Demands: 停车难 due 03-31 (open), 充电难 closed, 休息难 raised 04-01."""
    from dangjian_desktop.services.organizations import create_root

    root = create_root(db, "测试街道党工委")
    wang, li = (save_officer(db, OfficerInfo(None, name)) for name in ("王指导", "李指导"))
    jan = date(2025, 1, 1)
    ids = {
        "顺丰": save_enterprise(db, EnterpriseRecord("顺丰", code(1), "快递", party_org_id=root.id), officer_id=wang,
                              assigned_on=jan),
        "美团": save_enterprise(db, EnterpriseRecord("美团", code(2), "外卖", party_work=True), officer_id=li,
                              assigned_on=jan),
        "滴滴": save_enterprise(db, EnterpriseRecord("滴滴", code(3), "网约车")),
        "货拉拉": save_enterprise(db, EnterpriseRecord("货拉拉", code(4), "货运物流"), officer_id=wang,
                               assigned_on=jan),
    }
    assign_officers(db, li, date(2025, 3, 15), enterprise_ids=[ids["货拉拉"]])
    for officer, name, day in ((wang, "顺丰", date(2025, 3, 31)), (li, "美团", date(2025, 4, 1)),
                               (wang, "滴滴", date(2025, 2, 10)), (li, "货拉拉", date(2025, 3, 20))):
        save_visit(db, VisitRecord(officer, ids[name], day, findings="了解情况"), today=date(2025, 6, 30))
    parking = add_demand(db, DemandDraft("停车难", date(2025, 3, 1), "党员反映", deadline=date(2025, 3, 31)))
    charging = add_demand(db, DemandDraft("充电难", date(2025, 2, 1), "网格上报", deadline=date(2025, 2, 15),
                                          enterprise_id=ids["美团"]))
    change_status(db, charging, "已办结", outcome="已加装充电桩", closed_on=date(2025, 2, 20))
    rest = add_demand(db, DemandDraft("休息难", date(2025, 4, 1), "走访", enterprise_id=ids["顺丰"]))
    return {"parking": parking, "charging": charging, "rest": rest, **ids}


def test_coverage_json_at_a_quarter_boundary(db, known):
    march = json_of(run_cli(db.path, "coverage", "--as-of", "2025-03-31", "--json"))
    assert set(march) == KEYS | {"by_industry"}
    assert {k: march[k] for k in KEYS} == {"enterprises": 4, "with_party_org": 1, "with_party_work": 2,
                                           "with_officer": 3, "visited_within_frequency": 2}
    assert list(march["by_industry"]) == list(Industry)  # every industry, the empty ones too
    assert all(set(counts) == KEYS and all(type(v) is int for v in counts.values())
               for counts in march["by_industry"].values())
    assert march["by_industry"]["快递"] == {"enterprises": 1, "with_party_org": 1, "with_party_work": 1,
                                            "with_officer": 1, "visited_within_frequency": 1}
    assert march["by_industry"]["货运物流"]["visited_within_frequency"] == 1  # by the officer after reassignment
    assert march["by_industry"]["网约车"] == dict.fromkeys(KEYS, 0) | {"enterprises": 1}
    assert march["by_industry"]["直播电商"] == dict.fromkeys(KEYS, 0)
    april = json_of(run_cli(db.path, "coverage", "--as-of", "2025-04-01", "--json"))
    assert april["visited_within_frequency"] == 1  # a new quarter: only 美团's visit of 04-01 counts
    assert april["by_industry"]["快递"]["visited_within_frequency"] == 0
    assert april["by_industry"]["外卖"]["visited_within_frequency"] == 1


def test_coverage_in_words(db, known):
    result = run_cli(db.path, "coverage", "--as-of", "2025-03-31")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "截至 2025-03-31" in out and "本期 2025-01-01 至 2025-03-31" in out
    assert re.search(r"^合计\s+4\s+1（25\.0%）\s+2（50\.0%）\s+3（75\.0%）\s+2（66\.7%）$", out, re.MULTILINE), out
    assert re.search(r"^直播电商\s+0\s+0（—）", out, re.MULTILINE), out


def test_demands_overdue_as_of(db, known):
    overdue = json_of(run_cli(db.path, "demands", "--overdue", "--as-of", "2025-04-01", "--json"))
    assert [d["id"] for d in overdue] == [known["parking"]]
    item = overdue[0]
    assert {"id", "source", "content", "status", "raised", "deadline", "overdue", "category", "enterprise",
            "responsible_unit", "outcome"} <= set(item)
    assert (item["source"], item["content"], item["status"], item["raised"], item["deadline"], item["overdue"]) == (
        "党员反映", "停车难", "已受理", "2025-03-01", "2025-03-31", True)
    assert json_of(run_cli(db.path, "demands", "--overdue", "--as-of", "2025-03-31", "--json")) == []
    every = json_of(run_cli(db.path, "demands", "--as-of", "2025-04-10", "--json"))
    by_id = {d["id"]: d for d in every}
    assert set(by_id) == {known["parking"], known["charging"], known["rest"]}
    assert by_id[known["charging"]]["overdue"] is False and by_id[known["charging"]]["outcome"] == "已加装充电桩"
    assert by_id[known["rest"]]["deadline"] == "2025-05-01" and by_id[known["rest"]]["enterprise"] == "顺丰"
    march = json_of(run_cli(db.path, "demands", "--as-of", "2025-03-31", "--json"))
    assert known["rest"] not in {d["id"] for d in march}  # not raised yet on that day
    words = run_cli(db.path, "demands", "--as-of", "2025-04-10")
    assert words.returncode == 0
    assert re.search(r"停车难.*期限 2025-03-31\s+已受理（已逾期）$", words.stdout, re.MULTILINE), words.stdout
    assert "共 3 件诉求，其中逾期 1 件。" in words.stdout


def test_import_visits_raises_demands_and_dry_run_writes_nothing(db, known, tmp_path):
    ledger = write_sheet(tmp_path / "走访.xlsx", LEDGER_HEADER, [
        ["王指导", "顺丰", date(2025, 5, 6), "", "站长", "了解情况", "问题一；问题二"],
        ["李指导", "美团外卖", date(2025, 5, 7), "电话", "", "电话回访", ""],
    ], "走访台账")
    rejected = run_cli(db.path, "import-visits", ledger)
    assert rejected.returncode == 1
    assert "错误 第4行 走访企业：企业“美团外卖”未登记" in rejected.stdout
    dry = run_cli(db.path, "import-visits", ledger, "--skip-invalid", "--dry-run")
    assert dry.returncode == 0 and "未写入任何数据" in dry.stdout
    assert len(in_file(db.path, list_visits)) == 4
    result = run_cli(db.path, "import-visits", ledger, "--skip-invalid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已导入 1 次走访，登记诉求 2 件，跳过 1 行" in result.stdout
    assert "提示 第3行 方式：方式为空，按“实地”处理" in result.stdout
    raised = [d for d in in_file(db.path, list_demands) if d.raised_on == date(2025, 5, 6)]
    assert sorted(d.content for d in raised) == ["问题一", "问题二"]
    assert {d.deadline for d in raised} == {date(2025, 6, 5)}
