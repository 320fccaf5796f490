"""走访 and 诉求: how officers visit, how often they must, and the life of a demand ("收到一件、落实一件")."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .compliance import Frequency, Period, period_of
from .member import FieldIssue, Severity


class VisitWay(StrEnum):
    ON_SITE = "实地"
    PHONE = "电话"
    ONLINE = "线上"


VISIT_WAY_ALIASES = {"实地走访": VisitWay.ON_SITE, "上门": VisitWay.ON_SITE, "现场": VisitWay.ON_SITE,
                     "走访": VisitWay.ON_SITE, "电话走访": VisitWay.PHONE, "电话联系": VisitWay.PHONE,
                     "电话回访": VisitWay.PHONE, "线上走访": VisitWay.ONLINE, "视频": VisitWay.ONLINE,
                     "微信": VisitWay.ONLINE, "网络": VisitWay.ONLINE}


def visit_way_of(text: str) -> tuple[VisitWay, bool]:
    """(way, rewritten?); an empty cell means 实地 (what a 走访 usually is). ValueError when it names none."""
    name = "".join(text.split())
    if not name:
        return VisitWay.ON_SITE, True
    if name in VisitWay.__members__.values():
        return VisitWay(name), False
    if name in VISIT_WAY_ALIASES:
        return VISIT_WAY_ALIASES[name], True
    raise ValueError(f"走访方式“{text}”应为：{'、'.join(VisitWay)}")


@dataclass(frozen=True)
class VisitFrequency:
    """Every assigned enterprise is visited at least `minimum` times in each period (default: once a quarter)."""

    frequency: Frequency = Frequency.QUARTER
    minimum: int = 1

    def period(self, day: date) -> Period:
        return period_of(day, self.frequency)

    @property
    def label(self) -> str:
        return f"{self.frequency}至少{self.minimum}次"

    def window(self, as_of: date) -> tuple[date, date]:
        """The days whose visits count on `as_of`: from the start of its period up to as_of itself."""
        return self.period(as_of).start, as_of


class DemandSource(StrEnum):
    VISIT = "走访"
    MEMBER = "党员反映"
    GRID = "网格上报"
    OTHER = "其他"


class DemandCategory(StrEnum):
    RIGHTS = "权益保障"
    TRAFFIC = "停车通行"
    ACCESS = "进小区难"
    EDUCATION = "子女教育"
    HEALTH = "就医保障"
    HOUSING = "住房租赁"
    TRAINING = "技能培训"
    REST = "休息场所"
    PARTY_WORK = "党建工作"
    OTHER = "其他"


class DemandStatus(StrEnum):
    ACCEPTED = "已受理"
    IN_PROGRESS = "办理中"
    DONE = "已办结"
    DECLINED = "不予受理"

    @property
    def is_open(self) -> bool:
        return self in (DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS)


OPEN_STATUSES = (DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS)
# Which status may follow which. A closed demand can only be reopened (back to 办理中), never edited closed.
NEXT_STATUSES: dict[DemandStatus, tuple[DemandStatus, ...]] = {
    DemandStatus.ACCEPTED: (DemandStatus.IN_PROGRESS, DemandStatus.DONE, DemandStatus.DECLINED),
    DemandStatus.IN_PROGRESS: (DemandStatus.DONE, DemandStatus.DECLINED),
    DemandStatus.DONE: (DemandStatus.IN_PROGRESS,),
    DemandStatus.DECLINED: (DemandStatus.IN_PROGRESS,),
}
DEFAULT_DEADLINE_DAYS = 30
NEAR_DEADLINE_DAYS = 7  # 首页 warns this many days before a deadline


def default_deadline(raised_on: date, days: int = DEFAULT_DEADLINE_DAYS) -> date:
    return raised_on + timedelta(days=days)


def is_overdue(status: str, deadline: date | None, as_of: date, closed_on: date | None = None) -> bool:
    """A demand is overdue from the day after its deadline for as long as it is open. Looking back, one closed
    after `as_of` was still open then."""
    open_then = DemandStatus(status).is_open or (closed_on is not None and closed_on > as_of)
    return open_then and deadline is not None and as_of > deadline


def is_near_deadline(status: str, deadline: date | None, as_of: date, days: int = NEAR_DEADLINE_DAYS) -> bool:
    return (DemandStatus(status).is_open and deadline is not None
            and as_of <= deadline <= as_of + timedelta(days=days))


def check_transition(current: str, new: str, outcome: str, closed_on: date | None, raised_on: date) -> str | None:
    """Why the change is refused (Chinese), or None. Nothing is closed without a result and its date."""
    old, target = DemandStatus(current), DemandStatus(new)
    if old is target and not old.is_open:
        return f"该诉求已是“{old}”，如需更改办理结果，请先改回“{DemandStatus.IN_PROGRESS}”"
    if old is not target and target not in NEXT_STATUSES[old]:
        return f"诉求不能从“{old}”改为“{target}”"
    if target is DemandStatus.DONE:
        if not outcome.strip():
            return "办结前请填写办理结果"
        if closed_on is None:
            return "请填写办结日期"
        if closed_on < raised_on:
            return "办结日期不能早于提出日期"
    if target is DemandStatus.DECLINED and not outcome.strip():
        return "不予受理时请写明理由"
    return None


# "1、" "一." "2）" "（3）" before a problem; not the "3." of "3.5吨".
NUMBERING = re.compile(r"^\s*(?:[(（]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]"
                       r"|(?:\d+|[一二三四五六七八九十]+)(?:[、)）]|[.．](?!\d)))\s*")
NOTHING = ("无", "暂无", "没有", "无问题", "未发现问题")


def split_problems(text: str) -> list[str]:
    """发现问题 "A；B；C" → ["A", "B", "C"]: full- or half-width semicolons, or one per line; numbering such as
    "1、" or "（1）" and a closing "。" dropped; "无" and the like are no problem at all."""
    pieces = re.split(r"[；;\n]+", text)
    cleaned = [NUMBERING.sub("", piece).strip().rstrip("。.").strip() for piece in pieces]
    return [piece for piece in cleaned if piece and piece not in NOTHING]


@dataclass(frozen=True)
class VisitRecord:
    """A 走访 as the user edits it. `problems` are the 发现问题 to raise as new demands when it is saved."""

    officer_id: int | None
    enterprise_id: int
    visited_on: date
    way: str = VisitWay.ON_SITE.value
    met_person: str = ""
    business_situation: str = ""
    party_work_situation: str = ""
    findings: str = ""
    follow_up: str = ""
    officer_name: str = ""
    enterprise_name: str = ""
    photos: tuple = ()          # domain.meetings.Photo: kept ones have an id, new ones None
    problems: tuple[str, ...] = ()
    id: int | None = None


def check_visit(record: VisitRecord, today: date) -> list[FieldIssue]:
    """What stops a visit being saved, by field (officer, visited_on, way, texts); empty when nothing does."""
    issues = []
    if record.officer_id is None:
        issues.append(FieldIssue("officer", "请选择走访的党建指导员", Severity.ERROR))
    if record.visited_on > today:
        issues.append(FieldIssue("visited_on", "走访日期不能晚于今天", Severity.ERROR))
    if record.way not in VisitWay.__members__.values():
        issues.append(FieldIssue("way", f"走访方式应为：{'、'.join(VisitWay)}", Severity.ERROR))
    if not (record.findings.strip() or record.business_situation.strip() or record.party_work_situation.strip()):
        issues.append(FieldIssue("texts", "请至少填写经营情况、党建工作情况或走访情况中的一项", Severity.ERROR))
    return issues
