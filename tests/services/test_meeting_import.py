"""Import of past meetings through the service: names matched on the meeting date, all or nothing, conflicts."""

import time
from datetime import date, timedelta
from itertools import count

import openpyxl
import pytest

from dangjian_desktop.domain.meetings import MeetingType
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.importexport.meeting_template import DATA_SHEET, TEMPLATE_COLUMNS
from dangjian_desktop.services.meeting_import import (
    ImportRefused, RowStatus, UnusableImportFile, commit_meeting_import, preview_meeting_import,
    save_meeting_template,
)
from dangjian_desktop.services.meetings import get_meeting, list_meetings, new_meeting, save_meeting
from dangjian_desktop.services.member_import import save_problem_list
from dangjian_desktop.services.members import move_members, save_member
from dangjian_desktop.services.membership import set_committee_seat
from dangjian_desktop.services.themes import Theme, save_theme

TODAY = date(2025, 6, 1)
BRANCH1, BRANCH2 = "幸福里社区第一党支部", "幸福里社区第二党支部"
HEADER = ["序号", "所在党支部", "党小组", "会议类型", "会议日期", "开始时间", "结束时间", "地点", "主持人", "记录人",
          "主题", "内容", "出席人员", "请假人员（原因）", "缺席人员", "讲课人"]


EVERYONE = "张三、李四、王五、赵六、孙七、郑十"  # branch 1 from 2010 to June 2024


def row(branch=BRANCH1, type_="支部党员大会", day="2024-03-05", present=EVERYONE, leave="", absent="",
        group="", start="14:30", end="16:00", lecturer="", topic="学习"):
    return [None, branch, group, type_, day, start, end, "会议室", "张三", "李四", topic, "内容", present, leave,
            absent, lecturer]


