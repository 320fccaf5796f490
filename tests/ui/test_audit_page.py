"""审计日志 page: the model without a view (filters, search, readable details, red failures, 100,000 entries), and
the page against a real database as the 审计员 sees it: counts, the time range, the details dialog with its hashes,
校验完整性 on an intact and on a tampered log, the Excel export, and a refusal for other roles."""

import sqlite3
import time
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.domain.access import Actor, Role
from dangjian_desktop.services import audit
from dangjian_desktop.services.audit import AuditAction, AuditEntryInfo, list_entries
from dangjian_desktop.services.members import save_member
from dangjian_desktop.ui.models.audit_model import CONTENT, NUMBER, RED, RESULT, AuditTableModel, audit_lines
from dangjian_desktop.ui.pages import audit_page
from dangjian_desktop.ui.pages.audit_page import AuditPage

AUDITOR = Actor("李审", Role.AUDITOR, "审计机")


def entry(number, action="修改", user="王芳", result="成功", target="党员 #1 张三",
          details='{"name":["张三","李四"],"phone":["138****5678","139****0000"]}'):
    return AuditEntryInfo(number, f"2025-03-01 09:{number % 60:02d}:00", user, "操作员", "PC-01", action, target,
                          details, result)


SAMPLE = [entry(5, "登录失败", "赵读", "失败", "账号 zhao", '{"原因":"密码错误"}'),
          entry(4, "导出", "王芳", target="花名册：第一党支部", details='{"文件":"花名册.xlsx","党员人数":12}'),
          entry(3), entry(2, "越权尝试", "赵读", "拒绝", "导出花名册", '{"需要的权限":"导出 Excel"}'),
          entry(1, "登录", "王芳", target="账号 wang", details="{}")]


@pytest.fixture
def model(ui_app):
    shown = AuditTableModel()
    shown.set_records(audit_lines(SAMPLE))
    return shown


def numbers(model):
    return [model.record_at(row).id for row in range(model.rowCount())]


def test_the_model_shows_the_details_in_words_and_failures_in_red(model):
    row = numbers(model).index(3)
    assert model.data(model.index(row, CONTENT)) == "姓名：张三 → 李四；联系电话：138****5678 → 139****0000"
    assert model.data(model.index(row, NUMBER)) == "3"
    failed = model.data(model.index(0, RESULT), Qt.ItemDataRole.ForegroundRole)
    assert failed.color().name().upper() == RED
    assert model.data(model.index(row, RESULT), Qt.ItemDataRole.ForegroundRole) is None
    assert model.failed_count == 2 and model.users() == ["王芳", "赵读"]


def test_the_model_filters_by_user_action_and_result_and_searches_every_text(model):
    model.set_filters(user="赵读")
    assert numbers(model) == [5, 2]
    model.set_filters(user="赵读", result="拒绝")
    assert numbers(model) == [2]
    model.set_filters(action="导出")
    assert numbers(model) == [4]
    model.set_filters()
    model.set_search("李四")           # a new value, only in the details
    assert numbers(model) == [3]
    model.set_search("党员人数")        # a word of the details in words
    assert numbers(model) == [4]
    model.set_search("pc-01 密码错误")
    assert numbers(model) == [5]
    model.set_search("")
    model.sort(NUMBER, Qt.SortOrder.AscendingOrder)
    assert numbers(model) == [1, 2, 3, 4, 5]


def test_a_hundred_thousand_entries_load_filter_and_sort_quickly(ui_app):
    actions = ("修改", "新增", "登录", "导出", "打印", "登录失败")
    entries = [entry(n, actions[n % 6], f"用户{n % 7}", "失败" if n % 6 == 5 else "成功", f"党员 #{n} 张{n}",
                     f'{{"name":["张{n}","李{n}"],"phone":["138****5678","139****0000"]}}')
               for n in range(100_000, 0, -1)]
    started = time.perf_counter()
    lines = audit_lines(entries)                       # on the worker thread in the page
    prepared = time.perf_counter() - started
    shown = AuditTableModel()
    timings = {}
    for name, step in (("set_records", lambda: shown.set_records(lines)),
                       ("search", lambda: shown.set_search("李4242")),
                       ("filter", lambda: (shown.set_search(""), shown.set_filters(user="用户3", action="修改"))),
                       ("sort", lambda: shown.sort(CONTENT, Qt.SortOrder.DescendingOrder))):
        started = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - started
    print(f"\n100,000 entries: details in words {prepared:.2f} s, "
          + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in timings.items()))
    assert shown.total_count == 100_000 and shown.visible_count == len(
        [e for e in entries if e.user == "用户3" and e.action == "修改"])
    assert prepared < 8 and timings["set_records"] < 2 and timings["search"] < 1 and timings["filter"] < 1
    assert timings["sort"] < 2


# ----- the page ------------------------------------------------------------------------------------------------------
@pytest.fixture
def logged(db, street, make_member):
    """A few data changes, an export, a refused attempt by 赵读 and a failed login; then the 审计员 acts."""
    saved = save_member(db, make_member(street.branch1, 1, name="张三", phone="13812345678"))
    save_member(db, replace(saved, name="李四"))
    audit.log(db, AuditAction.EXPORT, "花名册：幸福里社区第一党支部", {"文件": "花名册.xlsx", "党员人数": 1})
    audit.log(db, AuditAction.REFUSED, "导出花名册", {"需要的权限": "导出 Excel"}, audit.REFUSED, user="赵读")
    audit.log(db, AuditAction.LOGIN_FAILED, "账号 zhao", {"原因": "密码错误"}, audit.FAILED, user="赵读")
    audit.set_actor(db, AUDITOR)
    return len(list_entries(db))


