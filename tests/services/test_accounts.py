"""Accounts (issue 5, item 5): the password rule, the first administrator, logging in with lock-out, the
administrator's account list, and what each of them leaves in the audit log."""

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from dangjian_desktop.db.models import AuditEntry, UserAccount
from dangjian_desktop.domain.access import Actor, Role
from dangjian_desktop.domain.passwords import character_classes, password_matches, password_problem
from dangjian_desktop.services.accounts import (LOCK_MINUTES, MAX_FAILURES, LoginRefused, add_account,
                                                change_own_password, create_first_admin, current_account,
                                                has_accounts, idle_lock_minutes, list_accounts, log_in,
                                                reset_password, set_idle_lock_minutes, unlock_account,
                                                update_account)
from dangjian_desktop.services.audit import AccessDenied, current_actor, set_actor, verify_chain
from dangjian_desktop.services.errors import RuleViolation

ADMIN_PASSWORD = "Dangjian#2025"
PASSWORD = "Qingdao-2025"
T0 = datetime(2025, 6, 3, 9, 0)


def entries(db, action: str | None = None) -> list[AuditEntry]:
    """The audit log read directly (listing it through the service needs the 审计员's permission)."""
    with db.reading() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        rows = session.scalars(query).all()
        session.expunge_all()
        return rows


@pytest.fixture
def admin(db):
    return create_first_admin(db, "admin", ADMIN_PASSWORD, "王管理")


@pytest.fixture
def clerk(db, admin):
    """An 操作员 added by the administrator (who stays logged in)."""
    return add_account(db, "zhangsan", "张三", Role.OPERATOR, PASSWORD)


# ------------------------------------------------------------------------------------------ the password rule
@pytest.mark.parametrize(("password", "problem"), [
    ("Ab1#", "密码至少要 8 位，现在只有 4 位。"),
    ("abcdefgh", "现在只有 1 种"),
    ("abcd1234", "现在只有 2 种；可以再加上大写字母或符号"),
    ("Abcd 1234", "密码中不能有空格。"),
    ("党建工作台党建工作台", "现在只有 0 种"),            # Chinese characters are no class of their own
    ("zhangsan#2025", None),                               # lower case, digits, a symbol
    ("Zhangsan2025", None),
])
def test_password_rule(password, problem):
    found = password_problem(password)
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_password_may_not_contain_the_user_name():
    assert password_problem("Zhangsan#2025", "zhangsan") == "密码中不能包含用户名。"
    assert password_problem("Zhangsan#2025", "lisi") is None
    assert character_classes("Ab1#") == ["小写字母", "大写字母", "数字", "符号"]


# ------------------------------------------------------------------------------------------ first administrator
def test_first_administrator_once_only(db):
    assert not has_accounts(db)
    admin = create_first_admin(db, " admin ", ADMIN_PASSWORD, "王管理")
    assert (admin.user_name, admin.full_name, admin.role, admin.active) == ("admin", "王管理", Role.ADMIN, True)
    assert has_accounts(db)
    actor = current_actor(db)
    assert (actor.user, actor.role, actor.account_id) == ("admin", Role.ADMIN, admin.id)
    assert current_account(db) == admin
    with pytest.raises(RuleViolation, match="已经有管理员账号了"):
        create_first_admin(db, "other", ADMIN_PASSWORD)
    assert [a.user_name for a in list_accounts(db)] == ["admin"]
    created = entries(db, "账号管理")
    assert len(created) == 1 and created[0].user_name == "admin" and created[0].role == "管理员"


def test_a_weak_first_password_creates_nobody_and_grants_nothing(db):
    before = current_actor(db)
    with pytest.raises(RuleViolation, match="至少要 8 位"):
        create_first_admin(db, "admin", "short")
    assert not has_accounts(db)
    assert current_actor(db) == before
    with pytest.raises(RuleViolation, match="不能包含用户名"):
        create_first_admin(db, "admin", "Admin#2025")


def test_the_command_line_has_no_account(db):
    assert current_account(db) is None


