"""The 走访记录表: the paper form an officer files for one visit — the enterprise, the visit, what was found,
the problems raised (each with where its demand stands), the plan, the photos and the signatures.

The boxed form is the meeting record's (meeting_pdf): label/value rows, and sections whose long texts flow
over as many pages as they need.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from dangjian_desktop.domain.meetings import Photo
from dangjian_desktop.domain.progress import NO_PROGRESS, Progress
from dangjian_desktop.domain.visits import DemandStatus

from .layout import A4_PORTRAIT, BODY_SIZE, build_pdf, form_styles, title_block
from .meeting_pdf import Form, day_text
from .meeting_photos import PrintPhoto, prepare_photo
from .meeting_pieces import PHOTO_HALF_HEIGHT, photo_table
from .work_tables import day, section_heading, signature_block

FORM_TITLE = "走访记录表"
FRAME_WIDTH = A4_PORTRAIT.frame_width
PHOTO_ROW_ROOM = PHOTO_HALF_HEIGHT + 25 * mm    # the heading stays with the first row of photos
SIGNATURES = ("指导员（签字）：", "企业负责人（签字）：", "日期：", "日期：")


@dataclass(frozen=True)
class ProblemLine:
    """A problem the visit raised, and where its demand stands now."""

    content: str
    status: str
    deadline: date | None = None
    outcome: str = ""
    closed_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class VisitSheet:
    street: str                     # the page header
    visit_id: int | None
    enterprise_name: str
    credit_code: str
    industry: str
    address: str
    visited_on: date
    way: str
    officer_name: str
    met_person: str
    business_situation: str = ""
    party_work_situation: str = ""
    findings: str = ""
    follow_up: str = ""
    problems: tuple[ProblemLine, ...] = ()
    photos: tuple[Photo, ...] = ()


def problem_text(number: int, problem: ProblemLine) -> str:
    """1．骑手休息点不足（办理中，办理期限 2026-12-01，已超期）; a closed one with its result."""
    status = DemandStatus(problem.status)
    if status is DemandStatus.DONE:
        state = f"已办结 {day(problem.closed_on)}：{problem.outcome}"
    elif status is DemandStatus.DECLINED:
        state = f"不予受理：{problem.outcome}"
    else:
        deadline = f"，办理期限 {day(problem.deadline)}" if problem.deadline else ""
        state = f"{status}{deadline}" + ("，已超期" if problem.overdue else "")
    return f"{number}．{problem.content}（{state}）"


@cache
def _problem_style() -> ParagraphStyle:
    """Numbered lines with a hanging indent: a long problem's second line starts under its text."""
    return ParagraphStyle("dj-visit-problem", parent=form_styles().table_cell, fontSize=BODY_SIZE, leading=19,
                          leftIndent=2 * BODY_SIZE, firstLineIndent=-2 * BODY_SIZE)


def _form(sheet: VisitSheet) -> Flowable:
    form = Form()
    form.wide("企业名称", sheet.enterprise_name)
    form.pair("统一社会\n信用代码", sheet.credit_code, "行业", sheet.industry)
    form.wide("地址", sheet.address)
    form.pair("走访时间", day_text(sheet.visited_on), "走访方式", sheet.way)
    form.pair("党建指导员", sheet.officer_name, "接待人", sheet.met_person)
    form.section("经营情况", sheet.business_situation)
    form.section("党建工作情况", sheet.party_work_situation)
    form.section("走访情况（发现）", sheet.findings)
    problems = "\n".join(problem_text(n, p) for n, p in enumerate(sheet.problems, start=1))
    form.section(f"发现问题（{len(sheet.problems)} 件，已转入诉求台账）" if problems else "发现问题",
                 problems or "无", _problem_style())
    form.section("下步打算", sheet.follow_up)
    return form.table()


def visit_story(sheet: VisitSheet, photos: Sequence[PrintPhoto]) -> list[Flowable]:
    subtitle = f"编号：{sheet.visit_id}" if sheet.visit_id else ""
    story: list[Flowable] = [*title_block(FORM_TITLE, subtitle), _form(sheet)]
    if photos:
        story += [*section_heading("走访照片", PHOTO_ROW_ROOM), photo_table(photos, FRAME_WIDTH)]
    story += signature_block(SIGNATURES, FRAME_WIDTH)
    return story


def write_visit_pdf(path: str | os.PathLike, sheet: VisitSheet, *, progress: Progress = NO_PROGRESS) -> int:
    """Write the form to path and return its page count (raises Cancelled, leaving no file)."""
    total = len(sheet.photos) + 2
    progress.check()
    progress.report(0, total, "正在整理走访记录…")
    photos = []
    for number, photo in enumerate(sheet.photos, start=1):
        photos.append(prepare_photo(photo))
        progress.check()
        progress.report(number, total, "正在处理照片…")
    story = visit_story(sheet, photos)
    progress.report(total - 1, total, "正在排版…")
    pages = build_pdf(path, story, header=sheet.street, header_right=FORM_TITLE,
                      title=f"{sheet.enterprise_name}{FORM_TITLE}（{day(sheet.visited_on)}）",
                      on_flowable=lambda _flowable: progress.check())
    progress.report(total, total, "完成")
    return pages
