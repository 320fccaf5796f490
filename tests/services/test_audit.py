"""The audit log: what the triggers log, one entry per import, export and print, permissions, unmasking, the hash
chain against an attacker with a plain SQLite tool, readable details, the Excel export, and 180 days kept."""

import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from dangjian_desktop.db import audit_schema
from dangjian_desktop.db.audit_schema import entry_hash
from dangjian_desktop.domain.access import Actor, Role
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.importexport.xlsx_common import ExportFailed
from dangjian_desktop.services import audit
from dangjian_desktop.services.audit import AccessDenied, AuditAction, export_audit_xlsx, list_entries, verify_chain
from dangjian_desktop.services.audit_details import field_label, readable_details
from dangjian_desktop.services.backups import prune_backups
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demo import load_demo
from dangjian_desktop.services.enterprise_reports import (
    export_demands_xlsx, export_enterprises_xlsx, export_visits_xlsx, write_enterprise_pdf, write_officer_month_pdf,
    write_street_month_pdf, write_visit_pdf,
)
from dangjian_desktop.services.enterprises import list_enterprises
from dangjian_desktop.services.meeting_reports import (
    export_meetings_xlsx, write_binder_pdf, write_meeting_pdf, write_signin_pdf,
)
from dangjian_desktop.services.meetings import get_meeting, list_meetings
from dangjian_desktop.services.member_import import commit_member_import, preview_member_import
from dangjian_desktop.services.members import delete_members, get_member, list_members, save_member
from dangjian_desktop.services.officers import list_officers
from dangjian_desktop.services.rosters import export_roster_xlsx, write_roster_pdf
from dangjian_desktop.services.visits import list_visits

TODAY = date(2025, 6, 1)
READER = Actor("王读", Role.READ_ONLY, "测试机")
AUDITOR = Actor("李审", Role.AUDITOR, "测试机")
OPERATOR = Actor("张操", Role.OPERATOR, "测试机")
ENTRY_DETAILS = audit_schema.ENTRY_COLUMNS.index("details")


def newest(db, count=1):
    """The newest entries, newest first (read as the command line, whoever acts)."""
    actor = audit.current_actor(db)
    audit.set_actor(db, Actor.command_line())
    try:
        return list_entries(db, limit=count)
    finally:
        audit.set_actor(db, actor)


