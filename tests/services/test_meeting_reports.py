"""Meetings printed and exported through the service: record, sign-in sheet, binder and ledger from the database."""

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType, Photo
from dangjian_desktop.services.errors import NotFound, RuleViolation
from dangjian_desktop.services.meeting_reports import (
    export_meetings_xlsx, write_binder_pdf, write_meeting_pdf, write_signin_pdf,
)
from dangjian_desktop.services.meetings import finalize_meeting, new_meeting, save_meeting
from dangjian_desktop.services.members import save_member

TODAY = date(2025, 12, 31)
BRANCH1, BRANCH2 = "幸福里社区第一党支部", "幸福里社区第二党支部"


def _texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _squeezed(texts) -> str:
    return re.sub(r"\s+", "", "\n".join(texts))


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def meetings(db, street, make_member):
    """Branch 1: 张三, 李四 (第一党小组), 王五, 赵六 (预备党员); branch 2: 孙七, 周八. Five meetings in 2025."""
    for number, name, branch, extra in (
            (1, "张三", street.branch1, {"group_id": street.group1}), (2, "李四", street.branch1, {"group_id": street.group1}),
            (3, "王五", street.branch1, {}),
            (4, "赵六", street.branch1, {"category": "预备党员", "joined_on": date(2024, 9, 1), "confirmed_on": None}),
            (5, "孙七", street.branch2, {}), (6, "周八", street.branch2, {})):
        save_member(db, make_member(branch, number, name=name, **extra))

    def add(org_id, meeting_type, day, **fields):
        record = new_meeting(db, org_id, meeting_type, day)
        marks = fields.pop("marks", {})
        attendance = tuple(replace(a, status=marks[a.name][0], reason=marks[a.name][1]) if a.name in marks else a
                           for a in record.attendance)
        return save_meeting(db, replace(record, attendance=attendance, **fields), today=TODAY)

    congress = add(street.branch1, MeetingType.PARTY_CONGRESS, date(2025, 3, 12), start_time="14:30", end_time="16:00",
                   location="党群服务中心", host="张三", recorder="李四", topic="议题一：学习全会精神",
                   content="传达上级精神。\n大家逐一发言。", resolution="同意。", vote_result="全票通过",
                   marks={"王五": (AttendanceStatus.LEAVE, "外出务工")},
                   photos=(Photo(None, "现场.jpg", "会议现场", _jpeg()),))
    finalize_meeting(db, congress.id, "tester")
    lecture = add(street.branch1, MeetingType.LECTURE, date(2025, 4, 10), lecturer="张三", topic="议题二：党课")
    group = add(street.group1, MeetingType.GROUP, date(2025, 4, 15), topic="议题三：小组学习")
    no_quorum = add(street.branch2, MeetingType.PARTY_CONGRESS, date(2025, 2, 20), topic="议题四：换届",
                    marks={"周八": (AttendanceStatus.ABSENT, "联系不上")})
    themed = add(street.branch2, MeetingType.THEMED_DAY, date(2025, 5, 8), topic="议题五：志愿服务")
    return dict(congress=congress, lecture=lecture, group=group, no_quorum=no_quorum, themed=themed)


def test_meeting_record_from_the_database(db, meetings, tmp_path):
    path = tmp_path / "记录.pdf"
    pages = write_meeting_pdf(db, meetings["congress"].id, path)
    texts = _texts(path)
    assert pages == len(texts)
    text = _squeezed(texts)
    for expected in (f"{BRANCH1}支部党员大会记录", "2025年第1次", "记录状态：定稿", "议题一：学习全会精神", "党群服务中心",
                     "王五（外出务工）", "应到人数4人", "实到人数3人", "赵六", f"第1页共{pages}页"):
        assert expected in text, expected
    assert sum(len(page.images) for page in PdfReader(path).pages) == 1
    with pytest.raises(NotFound):
        write_meeting_pdf(db, 9999, tmp_path / "none.pdf")


def test_sign_in_sheet_for_a_meeting_not_held_yet(db, street, meetings, tmp_path):
    draft = replace(new_meeting(db, street.branch1, MeetingType.PARTY_CONGRESS, date(2026, 3, 1)),
                    location="社区会议室", topic="讨论发展党员", start_time="09:00")
    assert draft.id is None
    path = tmp_path / "签到表.pdf"
    assert write_signin_pdf(db, draft, path) == 1
    text = _squeezed(_texts(path))
    assert f"{BRANCH1}支部党员大会签到表" in text
    assert "会议时间：2026年3月1日（星期日）09:00起" in text
    for name in ("张三", "李四", "王五", "赵六"):
        assert name in text
    bare = replace(draft, org_name="", branch_name="")          # a record built by hand: names looked up
    write_signin_pdf(db, bare, path)
    assert f"{BRANCH1}支部党员大会签到表" in _squeezed(_texts(path))


