"""Samples for the enterprise and visit forms (a plain module, like meeting_samples): a visit sheet, an enterprise
profile and monthly work reports, with rare-character names, long texts and overdue demands."""

from dataclasses import replace
from datetime import date, timedelta

from pypdf import PdfReader

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.reports.enterprise_pdf import AssignmentLine, EnterpriseProfile
from dangjian_desktop.reports.visit_pdf import ProblemLine, VisitSheet
from dangjian_desktop.reports.work_report_pdf import CoverageLine, WorkReport
from dangjian_desktop.reports.work_tables import DemandLine, VisitLine

STREET = "幸福里街道党工委"
ENTERPRISE = "顺丰速运（北京）有限公司朝阳分部"


def font_names(path) -> set[str]:
    """The fonts the pages use (subset prefixes dropped), and whether each is embedded."""
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = bool(descriptor) and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2"))
            names.add((str(font["/BaseFont"]).split("+")[-1], embedded))
    return names


def sample_sheet(**fields) -> VisitSheet:
    values = dict(
        street=STREET, visit_id=17, enterprise_name=ENTERPRISE, credit_code="91440300708461136T", industry="快递",
        address="朝阳区幸福里路88号院3号楼一层", visited_on=date(2026, 11, 12), way="实地", officer_name="王敏",
        met_person="站长刘赟", business_situation="站点现有快递员46人，其中35岁以下31人。",
        party_work_situation="站点尚未建立党组织，有党员3名。", findings="负责人支持党建工作，愿意提供活动场地。",
        follow_up="下月联合开展一次主题党日活动。",
        problems=(ProblemLine("快递员午休无固定休息场所", "办理中", date(2026, 12, 12)),
                  ProblemLine("快递车辆进小区难", "已办结", date(2026, 12, 12), "已与物业协商，发放通行证",
                              date(2026, 11, 20)),
                  ProblemLine("子女入学咨询", "不予受理", date(2026, 12, 12), "不属于街道职责"),
                  ProblemLine("希望开展技能培训", "已受理", date(2026, 11, 1), overdue=True)))
    values.update(fields)
    return VisitSheet(**values)


def visit_lines(count: int, start: date = date(2026, 11, 30)) -> tuple[VisitLine, ...]:
    """Visits a week apart going back from `start`, numbered in their findings (第001次…) to be found again."""
    return tuple(VisitLine(start - timedelta(days=7 * i), "王敏", ENTERPRISE, ("实地", "电话", "线上")[i % 3],
                           "站长刘赟", f"第{i + 1:03d}次走访，了解经营和党建情况，骑手反映休息点不足。" * (1 + i % 2), i % 3)
                 for i in range(count))


def demand_lines() -> tuple[DemandLine, ...]:
    return (DemandLine(date(2026, 11, 5), "走访", ENTERPRISE, "快递车辆进小区难", "幸福里社区 张三", date(2026, 12, 5),
                       "已办结", "已与物业协商，发放通行证", date(2026, 11, 25)),
            DemandLine(date(2026, 10, 8), "走访", ENTERPRISE, "希望开展技能培训", "街道人社所", date(2026, 11, 7),
                       "已受理", overdue=True),
            DemandLine(date(2026, 11, 18), "党员反映", "滴滴出行城东服务站", "网约车司机停车难", "城管科 赵六",
                       date(2026, 12, 18), "办理中"))


def sample_profile(**fields) -> EnterpriseProfile:
    record = EnterpriseRecord(ENTERPRISE, "91440300708461136T", "快递", "顺丰", "朝阳区幸福里路88号", "幸福里社区",
                              "刘赟", True, 46, 31, 3, 5, "顺丰朝阳分部新业态工作党支部", False, 4, "13812345678",
                              "2024年普查录入")
    values = dict(street=STREET, record=record, as_of=date(2026, 11, 30), officer_name="王敏",
                  officer_unit="街道党建办", officer_phone="13900001111",
                  assignments=(AssignmentLine("王敏", date(2025, 3, 1)),
                               AssignmentLine("李䶮", date(2024, 1, 1), date(2025, 3, 1))),
                  visits=visit_lines(3), demands=demand_lines()[:2])
    values.update(fields)
    return EnterpriseProfile(**values)


COVERAGE = (CoverageLine("快递", 10, 4, 7, 9, 8), CoverageLine("外卖", 6, 1, 3, 6, 5), CoverageLine("网约车", 0))
TOTAL = CoverageLine("合计", 16, 5, 10, 15, 13)


def sample_report(**fields) -> WorkReport:
    """The street's report of November 2026; officer_name="王敏" makes it an officer's."""
    values = dict(street=STREET, month=date(2026, 11, 1), as_of=date(2026, 11, 30), period_label="2026年第4季度",
                  frequency_label="每季度至少1次", visits=visit_lines(3),
                  visits_by_way=(("实地", 1), ("电话", 1), ("线上", 1)), enterprises_visited=1, assigned=15,
                  not_visited=2, demands_received=2, demands_closed=1, demands_declined=0, open_at_end=2,
                  overdue_at_end=1, demands=demand_lines(), coverage=COVERAGE, total=TOTAL,
                  officer_visits=(("王敏", 3), ("李强", 0), ("张堃", 5)))
    values.update(fields)
    return WorkReport(**values)


def empty_month(report: WorkReport) -> WorkReport:
    return replace(report, visits=(), visits_by_way=(("实地", 0), ("电话", 0), ("线上", 0)), enterprises_visited=0,
                   demands_received=0, demands_closed=0, open_at_end=0, overdue_at_end=0, demands=(),
                   officer_visits=tuple((name, 0) for name, _ in report.officer_visits))
