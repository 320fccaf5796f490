"""Checking a data file: the quick check on every open, the full check (structure and references) on request."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from .database import Database

# What the user calls the tables a reference problem names.
TABLE_LABELS = {
    "organization": "党组织", "member": "党员", "setting": "设置", "branch_membership": "党员组织关系",
    "committee_member": "支委成员", "street_theme": "街道主题", "meeting": "会议记录", "meeting_attendance": "会议出席",
    "meeting_photo": "会议照片", "meeting_event": "会议记录修改历史", "guidance_officer": "党建指导员",
    "enterprise": "企业", "officer_assignment": "指导员分工", "officer_pairing": "指导员联系党员", "visit": "走访记录",
    "visit_photo": "走访照片", "demand": "诉求", "demand_event": "诉求办理记录",
}


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    problems: list[str]


def table_label(table: str) -> str:
    label = TABLE_LABELS.get(table)
    return f"{label}（{table}）" if label else table


def _structure_problems(messages: list[str]) -> list[str]:
    if messages == ["ok"]:
        return []
    return [f"数据文件结构损坏：{message}。" for message in messages]


def _damaged(exc: Exception) -> list[str]:
    return [f"数据文件已损坏，无法读取：{exc}。"]


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates the file, nor changes a file that is not a database."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def check_file(path: Path, *, full: bool = True) -> list[str]:
    """integrity_check (full) or quick_check of a closed file, e.g. a backup. [] when healthy; Chinese problems."""
    path = Path(path)
    if not path.is_file():
        return [f"找不到文件 {path}。"]
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(open_read_only(path)) as connection:
            return _structure_problems([row[0] for row in connection.execute(f"PRAGMA {pragma}")])
    except sqlite3.DatabaseError as exc:
        return _damaged(exc)


def quick_check(path: Path) -> list[str]:
    """SQLite's quick_check (seconds even on a large file): [] when the file is healthy."""
    return check_file(path, full=False)


def full_check(db: Database) -> CheckReport:
    """integrity_check and foreign_key_check of the open data file, every problem in Chinese naming table and row."""
    try:
        with db.engine.connect() as connection:
            problems = _structure_problems(
                [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()])
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    except DBAPIError as exc:
        return CheckReport(False, _damaged(exc.orig or exc))
    for table, rowid, parent, _constraint in broken:
        problems.append(f"{table_label(table)}中编号为 {rowid} 的记录所引用的{table_label(parent)}记录已不存在。")
    return CheckReport(not problems, problems)
