"""The printed meeting record and sign-in sheet: every field in the text, long content over pages, photos."""

import io
import re
from dataclasses import replace
from datetime import datetime

import pytest
from PIL import Image

from dangjian_desktop.domain.meetings import Attendance, AttendanceStatus, MeetingType, Photo
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.reports.meeting_pdf import meeting_title, write_meeting_pdf
from dangjian_desktop.reports.meeting_photos import PRINT_PIXELS, prepare_photo
from dangjian_desktop.reports.signin_pdf import write_signin_pdf
from meeting_samples import (
    BRANCH, NAMES, image_bytes, image_count, numbered_content, page_texts, sample_photos, sample_record, squeezed,
)


@pytest.fixture(scope="module")
def full_record(tmp_path_factory):
    record = sample_record(planned_at=datetime(2025, 3, 10, 9, 0), photos=sample_photos())
    path = tmp_path_factory.mktemp("record") / "会议记录.pdf"
    return record, path, write_meeting_pdf(path, record)


def test_title_header_and_page_numbers(full_record):
    _record, path, pages = full_record
    texts = page_texts(path)
    assert pages == len(texts)
    assert f"{BRANCH}支部党员大会记录" in texts[0]
    assert "2025年第3次" in texts[0]
    assert "记录状态：定稿" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert BRANCH in text                           # the header of every page
        assert "支部党员大会" in text and "第3次" in text
        assert f"第 {number} 页 共 {pages} 页" in text


def test_every_field_is_printed(full_record):
    record, path, _pages = full_record
    text = squeezed("\n".join(page_texts(path)))
    for expected in ("会议时间", "2025年3月12日（星期三）14:30—16:00", "计划时间", "2025年3月10日", "会议地点",
                     record.location, "主持人", "张三", "记录人", "李四", "应到人数", "13人", "实到人数", "11人",
                     "请假人数", "1人", "缺席人数", "王五（外出务工）", "赵六（联系不上）", record.observers,
                     "到会指导人员", record.guidance_staff, "会议主题", record.topic, "会议内容（发言要点）",
                     "会议传达了上级文件精神。", "与会党员逐一发言。", "会议决议", record.resolution, "表决情况",
                     squeezed(record.vote_result), "主持人（签字）", "记录人（签字）"):
        assert expected in text, expected
    assert "讲课人" not in text          # only a 党课 has one


def test_attendance_table_lists_everyone_with_status_and_reason(full_record):
    _record, path, _pages = full_record
    text = "\n".join(page_texts(path))
    for label in ("序号", "姓名", "出席情况", "原因", "参会人员出席情况"):
        assert label in text
    for name in NAMES:
        assert name in text
    assert re.search(r"王五\s*请假\s*外出务工", text)
    assert re.search(r"赵六\s*缺席\s*联系不上", text)


def test_quorum_is_stated_for_a_party_congress(full_record, tmp_path):
    _record, path, _pages = full_record
    text = squeezed("\n".join(page_texts(path)))
    assert "达到（有表决权的正式党员应到12人，实到10人，超过半数）" in text
    few = sample_record(attendance=tuple(
        Attendance(i, name, AttendanceStatus.PRESENT if i < 3 else AttendanceStatus.LEAVE, "" if i < 3 else "出差")
        for i, name in enumerate(NAMES)))
    assert few.lacks_quorum
    write_meeting_pdf(tmp_path / "q.pdf", few)
    text = squeezed("\n".join(page_texts(tmp_path / "q.pdf")))
    assert "※未达到法定人数：有表决权的正式党员应到13人，实到3人，未超过半数。" in text


def test_photos_are_embedded_with_captions(full_record):
    _record, path, _pages = full_record
    assert image_count(path) == 2
    text = "\n".join(page_texts(path))
    assert "会议照片" in text
    assert re.search(r"图1\s*会议现场", text) and re.search(r"图2\s*集体学习", text)


def test_a_damaged_photo_prints_a_note_instead(tmp_path):
    record = sample_record(photos=(Photo(1, "坏照片.jpg", "", b"\xff\xd8\xff not really a jpeg"),))
    write_meeting_pdf(tmp_path / "bad.pdf", record)
    assert image_count(tmp_path / "bad.pdf") == 0
    assert "照片“坏照片.jpg”无法读取" in squeezed("\n".join(page_texts(tmp_path / "bad.pdf")))