def entry_count(db):
    with closing(sqlite3.connect(db.path)) as connection:
        return connection.execute("SELECT count(*) FROM audit_entry").fetchone()[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    load_demo(database, today=TODAY)
    database.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """A copy of the demo street (loaded once per module)."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield database
    database.close()


# ----- what the triggers log ---------------------------------------------------------------------------------------
def test_a_new_member_is_logged_with_its_values_and_masked_numbers(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1, name="张三", phone="13812345678"))
    entry = newest(db)[0]
    assert (entry.action, entry.target, entry.result) == ("新增", f"党员 #{saved.id} 张三", "成功")
    values = json.loads(entry.details)
    assert values["name"] == "张三" and values["phone"] == "138****5678"
    assert values["id_number"] == saved.id_number[:6] + "********" + saved.id_number[14:]
    assert saved.id_number not in entry.details and "13812345678" not in entry.details
    text = readable_details(entry.action, entry.target, entry.details)
    assert "姓名：张三" in text and "联系电话：138****5678" in text and "是否流动党员：否" in text


def test_an_update_logs_the_changed_fields_old_and_new(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1, name="张三", phone="13812345678"))
    save_member(db, replace(saved, name="李四", phone="13900000000", is_mobile=True, mobile_direction="流出"))
    entry = newest(db)[0]
    assert entry.action == "修改"
    changes = json.loads(entry.details)
    assert changes["name"] == ["张三", "李四"] and changes["phone"] == ["138****5678", "139****0000"]
    assert "updated_at" not in changes and "id_number" not in changes
    text = readable_details(entry.action, entry.target, entry.details)
    assert "姓名：张三 → 李四" in text and "联系电话：138****5678 → 139****0000" in text
    assert "是否流动党员：否 → 是" in text and "流动方向：（空） → 流出" in text


def test_a_delete_logs_what_was_deleted(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1, name="张三"))
    delete_members(db, [saved.id])
    entry = newest(db)[0]
    assert (entry.action, entry.target) == ("删除", f"党员 #{saved.id} 张三")
    assert json.loads(entry.details)["phone"] == "138****5678"


# ----- imports, exports and prints -----------------------------------------------------------------------------------
def test_a_roster_import_records_one_entry_with_the_file_and_its_counts(db, street, roster, tmp_path):
    write, person = roster
    path = write(tmp_path / "一支部花名册.xlsx", [person(1, "张三"), person(2, "李四"), person(3, "王五")])
    before = entry_count(db)
    commit_member_import(db, preview_member_import(db, path, today=TODAY))
    entries = newest(db, entry_count(db) - before)
    imports = [e for e in entries if e.action == AuditAction.IMPORT]
    assert len(imports) == 1 and imports[0].target == "花名册"
    assert json.loads(imports[0].details) == {"文件": "一支部花名册.xlsx", "新增党员": 3, "更新党员": 0, "跳过行数": 0}
    assert sorted(e.target.split(" ")[-1] for e in entries if e.action == "新增") == ["张三", "李四", "王五"]


def _first_month_with_meetings(db):
    held = min(m.held_on for m in list_meetings(db))
    return held, held + timedelta(days=30)


OUTPUTS = {
    "roster-xlsx": ("导出", "花名册：清河路街道党工委", {"党员人数": 790, "完整号码": "否（已隐去中间几位）"},
                    lambda db, path: export_roster_xlsx(db, path, masked=True)),
    "roster-xlsx-full": ("导出", "花名册：清河路街道党工委", {"完整号码": "是"},
                         lambda db, path: export_roster_xlsx(db, path, masked=False)),
    "roster-pdf": ("打印", "花名册：", {"完整号码": "否（已隐去中间几位）"},
                   lambda db, path: write_roster_pdf(db, path, org_id=list_members(db)[0].branch_id)),
    "meeting-pdf": ("打印", "会议记录：", {}, lambda db, path: write_meeting_pdf(db, list_meetings(db)[0].id, path)),
    "signin-pdf": ("打印", "签到表：", {}, lambda db, path: write_signin_pdf(
        db, get_meeting(db, list_meetings(db)[0].id), path)),
    "binder-pdf": ("打印", "会议记录台账：全部党支部", {}, lambda db, path: write_binder_pdf(
        db, path, date_from=_first_month_with_meetings(db)[0], date_to=_first_month_with_meetings(db)[1],
        today=TODAY)),
    "meetings-xlsx": ("导出", "清河路街道党工委三会一课台账", {}, lambda db, path: export_meetings_xlsx(db, path)),
    "visit-pdf": ("打印", "走访记录表：", {}, lambda db, path: write_visit_pdf(db, list_visits(db)[0].id, path)),
    "enterprise-pdf": ("打印", "一企一档：", {"完整号码": "否（已隐去中间几位）"},
                       lambda db, path: write_enterprise_pdf(db, list_enterprises(db)[0].id, path)),
    "officer-month-pdf": ("打印", "党建指导员月度工作报告：", {"月份": "2025年5月"},
                          lambda db, path: write_officer_month_pdf(db, list_officers(db)[0].id, date(2025, 5, 1),
                                                                   path, today=TODAY)),
    "street-month-pdf": ("打印", "新业态党建工作月报：", {"月份": "2025年5月"},
                         lambda db, path: write_street_month_pdf(db, date(2025, 5, 1), path, today=TODAY)),
    "census-xlsx": ("导出", "新业态企业名录", {"完整号码": "是"},
                    lambda db, path: export_enterprises_xlsx(db, path)),
    "visits-xlsx": ("导出", "清河路街道党工委党建指导员走访台账", {}, lambda db, path: export_visits_xlsx(db, path)),
    "demands-xlsx": ("导出", "清河路街道党工委诉求台账", {}, lambda db, path: export_demands_xlsx(db, path, as_of=TODAY)),
}


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_export_and_print_logs_one_entry_naming_the_file_and_its_content(demo, tmp_path, name):
    action, target, facts, write = OUTPUTS[name]
    path = tmp_path / f"{name}.{'pdf' if action == '打印' else 'xlsx'}"
    before = entry_count(demo)
    write(demo, path)
    assert path.is_file()
    assert entry_count(demo) == before + 1
    entry = newest(demo)[0]
    details = json.loads(entry.details)
    assert (entry.action, entry.result) == (action, "成功")
    assert entry.target.startswith(target)
    assert details["文件"] == path.name
    assert facts.items() <= details.items()
    assert any(key.endswith(("数", "人数")) for key in details)   # how much was in it


def test_an_export_that_fails_is_logged_as_failed_and_a_cancelled_one_not_at_all(demo, tmp_path):
    with pytest.raises(ExportFailed):
        export_roster_xlsx(demo, tmp_path / "不存在的文件夹" / "花名册.xlsx")
    failed = newest(demo)[0]
    assert (failed.action, failed.result) == ("导出", "失败")
    assert "不存在" in json.loads(failed.details)["原因"]
    before = entry_count(demo)
    with pytest.raises(Cancelled):
        export_roster_xlsx(demo, tmp_path / "花名册.xlsx", progress=Progress(is_cancelled=lambda: True))
    assert entry_count(demo) == before and not (tmp_path / "花名册.xlsx").exists()


# ----- permissions and unmasking -----------------------------------------------------------------------------------
def test_whole_numbers_need_the_permission_and_a_refusal_is_logged(demo, tmp_path):
    audit.set_actor(demo, READER)
    write_roster_pdf(demo, tmp_path / "masked.pdf")            # 只读 may print, masked
    with pytest.raises(AccessDenied, match="显示和导出完整的身份证号、电话"):
        write_roster_pdf(demo, tmp_path / "full.pdf", masked=False)
    assert not (tmp_path / "full.pdf").exists()
    refused = newest(demo)[0]
    assert (refused.action, refused.target, refused.result, refused.user) == ("越权尝试", "打印完整号码", "拒绝", "王读")
    with pytest.raises(AccessDenied, match="导出 Excel"):
        export_roster_xlsx(demo, tmp_path / "roster.xlsx")     # nor export at all
    audit.set_actor(demo, AUDITOR)
    with pytest.raises(AccessDenied):
        write_roster_pdf(demo, tmp_path / "auditor.pdf")
    assert not (tmp_path / "auditor.pdf").exists()


def test_showing_whole_numbers_is_logged_and_refused_without_the_permission(db):
    audit.set_actor(db, OPERATOR)
    audit.reveal_full_numbers(db, "花名册：幸福里社区第一党支部")
    shown = newest(db)[0]
    assert (shown.action, shown.target, shown.user, shown.role) == ("显示完整号码", "花名册：幸福里社区第一党支部",
                                                                    "张操", "操作员")
    audit.set_actor(db, READER)
    with pytest.raises(AccessDenied, match="不能查看完整号码（花名册：幸福里社区第一党支部）"):
        audit.reveal_full_numbers(db, "花名册：幸福里社区第一党支部")
    assert newest(db)[0].action == "越权尝试"
    assert audit.allowed(db, audit.Permission.PRINT) and not audit.allowed(db, audit.Permission.SHOW_FULL_NUMBERS)


def test_a_read_only_user_is_refused_writes_by_the_triggers_and_the_log_itself(db, street, make_member):
    saved = save_member(db, make_member(street.branch1, 1, name="张三"))
    before = entry_count(db)
    audit.set_actor(db, READER)
    with pytest.raises(AccessDenied, match="没有修改数据的权限"):
        save_member(db, replace(saved, name="李四"))
    assert get_member(db, saved.id).name == "张三" and entry_count(db) == before
    with pytest.raises(AccessDenied, match="查看审计日志"):
        list_entries(db)
    with pytest.raises(AccessDenied):
        audit.get_entry(db, 1)
    audit.set_actor(db, Actor.command_line())
    assert [(e.action, e.target, e.result) for e in list_entries(db, limit=2)] == [
        ("越权尝试", "查看审计日志", "拒绝"), ("越权尝试", "查看审计日志", "拒绝")]


# ----- the hash chain ------------------------------------------------------------------------------------------------
@pytest.fixture
def chained(db):
    """Six entries, and `tamper(sql, *parameters)`: what an attacker does with a plain SQLite tool — drop the
    append-only triggers, then change the table."""
    for number in range(6):
        audit.log(db, AuditAction.EXPORT, f"花名册 {number}", {"文件": f"{number}.xlsx"})

    def tamper(*statements):
        with closing(sqlite3.connect(db.path)) as connection:
            connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
            connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
            for statement, *parameters in statements:
                connection.execute(statement, parameters)
            connection.commit()

    return tamper


def _row(db, entry_id):
    with closing(sqlite3.connect(db.path)) as connection:
        return connection.execute(f"SELECT {', '.join(audit_schema.ENTRY_COLUMNS)}, hash FROM audit_entry "
                                  "WHERE id = ?", (entry_id,)).fetchone()


def test_an_intact_chain_says_so(db, chained):
    report = verify_chain(db)
    assert report.ok and report.checked == 6 and report.broken_id is None
    assert report.message == "审计日志共 6 条，校验完好，没有被改动、插入或删除的记录。"


def test_the_log_refuses_updates_and_deletes_through_the_program(db, chained):
    with pytest.raises(Exception, match="审计日志只能追加"), db.transaction() as session:
        session.connection().exec_driver_sql("UPDATE audit_entry SET result = '成功' WHERE id = 2")
    with pytest.raises(Exception, match="审计日志只能追加"), db.transaction() as session:
        session.connection().exec_driver_sql("DELETE FROM audit_entry WHERE id = 2")


def test_an_edited_entry_is_found(db, chained):
    chained(("UPDATE audit_entry SET details = '{\"文件\":\"别的.xlsx\"}' WHERE id = 3",))
    report = verify_chain(db)
    assert not report.ok and report.broken_id == 3 and report.checked == 2
    assert report.message.startswith("审计日志第 3 条（") and "被改动过" in report.message


def test_an_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_entry(db, chained):
    values = list(_row(db, 3)[:-1])
    values[ENTRY_DETAILS] = '{"文件":"别的.xlsx"}'
    chained(("UPDATE audit_entry SET details = ?, hash = ? WHERE id = 3", values[ENTRY_DETAILS],
             entry_hash(tuple(values))))
    report = verify_chain(db)
    assert report.broken_id == 4 and "链接不符" in report.message


def test_a_deleted_entry_is_found(db, chained):
    chained(("DELETE FROM audit_entry WHERE id = 3",))
    report = verify_chain(db)
    assert report.broken_id == 4 and "第 3 条至第 3 条记录缺失" in report.message


def test_an_inserted_entry_is_found(db, chained):
    previous = _row(db, 2)[-1]
    forged = (3, "2025-01-01 09:00:00", "某人", "操作员", "PC", "登录", "账号 某人", "{}", "成功", previous)
    chained(("UPDATE audit_entry SET id = -id WHERE id >= 3",), ("UPDATE audit_entry SET id = 1 - id WHERE id < 0",),
            (f"INSERT INTO audit_entry ({', '.join(audit_schema.ENTRY_COLUMNS)}, hash) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", *forged, entry_hash(forged)))
    report = verify_chain(db)
    assert report.broken_id == 4 and report.checked == 3


def test_a_reordered_pair_is_found(db, chained):
    three, four = _row(db, 3), _row(db, 4)
    swap = "UPDATE audit_entry SET at = ?, target = ?, details = ?, prev_hash = ?, hash = ? WHERE id = ?"
    chained((swap, four[1], four[6], four[7], four[9], four[10], 3), (swap, three[1], three[6], three[7], three[9],
                                                                      three[10], 4))
    assert verify_chain(db).broken_id == 3


def test_entries_are_kept_well_beyond_180_days(db, street, make_member, monkeypatch):
    """No retention rule touches the log: entries 200 days old are still there, and the chain still holds,
    after the program reopened the file and thinned out its backups."""
    long_ago = datetime.now() - timedelta(days=200)

    class Then(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's signature
            return long_ago

    monkeypatch.setattr(audit_schema, "datetime", Then)
    save_member(db, make_member(street.branch1, 1, name="张三"))
    monkeypatch.undo()
    save_member(db, make_member(street.branch1, 2, name="李四"))
    prune_backups(db)
    path = db.path
    db.close()
    reopened = open_database(path)
    try:
        old = list_entries(reopened, date_to=date.today() - timedelta(days=190))
        assert [e.target.split(" ")[-1] for e in old if e.action == "新增" and e.target.startswith("党员")] == ["张三"]
        assert old[0].at.startswith(long_ago.strftime("%Y-%m-%d"))
        assert verify_chain(reopened).ok
    finally:
        reopened.close()


# ----- reading, in words and in Excel -------------------------------------------------------------------------------
def test_details_in_words():
    assert field_label("企业", "name") == "企业名称" and field_label("党员", "name") == "姓名"
    assert field_label("会议记录", "host") == "主持人" and field_label("诉求", "deadline") == "办理期限"
    assert field_label("党员", "branch_id") == "党支部编号" and field_label("党员", "mystery") == "mystery"
    assert readable_details("角色变更", "账号 wang", '{"角色":["操作员","管理员"]}') == "角色：操作员 → 管理员"
    assert readable_details("导出", "花名册", '{"文件":"a.xlsx","党员人数":3}') == "文件：a.xlsx；党员人数：3"
    assert readable_details("新增", "企业 #2 顺丰", '{"name":"顺丰","party_work":1}') == "企业名称：顺丰；是否开展党的工作：是"
    assert readable_details("登录", "账号 wang", "{}") == ""
    assert readable_details("登录", "账号 wang", "不是 JSON") == "不是 JSON"
    assert readable_details("修改", "党员 #1 张三", '{"name":["张三","李四"],"note":["","调入"]}', "\n") == \
        "姓名：张三 → 李四\n备注：（空） → 调入"


def test_the_export_holds_the_rows_asked_for_in_words_and_is_itself_logged(db, street, make_member, tmp_path):
    saved = save_member(db, make_member(street.branch1, 1, name="张三"))
    save_member(db, replace(saved, name="李四"))
    wanted = [e.id for e in list_entries(db) if e.action == "修改"]
    path = tmp_path / "审计日志.xlsx"
    assert export_audit_xlsx(db, path, date_from=date.today(), ids=wanted) == 1
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("审计日志（") and rows[1] == ("序号", "时间", "用户", "角色", "计算机", "操作", "对象",
                                                             "内容", "结果")
    assert rows[2][0] == wanted[0] and rows[2][5] == "修改" and rows[2][7] == "姓名：张三 → 李四"
    assert sheet.freeze_panes == "A3"
    logged = newest(db)[0]
    assert (logged.action, logged.target) == ("导出", "审计日志")
    assert json.loads(logged.details) == {"文件": "审计日志.xlsx", "时间范围": f"{date.today()} 至 最近", "条数": 1}
    audit.set_actor(db, OPERATOR)       # data work, not the audit log
    with pytest.raises(AccessDenied, match="查看审计日志"):
        export_audit_xlsx(db, tmp_path / "operator.xlsx")
