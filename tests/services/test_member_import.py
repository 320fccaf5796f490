"""Roster import through the service: preview writes nothing, commit is all or nothing, branches, conflicts."""

from datetime import date, datetime
from itertools import count

import openpyxl
import pytest

from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.services.errors import RuleViolation, ServiceError
from dangjian_desktop.services.member_import import (
    ImportRefused, RowStatus, UnusableImportFile, commit_member_import, preview_member_import, save_problem_list,
)
from dangjian_desktop.services.members import list_members, save_member, stats
from dangjian_desktop.services.organizations import list_organizations

TODAY = date(2025, 6, 1)
BRANCH1, BRANCH2 = "幸福里社区第一党支部", "幸福里社区第二党支部"


@pytest.fixture
def write_roster(roster):
    return roster[0]


@pytest.fixture
def person(roster):
    return roster[1]


@pytest.fixture
def messy(tmp_path, make_id, write_roster, person):
    """Rows 4–10 with one of each kind; row 7 is blank; the footer is on row 12."""
    bad_check = make_id(date(1980, 5, 17), 3)
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    rows = [
        person(1, "张三", group="第一党小组"),                                      # 4 ok
        person(5, "李四", joined=datetime(2010, 7, 1), confirmed=40725,          # 5 fixed
               phone="+86 138-1234-5678", number=make_id(date(1980, 5, 17), 5).lower()),
        person(3, "王五", number=bad_check),                                      # 6 rejected
        [],                                                                                # 7 blank
        person(8, "赵六", joined="1995-07-01", confirmed="1996-07-01"),           # 8 rejected (<18)
        person(9, "孙七", group="第九党小组"),                                     # 9 warning
        person(10, "周八", BRANCH2, category="预备党员", joined="2024-12-01", confirmed=""),  # 10 ok
    ]
    return write_roster(tmp_path / "花名册.xlsx", rows)


def snapshot(db):
    return stats(db), list_members(db), list_organizations(db)


def test_preview_marks_every_row_with_its_sheet_row_number_and_writes_nothing(db, street, messy):
    before = snapshot(db)
    preview = preview_member_import(db, messy, today=TODAY)
    assert snapshot(db) == before
    assert preview.header_row == 3
    status = {row.row_number: row.status for row in preview.rows}
    assert status == {4: RowStatus.OK, 5: RowStatus.FIXED, 6: RowStatus.REJECTED, 8: RowStatus.REJECTED,
                      9: RowStatus.WARNING, 10: RowStatus.OK}
    assert (preview.count(RowStatus.OK), preview.count(RowStatus.REJECTED)) == (2, 2)
    problems = {(p.row_number, p.column, p.kind) for p in preview.problem_lines()}
    assert (6, "公民身份号码", "错误") in problems
    assert (8, "入党时间", "错误") in problems
    assert (9, "党小组", "警告") in problems
    assert all(p.row_number in (5, 6, 8, 9) for p in preview.problem_lines())
    assert preview.unknown_branches == []
    by_row = {row.row_number: row.record for row in preview.rows}
    assert by_row[4].branch_id == street.branch1 and by_row[4].group_id == street.group1
    assert by_row[5].phone == "13812345678" and by_row[5].id_number.endswith("X")
    assert by_row[5].confirmed_on == date(2011, 7, 1)  # Excel serial 40725
    assert by_row[9].group_id is None and by_row[9].group_name == ""
    assert by_row[10].branch_id == street.branch2


def test_commit_refuses_when_rows_are_rejected_and_writes_nothing(db, street, messy):
    preview = preview_member_import(db, messy, today=TODAY)
    before = snapshot(db)
    with pytest.raises(ImportRefused) as caught:
        commit_member_import(db, preview)
    assert "2 行" in caught.value.message and "第 6 行" in caught.value.message
    assert snapshot(db) == before


def test_skip_invalid_writes_only_the_accepted_rows(db, street, messy):
    preview = preview_member_import(db, messy, today=TODAY)
    result = commit_member_import(db, preview, skip_invalid=True)
    assert (result.created, result.updated, result.skipped, result.branches_created) == (4, 0, 2, [])
    stored = {m.name: m for m in list_members(db)}
    assert set(stored) == {"张三", "李四", "孙七", "周八"}
    assert stored["张三"].group_id == street.group1 and stored["张三"].group_name == "第一党小组"
    assert stored["孙七"].group_id is None
    assert stored["李四"].phone == "13812345678" and stored["李四"].joined_on == date(2010, 7, 1)
    assert stored["周八"].branch_id == street.branch2 and stored["周八"].category == "预备党员"
    assert stored["张三"].birth_date == date(1980, 5, 17)


