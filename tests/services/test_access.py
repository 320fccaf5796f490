"""What each role may do, enforced by the services and the data file itself, whatever the GUI shows."""

import pytest

from dangjian_desktop.domain.access import Actor, Permission, Role, ROLE_PERMISSIONS
from dangjian_desktop.services.audit import list_entries, set_actor
from dangjian_desktop.services.backups import BackupReason, export_backup, list_backups, make_backup
from dangjian_desktop.services.compliance import load_rules, save_rules
from dangjian_desktop.services.errors import AccessDenied
from dangjian_desktop.services.members import list_members, save_member
from dangjian_desktop.services.visit_rules import load_visit_rules, save_visit_rules


def _as(db, role: Role) -> None:
    set_actor(db, Actor(f"{role}甲", role, "测试机"))


def test_the_separation_of_duties():
    assert not ROLE_PERMISSIONS[Role.ADMIN] & {Permission.READ_AUDIT}
    assert ROLE_PERMISSIONS[Role.AUDITOR] == {Permission.READ_AUDIT}
    assert Permission.MANAGE_SETTINGS not in ROLE_PERMISSIONS[Role.OPERATOR]
    assert ROLE_PERMISSIONS[Role.READ_ONLY] == {Permission.VIEW_DATA, Permission.PRINT}
    assert not ROLE_PERMISSIONS[Role.NOBODY]


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.AUDITOR, Role.NOBODY])
def test_roles_without_data_work_cannot_write_and_nothing_is_half_saved(db, street, make_member, role):
    _as(db, role)
    with pytest.raises(AccessDenied, match="没有修改数据的权限"):
        save_member(db, make_member(street.branch1, 1))
    set_actor(db, Actor.command_line())
    assert list_members(db) == []


@pytest.mark.parametrize("role, allowed", [(Role.ADMIN, True), (Role.OPERATOR, False), (Role.READ_ONLY, False)])
def test_only_the_administrator_changes_the_rules(db, role, allowed):
    _as(db, role)
    for load, save in ((load_rules, save_rules), (load_visit_rules, save_visit_rules)):
        if allowed:
            save(db, load(db))
        else:
            with pytest.raises(AccessDenied, match="修改设置"):
                save(db, load(db))
    set_actor(db, Actor.command_line())
    refused = [entry for entry in list_entries(db) if entry.action == "越权尝试"]
    assert len(refused) == (0 if allowed else 2)


def test_backups_the_user_asks_for_need_the_permission_and_are_logged(db, street, tmp_path):
    _as(db, Role.READ_ONLY)
    with pytest.raises(AccessDenied):
        export_backup(db, tmp_path)
    with pytest.raises(AccessDenied):
        make_backup(db, BackupReason.MANUAL)
    make_backup(db, BackupReason.OPENED)   # the program's own backups run whoever is logged in
    assert len(list_backups(db)) == 1
    _as(db, Role.OPERATOR)
    export_backup(db, tmp_path)
    set_actor(db, Actor.command_line())
    backups = [entry for entry in list_entries(db) if entry.action == "备份"]
    assert len(backups) == 1 and backups[0].user == "操作员甲" and str(tmp_path) in backups[0].target