def write_ledger(path, rows):
    """A title row, a blank row, the header on row 3, meetings from row 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年会议记录台账"])
    sheet.append([])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


@pytest.fixture
def people(db, street, make_member):
    """Branch 1: 张三 and 李四 (第一党小组), 王五, 赵六, 孙七; 吴九 only since 2024-06-01; 郑十 moved to branch 2
    today. Branch 2: 周八. Everyone joined the party in 2010."""
    ids, grouped = {}, {"group_id": street.group1}
    for number, name, branch, extra in (
            (1, "张三", street.branch1, grouped), (2, "李四", street.branch1, grouped),
            (3, "王五", street.branch1, {}), (4, "赵六", street.branch1, {}), (5, "孙七", street.branch1, {}),
            (6, "吴九", street.branch1, {"joined_branch_on": date(2024, 6, 1)}), (7, "郑十", street.branch1, {}),
            (8, "周八", street.branch2, {})):
        ids[name] = save_member(db, make_member(branch, number, name=name, **extra)).id
    move_members(db, [ids["郑十"]], street.branch2)
    return ids


def preview(db, tmp_path, rows, name="台账.xlsx"):
    return preview_meeting_import(db, write_ledger(tmp_path / name, rows), today=TODAY)


def marks(record):
    return {a.name: (a.status, a.reason) for a in record.attendance}


def errors(preview_row):
    return [(i.column, i.message) for i in preview_row.issues if i.kind == "错误"]


def test_names_are_matched_against_the_roster_of_the_meeting_date(db, street, people, tmp_path):
    result = preview(db, tmp_path, [
        row(present=EVERYONE),                                         # 4: 郑十 was still in branch 1 then
        row(present="张三、吴九"),                                     # 5: 吴九 came to branch 1 in June 2024
        row(day="2024-07-02", present="张三、李四、王五、赵六、孙七、吴九、郑十"),  # 6: now he is
        row(BRANCH2, present="周八、郑十"),                             # 7: 郑十 only moved to branch 2 today
    ])
    before = list_meetings(db)
    rows = {r.row_number: r for r in result.rows}
    assert rows[4].status is RowStatus.OK and rows[6].status is RowStatus.OK
    assert set(marks(rows[4].record)) == {"张三", "李四", "王五", "赵六", "孙七", "郑十"}
    assert rows[5].status is RowStatus.REJECTED
    assert errors(rows[5]) == [("出席人员", "“吴九”不是幸福里社区第一党支部在 2024-03-05 的党员"
                                          "（此人是在这一天之后才入党或转入本支部的）")]
    assert rows[7].status is RowStatus.REJECTED and errors(rows[7])[0][1].startswith("“郑十”不是幸福里社区第二党支部")
    assert list_meetings(db) == before  # a preview writes nothing


def test_unknown_type_branch_date_and_ambiguous_names_reject_the_row_naming_the_column(
        db, street, people, tmp_path, make_member):
    save_member(db, make_member(street.branch1, 11, name="王五"))  # a second 王五 in branch 1
    result = preview(db, tmp_path, [
        row(type_="座谈会"), row(branch="阳光社区党支部"), row(day="2024-02-30"), row(day="2025-07-01"),
        row(present="张三、王五"), row(present="张三、李四、张三"), row(present="张三", leave="张三（出差）"),
        row(day="2024-04-02", present="张三、李四", absent="王五（外出）、赵六、孙七、郑十"),
    ])
    columns = {r.row_number: [column for column, _ in errors(r)] for r in result.rows}
    assert columns == {4: ["会议类型"], 5: ["所在党支部"], 6: ["会议日期"], 7: ["会议日期"], 8: ["出席人员"],
                       9: ["出席人员"], 10: ["请假人员（原因）"], 11: ["缺席人员"]}
    assert "不在组织树中" in errors(result.rows[1])[0][1]
    assert "有 2 名党员都叫“王五”" in errors(result.rows[4])[0][1]
    assert "有 2 名党员都叫“王五”" in errors(result.rows[7])[0][1]  # in any column
    assert [r.row_number for r in result.rejected_rows()] == [4, 5, 6, 7, 8, 9, 10, 11]
    lines = result.problem_lines()
    assert (lines[0].row_number, lines[0].column, lines[0].kind) == (4, "会议类型", "错误")


def test_leave_reasons_and_everyone_not_mentioned_counts_as_absent(db, street, people, tmp_path):
    result = preview(db, tmp_path, [row(present="张三、李四", leave="王五（出差）、赵六(病假)", absent="郑十")])
    (only,) = result.rows
    assert marks(only.record) == {
        "张三": ("出席", ""), "李四": ("出席", ""), "王五": ("请假", "出差"), "赵六": ("请假", "病假"),
        "孙七": ("缺席", "未登记"), "郑十": ("缺席", "未注明原因")}
    assert only.status is RowStatus.WARNING
    warnings = [i.message for i in only.issues if i.kind == "警告"]
    assert "表中没有写到的应到人员已记为缺席（原因：未登记）：孙七" in warnings
    assert "“郑十”未注明缺席原因，已记为“未注明原因”" in warnings


def test_commit_writes_drafts_with_the_counts_save_meeting_would_store(db, street, people, tmp_path):
    result = preview(db, tmp_path, [row(present="全体党员", leave="王五（出差）", type_="党员大会"),
                                    row(type_="党课", lecturer="张三", day="2024年4月2日", start="下午2:30", end="",
                                        present="张三、李四、王五")])
    assert [r.status for r in result.rows] == [RowStatus.FIXED, RowStatus.WARNING]
    outcome = commit_meeting_import(db, result)
    assert (outcome.created, outcome.skipped) == (2, 0)
    assert "草稿" in outcome.summary and "草稿" in result.summary
    congress, lecture = sorted(list_meetings(db), key=lambda m: m.held_on)
    assert (congress.type, congress.status, congress.sequence) == (MeetingType.PARTY_CONGRESS, "草稿", 1)
    assert (congress.expected, congress.present, congress.leave, congress.absent) == (6, 5, 1, 0)
    stored = get_meeting(db, congress.id)
    assert (stored.start_time, stored.end_time, stored.location, stored.topic) == ("14:30", "16:00", "会议室", "学习")
    assert marks(stored)["王五"] == ("请假", "出差")
    resaved = save_meeting(db, stored, today=TODAY)  # the same record through the editor's path: same counts
    again = next(m for m in list_meetings(db) if m.id == resaved.id)
    assert again == congress
    assert get_meeting(db, lecture.id).start_time == "14:30" and lecture.present == 3 and lecture.absent == 3


def test_all_or_nothing_unless_rejected_rows_are_skipped(db, street, people, tmp_path):
    result = preview(db, tmp_path, [row(), row(present="张三、无名氏"), row(day="2024-04-02")])
    with pytest.raises(ImportRefused, match="第 5 行"):
        commit_meeting_import(db, result)
    assert list_meetings(db) == []
    outcome = commit_meeting_import(db, result, skip_invalid=True)
    assert (outcome.created, outcome.skipped) == (2, 1)
    assert sorted(m.held_on for m in list_meetings(db)) == [date(2024, 3, 5), date(2024, 4, 2)]


def test_a_meeting_already_recorded_is_a_conflict_and_skipped_by_default(db, street, people, tmp_path):
    stored = save_meeting(db, new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, date(2024, 3, 5)),
                          today=TODAY)
    result = preview(db, tmp_path, [row(), row(day="2024-04-02"), row(day="2024-04-02", type_="党员大会")])
    assert [r.status for r in result.rows] == [RowStatus.CONFLICT, RowStatus.OK, RowStatus.CONFLICT]
    assert result.rows[0].existing_id == stored.id
    assert "已有一条支部党员大会记录（第1次，草稿）" in result.rows[0].issues[0].message
    assert "与第5行是同一次会议" in result.rows[2].issues[-1].message
    outcome = commit_meeting_import(db, result)
    assert (outcome.created, outcome.skipped) == (1, 2)
    assert len(list_meetings(db)) == 2
    again = preview(db, tmp_path, [row(day="2024-04-02")], name="再次.xlsx")
    assert again.rows[0].status is RowStatus.CONFLICT  # importing the same file twice never duplicates


def test_a_conflict_row_can_be_imported_as_one_more_meeting(db, street, people, tmp_path):
    save_meeting(db, new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, date(2024, 3, 5)), today=TODAY)
    result = preview(db, tmp_path, [row()])
    outcome = commit_meeting_import(db, result, conflict_imports=[4])
    assert outcome.created == 1 and [m.sequence for m in list_meetings(db)] == [2, 1]


def test_sequence_numbers_follow_the_stored_ones_in_date_order_per_type_and_year(db, street, people, tmp_path):
    save_meeting(db, new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, date(2024, 1, 9)), today=TODAY)
    result = preview(db, tmp_path, [row(day="2024-09-03"), row(day="2024-03-05"), row(day="2023-12-05"),
                                    row(day="2024-06-04", type_="主题党日")])
    assert [r.record.sequence for r in result.rows] == [3, 2, 1, 1]
    commit_meeting_import(db, result)
    numbers = {(m.type, m.held_on): m.sequence for m in list_meetings(db)}
    assert numbers == {("支部党员大会", date(2024, 1, 9)): 1, ("支部党员大会", date(2024, 3, 5)): 2,
                       ("支部党员大会", date(2024, 9, 3)): 3, ("支部党员大会", date(2023, 12, 5)): 1,
                       ("主题党日", date(2024, 6, 4)): 1}


def test_group_meeting_needs_its_group_and_expects_the_group_members(db, street, people, tmp_path):
    result = preview(db, tmp_path, [
        row(type_="党小组会", group="第一党小组", present="张三", leave="李四（出差）"),
        row(type_="党小组会", group="第一党小组", present="张三、李四、王五", day="2024-04-02"),
        row(type_="党小组会", present="张三"),
        row(type_="党小组会", group="第九党小组", present="张三"),
    ])
    group, visitor, missing, unknown = result.rows
    assert group.status is RowStatus.OK and group.record.org_id == street.group1
    assert (group.record.org_name, group.record.branch_id) == ("第一党小组", street.branch1)
    assert marks(group.record) == {"张三": ("出席", ""), "李四": ("请假", "出差")}
    assert visitor.status is RowStatus.WARNING and visitor.record.observers == "王五"
    assert errors(missing)[0][0] == "党小组" and "第一党小组" in errors(missing)[0][1]
    assert errors(unknown)[0] == ("党小组", "幸福里社区第一党支部下没有党小组“第九党小组”（该支部的党小组：第一党小组）")
    commit_meeting_import(db, result, skip_invalid=True)
    (stored,) = [m for m in list_meetings(db) if m.present == 1]
    assert (stored.org_id, stored.branch_id, stored.expected, stored.leave) == (street.group1, street.branch1, 2, 1)


def test_a_name_shared_in_the_branch_is_clear_within_the_group(db, street, people, tmp_path, make_member):
    twin = save_member(db, make_member(street.branch1, 12, name="张三"))  # not in 第一党小组
    result = preview(db, tmp_path, [row(type_="党小组会", group="第一党小组", present="张三、李四"),
                                    row(present=EVERYONE)])
    group, congress = result.rows
    assert group.status is RowStatus.OK and marks(group.record) == {"张三": ("出席", ""), "李四": ("出席", "")}
    assert {a.member_id for a in group.record.attendance} == {people["张三"], people["李四"]}
    assert congress.status is RowStatus.REJECTED and "有 2 名党员都叫“张三”" in errors(congress)[0][1]
    assert twin.id not in {a.member_id for a in group.record.attendance}


def test_committee_meeting_expects_the_committee_of_that_day(db, street, people, tmp_path):
    set_committee_seat(db, street.branch1, people["张三"], "书记", date(2020, 1, 1))
    set_committee_seat(db, street.branch1, people["李四"], "组织委员", date(2020, 1, 1))
    set_committee_seat(db, street.branch1, people["王五"], "宣传委员", date(2024, 5, 1))
    result = preview(db, tmp_path, [row(type_="支委会", present="张三、赵六")])
    (only,) = result.rows
    assert marks(only.record) == {"张三": ("出席", ""), "李四": ("缺席", "未登记")}
    assert only.record.observers == "赵六"


def test_themed_day_following_the_street_theme_is_linked_to_it(db, street, people, tmp_path):
    theme = save_theme(db, Theme(None, "2024-06", "学党史 悟思想"))
    result = preview(db, tmp_path, [row(type_="主题党日", day="2024-06-04", topic="学党史  悟思想"),
                                    row(type_="主题党日", day="2024-05-07", topic="学党史 悟思想")])
    assert [r.record.theme_id for r in result.rows] == [theme.id, None]


def test_template_round_trip(db, street, people, tmp_path):
    path = tmp_path / "会议导入模板.xlsx"
    save_meeting_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    values = {"所在党支部": BRANCH1, "会议类型": "主题党日", "日期": date(2024, 6, 4), "开始时间": "9:00",
              "出席人员": "张三、李四、王五、赵六、吴九、郑十", "请假人员": "孙七（出差）", "主题": "重温入党誓词"}
    for index, column in enumerate(TEMPLATE_COLUMNS, 1):
        sheet.cell(row=3, column=index, value=values.get(column.label))
    book.save(path)
    result = preview_meeting_import(db, path, today=TODAY)
    (only,) = result.rows  # the example row on row 2 is skipped
    assert only.row_number == 3 and only.status is RowStatus.OK
    assert only.record.start_time == "09:00" and marks(only.record)["孙七"] == ("请假", "出差")
    assert commit_meeting_import(db, result).created == 1


def test_cancel_writes_nothing(db, street, people, tmp_path):
    result = preview(db, tmp_path, [row(day=date(2022, 1, 2) + timedelta(days=i)) for i in range(700)])
    checks = count()
    reports = []
    progress = Progress(on_report=lambda done, total, label: reports.append(done),
                        is_cancelled=lambda: next(checks) >= 1)  # the first chunk of 500 goes in, then cancel
    with pytest.raises(Cancelled):
        commit_meeting_import(db, result, progress=progress)
    assert reports == [500] and list_meetings(db) == []
    with pytest.raises(Cancelled):
        preview_meeting_import(db, tmp_path / "台账.xlsx", today=TODAY, progress=Progress(is_cancelled=lambda: True))


def test_problem_list_and_unusable_files(db, street, people, tmp_path):
    result = preview(db, tmp_path, [row(type_="座谈会"), row(present="张三、无名氏")])
    assert save_problem_list(result, tmp_path / "问题.xlsx") == 3  # and the 缺席（未登记） warning
    sheet = openpyxl.load_workbook(tmp_path / "问题.xlsx").active
    assert [c.value for c in sheet[2]][:3] == [4, "会议类型", "错误"]
    roster = tmp_path / "花名册.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码"])
    book.save(roster)
    for path in (roster, tmp_path / "不存在.xlsx"):
        with pytest.raises(UnusableImportFile):
            preview_meeting_import(db, path, today=TODAY)


def test_two_thousand_meetings_preview_and_commit_in_a_few_seconds(db, street, people, tmp_path):
    types = ["支部党员大会", "党课", "主题党日", "组织生活会"]
    rows = [row(day=date(2019, 1, 1) + timedelta(days=i), type_=types[i % 4], lecturer="张三",
                present="张三、李四、王五", leave="赵六（出差）") for i in range(2000)]
    path = write_ledger(tmp_path / "大台账.xlsx", rows)
    start = time.perf_counter()
    result = preview_meeting_import(db, path, today=TODAY)
    previewed = time.perf_counter() - start
    outcome = commit_meeting_import(db, result)
    total = time.perf_counter() - start
    print(f"\n2,000 meetings: preview {previewed:.2f} s, preview + commit {total:.2f} s")
    assert outcome.created == 2000 and len(list_meetings(db)) == 2000
    assert total < 10
    # 孙七 and 郑十 (in branch 1 until today) were not listed; 吴九 neither, once he had come in June 2024
    assert {(m.held_on >= date(2024, 6, 1), m.absent, m.leave) for m in list_meetings(db)} == {(False, 2, 1),
                                                                                             (True, 3, 1)}
