"""Shared fixtures: a real SQLite file per test, a small organisation tree, valid ID numbers and members."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can import Qt: tests never need a display

import sqlite3
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest

from dangjian_desktop.db.audit_schema import AuditContext, register_audit_functions
from dangjian_desktop.domain.access import Actor
from dangjian_desktop.domain.enums import BranchKind, OrgLevel
from dangjian_desktop.domain.idcard import check_digit
from dangjian_desktop.domain.member import MemberRecord
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root


def valid_id_number(birth: date, sequence: int, region: str = "110105") -> str:
    """An 18-digit ID that passes GB 11643: region + birth date + 3-digit sequence + computed check character."""
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def plain_connection(path) -> sqlite3.Connection:
    """A bare sqlite3 connection that can write data tables (the audit triggers need our SQL functions): for
    tests that break a file on purpose, as a stray tool would. Use with contextlib.closing."""
    connection = sqlite3.connect(path)
    register_audit_functions(connection, AuditContext(Actor.command_line()))
    return connection


def member_record(branch_id: int | None, sequence: int, *, name: str | None = None,
                  birth: date = date(1980, 5, 17), **fields) -> MemberRecord:
    """A member that passes every rule: 入党 at 30, 转正 a year later, sex matching the ID."""
    number = valid_id_number(birth, sequence)
    values = dict(
        name=name or f"党员{sequence}", id_number=number, branch_id=branch_id,
        sex="男" if int(number[16]) % 2 else "女", birth_date=birth, ethnicity="汉族", education="大学本科",
        joined_on=date(birth.year + 30, 7, 1), confirmed_on=date(birth.year + 31, 7, 1), phone="13812345678",
    )
    values.update(fields)
    return MemberRecord(**values)


ROSTER_HEADER = ["序号", "姓名", "性别", "出生年月", "身份证号", "人员类别", "所在党支部", "党小组", "入党时间",
                 "转正时间", "手机号码"]


def write_roster(path, rows, *, title="幸福里社区党员花名册", header=ROSTER_HEADER):
    """A roster as users keep them: a merged title on row 1, a blank row 2, the header (variant names) on row 3,
    the rows from row 4 on, then a blank row and a signature footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["填表人：王五", None, None, "审核人：赵六"])
    book.save(path)
    return path


def roster_row(sequence, name, branch="幸福里社区第一党支部", *, birth=date(1980, 5, 17), group="",
               joined="2010-07-01", confirmed="2011年7月1日", phone="13812345678", category="正式党员",
               number=None):
    """One row under ROSTER_HEADER; the ID is valid unless `number` is given; 出生年月 is month-only text."""
    number = number or valid_id_number(birth, sequence)
    sex = "男" if int(valid_id_number(birth, sequence)[16]) % 2 else "女"
    return [sequence, name, sex, f"{birth.year}.{birth.month:02d}", number, category, branch, group, joined,
            confirmed, phone]


@pytest.fixture
def roster():
    """(write_roster, roster_row): build messy roster files in tmp_path."""
    return write_roster, roster_row


@pytest.fixture
def make_id():
    return valid_id_number


@pytest.fixture
def make_member():
    return member_record


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.db")
    yield database
    database.close()


@dataclass(frozen=True)
class Street:
    root: int
    community: int        # 幸福里社区党委
    branch1: int          # 幸福里社区第一党支部 (under the community)
    branch2: int          # 幸福里社区第二党支部 (under the community)
    group1: int           # 第一党小组 (under branch1)
    retired: int          # 退休党员党支部 (directly under the root)


@pytest.fixture
def street(db) -> Street:
    root = create_root(db, "测试街道党工委")
    community = create_organization(db, root.id, OrgFields("幸福里社区党委", OrgLevel.COMMUNITY_COMMITTEE))
    branch1 = create_organization(db, community.id,
                                  OrgFields("幸福里社区第一党支部", OrgLevel.BRANCH, BranchKind.STANDALONE))
    branch2 = create_organization(db, community.id,
                                  OrgFields("幸福里社区第二党支部", OrgLevel.BRANCH, BranchKind.STANDALONE))
    group1 = create_organization(db, branch1.id, OrgFields("第一党小组", OrgLevel.GROUP))
    retired = create_organization(db, root.id, OrgFields("退休党员党支部", OrgLevel.BRANCH, BranchKind.STANDALONE))
    return Street(root.id, community.id, branch1.id, branch2.id, group1.id, retired.id)
