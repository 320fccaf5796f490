"""The backup retention rule: 2 days of everything, then 12 daily, 10 weekly, 9 monthly; stable under daily pruning."""

from datetime import date, datetime, time, timedelta

from dangjian_desktop.domain.retention import RetentionPolicy, kept_backups

NOW = datetime(2026, 6, 15, 18, 0)  # a Monday


def test_everything_from_the_last_two_days_and_the_future_is_kept():
    recent = [NOW - timedelta(minutes=30 * n) for n in range(96)]  # 48 h minus one slot, every half hour
    future = NOW + timedelta(hours=3)
    assert kept_backups([*recent, future], NOW) == {*recent, future}


def test_older_backups_thin_out_to_the_newest_of_each_day():
    morning, evening = datetime(2026, 6, 10, 9, 0), datetime(2026, 6, 10, 17, 30)
    kept = kept_backups([morning, evening], NOW)
    assert kept == {evening}


def test_daily_tier_counts_days_that_have_a_backup():
    # One backup a day at noon, but nothing for the 20 days before NOW - 2 days (a holiday).
    days = [datetime(2026, 5, 1, 12) + timedelta(days=n) for n in range(20)]
    kept = kept_backups(days, NOW)
    policy = RetentionPolicy()
    assert sorted(kept)[-policy.daily:] == days[-policy.daily:]
    assert len(kept) == policy.daily + 1  # + the newest of the oldest weeks (weekly and monthly overlap here)


def test_weekly_and_monthly_tiers_keep_the_newest_of_each_period():
    # One backup a day at noon for two years, up to today (NOW is Monday 2026-06-15, 18:00).
    taken = [datetime(2024, 6, 1, 12) + timedelta(days=n) for n in range(745)]
    assert taken[-1] == datetime(2026, 6, 15, 12)
    days = [date(2026, 6, 15) - timedelta(days=n) for n in range(12)]             # 06-15 … 06-04
    sundays = [date(2026, 6, 14) - timedelta(weeks=n) for n in range(9)]          # + this week's Monday
    month_ends = [date(2026, 5, 31), date(2026, 4, 30), date(2026, 3, 31), date(2026, 2, 28), date(2026, 1, 31),
                  date(2025, 12, 31), date(2025, 11, 30), date(2025, 10, 31)]     # + this month's newest
    expected = {datetime.combine(day, time(12)) for day in [*days, *sundays, *month_ends]}
    assert kept_backups(taken, NOW) == expected
    assert len(expected) == 12 + 7 + 7  # the tiers overlap where a day is also its week's or month's newest


def working_day_backups(day: date) -> list[datetime]:
    """Every 30 minutes from 8:30 to 17:30 on working days (Monday to Friday)."""
    if day.weekday() >= 5:
        return []
    start = datetime.combine(day, time(8, 30))
    return [start + timedelta(minutes=30 * n) for n in range(19)]


def test_pruning_daily_for_400_days_keeps_what_the_rule_says_and_stays_bounded(capsys):
    first = date(2025, 3, 3)
    everything: list[datetime] = []
    kept: set[datetime] = set()
    most = 0
    for offset in range(400):
        day = first + timedelta(days=offset)
        taken = working_day_backups(day)
        everything.extend(taken)
        kept.update(taken)
        now = datetime.combine(day, time(18, 0))  # pruned once a day, after work
        kept = kept_backups(kept, now)
        if offset % 7 == 0 or offset == 399:
            assert kept == kept_backups(everything, now)  # pruning daily loses nothing the rule wants
        recent = [moment for moment in everything if moment > now - timedelta(days=2)]
        assert len(kept) <= len(recent) + 12 + 10 + 9
        most = max(most, len(kept))
    old = sorted(moment for moment in kept if moment <= now - timedelta(days=2))
    assert len({moment.date() for moment in old}) >= 12
    assert len({(moment.year, moment.month) for moment in kept}) == 9  # April 2026 back to August 2025
    assert old[0] == datetime(2025, 8, 29, 17, 30)  # the newest backup of August, its last working day
    with capsys.disabled():
        print(f"\n400-day simulation: {len(everything)} backups taken, {len(kept)} kept at day 400, "
              f"at most {most} on any day")
    assert most < 80