def test_branch_id_puts_every_row_in_that_branch(db, street, tmp_path, write_roster, person):
    path = write_roster(tmp_path / "r.xlsx", [person(1, "甲", "不存在的支部"),
                                              person(2, "乙", ""),
                                              person(3, "丙", BRANCH1)])
    preview = preview_member_import(db, path, branch_id=street.retired, today=TODAY)
    assert {row.status for row in preview.rows} == {RowStatus.OK}
    commit_member_import(db, preview)
    assert {m.name for m in list_members(db, street.retired)} == {"甲", "乙", "丙"}


def test_branch_id_must_be_a_party_branch(db, street, tmp_path, write_roster, person):
    path = write_roster(tmp_path / "r.xlsx", [person(1, "甲")])
    for not_a_branch in (street.root, street.community, street.group1, 9999):
        with pytest.raises(RuleViolation, match="党支部"):
            preview_member_import(db, path, branch_id=not_a_branch, today=TODAY)
    assert list_members(db) == []


@pytest.fixture
def unknown_branches(tmp_path, write_roster, person):
    return write_roster(tmp_path / "r.xlsx", [
        person(1, "甲", "新成立党支部"),
        person(2, "乙", "新成立党支部"),
        person(3, "丙", "快递小哥党支部"),
        person(4, "丁", "快递小哥党支部", joined="1990-01-01", confirmed="1991-01-01"),  # also too young
        person(5, "戊", BRANCH1),
    ])


def test_unknown_branches_are_rejected_unless_created(db, street, unknown_branches):
    preview = preview_member_import(db, unknown_branches, today=TODAY)
    assert preview.unknown_branches == [("快递小哥党支部", 2), ("新成立党支部", 2)]
    assert [row.status for row in preview.rows][:4] == [RowStatus.REJECTED] * 4
    assert any("新成立党支部" in i.message for i in preview.rows[0].issues)
    with pytest.raises(ImportRefused):
        commit_member_import(db, preview)
    assert list_members(db) == []
    with pytest.raises(ImportRefused):  # 丁 is wrong for another reason too
        commit_member_import(db, preview, create_branches=True)
    assert list_members(db) == [] and len(list_organizations(db)) == 6


def test_create_branches_puts_new_branches_under_the_root(db, street, unknown_branches):
    preview = preview_member_import(db, unknown_branches, today=TODAY)
    result = commit_member_import(db, preview, create_branches=True, skip_invalid=True)
    assert result.branches_created == ["快递小哥党支部", "新成立党支部"]
    assert (result.created, result.skipped) == (4, 1)
    nodes = {n.name: n for n in list_organizations(db)}
    for name in result.branches_created:
        assert nodes[name].parent_id == street.root and nodes[name].level == "党支部"
    assert {m.name for m in list_members(db, nodes["新成立党支部"].id)} == {"甲", "乙"}
    assert {m.name for m in list_members(db, nodes["快递小哥党支部"].id)} == {"丙"}
    assert {m.name for m in list_members(db, street.branch1)} == {"戊"}


def test_create_branches_in_an_empty_database_makes_a_root(db, tmp_path, write_roster, person):
    path = write_roster(tmp_path / "r.xlsx", [person(1, "甲", "某党支部")])
    preview = preview_member_import(db, path, today=TODAY)
    commit_member_import(db, preview, create_branches=True)
    nodes = list_organizations(db)
    assert [(n.level, n.parent_id is None) for n in nodes] == [("街道党工委", True), ("党支部", False)]
    assert list_members(db, nodes[1].id)[0].name == "甲"


@pytest.fixture
def conflicting(db, street, tmp_path, make_member, write_roster, person):
    stored = save_member(db, make_member(street.branch2, 1, name="张老三", phone="13900000000"))
    path = write_roster(tmp_path / "r.xlsx", [person(1, "张三", BRANCH1),
                                              person(2, "李四", BRANCH1)])
    return stored, preview_member_import(db, path, today=TODAY)