# ------------------------------------------------------------------------------------------ logging in
def test_login_succeeds_sets_the_actor_and_is_logged(db, clerk):
    info = log_in(db, "ZhangSan", PASSWORD, now=T0)        # the name is not case-sensitive
    assert info.user_name == "zhangsan" and info.last_login_at == T0
    actor = current_actor(db)
    assert (actor.user, actor.role, actor.account_id) == ("zhangsan", Role.OPERATOR, clerk.id)
    login = entries(db, "登录")[-1]
    assert (login.user_name, login.role, login.result, login.target) == ("zhangsan", "操作员", "成功", "账号 zhangsan")


def test_wrong_password_and_unknown_name_get_the_same_answer_and_are_logged(db, clerk):
    with pytest.raises(LoginRefused) as wrong:
        log_in(db, "zhangsan", "Wrong-2025", now=T0)
    assert wrong.value.message == f"用户名或密码不正确。再输错 {MAX_FAILURES - 1} 次，账号将被锁定 30 分钟。"
    assert current_actor(db).role == Role.NOBODY
    with pytest.raises(LoginRefused) as unknown:
        log_in(db, "nobody", "Wrong-2025", now=T0)
    assert unknown.value.message == "用户名或密码不正确。"
    failures = entries(db, "登录失败")
    assert [(e.user_name, e.role, e.result) for e in failures] == [("zhangsan", "未登录", "失败"),
                                                                   ("nobody", "未登录", "失败")]
    assert json.loads(failures[0].details) == {"原因": "密码错误", "连续错误次数": 1}
    assert json.loads(failures[1].details) == {"原因": "没有这个用户名"}


def test_five_failures_lock_the_account_for_thirty_minutes(db, clerk):
    for attempt in range(1, MAX_FAILURES):
        with pytest.raises(LoginRefused, match=f"再输错 {MAX_FAILURES - attempt} 次"):
            log_in(db, "zhangsan", "Wrong-2025", now=T0 + timedelta(seconds=attempt))
    with pytest.raises(LoginRefused, match=f"账号已锁定 {LOCK_MINUTES} 分钟"):
        log_in(db, "zhangsan", "Wrong-2025", now=T0 + timedelta(seconds=5))
    locked = entries(db, "锁定")
    assert len(locked) == 1 and locked[0].user_name == "zhangsan"
    assert json.loads(locked[0].details)["锁定到"] == "2025-06-03 09:30"
    # Even the right password is refused while locked, and says until when.
    with pytest.raises(LoginRefused, match="请在 09:30 以后再试，或请管理员解锁"):
        log_in(db, "zhangsan", PASSWORD, now=T0 + timedelta(minutes=10))
    assert json.loads(entries(db, "登录失败")[-1].details) == {"原因": "账号已锁定"}
    assert entries(db, "登录失败")[-1].result == "拒绝"
    set_actor(db, Actor.command_line())
    assert list_accounts(db)[1].locked(T0 + timedelta(minutes=29))
    assert not list_accounts(db)[1].locked(T0 + timedelta(minutes=31))
    # After 30 minutes the lock has run out; the count starts again from zero.
    with pytest.raises(LoginRefused, match=f"再输错 {MAX_FAILURES - 1} 次"):
        log_in(db, "zhangsan", "Wrong-2025", now=T0 + timedelta(minutes=31))
    assert log_in(db, "zhangsan", PASSWORD, now=T0 + timedelta(minutes=32)).locked_until is None


def test_a_success_resets_the_count(db, clerk):
    for _attempt in range(MAX_FAILURES - 1):
        with pytest.raises(LoginRefused):
            log_in(db, "zhangsan", "Wrong-2025", now=T0)
    log_in(db, "zhangsan", PASSWORD, now=T0)
    with pytest.raises(LoginRefused, match=f"再输错 {MAX_FAILURES - 1} 次"):
        log_in(db, "zhangsan", "Wrong-2025", now=T0)


