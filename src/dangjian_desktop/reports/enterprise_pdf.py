"""一企一档: the profile of one enterprise on paper — its census data and 两个覆盖, its officer and the 包联
history, every visit and every demand."""

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.masking import mask_phone
from dangjian_desktop.domain.progress import NO_PROGRESS, Progress
from dangjian_desktop.domain.visits import DemandStatus

from .layout import A4_PORTRAIT, build_pdf, title_block
from .meeting_pdf import Form
from .work_tables import (
    Column, DemandLine, VisitLine, data_table, day, day_width, demand_table, long_day, note, section_heading,
    visit_table,
)

FORM_TITLE = "一企一档"
FRAME_WIDTH = A4_PORTRAIT.frame_width
UNKNOWN = "未填写"


@dataclass(frozen=True)
class AssignmentLine:
    """One 包联 of the enterprise: who answered for it, from when until when (None: still)."""

    officer_name: str
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class EnterpriseProfile:
    street: str                      # the page header
    record: EnterpriseRecord
    as_of: date                      # the day the profile speaks of (overdue demands, the current officer)
    officer_name: str = ""           # running 包联 on as_of
    officer_unit: str = ""
    officer_phone: str = ""
    assignments: tuple[AssignmentLine, ...] = ()    # newest first
    visits: tuple[VisitLine, ...] = ()              # newest first
    demands: tuple[DemandLine, ...] = ()            # newest first


def _count(value: int | None, unit: str) -> str:
    return UNKNOWN if value is None else f"{value} {unit}"


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _basic_form(record: EnterpriseRecord, masked: bool) -> Flowable:
    form = Form()
    form.wide("企业名称", record.name)
    form.pair("统一社会\n信用代码", record.credit_code or UNKNOWN, "行业", record.industry)
    form.pair("品牌/平台", record.brand, "所属社区", record.community)
    form.wide("地址", record.address)
    form.pair("法定代表人", record.legal_rep, "是否党员", _yes_no(record.legal_rep_is_member) if record.legal_rep else "")
    form.pair("从业人员数", _count(record.employees, "人"), "35岁以下", _count(record.employees_under_35, "人"))
    form.pair("党员数", _count(record.party_members, "人"), "站点数", _count(record.outlets, "个"))
    form.wide("党组织", record.party_org_name if record.org_covered else "未建立党组织")
    form.pair("党的工作", "已开展" if record.party_work else "未开展", "联系电话",
              mask_phone(record.phone) if masked else record.phone)
    form.pair("组织覆盖", _yes_no(record.org_covered), "工作覆盖", _yes_no(record.work_covered))
    if record.note:
        form.wide("备注", record.note)
    return form.table()


def _officer_section(profile: EnterpriseProfile, masked: bool) -> list[Flowable]:
    story = section_heading("二、党建指导员（包点联系）")
    if profile.officer_name:
        phone = mask_phone(profile.officer_phone) if masked else profile.officer_phone
        details = "，".join(part for part in (profile.officer_unit, f"电话 {phone}" if phone else "") if part)
        story.append(note(f"现由党建指导员{profile.officer_name}" + (f"（{details}）" if details else "") + "包联。"))
    else:
        story.append(note("目前没有包联的党建指导员，请尽快落实包点联系。"))
    if profile.assignments:
        columns = [Column("序号", 12 * mm), Column("党建指导员", 0, "left"), Column("开始日期", day_width() + 6),
                   Column("结束日期", day_width() + 6)]
        rows = [[str(n), a.officer_name, day(a.started_on), day(a.ended_on) if a.ended_on else "至今"]
                for n, a in enumerate(profile.assignments, start=1)]
        story.append(data_table(columns, rows, FRAME_WIDTH))
    return story


def _visit_section(profile: EnterpriseProfile) -> list[Flowable]:
    story = section_heading("三、走访记录")
    if not profile.visits:
        return [*story, note("暂无走访记录。")]
    latest = max(line.visited_on for line in profile.visits)
    raised = sum(line.demands for line in profile.visits)
    story.append(note(f"共走访 {len(profile.visits)} 次，最近一次为 {long_day(latest)}；走访中提出诉求 {raised} 件。"))
    story.append(visit_table(profile.visits, FRAME_WIDTH, show_enterprise=False))
    return story


def _demand_section(profile: EnterpriseProfile) -> list[Flowable]:
    story = section_heading("四、诉求办理")
    if not profile.demands:
        return [*story, note("暂无诉求。")]
    counts = Counter(line.status for line in profile.demands)
    overdue = sum(line.overdue for line in profile.demands)
    open_count = counts[DemandStatus.ACCEPTED] + counts[DemandStatus.IN_PROGRESS]
    summary = (f"共 {len(profile.demands)} 件：已办结 {counts[DemandStatus.DONE]} 件，"
               f"不予受理 {counts[DemandStatus.DECLINED]} 件，在办 {open_count} 件")
    story.append(note(summary + (f"，其中超期 {overdue} 件。" if overdue else "。")))
    story.append(demand_table(profile.demands, FRAME_WIDTH, show_enterprise=False))
    return story


def write_enterprise_pdf(path: str | os.PathLike, profile: EnterpriseProfile, *, masked: bool = True,
                         progress: Progress = NO_PROGRESS) -> int:
    """Write the profile to path and return its page count; phones are masked unless masked=False.
    Raises Cancelled, leaving no file."""
    progress.check()
    progress.report(0, 2, "正在整理企业档案…")
    story = [
        *title_block(profile.record.name, f"新业态企业档案（{FORM_TITLE}）　截至 {long_day(profile.as_of)}"),
        *section_heading("一、基本情况"), _basic_form(profile.record, masked),
        *_officer_section(profile, masked), *_visit_section(profile), *_demand_section(profile),
    ]
    progress.report(1, 2, "正在排版…")
    pages = build_pdf(path, story, header=profile.street, header_right=FORM_TITLE,
                      title=f"{profile.record.name}（{FORM_TITLE}）", on_flowable=lambda _flowable: progress.check())
    progress.report(2, 2, "完成")
    return pages
