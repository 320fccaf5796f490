"""Accounts: the first administrator, logging in (with lock-out), passwords, and the administrator's user list.

Five wrong passwords in a row lock an account for 30 minutes. The message never says whether it was the user
name or the password that was wrong. Every login, failure, lock and account change is in the audit log.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Setting, UserAccount
from ..domain.access import ACCOUNT_ROLES, Actor, Permission, Role, machine_name
from ..domain.passwords import hash_password, password_matches, password_problem
from .audit import FAILED, REFUSED, AuditAction, current_actor, record, require, set_actor
from .database import Database
from .errors import NotFound, RuleViolation, ServiceError

MAX_FAILURES = 5
LOCK_MINUTES = 30
IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10


class LoginRefused(ServiceError):
    """Wrong name or password, a locked or disabled account; the message says what to do."""


@dataclass(frozen=True)
class AccountInfo:
    id: int
    user_name: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _info(row: UserAccount) -> AccountInfo:
    return AccountInfo(row.id, row.user_name, row.full_name, Role(row.role), row.active, row.locked_until,
                       row.last_login_at)


def has_accounts(db: Database) -> bool:
    with db.reading() as session:
        return bool(session.scalar(select(func.count(UserAccount.id))))


def current_account(db: Database) -> AccountInfo | None:
    """The account of the user logged in on this database; None for the command line or before a login."""
    account_id = current_actor(db).account_id
    if account_id is None:
        return None
    with db.reading() as session:
        account = session.get(UserAccount, account_id)
        return _info(account) if account is not None else None


def still_signed_in(db: Database, actor: Actor) -> bool:
    """Whether `actor` may go on working on `db` without logging in again (after a restore replaced the data):
    the command line always; a person while the same account, active and with the same role, is in it."""
    if actor.role == Role.COMMAND_LINE:
        return True
    if actor.account_id is None:
        return False
    with db.reading() as session:
        account = session.get(UserAccount, actor.account_id)
        return (account is not None and account.active and account.user_name == actor.user
                and account.role == actor.role.value)


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise RuleViolation(f"没有“{value}”这个角色。") from None


def _check_new(session: Session, user_name: str, password: str, role: Role, account_id: int | None = None) -> str:
    name = user_name.strip()
    if not name:
        raise RuleViolation("请填写用户名。")
    if len(name) > 50:
        raise RuleViolation("用户名不能超过 50 个字。")
    if role not in ACCOUNT_ROLES:
        raise RuleViolation(f"没有“{role}”这个角色。")
    clash = session.scalar(select(UserAccount.id).where(func.lower(UserAccount.user_name) == name.lower()))
    if clash is not None and clash != account_id:
        raise RuleViolation(f"用户名“{name}”已经有人用了，请换一个。")
    if account_id is None:
        problem = password_problem(password, name)
        if problem:
            raise RuleViolation(problem)
    return name


def _add(session: Session, user_name: str, full_name: str, role: Role, password: str) -> UserAccount:
    name = _check_new(session, user_name, password, role)
    salt, digest = hash_password(password)
    account = UserAccount(user_name=name, full_name=full_name.strip(), role=role.value, password_salt=salt,
                          password_hash=digest, active=True, failed_logins=0, password_changed_at=datetime.now())
    session.add(account)
    session.flush()
    record(session, AuditAction.ACCOUNT, f"账号 {name}", {"操作": "新建账号", "角色": role.value,
                                                           "姓名": account.full_name})
    return account


def create_first_admin(db: Database, user_name: str, password: str, full_name: str = "") -> AccountInfo:
    """The first start: the administrator who then creates everyone else. Refused once any account exists."""
    before = current_actor(db)
    try:
        with db.transaction() as session:
            if session.scalar(select(func.count(UserAccount.id))):
                raise RuleViolation("已经有管理员账号了，请用它登录后再添加账号。")
            set_actor(db, Actor(user_name.strip(), Role.ADMIN, machine_name()))
            account = _add(session, user_name, full_name, Role.ADMIN, password)
            info = _info(account)
    except BaseException:
        set_actor(db, before)   # nobody was created: the would-be administrator holds no rights
        raise
    set_actor(db, Actor(info.user_name, Role.ADMIN, machine_name(), info.id))
    return info


def log_in(db: Database, user_name: str, password: str, now: datetime | None = None) -> AccountInfo:
    """Check the password; on success the database acts for this user. LoginRefused otherwise (logged)."""
    now = now or datetime.now()
    name = user_name.strip()
    set_actor(db, Actor.nobody(name))   # until the password is right, whoever types acts as nobody
    with db.transaction() as session:
        account = session.scalar(select(UserAccount).where(func.lower(UserAccount.user_name) == name.lower()))
        refusal = _refusal(session, account, name, password, now)
        if refusal is None:
            account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
            set_actor(db, Actor(account.user_name, Role(account.role), machine_name(), account.id))
            record(session, AuditAction.LOGIN, f"账号 {account.user_name}")
            return _info(account)
    raise LoginRefused(refusal)


def _refusal(session: Session, account: UserAccount | None, name: str, password: str, now: datetime) -> str | None:
    """Why this login fails (after counting it), or None when it succeeds."""
    wrong = "用户名或密码不正确。"
    if account is None:
        hash_password(password)   # as slow as checking a wrong password: the time tells no names
        record(session, AuditAction.LOGIN_FAILED, f"账号 {name}", {"原因": "没有这个用户名"}, FAILED, user=name)
        return wrong
    if not account.active:
        record(session, AuditAction.LOGIN_FAILED, f"账号 {account.user_name}", {"原因": "账号已停用"}, REFUSED,
               user=account.user_name)
        return "这个账号已停用，请联系管理员。"
    if account.locked_until and account.locked_until > now:
        record(session, AuditAction.LOGIN_FAILED, f"账号 {account.user_name}", {"原因": "账号已锁定"}, REFUSED,
               user=account.user_name)
        return (f"密码连续输错 {MAX_FAILURES} 次，账号已锁定，请在 {account.locked_until:%H:%M} 以后再试，"
                "或请管理员解锁。")
    if password_matches(password, account.password_salt, account.password_hash):
        return None
    account.failed_logins = (account.failed_logins or 0) + 1
    record(session, AuditAction.LOGIN_FAILED, f"账号 {account.user_name}",
           {"原因": "密码错误", "连续错误次数": account.failed_logins}, FAILED, user=account.user_name)
    if account.failed_logins >= MAX_FAILURES:
        account.locked_until, account.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
        record(session, AuditAction.LOCKED, f"账号 {account.user_name}",
               {"原因": f"密码连续输错 {MAX_FAILURES} 次", "锁定到": f"{account.locked_until:%Y-%m-%d %H:%M}"},
               user=account.user_name)
        return f"密码连续输错 {MAX_FAILURES} 次，账号已锁定 {LOCK_MINUTES} 分钟。"
    left = MAX_FAILURES - account.failed_logins
    return f"{wrong}再输错 {left} 次，账号将被锁定 {LOCK_MINUTES} 分钟。"


def change_own_password(db: Database, account_id: int, old_password: str, new_password: str) -> None:
    with db.transaction() as session:
        account = _load(session, account_id)
        if not password_matches(old_password, account.password_salt, account.password_hash):
            raise RuleViolation("原密码不正确。")
        if new_password == old_password:
            raise RuleViolation("新密码不能与原密码相同。")
        _set_password(session, account, new_password, "修改自己的密码")


def _set_password(session: Session, account: UserAccount, password: str, what: str) -> None:
    problem = password_problem(password, account.user_name)
    if problem:
        raise RuleViolation(problem)
    account.password_salt, account.password_hash = hash_password(password)
    account.password_changed_at = datetime.now()
    record(session, AuditAction.ACCOUNT, f"账号 {account.user_name}", {"操作": what})


def _load(session: Session, account_id: int) -> UserAccount:
    account = session.get(UserAccount, account_id)
    if account is None:
        raise NotFound("找不到这个账号，可能已被删除。")
    return account


# ------------------------------------------------------------------------------------------ administrator
def list_accounts(db: Database) -> list[AccountInfo]:
    require(db, Permission.MANAGE_USERS, "查看账号列表")
    with db.reading() as session:
        return [_info(row) for row in session.scalars(select(UserAccount).order_by(UserAccount.id))]


def add_account(db: Database, user_name: str, full_name: str, role: Role, password: str) -> AccountInfo:
    require(db, Permission.MANAGE_USERS, "添加账号")
    with db.transaction() as session:
        return _info(_add(session, user_name, full_name, _role(role), password))


def _active_admins(session: Session, excluding: int) -> int:
    return session.scalar(select(func.count(UserAccount.id)).where(
        UserAccount.role == Role.ADMIN.value, UserAccount.active.is_(True), UserAccount.id != excluding)) or 0


def update_account(db: Database, account_id: int, full_name: str, role: Role, active: bool) -> AccountInfo:
    """Change a person's name, role or whether the account may log in; a role change is logged as such."""
    require(db, Permission.MANAGE_USERS, "修改账号")
    role = _role(role)
    with db.transaction() as session:
        account = _load(session, account_id)
        _check_new(session, account.user_name, "", role, account_id)
        if account_id == current_actor(db).account_id and (role.value != account.role or not active):
            raise RuleViolation("不能修改自己的角色，也不能停用自己正在使用的账号；请让另一位管理员来做。")
        was_admin = account.role == Role.ADMIN.value and account.active
        if was_admin and (role != Role.ADMIN or not active) and not _active_admins(session, account_id):
            raise RuleViolation("至少要保留一个可以登录的管理员账号，否则没有人能管理账号。")
        if account.role != role.value:
            record(session, AuditAction.ROLE_CHANGE, f"账号 {account.user_name}",
                   {"角色": [account.role, role.value]})
        changes = {label: [old, new] for label, old, new in (("姓名", account.full_name, full_name.strip()),
                                                              ("可以登录", account.active, active)) if old != new}
        if changes:
            record(session, AuditAction.ACCOUNT, f"账号 {account.user_name}", changes)
        account.full_name, account.role, account.active = full_name.strip(), role.value, active
        return _info(account)


