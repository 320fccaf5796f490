"""The meeting sub-commands as administrators use them: real processes on a small known data file."""

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from test_cli import SRC, assert_clean_failure, pdf_text, run_cli, xlsx_cells

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.meetings import finalize_meeting, list_meetings, new_meeting, save_meeting
from dangjian_desktop.services.members import save_member

BRANCH1, RETIRED = "幸福里社区第一党支部", "退休党员党支部"
LEDGER_HEADER = ["序号", "所在党支部", "党小组", "会议类型", "会议日期", "开始时间", "结束时间", "地点", "主持人",
                 "记录人", "主题", "内容", "出席人员", "请假人员（原因）", "缺席人员", "讲课人"]


def hold(db, org_id, meeting_type, day, topic, leave=()):
    record = new_meeting(db, org_id, meeting_type, day)
    record = replace(record, topic=topic, host="张三", recorder="李四", location="党群服务中心", content="会议内容。",
                     attendance=tuple(replace(a, status=AttendanceStatus.LEAVE, reason="外出务工")
                                      if a.name in leave else a for a in record.attendance))
    return save_meeting(db, record).id


@pytest.fixture
def known(db, street, make_member):
    """Branch 1: 张三, 李四 (第一党小组), 王五; 退休党员党支部: 赵六. Four meetings in Feb–Apr 2025."""
    for number, name, branch, extra in ((1, "张三", street.branch1, {"group_id": street.group1}),
                                        (2, "李四", street.branch1, {"group_id": street.group1}),
                                        (3, "王五", street.branch1, {}), (4, "赵六", street.retired, {})):
        save_member(db, make_member(branch, number, name=name, **extra))
    ids = {
        "retired": hold(db, street.retired, MeetingType.PARTY_CONGRESS, date(2025, 2, 14), "通报支部工作",
                        leave=("赵六",)),
        "congress": hold(db, street.branch1, MeetingType.PARTY_CONGRESS, date(2025, 3, 31), "讨论年度工作计划",
                         leave=("王五",)),
        "group": hold(db, street.group1, MeetingType.GROUP, date(2025, 4, 10), "交流学习体会"),
        "themed": hold(db, street.branch1, MeetingType.THEMED_DAY, date(2025, 4, 18), "清明祭英烈"),
    }
    finalize_meeting(db, ids["themed"], "测试")
    return ids


def json_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_meetings_json(db, known):
    meetings = json_of(run_cli(db.path, "list-meetings", "--json"))
    assert [m["id"] for m in meetings] == [known["themed"], known["group"], known["congress"], known["retired"]]
    assert {"id", "branch", "org", "type", "sequence", "date", "expected", "present", "leave", "absent", "status",
            "quorum"} <= set(meetings[0])
    by_id = {m["id"]: m for m in meetings}
    congress, group, themed, retired = (by_id[known[k]] for k in ("congress", "group", "themed", "retired"))
    assert (congress["branch"], congress["type"], congress["date"], congress["sequence"]) == (
        BRANCH1, "支部党员大会", "2025-03-31", 1)
    assert (congress["expected"], congress["present"], congress["leave"], congress["absent"]) == (3, 2, 1, 0)
    assert congress["quorum"] is True and retired["quorum"] is False and themed["quorum"] is None
    assert (group["branch"], group["org"], group["expected"], group["present"]) == (BRANCH1, "第一党小组", 2, 2)
    assert (themed["status"], congress["status"], themed["topic"]) == ("定稿", "草稿", "清明祭英烈")


def test_list_meetings_by_branch_and_dates(db, known):
    branch = json_of(run_cli(db.path, "list-meetings", "--branch", BRANCH1, "--json"))
    assert {m["id"] for m in branch} == {known["congress"], known["group"], known["themed"]}  # with its 党小组会
    april = json_of(run_cli(db.path, "list-meetings", "--from", "2025-04-01", "--to", "2025-04-30", "--json"))
    assert {m["id"] for m in april} == {known["group"], known["themed"]}
    assert json_of(run_cli(db.path, "list-meetings", "--from", "2026-01-01", "--json")) == []
    words = run_cli(db.path, "list-meetings", "--branch", RETIRED)
    assert words.returncode == 0 and "未达到法定人数" in words.stdout and "共 1 次会议" in words.stdout