@pytest.fixture
def page(qtbot, ui_app, db, logged):
    widget = AuditPage(db)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.total_count == logged)
    return widget


def test_the_page_shows_the_last_30_days_with_counts_and_every_user(page, logged):
    assert page.date_from.date() == date.today() - timedelta(days=30) and page.date_to.date() == date.today()
    assert page.count_label.text() == f"共 {logged} 条，其中失败或拒绝 2 条"
    users = [page.user_filter.itemText(i) for i in range(page.user_filter.count())]
    assert users[0] == "全部" and "赵读" in users and len(users) == 3
    page.user_filter.setCurrentIndex(page.user_filter.findText("赵读"))
    assert page.model.visible_count == 2
    assert page.count_label.text() == f"显示 2 / 共 {logged} 条，其中失败或拒绝 2 条"
    page.action_filter.setCurrentIndex(page.action_filter.findText("登录失败"))
    assert page.model.visible_count == 1


def test_the_time_range_reloads_and_says_when_it_is_the_wrong_way_round(qtbot, page):
    page.date_from.setText((date.today() + timedelta(days=1)).isoformat())
    qtbot.waitUntil(lambda: page.range_message.text() != "", timeout=3000)
    assert page.range_message.text() == "开始日期晚于结束日期，请重新选择"
    page.date_to.setText((date.today() + timedelta(days=2)).isoformat())
    qtbot.waitUntil(lambda: page.model.total_count == 0, timeout=3000)
    assert page.range_message.text() == "" and page.count_label.text() == "共 0 条"
    assert not page.export_button.isEnabled()


def test_double_click_shows_the_whole_entry_with_its_hashes(qtbot, page, db):
    row = next(r for r in range(page.model.rowCount()) if page.model.record_at(r).entry.action == "修改")
    page.table.selectRow(row)
    dialog = page.open_selected()
    chained = audit.get_entry(db, page.model.record_at(row).id)
    assert dialog.windowTitle() == f"审计日志第 {chained.entry.id} 条"
    assert dialog.content.toPlainText() == "姓名：张三 → 李四"
    assert dialog.own_hash.text() == chained.hash and dialog.previous_hash.text() == chained.prev_hash
    assert len(chained.hash) == 64
    dialog.close()


def test_verify_says_an_intact_log_is_intact(qtbot, page):
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.chain_dialog is not None, timeout=5000)
    assert "校验完好" in page.chain_dialog.text()
    page.chain_dialog.close()


def test_verify_names_a_broken_entry_in_red_and_the_list_jumps_to_it(qtbot, page, db):
    with closing(sqlite3.connect(db.path)) as connection:   # an attacker backdates entry 3
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_entry SET at = '2024-01-05 10:00:00' WHERE id = 3")
        connection.commit()
    page.user_filter.setCurrentIndex(page.user_filter.findText("赵读"))   # entry 3 is filtered out
    page.verify()
    qtbot.waitUntil(lambda: page.chain_dialog is not None, timeout=5000)
    text = page.chain_dialog.text()
    assert "审计日志第 3 条（2024-01-05 10:00:00）" in text and RED in text and "审计日志已被改动" in text
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == 3, timeout=5000)
    assert page.date_from.date() == date(2024, 1, 5) and page.user_filter.currentIndex() == 0
    page.chain_dialog.close()


def test_export_writes_the_rows_shown_and_the_export_appears_in_the_log(qtbot, page, tmp_path, monkeypatch, logged):
    target = tmp_path / "审计日志.xlsx"
    monkeypatch.setattr(audit_page, "ask_save_path", lambda *args: target)
    informed = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: informed.append(args[2]))
    page.result_filter.setCurrentIndex(page.result_filter.findText("拒绝"))
    page.export_shown()
    qtbot.waitUntil(lambda: bool(informed), timeout=10000)
    assert informed[0].startswith("已导出 1 条审计日志到")
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][2] == "赵读" and rows[2][7] == "需要的权限：导出 Excel"
    qtbot.waitUntil(lambda: page.model.total_count == logged + 1, timeout=5000)
    page.result_filter.setCurrentIndex(0)
    newest = page.model.record_at(0).entry
    assert (newest.action, newest.target, newest.user) == ("导出", "审计日志", "李审")


def test_other_roles_are_refused_the_log(qtbot, ui_app, db, logged, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    audit.set_actor(db, Actor("张操", Role.OPERATOR, "PC"))
    widget = AuditPage(db)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: bool(warned), timeout=5000)
    assert "没有“查看审计日志”的权限" in warned[0]
    assert widget.model.total_count == 0


def test_the_delete_key_explains_that_nothing_can_be_deleted(page, monkeypatch, logged):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    page.table.selectRow(0)
    page.delete_selected()
    assert told == ["审计日志只能追加，任何人都不能删除或修改其中的记录。"]
    assert page.model.total_count == logged