def reset_password(db: Database, account_id: int, new_password: str) -> None:
    """The administrator sets a new password for someone who forgot theirs; also lifts a lock."""
    require(db, Permission.MANAGE_USERS, "重设密码")
    with db.transaction() as session:
        account = _load(session, account_id)
        _set_password(session, account, new_password, "管理员重设密码")
        account.failed_logins, account.locked_until = 0, None


def unlock_account(db: Database, account_id: int) -> None:
    require(db, Permission.MANAGE_USERS, "解锁账号")
    with db.transaction() as session:
        account = _load(session, account_id)
        account.failed_logins, account.locked_until = 0, None
        record(session, AuditAction.UNLOCKED, f"账号 {account.user_name}", {"操作": "管理员解锁"})


# ------------------------------------------------------------------------------------------ idle lock
def idle_lock_minutes(db: Database) -> int:
    """Minutes without input before the window locks; 0 means never."""
    with db.reading() as session:
        stored = session.get(Setting, IDLE_LOCK_KEY)
    try:
        return max(0, int(stored.value)) if stored else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_lock_minutes(db: Database, minutes: int) -> None:
    require(db, Permission.MANAGE_SETTINGS, "修改自动锁定时间")
    if not 0 <= minutes <= 240:
        raise RuleViolation("自动锁定时间要在 0（不锁定）到 240 分钟之间。")
    with db.transaction() as session:
        session.merge(Setting(key=IDLE_LOCK_KEY, value=str(minutes)))