def test_binder_of_all_branches_in_tree_order_with_right_page_numbers(db, meetings, tmp_path):
    path = tmp_path / "台账.pdf"
    pages = write_binder_pdf(db, path, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), today=TODAY)
    texts = _texts(path)
    assert pages == len(texts)
    cover = _squeezed(texts[:1])
    assert "测试街道党工委" in cover and "三会一课台账" in cover and "党组织：全部党支部" in cover
    assert "记录份数：5份" in cover and "打印日期：2025年12月31日" in cover
    toc = texts[1]
    topics = re.findall(r"议题.：\S+", toc)
    # branch 1 (with its 党小组会) before branch 2, each by date
    assert [t[:3] for t in topics] == ["议题一", "议题二", "议题三", "议题四", "议题五"]
    for topic in topics:
        printed = int(re.search(re.escape(topic) + r"\s+(\d+)", toc).group(1))
        first = next(i for i, text in enumerate(texts) if i > 1 and topic in text) + 1
        assert printed == first, topic
    text = _squeezed(texts)
    assert "第一党小组党小组会记录" in text and f"{BRANCH2}主题党日记录" in text
    assert "※未达到法定人数" in text


def test_binder_of_chosen_branches_and_its_refusals(db, street, meetings, tmp_path):
    path = tmp_path / "二支部.pdf"
    write_binder_pdf(db, path, branch_ids=[street.branch2], date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    texts = _texts(path)
    assert f"党组织：{BRANCH2}" in _squeezed(texts[:1])
    text = _squeezed(texts)
    assert "议题四" in text and "议题五" in text and "议题一" not in text
    with pytest.raises(RuleViolation, match="没有会议记录"):
        write_binder_pdf(db, tmp_path / "x.pdf", branch_ids=[street.retired], date_from=date(2025, 1, 1),
                         date_to=date(2025, 12, 31))
    with pytest.raises(RuleViolation, match="开始日期不能晚于结束日期"):
        write_binder_pdf(db, tmp_path / "x.pdf", date_from=date(2025, 12, 31), date_to=date(2025, 1, 1))
    assert not (tmp_path / "x.pdf").exists()


def test_ledger_rows_and_counts(db, street, meetings, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert export_meetings_xlsx(db, path) == 5
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet["A1"].value == "测试街道党工委三会一课台账"
    rows = {row[11]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    book.close()
    assert list(rows) == ["议题一：学习全会精神", "议题二：党课", "议题三：小组学习", "议题四：换届", "议题五：志愿服务"]
    congress = rows["议题一：学习全会精神"]
    assert congress[:6] == (1, BRANCH1, None, "支部党员大会", 1, datetime(2025, 3, 12))
    assert congress[6:11] == ("14:30", "16:00", "党群服务中心", "张三", "李四")
    assert congress[12:] == (4, 3, 1, 0, "是", "定稿")
    assert rows["议题三：小组学习"][1:4] == (BRANCH1, "第一党小组", "党小组会")
    assert rows["议题三：小组学习"][12] == 2 and rows["议题三：小组学习"][16] is None
    assert rows["议题四：换届"][12:] == (2, 1, 0, 1, "否", "草稿")


def test_ledger_filters_by_branch_and_dates(db, street, meetings, tmp_path):
    path = tmp_path / "l.xlsx"
    assert export_meetings_xlsx(db, path, branch_ids=[street.branch1], date_from=date(2025, 4, 1)) == 2
    book = openpyxl.load_workbook(path)
    assert book.active["A1"].value == f"{BRANCH1}三会一课台账（2025-04-01 起）"
    book.close()
    assert export_meetings_xlsx(db, path, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)) == 2
    assert export_meetings_xlsx(db, path, date_from=date(2026, 1, 1)) == 0


def test_printing_libraries_are_loaded_only_when_used():
    code = ("import sys, dangjian_desktop.services.meeting_reports; "
            "print(sorted(m for m in ('reportlab', 'openpyxl', 'PIL') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                            check=True)
    assert result.stdout.strip() == "[]"