def test_compliance_json(db, known):
    cells = json_of(run_cli(db.path, "compliance", "--from", "2025-03", "--to", "2025-04", "--json"))
    assert all({"branch", "type", "period", "required", "held", "met"} <= set(cell) for cell in cells)
    grid = {(c["branch"], c["type"], c["period"]): (c["required"], c["held"], c["met"]) for c in cells}
    assert grid[BRANCH1, "支部党员大会", "2025-Q1"] == (1, 1, True)
    assert grid[BRANCH1, "支部党员大会", "2025-Q2"] == (1, 0, False)
    assert grid[BRANCH1, "主题党日", "2025-03"] == (1, 0, False)
    assert grid[BRANCH1, "主题党日", "2025-04"] == (1, 1, True)
    assert grid[BRANCH1, "党小组会", "2025-04"] == (1, 1, True)
    assert grid[BRANCH1, "组织生活会", "2025"] == (1, 0, False)
    assert grid[RETIRED, "支部党员大会", "2025-Q1"] == (1, 1, False)  # held without a quorum
    assert (RETIRED, "党小组会", "2025-04") not in grid                 # no groups
    assert not any(t == "支部委员会" for _b, t, _p in grid)             # fewer than 7 正式党员
    periods = {p for _b, _t, p in grid}
    assert periods == {"2025-03", "2025-04", "2025-Q1", "2025-Q2", "2025"}
    one = json_of(run_cli(db.path, "compliance", "--from", "2025-03", "--to", "2025-03", "--branch", RETIRED, "--json"))
    assert {c["branch"] for c in one} == {RETIRED}


def test_compliance_in_words(db, known):
    result = run_cli(db.path, "compliance", "--from", "2025-04", "--to", "2025-04", "--branch", BRANCH1)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(BRANCH1)
    assert re.search(r"2025-04\s+主题党日\s+应开 1 次\s+已开 1 次\s+达标", result.stdout), result.stdout
    assert re.search(r"2025-Q2\s+党课\s+应开 1 次\s+已开 0 次\s+缺 1 次", result.stdout), result.stdout
    assert re.search(r"^共 \d+ 项，达标 2 项，未达标 \d+ 项。$", result.stdout, re.M), result.stdout


@pytest.mark.parametrize("args, words", [
    (("compliance", "--from", "2025-13", "--to", "2025-12"), "2025-13"),
    (("compliance", "--from", "2025年3月", "--to", "2025-12"), "2025年3月"),
    (("compliance", "--from", "2025-06", "--to", "2025-01"), "晚于"),
    (("compliance", "--from", "2025-01"), "--help"),
    (("compliance", "--from", "2025-01", "--to", "2025-02", "--branch", "没有这个支部"), "没有这个支部"),
    (("list-meetings", "--from", "2025-02-30"), "2025-02-30"),
    (("list-meetings", "--from", "2025/04/01"), "2025-03-01"),
    (("list-meetings", "--from", "2025-05-01", "--to", "2025-04-01"), "晚于"),
    (("export-meetings", "-o", "x.xlsx", "--to", "31-12-2025"), "31-12-2025"),
    (("report", "binder", "--from", "2025-01-01", "--to", "2025-13-01", "-o", "x.pdf"), "2025-13-01"),
    (("report", "meeting", "第一次", "-o", "x.pdf"), "应是数字"),
    (("report", "meeting", "9999", "-o", "x.pdf"), "不存在"),
    (("report", "signin", "9999", "-o", "x.pdf"), "不存在"),
])
def test_bad_arguments_exit_2_in_chinese(db, known, args, words):
    result = run_cli(db.path, *args)
    assert_clean_failure(result)
    assert words in result.stderr


def test_report_meeting_and_signin(db, known, tmp_path):
    record, signin = tmp_path / "会议记录.pdf", tmp_path / "签到表.pdf"
    result = run_cli(db.path, "report", "meeting", known["congress"], "-o", record)
    assert result.returncode == 0, result.stderr
    assert re.search(r"共 \d+ 页", result.stdout)
    text = pdf_text(record)
    assert BRANCH1 in text and "讨论年度工作计划" in text and "王五" in text
    assert run_cli(db.path, "report", "signin", known["congress"], "-o", signin).returncode == 0
    assert all(name in pdf_text(signin) for name in ("张三", "李四", "王五"))


def test_report_binder(db, known, tmp_path):
    target = tmp_path / "台账.pdf"
    result = run_cli(db.path, "report", "binder", "--branch", BRANCH1, "--from", "2025-01-01", "--to", "2025-12-31",
                     "-o", target)
    assert result.returncode == 0, result.stderr
    text = pdf_text(target)
    assert "讨论年度工作计划" in text and "清明祭英烈" in text and "交流学习体会" in text
    assert "通报支部工作" not in text  # another branch's record
    empty = run_cli(db.path, "report", "binder", "--from", "2024-01-01", "--to", "2024-12-31", "-o", target)
    assert_clean_failure(empty)