def test_a_disabled_account_cannot_log_in(db, clerk):
    update_account(db, clerk.id, "张三", Role.OPERATOR, active=False)
    with pytest.raises(LoginRefused, match="这个账号已停用，请联系管理员"):
        log_in(db, "zhangsan", PASSWORD, now=T0)
    refused = entries(db, "登录失败")[-1]
    assert (refused.result, json.loads(refused.details)) == ("拒绝", {"原因": "账号已停用"})


def lock_out(db, user_name: str) -> None:
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            log_in(db, user_name, "Wrong-2025", now=T0)


def test_a_password_reset_also_unlocks(db, clerk):
    lock_out(db, "zhangsan")
    log_in(db, "admin", ADMIN_PASSWORD, now=T0)
    reset_password(db, clerk.id, "Reset-2025x")
    assert log_in(db, "zhangsan", "Reset-2025x", now=T0 + timedelta(minutes=1)).user_name == "zhangsan"
    with pytest.raises(LoginRefused):
        log_in(db, "zhangsan", PASSWORD, now=T0 + timedelta(minutes=1))   # the old password is gone
    assert json.loads(entries(db, "账号管理")[-1].details) == {"操作": "管理员重设密码"}


def test_the_administrator_unlocks_an_account(db, clerk):
    lock_out(db, "zhangsan")
    log_in(db, "admin", ADMIN_PASSWORD, now=T0)
    unlock_account(db, clerk.id)
    assert entries(db, "解锁")[-1].target == "账号 zhangsan"
    assert log_in(db, "zhangsan", PASSWORD, now=T0 + timedelta(minutes=1)).locked_until is None


def test_every_login_and_failure_is_in_the_audit_log(db, clerk):
    log_in(db, "zhangsan", PASSWORD, now=T0)
    with pytest.raises(LoginRefused):
        log_in(db, "zhangsan", "x", now=T0)
    log_in(db, "admin", ADMIN_PASSWORD, now=T0)
    with pytest.raises(LoginRefused):
        log_in(db, "ghost", "x", now=T0)
    logged = [(e.action, e.user_name) for e in entries(db) if e.action in ("登录", "登录失败")]
    assert logged == [("登录", "zhangsan"), ("登录失败", "zhangsan"), ("登录", "admin"), ("登录失败", "ghost")]
    assert verify_chain(db).ok


# ------------------------------------------------------------------------------------------ passwords
def test_passwords_are_salted_scrypt_hashes(db, admin):
    add_account(db, "lisi", "李四", Role.OPERATOR, PASSWORD)
    add_account(db, "wangwu", "王五", Role.READ_ONLY, PASSWORD)
    with db.reading() as session:
        rows = {row.user_name: row for row in session.scalars(select(UserAccount))}
    lisi, wangwu = rows["lisi"], rows["wangwu"]
    assert lisi.password_salt != wangwu.password_salt
    assert lisi.password_hash != wangwu.password_hash
    assert len(lisi.password_salt) == 16 and len(lisi.password_hash) == 32
    assert PASSWORD.encode() not in lisi.password_hash
    assert password_matches(PASSWORD, lisi.password_salt, lisi.password_hash)
    assert not password_matches(PASSWORD + "x", lisi.password_salt, lisi.password_hash)


def test_changing_ones_own_password(db, clerk):
    log_in(db, "zhangsan", PASSWORD, now=T0)
    with pytest.raises(RuleViolation, match="原密码不正确"):
        change_own_password(db, clerk.id, "Wrong-2025", "Newer-2025")
    with pytest.raises(RuleViolation, match="不能与原密码相同"):
        change_own_password(db, clerk.id, PASSWORD, PASSWORD)
    with pytest.raises(RuleViolation, match="至少要 8 位"):
        change_own_password(db, clerk.id, PASSWORD, "New-1")
    change_own_password(db, clerk.id, PASSWORD, "Newer-2025")
    assert log_in(db, "zhangsan", "Newer-2025", now=T0).id == clerk.id
    assert json.loads(entries(db, "账号管理")[-1].details) == {"操作": "修改自己的密码"}


