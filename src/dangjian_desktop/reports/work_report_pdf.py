"""The monthly work report: one officer's (党建指导员月度工作报告) or the street's (新业态党建工作月报).

Both have the same four sections — 一、走访情况, 二、诉求办理, 三、两个覆盖 (a table per industry and a chart),
四、下步工作 (ruled lines to write on) — and differ in scope: the officer's visits, demands and 包联 enterprises,
or everyone's (the street's report adds a chart of each officer's visits). An empty month says so in words.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from dangjian_desktop.domain.progress import NO_PROGRESS, Progress

from .chart import Series, bar_chart
from .layout import A4_PORTRAIT, build_pdf, title_block
from .work_tables import (
    Column, DemandLine, VisitLine, data_table, demand_table, long_day, note, rate, section_heading,
    signature_block, visit_table, writing_lines,
)

FRAME_WIDTH = A4_PORTRAIT.frame_width
PLAN_LINES = 8
OFFICERS_PER_CHART = 40   # 2/3 of a page


@dataclass(frozen=True)
class CoverageLine:
    """两个覆盖 of one industry (or of all: 合计)."""

    industry: str
    enterprises: int = 0
    with_party_org: int = 0
    with_party_work: int = 0
    with_officer: int = 0
    visited_within_frequency: int = 0


@dataclass(frozen=True)
class WorkReport:
    street: str
    month: date                   # its first day
    as_of: date                   # the month's last day, or today in the running month
    officer_name: str = ""        # "" = the street's report
    officer_unit: str = ""
    period_label: str = ""        # the visit-frequency period containing as_of: 2026年第4季度
    frequency_label: str = ""     # 每季度至少1次
    visits: tuple[VisitLine, ...] = ()           # the month's, by date
    visits_by_way: tuple[tuple[str, int], ...] = ()
    enterprises_visited: int = 0
    assigned: int = 0             # enterprises with an officer (the officer's own) on as_of
    not_visited: int = 0          # of those, not visited enough in the period so far
    demands_received: int = 0
    demands_closed: int = 0       # 已办结 in the month
    demands_declined: int = 0     # 不予受理 in the month
    open_at_end: int = 0
    overdue_at_end: int = 0
    demands: tuple[DemandLine, ...] = ()         # received or closed in the month, or overdue on as_of
    coverage: tuple[CoverageLine, ...] = ()      # by industry
    total: CoverageLine = CoverageLine("合计")
    officer_visits: tuple[tuple[str, int], ...] = ()   # street report: each officer's visits this month

    @property
    def is_street(self) -> bool:
        return not self.officer_name


def month_text(month: date) -> str:
    return f"{month.year}年{month.month}月"


def report_title(report: WorkReport) -> str:
    kind = "新业态党建工作月报" if report.is_street else "党建指导员月度工作报告"
    return f"{kind}（{month_text(report.month)}）"


def _subtitle(report: WorkReport) -> str:
    who = report.street if report.is_street else \
        f"党建指导员：{report.officer_name}" + (f"（{report.officer_unit}）" if report.officer_unit else "")
    return f"{who}　　统计截至 {long_day(report.as_of)}"


def _visit_section(report: WorkReport) -> list[Flowable]:
    story = section_heading("一、走访情况")
    ways = "、".join(f"{way} {count} 次" for way, count in report.visits_by_way if count)
    whose = "全街道党建指导员" if report.is_street else ""
    if report.visits:
        story.append(note(f"本月{whose}共走访 {len(report.visits)} 次（{ways}），走访企业 {report.enterprises_visited} 家。"))
    else:
        story.append(note("本月无走访记录。"))
    if report.assigned:
        owned = "已落实包联的企业" if report.is_street else "现包联企业"
        state = f"尚有 {report.not_visited} 家未走访" if report.not_visited else "均已走访"
        story.append(note(f"{owned} {report.assigned} 家，按“{report.frequency_label}”的要求，"
                          f"{report.period_label}{state}。"))
    elif not report.is_street:
        story.append(note("目前没有包联的企业。"))
    if report.is_street and any(count for _name, count in report.officer_visits):   # no chart of zeros
        story += [Spacer(1, 3 * mm), *_officer_charts(report.officer_visits), Spacer(1, 3 * mm)]
    if report.visits:
        story.append(visit_table(report.visits, FRAME_WIDTH, show_officer=report.is_street))
    return story


def _officer_charts(officer_visits: Sequence[tuple[str, int]]) -> list[Flowable]:
    """One chart per OFFICERS_PER_CHART officers: a chart must fit on a page."""
    charts = []
    for start in range(0, len(officer_visits), OFFICERS_PER_CHART):
        part = officer_visits[start:start + OFFICERS_PER_CHART]
        title = "各党建指导员本月走访次数" + ("（续）" if start else "")
        charts.append(bar_chart(title, [name for name, _ in part], [Series("走访次数", [count for _, count in part])],
                                FRAME_WIDTH * 0.85))
    return charts


def _demand_section(report: WorkReport) -> list[Flowable]:
    story = section_heading("二、诉求办理")
    declined = f"，不予受理 {report.demands_declined} 件" if report.demands_declined else ""
    story.append(note(f"本月新收诉求 {report.demands_received} 件，办结 {report.demands_closed} 件{declined}；"
                      f"截至 {long_day(report.as_of)}，在办 {report.open_at_end} 件，其中超期 {report.overdue_at_end} 件。"))
    if report.demands:
        story.append(demand_table(report.demands, FRAME_WIDTH))
    else:
        story.append(note("本月无诉求办理记录。"))
    return story


# counts are of enterprises (家): the line above the table says so
COVERAGE_COLUMNS = (Column("行业", 0, "left"), Column("企业数", 16 * mm), Column("组织覆盖", 18 * mm),
                    Column("组织覆盖率", 20 * mm), Column("工作覆盖", 18 * mm), Column("工作覆盖率", 20 * mm),
                    Column("已包联", 16 * mm), Column("本期已走访", 21 * mm))


def _coverage_row(line: CoverageLine) -> list[str]:
    return [line.industry, str(line.enterprises), str(line.with_party_org), rate(line.with_party_org, line.enterprises),
            str(line.with_party_work), rate(line.with_party_work, line.enterprises), str(line.with_officer),
            str(line.visited_within_frequency)]


def _coverage_section(report: WorkReport) -> list[Flowable]:
    story = section_heading("三、两个覆盖")
    total = report.total
    if not total.enterprises:
        return [*story, note("尚未录入新业态企业。" if report.is_street else "目前没有包联的企业，无覆盖数据。")]
    scope = "全街道新业态企业" if report.is_street else "包联企业"
    story.append(note(f"截至 {long_day(report.as_of)}，{scope} {total.enterprises} 家，"
                      f"组织覆盖 {total.with_party_org} 家（{rate(total.with_party_org, total.enterprises)}），"
                      f"工作覆盖 {total.with_party_work} 家（{rate(total.with_party_work, total.enterprises)}）。"))
    rows = [_coverage_row(line) for line in report.coverage] + [_coverage_row(total)]
    story.append(data_table(COVERAGE_COLUMNS, rows, FRAME_WIDTH, bold_last=True))
    story = [KeepTogether(story)]     # heading, line and a few rows: never cut
    shown = [line for line in report.coverage if line.enterprises] + [total]
    chart = bar_chart("各行业两个覆盖率", [line.industry for line in shown],
                      [Series("组织覆盖率", [line.with_party_org / line.enterprises for line in shown]),
                       Series("工作覆盖率", [line.with_party_work / line.enterprises for line in shown])],
                      FRAME_WIDTH * 0.85, percent=True)
    return [*story, Spacer(1, 4 * mm), chart]


def work_report_story(report: WorkReport) -> list[Flowable]:
    signer = ("填报人（签字）：", "审核人（签字）：") if report.is_street else ("报告人（签字）：", "日期：")
    return [*title_block(report_title(report), _subtitle(report)), *_visit_section(report),
            *_demand_section(report), *_coverage_section(report), *section_heading("四、下步工作"),
            writing_lines(PLAN_LINES, FRAME_WIDTH), *signature_block(signer, FRAME_WIDTH)]


def write_work_report_pdf(path: str | os.PathLike, report: WorkReport, *, progress: Progress = NO_PROGRESS) -> int:
    """Write the report to path and return its page count (raises Cancelled, leaving no file)."""
    progress.check()
    progress.report(0, 2, "正在整理报告…")
    story = work_report_story(report)
    progress.report(1, 2, "正在排版…")
    header_right = "新业态党建工作月报" if report.is_street else "党建指导员月度工作报告"
    pages = build_pdf(path, story, header=report.street, header_right=header_right, title=report_title(report),
                      on_flowable=lambda _flowable: progress.check())
    progress.report(2, 2, "完成")
    return pages
