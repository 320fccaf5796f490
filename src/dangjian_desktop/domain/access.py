"""Who may do what: the four roles of issue 5, their permissions, and the acting user written into the audit log.

The roles follow the separation of duties 等保 2.0 asks for: the administrator manages accounts and settings
but cannot read the audit log; the auditor reads only the audit log; nobody audits themselves. In a small street
office the administrator is often the only clerk, so 管理员 may also enter data (decided for issue 5).
"""

import getpass
import platform
from dataclasses import dataclass
from enum import Enum, StrEnum


class Role(StrEnum):
    ADMIN = "管理员"
    OPERATOR = "操作员"
    AUDITOR = "审计员"
    READ_ONLY = "只读"
    # Not account roles: the command line runs as the operating-system user, who holds the file anyway;
    # before anyone has logged in, the program may do nothing.
    COMMAND_LINE = "命令行"
    NOBODY = "未登录"


ACCOUNT_ROLES = (Role.ADMIN, Role.OPERATOR, Role.AUDITOR, Role.READ_ONLY)


class Permission(Enum):
    VIEW_DATA = "查看数据"
    EDIT_DATA = "录入和修改数据"
    PRINT = "打印"
    EXPORT = "导出 Excel"
    SHOW_FULL_NUMBERS = "显示和导出完整的身份证号、电话"
    BACKUP = "备份"
    RESTORE = "从备份恢复"
    MANAGE_SETTINGS = "修改设置"
    MANAGE_USERS = "管理账号"
    READ_AUDIT = "查看审计日志"


_DATA_WORK = {Permission.VIEW_DATA, Permission.EDIT_DATA, Permission.PRINT, Permission.EXPORT,
              Permission.SHOW_FULL_NUMBERS, Permission.BACKUP}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(_DATA_WORK | {Permission.RESTORE, Permission.MANAGE_SETTINGS, Permission.MANAGE_USERS}),
    Role.OPERATOR: frozenset(_DATA_WORK),
    Role.AUDITOR: frozenset({Permission.READ_AUDIT}),
    Role.READ_ONLY: frozenset({Permission.VIEW_DATA, Permission.PRINT}),
    Role.COMMAND_LINE: frozenset(Permission),
    Role.NOBODY: frozenset(),
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: "管理账号和设置，从备份恢复；也可以录入数据。不能查看审计日志。",
    Role.OPERATOR: "录入、修改、导入、导出和打印数据，可以备份。",
    Role.AUDITOR: "只能查看和导出审计日志，看不到党员等业务数据。",
    Role.READ_ONLY: "只能查看和打印（身份证号、电话隐去中间几位），不能修改或导出。",
}


def machine_name() -> str:
    return platform.node() or "未知计算机"


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor in the password database
        return "未知用户"


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf the program acts; written into every audit entry."""

    user: str
    role: Role
    machine: str
    account_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @classmethod
    def nobody(cls, user: str = "") -> "Actor":
        return cls(user, Role.NOBODY, machine_name())

    @classmethod
    def command_line(cls) -> "Actor":
        """The command line and scripts: audited under the operating-system user's name."""
        return cls(os_user_name(), Role.COMMAND_LINE, machine_name())
