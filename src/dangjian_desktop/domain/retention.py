"""Which automatic backups to keep: everything recent, then thinning out to one a day, a week, a month.

The rule (`kept_backups`), for backup times `taken` and the current time `now` (both naive local times):

1. Every backup taken in the last 2 days (now − 48 h < t), and every backup with a time after `now` (the clock
   was moved back: never delete what we cannot place).
2. Daily: walk the backups from newest to oldest; the newest backup of each calendar day is kept, for the
   12 most recent days that have a backup.
3. Weekly: likewise the newest backup of each ISO week (Monday–Sunday, `date.isocalendar()`), for the 10 most
   recent ISO weeks that have a backup.
4. Monthly: likewise the newest backup of each calendar month, for the 9 most recent months that have a backup.

A backup is kept if any of the four keeps it; the tiers are independent (one backup may count as the day's,
the week's and the month's). "Days that have a backup" rather than calendar days: a PC left off over a holiday
still keeps 12 dailies when it comes back. Backups with the same time are kept or removed together.

Pruning is stable: pruning now and again later keeps exactly what pruning once later would (the newest backup of
a day, week or month stays the newest of it, and a period among the N most recent stays among them as time goes
back), so pruning daily never loses a backup the rule would want. At most (backups of the last 2 days) + 12 + 10
+ 9 are kept.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

RECENT = timedelta(days=2)
DAILY, WEEKLY, MONTHLY = 12, 10, 9


def _day(moment: datetime) -> date:
    return moment.date()


def _iso_week(moment: datetime) -> tuple[int, int]:
    year, week, _weekday = moment.isocalendar()
    return year, week


def _month(moment: datetime) -> tuple[int, int]:
    return moment.year, moment.month


@dataclass(frozen=True)
class RetentionPolicy:
    recent: timedelta = RECENT
    daily: int = DAILY
    weekly: int = WEEKLY
    monthly: int = MONTHLY

    def kept(self, taken: Iterable[datetime], now: datetime) -> set[datetime]:
        """The backup times to keep (a subset of `taken`); see the module docstring for the rule."""
        newest_first = sorted(set(taken), reverse=True)
        keep = {moment for moment in newest_first if moment > now - self.recent}
        for period_of, count in ((_day, self.daily), (_iso_week, self.weekly), (_month, self.monthly)):
            keep.update(_newest_per_period(newest_first, period_of, count))
        return keep


def _newest_per_period(newest_first: list[datetime], period_of: Callable[[datetime], object],
                       count: int) -> list[datetime]:
    chosen: list[datetime] = []
    seen: set[object] = set()
    for moment in newest_first:
        if len(seen) == count:
            break
        period = period_of(moment)
        if period not in seen:
            seen.add(period)
            chosen.append(moment)
    return chosen


DEFAULT_POLICY = RetentionPolicy()


def kept_backups(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """The times to keep under the standard rule: 2 days of everything, 12 daily, 10 weekly, 9 monthly."""
    return DEFAULT_POLICY.kept(taken, now)