def test_export_meetings(db, known, tmp_path):
    target = tmp_path / "会议台账.xlsx"
    result = run_cli(db.path, "export-meetings", "-o", target, "--from", "2025-03-01")
    assert result.returncode == 0, result.stderr
    assert "已导出 3 次会议" in result.stdout
    values = {c.value for c in xlsx_cells(target)}
    assert {"讨论年度工作计划", "交流学习体会", "清明祭英烈"} <= values and "通报支部工作" not in values


def write_ledger(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年会议记录台账"])
    sheet.append([])
    sheet.append(LEDGER_HEADER)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def ledger_row(day, present, *, type_="主题党日", leave=""):
    return [None, BRANCH1, "", type_, day, "14:30", "16:00", "会议室", "张三", "李四", "学习党章", "内容", present,
            leave, "", ""]


@pytest.fixture
def ledger(tmp_path):
    return write_ledger(tmp_path / "会议台账.xlsx", [
        ledger_row("2025-05-16", "张三、李四", leave="王五（外出务工）"),  # row 4: fine
        ledger_row("2025-06-13", "张三、钱七"),                             # row 5: 钱七 is not on the roster
    ])


def stored_topics(path):
    database = open_database(path)
    try:
        return sorted((m.held_on.isoformat(), m.topic) for m in list_meetings(database))
    finally:
        database.close()


def test_import_meetings_with_a_rejected_row_writes_nothing(db, known, ledger):
    before = stored_topics(db.path)
    result = run_cli(db.path, "import-meetings", ledger)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^错误 第5行 \S+：.*钱七", result.stdout, re.M), result.stdout
    assert not re.search(r"第4行", result.stdout)
    assert "未写入任何数据" in result.stdout
    assert stored_topics(db.path) == before


def test_import_meetings_dry_run_then_skip_invalid(db, known, ledger):
    before = stored_topics(db.path)
    dry = run_cli(db.path, "import-meetings", ledger, "--skip-invalid", "--dry-run")
    assert dry.returncode == 0 and "未写入任何数据" in dry.stdout
    assert stored_topics(db.path) == before
    result = run_cli(db.path, "import-meetings", ledger, "--skip-invalid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已导入 1 条会议记录" in result.stdout
    assert stored_topics(db.path) == sorted(before + [("2025-05-16", "学习党章")])
    imported = json_of(run_cli(db.path, "list-meetings", "--from", "2025-05-01", "--json"))
    assert [(m["expected"], m["present"], m["leave"], m["status"]) for m in imported] == [(3, 2, 1, "草稿")]


def test_import_meetings_writes_a_clean_file(db, known, tmp_path):
    path = write_ledger(tmp_path / "好.xlsx", [ledger_row("2025-05-16", "张三、李四、王五")])
    result = run_cli(db.path, "import-meetings", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^错误", result.stdout, re.M)
    assert ("2025-05-16", "学习党章") in stored_topics(db.path)


@pytest.mark.parametrize("kind", ["missing", "not-a-sheet"])
def test_import_meetings_unusable_file_exits_2(db, known, tmp_path, kind):
    path = tmp_path / ("不存在.xlsx" if kind == "missing" else "假的.xlsx")
    if kind == "not-a-sheet":
        path.write_text("这不是表格\n", encoding="utf-8")
    result = run_cli(db.path, "import-meetings", path)
    assert_clean_failure(result)
    assert path.name in result.stderr


def test_meeting_sub_commands_do_not_import_qt(db, known, tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from dangjian_desktop.__main__ import main
        db = {str(db.path)!r}
        codes = [
            main(["--db", db, "list-meetings", "--json"]),
            main(["--db", db, "compliance", "--from", "2025-01", "--to", "2025-06", "--json"]),
            main(["--db", db, "export-meetings", "-o", {str(tmp_path / "x.xlsx")!r}]),
            main(["--db", db, "report", "meeting", "{known['congress']}", "-o", {str(tmp_path / "x.pdf")!r}]),
        ]
        print("codes", codes)
        print("qt", sorted(m for m in sys.modules if m.startswith("PySide6")))
    """)
    env = {k: v for k, v in os.environ.items() if k != "DANGJIAN_DB"}
    env.update(PYTHONPATH=str(SRC), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "codes [0, 0, 0, 0]" in result.stdout
    assert "qt []" in result.stdout
