"""Automatic backups: due on open, every 30 minutes after a change; before imports; the weekly off-PC reminder."""

import argparse
from datetime import date, datetime, timedelta

import pytest

from dangjian_desktop.cli import run_command
from dangjian_desktop.cli_safety import add_safety_commands
from dangjian_desktop.services.auto_backup import (
    PERIOD,
    AutoBackup,
    backup_before_import,
    change_marker,
    note_offsite_reminder_shown,
    offsite_reminder_due,
)
from dangjian_desktop.services.backups import BackupReason, export_backup, last_offsite_copy, list_backups
from dangjian_desktop.services.member_import import commit_member_import, preview_member_import
from dangjian_desktop.services.members import save_member


class FakeClock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def filled(db, street, make_member):
    save_member(db, make_member(street.branch1, 1))
    return db


def test_the_first_backup_is_due_at_once_then_only_after_30_minutes_and_a_change(filled, street, make_member):
    clock = FakeClock(datetime.now())
    auto = AutoBackup(filled, clock)
    assert auto.due() and auto.next_reason == BackupReason.OPENED
    opened = auto.take(auto.next_reason)
    assert opened.reason == "打开时" and auto.next_reason == BackupReason.PERIODIC
    assert not auto.due()
    clock.advance(PERIOD * 3)
    assert not auto.due()                      # time alone: nothing changed, no backup
    save_member(filled, make_member(street.branch1, 2))
    assert auto.due()                          # a commit and 30 minutes: due
    auto.take(BackupReason.PERIODIC)
    assert not auto.due()
    save_member(filled, make_member(street.branch1, 3))
    clock.advance(PERIOD - timedelta(seconds=1))
    assert not auto.due()                      # a change, but not yet 30 minutes
    clock.advance(timedelta(seconds=1))
    assert auto.due()
    assert sorted(info.reason for info in list_backups(filled)) == sorted(["打开时", "定时"])


def test_reading_does_not_move_the_marker_and_a_write_does(filled, street, make_member):
    from dangjian_desktop.services.members import list_members

    before = change_marker(filled.path)
    list_members(filled)
    assert change_marker(filled.path) == before
    save_member(filled, make_member(street.branch2, 9))
    assert change_marker(filled.path) != before


def test_a_backup_already_holding_the_data_is_noted(filled, street, make_member):
    clock = FakeClock(datetime.now())
    auto = AutoBackup(filled, clock)
    auto.note_taken()                          # e.g. just restored from a backup
    clock.advance(PERIOD)
    assert not auto.due()
    save_member(filled, make_member(street.branch1, 2))
    assert auto.due()


def test_each_automatic_backup_prunes_the_old_ones(filled):
    folder = filled.path.parent / "backups"
    auto = AutoBackup(filled, FakeClock(datetime.now()))
    first = auto.take(BackupReason.OPENED)
    stale = [folder / f"t-20200101-{hour:02d}0000-定时.db" for hour in (10, 11)]
    for path in stale:
        path.write_bytes(first.path.read_bytes())
    auto.take(BackupReason.PERIODIC)
    assert not stale[0].exists() and stale[1].exists()   # not the newest of its day: pruned


def test_an_import_into_a_database_with_data_is_backed_up_first(db, street, make_member, roster, tmp_path):
    write_roster, roster_row = roster
    save_member(db, make_member(street.branch1, 1, name="原有党员"))
    path = write_roster(tmp_path / "花名册.xlsx", [roster_row(50, "新党员")])
    result = commit_member_import(db, preview_member_import(db, path))
    assert result.created == 1
    backups = list_backups(db)
    assert [(info.reason, info.counts["member"]) for info in backups] == [("导入前", 1)]   # the state before


def test_a_first_import_into_an_empty_database_is_not_backed_up(db, street, roster, tmp_path):
    write_roster, roster_row = roster
    path = write_roster(tmp_path / "花名册.xlsx", [roster_row(50, "新党员")])
    assert commit_member_import(db, preview_member_import(db, path)).created == 1
    assert list_backups(db) == []
    assert backup_before_import(db).reason == "导入前"   # now there is a member to protect


# ----- the weekly reminder to keep a copy off this PC ---------------------------------------------------------------
def test_no_reminder_for_an_empty_street(db, street):
    assert not offsite_reminder_due(db, date.today())


def test_the_reminder_is_due_until_a_copy_is_saved_and_again_a_week_later(filled, tmp_path):
    today = date.today()
    assert offsite_reminder_due(filled, today)           # never saved elsewhere, and there is data
    export_backup(filled, tmp_path)
    assert not offsite_reminder_due(filled, today)
    assert not offsite_reminder_due(filled, today + timedelta(days=6))
    assert offsite_reminder_due(filled, today + timedelta(days=7))


def test_the_reminder_waits_a_week_after_it_was_shown(filled):
    today = date.today()
    note_offsite_reminder_shown(filled, today)
    assert not offsite_reminder_due(filled, today)
    assert not offsite_reminder_due(filled, today + timedelta(days=6))
    assert offsite_reminder_due(filled, today + timedelta(days=7))


def test_the_command_line_backup_counts_as_a_copy_off_this_pc(filled, tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="dangjian-desktop")
    parser.add_argument("--db")
    add_safety_commands(parser.add_subparsers(dest="command"))
    code = run_command(parser.parse_args(["--db", str(filled.path), "backup", "-o", str(tmp_path / "U盘.db")]))
    assert code == 0 and "已备份数据到" in capsys.readouterr().out
    assert last_offsite_copy(filled) is not None
    assert not offsite_reminder_due(filled, date.today())