def test_conflicts_are_shown_with_the_stored_member(conflicting):
    stored, preview = conflicting
    first = preview.rows[0]
    assert first.status is RowStatus.CONFLICT
    assert (first.existing.id, first.existing.name, first.existing.branch_name) == (stored.id, "张老三", BRANCH2)
    assert any(i.kind == "冲突" and "张老三" in i.message for i in first.issues)
    assert preview.rows[1].status is RowStatus.OK


def test_conflicts_are_skipped_by_default(db, conflicting):
    stored, preview = conflicting
    result = commit_member_import(db, preview)
    assert (result.created, result.updated, result.skipped) == (1, 0, 1)
    assert {m.name for m in list_members(db)} == {"张老三", "李四"}


def test_listed_conflicts_update_the_stored_member(db, street, conflicting):
    stored, preview = conflicting
    result = commit_member_import(db, preview, conflict_updates=[4])
    assert (result.created, result.updated, result.skipped) == (1, 1, 0)
    members = {m.name: m for m in list_members(db)}
    assert set(members) == {"张三", "李四"}
    assert members["张三"].id == stored.id
    assert members["张三"].branch_id == street.branch1 and members["张三"].phone == "13812345678"


def test_same_number_twice_in_a_file_rejects_the_second(db, street, tmp_path, write_roster, person):
    path = write_roster(tmp_path / "r.xlsx", [person(1, "张三"), person(1, "张叁")])
    preview = preview_member_import(db, path, today=TODAY)
    assert [row.status for row in preview.rows] == [RowStatus.OK, RowStatus.REJECTED]
    assert any("第4行" in i.message for i in preview.rows[1].issues)


def test_number_registered_meanwhile_rolls_the_whole_import_back(db, street, tmp_path, make_member, write_roster,
                                                                 person):
    path = write_roster(tmp_path / "r.xlsx", [person(1, "张三"), person(2, "李四")])
    preview = preview_member_import(db, path, today=TODAY)
    save_member(db, make_member(street.branch2, 2, name="李四"))  # someone saved it after the preview
    with pytest.raises(ServiceError, match="未导入任何数据"):
        commit_member_import(db, preview)
    assert [m.name for m in list_members(db)] == ["李四"]


def test_cancel_during_commit_writes_nothing(db, street, tmp_path, write_roster, person):
    rows = [person(i, f"党员{i}", birth=date(1960 + i % 30, 1 + i % 12, 1 + i % 28))
            for i in range(2500)]
    path = write_roster(tmp_path / "big.xlsx", rows)
    preview = preview_member_import(db, path, today=TODAY)
    assert preview.count(RowStatus.REJECTED) == 0 and len(preview.rows) == 2500
    checks = count()
    reports = []
    # commit writes in chunks of 2,000 rows: let the first chunk go into the transaction, then cancel.
    progress = Progress(on_report=lambda done, total, label: reports.append(done),
                        is_cancelled=lambda: next(checks) >= 1)
    with pytest.raises(Cancelled):
        commit_member_import(db, preview, progress=progress)
    assert reports and reports[0] > 0  # something had been written before the cancel
    assert list_members(db) == [] and stats(db).members == 0


def test_cancel_before_anything_also_keeps_new_branches_out(db, street, unknown_branches):
    preview = preview_member_import(db, unknown_branches, today=TODAY)
    with pytest.raises(Cancelled):
        commit_member_import(db, preview, create_branches=True, skip_invalid=True,
                             progress=Progress(is_cancelled=lambda: True))
    assert len(list_organizations(db)) == 6 and list_members(db) == []


def test_unusable_files_raise_a_chinese_message(db, street, tmp_path, write_roster):
    text = tmp_path / "假表格.xlsx"
    text.write_text("姓名,身份证号\n张三,110105\n", encoding="utf-8")
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    no_header = write_roster(tmp_path / "无表头.xlsx", [["a", "b"]], header=["甲", "乙"])
    for path in (tmp_path / "不存在.xlsx", text, empty, no_header):
        with pytest.raises(UnusableImportFile) as caught:
            preview_member_import(db, path, today=TODAY)
        assert path.name in caught.value.message or str(path) in caught.value.message


def test_problem_list_names_every_problem(db, street, messy, tmp_path):
    preview = preview_member_import(db, messy, today=TODAY)
    target = tmp_path / "问题清单.xlsx"
    written = save_problem_list(preview, target)
    assert written == len(preview.problem_lines()) > 0
    cells = [str(c) for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True)
             for c in row if c is not None]
    text = " ".join(cells)
    for problem in preview.problem_lines():
        assert problem.message in text
