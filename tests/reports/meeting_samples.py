"""Sample meeting records and PDF helpers for the meeting form tests (a plain module, like roster_samples)."""

import io
import re
from datetime import date

from PIL import Image, ImageDraw
from pypdf import PdfReader

from dangjian_desktop.domain.meetings import Attendance, AttendanceStatus, MeetingRecord, MeetingType, Photo

BRANCH = "幸福里社区第一党支部"
NAMES = ("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "张堃", "陈喆", "刘赟", "李䶮", "欧阳明月")


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (800, 600), color: str = "lightblue",
                orientation: int | None = None) -> bytes:
    """A photo made on the spot: a coloured picture with a black frame (and an EXIF orientation if asked)."""
    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).rectangle([10, 10, size[0] - 10, size[1] // 3], fill="black")   # marks the top
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def numbered_content(paragraphs: int, sentences: int = 6) -> str:
    """Paragraphs of sentences that carry their own number (第0012句), so every part can be found again."""
    lines = []
    number = 0
    for _ in range(paragraphs):
        parts = []
        for _ in range(sentences):
            number += 1
            parts.append(f"第{number:04d}句，支部书记传达上级党组织关于加强基层党建工作的部署要求。")
        lines.append("".join(parts))
    return "\n".join(lines)


def sample_record(**fields) -> MeetingRecord:
    """A 支部党员大会 with every field filled: 13 attendees, one on leave, one absent (a 预备党员 among them)."""
    attendance = []
    for index, name in enumerate(NAMES):
        status, reason = AttendanceStatus.PRESENT, ""
        if name == "王五":
            status, reason = AttendanceStatus.LEAVE, "外出务工"
        elif name == "赵六":
            status, reason = AttendanceStatus.ABSENT, "联系不上"
        attendance.append(Attendance(index + 1, name, status, reason, voting=name != "郑十"))
    values = dict(
        org_id=1, type=MeetingType.PARTY_CONGRESS, held_on=date(2025, 3, 12), org_name=BRANCH, branch_id=1,
        branch_name=BRANCH, sequence=3, start_time="14:30", end_time="16:00", location="社区党群服务中心二楼会议室",
        host="张三", recorder="李四", topic="学习贯彻全会精神，讨论接收预备党员", content="会议传达了上级文件精神。\n与会党员逐一发言。",
        resolution="同意接收孙七同志为中共预备党员。", vote_result="赞成 11 票，反对 0 票，弃权 0 票",
        observers="入党积极分子刘一", guidance_staff="街道党建指导员周敏", attendance=tuple(attendance), status="定稿",
    )
    values.update(fields)
    return MeetingRecord(**values)


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def squeezed(text: str) -> str:
    """Text without the white space pypdf puts at line ends and between table cells."""
    return re.sub(r"\s+", "", text)


def image_count(path) -> int:
    """Image XObjects drawn on the pages."""
    return sum(len(page.images) for page in PdfReader(path).pages)


def sample_photos() -> tuple[Photo, ...]:
    return (Photo(1, "现场.jpg", "会议现场", image_bytes("JPEG", (1600, 1200))),
            Photo(2, "学习.png", "集体学习", image_bytes("PNG", (600, 900), "pink")))
