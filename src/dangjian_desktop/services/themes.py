"""Street-wide 主题党日 (五统三联): the street sets a month's theme once; every branch's record starts from it."""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..db.models import Meeting, Organization, StreetTheme
from ..domain.enums import OrgLevel
from ..domain.meetings import MeetingType
from .database import Database
from .errors import NotFound, RuleViolation

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Theme:
    id: int | None
    month: str          # YYYY-MM
    theme: str
    outline: str = ""
    planned_on: date | None = None


@dataclass(frozen=True)
class ThemeUptake:
    """One branch against a month's theme: its 主题党日 record that month, if any."""

    branch_id: int
    branch_name: str
    meeting_id: int | None
    held_on: date | None
    follows_theme: bool


def list_themes(db: Database) -> list[Theme]:
    with db.reading() as session:
        return [Theme(t.id, t.month, t.theme, t.outline, t.planned_on)
                for t in session.scalars(select(StreetTheme).order_by(StreetTheme.month.desc()))]


def theme_for_month(db: Database, month: str) -> Theme | None:
    return next((t for t in list_themes(db) if t.month == month), None)


def save_theme(db: Database, theme: Theme) -> Theme:
    if not _MONTH.match(theme.month):
        raise RuleViolation("月份应写成 2025-03 这样的格式。")
    if not theme.theme.strip():
        raise RuleViolation("请填写本月主题党日的主题。")
    if theme.planned_on and f"{theme.planned_on:%Y-%m}" != theme.month:
        raise RuleViolation(f"活动日期应在 {theme.month} 月内。")
    with db.transaction() as session:
        clash = session.scalars(select(StreetTheme).where(StreetTheme.month == theme.month,
                                                          StreetTheme.id != (theme.id or 0))).first()
        if clash is not None:
            raise RuleViolation(f"{theme.month} 已经设置了主题“{clash.theme}”，请直接修改它。")
        row = session.get(StreetTheme, theme.id) if theme.id else StreetTheme()
        if row is None:
            raise NotFound("该主题已不存在。")
        row.month, row.theme, row.outline, row.planned_on = (theme.month, theme.theme.strip(),
                                                             theme.outline.strip(), theme.planned_on)
        session.add(row)
        session.flush()
        return Theme(row.id, row.month, row.theme, row.outline, row.planned_on)


def delete_theme(db: Database, theme_id: int) -> None:
    """The branches' records keep their texts; they just no longer point at the theme."""
    with db.transaction() as session:
        row = session.get(StreetTheme, theme_id)
        if row is None:
            raise NotFound("该主题已不存在。")
        session.delete(row)


def theme_uptake(db: Database, month: str) -> list[ThemeUptake]:
    """Every 党支部 and whether it has recorded a 主题党日 in that month (following the street's theme or not)."""
    year, number = (int(part) for part in month.split("-"))
    first = date(year, number, 1)
    last = date(year + (number == 12), number % 12 + 1, 1)
    with db.reading() as session:
        theme_id = session.scalar(select(StreetTheme.id).where(StreetTheme.month == month))
        branches = session.execute(select(Organization.id, Organization.name)
                                   .where(Organization.level == OrgLevel.BRANCH.value)
                                   .order_by(Organization.sort_order, Organization.id)).all()
        held = {}
        for org_id, meeting_id, held_on, meeting_theme in session.execute(
                select(Meeting.org_id, Meeting.id, Meeting.held_on, Meeting.theme_id)
                .where(Meeting.type == MeetingType.THEMED_DAY.value, Meeting.held_on >= first,
                       Meeting.held_on < last).order_by(Meeting.held_on)):
            held.setdefault(org_id, (meeting_id, held_on, theme_id is not None and meeting_theme == theme_id))
    return [ThemeUptake(branch_id, name, *held.get(branch_id, (None, None, False))) for branch_id, name in branches]