def test_long_content_flows_over_several_pages_without_losing_a_sentence(tmp_path):
    content = numbered_content(40)                      # 240 sentences, ~12,000 characters
    one_block = numbered_content(1, sentences=150)      # a single paragraph longer than a page
    record = sample_record(content=content, resolution=one_block.replace("第", "决"))
    pages = write_meeting_pdf(tmp_path / "long.pdf", record)
    texts = page_texts(tmp_path / "long.pdf")
    assert pages >= 5
    found = [int(n) for n in re.findall(r"第(\d{4})句", squeezed("\n".join(texts)))]
    assert found == list(range(1, 241))                 # every sentence, once, in order
    resolutions = [int(n) for n in re.findall(r"决(\d{4})句", squeezed("\n".join(texts)))]
    assert resolutions == list(range(1, 151))
    pages_with_content = [i for i, text in enumerate(texts) if re.search(r"第\d{4}句", squeezed(text))]
    assert len(pages_with_content) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {pages} 页" in text


def test_a_draft_is_marked_as_such(tmp_path):
    write_meeting_pdf(tmp_path / "draft.pdf", sample_record(status="草稿", content=numbered_content(30)))
    texts = page_texts(tmp_path / "draft.pdf")
    assert "记录状态：草稿（未定稿）" in texts[0]
    assert all("草稿" in text for text in texts)        # the watermark is on every page
    write_meeting_pdf(tmp_path / "final.pdf", sample_record())
    assert not any("草稿" in text for text in page_texts(tmp_path / "final.pdf"))


def test_lecture_prints_the_lecturer_and_other_types_their_names(tmp_path):
    lecture = sample_record(type=MeetingType.LECTURE, lecturer="王书记")
    write_meeting_pdf(tmp_path / "lecture.pdf", lecture)
    text = squeezed("\n".join(page_texts(tmp_path / "lecture.pdf")))
    assert f"{BRANCH}党课记录" in text and "讲课人王书记" in text
    assert "法定人数" not in text
    assert meeting_title(sample_record(type=MeetingType.OTHER)) == f"{BRANCH}会议记录"
    group = sample_record(type=MeetingType.GROUP, org_name="第一党小组")
    assert meeting_title(group) == "第一党小组党小组会记录"
    write_meeting_pdf(tmp_path / "group.pdf", group)
    first = page_texts(tmp_path / "group.pdf")[0]
    assert BRANCH in first and "第一党小组" in first


def test_cancel_leaves_no_file(tmp_path):
    path = tmp_path / "x.pdf"
    with pytest.raises(Cancelled):
        write_meeting_pdf(path, sample_record(), progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []


def test_photos_are_scaled_down_and_turned_upright():
    big = prepare_photo(Photo(1, "big.jpg", "", image_bytes("JPEG", (4000, 3000))))
    assert (big.width, big.height) == (PRINT_PIXELS, PRINT_PIXELS * 3 // 4)
    small = Photo(2, "small.jpg", "", image_bytes("JPEG", (640, 480)))
    assert prepare_photo(small).jpeg == small.data                 # kept byte for byte
    turned = prepare_photo(Photo(3, "turned.jpg", "", image_bytes("JPEG", (600, 400), orientation=6)))
    assert (turned.width, turned.height) == (400, 600)
    with Image.open(io.BytesIO(turned.jpeg)) as image:
        assert image.getpixel((image.width - 30, image.height // 2))[0] < 60   # the black band is now at the right
    png = prepare_photo(Photo(4, "alpha.png", "", image_bytes("PNG", (300, 200))))
    assert png.readable and png.jpeg.startswith(b"\xff\xd8")


def test_sign_in_sheet_lists_the_expected_names_with_room_for_guests(tmp_path):
    attendance = tuple(Attendance(i, f"党员{i:02d}") for i in range(1, 31))
    record = sample_record(type=MeetingType.THEMED_DAY, attendance=attendance, status="草稿", sequence=None)
    path = tmp_path / "签到表.pdf"
    pages = write_signin_pdf(path, record)
    texts = page_texts(path)
    assert pages == len(texts) >= 2                    # 30 rows tall enough to sign on do not fit one page
    assert f"{BRANCH}主题党日签到表" in texts[0]
    first = squeezed(texts[0])
    for expected in ("会议时间：2025年3月12日（星期三）14:30—16:00", "会议地点：社区党群服务中心二楼会议室",
                     f"会议主题：{record.topic}", "序号", "姓名", "签名", "签到时间", "备注"):
        assert expected in first, expected
    joined = "\n".join(texts)
    for attendee in attendance:
        assert attendee.name in joined
    assert "列席人员" in texts[-1] and "应到30人" in squeezed(texts[-1])
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {pages} 页" in text
        assert "签名" in text                           # the header row repeats


def test_sign_in_sheet_notes_who_already_asked_for_leave(tmp_path):
    record = replace(sample_record(), status="草稿")
    write_signin_pdf(tmp_path / "s.pdf", record)
    text = squeezed("\n".join(page_texts(tmp_path / "s.pdf")))
    assert "请假：外出务工" in text