# ------------------------------------------------------------------------------------------ the account list
def test_user_names_are_unique_whatever_the_case(db, clerk):
    with pytest.raises(RuleViolation, match="已经有人用了"):
        add_account(db, "ZhangSan", "另一个张三", Role.READ_ONLY, PASSWORD)
    with pytest.raises(RuleViolation, match="请填写用户名"):
        add_account(db, "  ", "", Role.READ_ONLY, PASSWORD)
    with pytest.raises(RuleViolation, match="没有“超级用户”这个角色"):
        add_account(db, "lisi", "", "超级用户", PASSWORD)
    with pytest.raises(RuleViolation, match="没有“命令行”这个角色"):
        add_account(db, "lisi", "", Role.COMMAND_LINE, PASSWORD)


def test_a_role_change_is_logged_with_the_old_and_new_role(db, clerk):
    info = update_account(db, clerk.id, "张三丰", Role.READ_ONLY, active=True)
    assert (info.full_name, info.role) == ("张三丰", Role.READ_ONLY)
    change = entries(db, "角色变更")[-1]
    assert (change.target, change.user_name, change.role) == ("账号 zhangsan", "admin", "管理员")
    assert json.loads(change.details) == {"角色": ["操作员", "只读"]}
    assert json.loads(entries(db, "账号管理")[-1].details) == {"姓名": ["张三", "张三丰"]}


def test_the_last_administrator_stays(db, admin, clerk):
    set_actor(db, Actor.command_line())   # not the administrator himself (see below)
    with pytest.raises(RuleViolation, match="至少要保留一个可以登录的管理员账号"):
        update_account(db, admin.id, "王管理", Role.OPERATOR, active=True)
    with pytest.raises(RuleViolation, match="至少要保留一个可以登录的管理员账号"):
        update_account(db, admin.id, "王管理", Role.ADMIN, active=False)
    update_account(db, clerk.id, "张三", Role.ADMIN, active=True)
    assert update_account(db, admin.id, "王管理", Role.OPERATOR, active=True).role == Role.OPERATOR


def test_an_administrator_cannot_demote_or_disable_himself(db, admin, clerk):
    update_account(db, clerk.id, "张三", Role.ADMIN, active=True)
    for role, active in ((Role.OPERATOR, True), (Role.ADMIN, False)):
        with pytest.raises(RuleViolation, match="不能修改自己的角色"):
            update_account(db, admin.id, "王管理", role, active)
    assert update_account(db, admin.id, "王大管理", Role.ADMIN, True).full_name == "王大管理"


def test_only_the_administrator_manages_accounts(db, clerk):
    log_in(db, "zhangsan", PASSWORD, now=T0)
    for attempt in (lambda: list_accounts(db), lambda: add_account(db, "lisi", "", Role.ADMIN, PASSWORD),
                    lambda: update_account(db, clerk.id, "", Role.ADMIN, True),
                    lambda: reset_password(db, clerk.id, "Other-2025"), lambda: unlock_account(db, clerk.id),
                    lambda: set_idle_lock_minutes(db, 5)):
        with pytest.raises(AccessDenied, match="当前账号（zhangsan，操作员）没有"):
            attempt()
    refused = entries(db, "越权尝试")
    assert len(refused) == 6 and {e.result for e in refused} == {"拒绝"}
    assert current_account(db).user_name == "zhangsan"


# ------------------------------------------------------------------------------------------ idle lock setting
def test_idle_lock_minutes(db, admin):
    assert idle_lock_minutes(db) == 10
    set_idle_lock_minutes(db, 0)
    assert idle_lock_minutes(db) == 0
    set_idle_lock_minutes(db, 25)
    assert idle_lock_minutes(db) == 25
    for wrong in (-1, 241):
        with pytest.raises(RuleViolation, match="0（不锁定）到 240 分钟"):
            set_idle_lock_minutes(db, wrong)
    assert verify_chain(db).ok
