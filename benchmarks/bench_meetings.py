"""Meetings benchmark (issue 3 §8): 150 branches × ~40 members and a year of meetings, then the figures.

    python3 benchmarks/bench_meetings.py [--branches 150] [--members-per-branch 40] [--binder 200]

Goal on a 2-core machine: the compliance grid for 150 branches × 12 months ≤ 200 ms.
The meetings are written in bulk by the demo's generator (services.demo_meetings), so they look like real ones.
"""

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_roster import make_members, timed
from sqlalchemy import insert, select

from dangjian_desktop.db.models import Member
from dangjian_desktop.domain.enums import BranchKind, OrgLevel
from dangjian_desktop.domain.progress import NO_PROGRESS
from dangjian_desktop.services.compliance import compliance_grid, due_items
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demo_meetings import DemoBranch, write_demo_meetings
from dangjian_desktop.services.meeting_reports import write_binder_pdf, write_meeting_pdf
from dangjian_desktop.services.meetings import list_meetings
from dangjian_desktop.services.members import member_values
from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root

TODAY = date(2026, 11, 1)
COMMUNITIES = ("明湖", "杨柳巷", "文华苑")


def build_database(path: Path, branches: int, per_branch: int):
    """Branches under three communities, every third with two 党小组; members in bulk; a year of meetings."""
    db = open_database(path)
    root = create_root(db, "清河路街道党工委")
    communities = [create_organization(db, root.id, OrgFields(f"{name}社区党委", OrgLevel.COMMUNITY_COMMITTEE)).id
                   for name in COMMUNITIES]
    plans = []
    for index in range(branches):
        branch_id = create_organization(db, communities[index % 3], OrgFields(
            f"第{index + 1}党支部", OrgLevel.BRANCH, BranchKind.STANDALONE, founded_on=date(2010, 7, 1))).id
        groups = [create_organization(db, branch_id, OrgFields(name, OrgLevel.GROUP)).id
                  for name in (("第一党小组", "第二党小组") if index % 3 == 0 else ())]
        plans.append((index, branch_id, groups))
    records = make_members(branches * per_branch, [branch_id for _i, branch_id, _g in plans])
    by_branch: dict[int, list] = {}
    for record in records:
        by_branch.setdefault(record.branch_id, []).append(record)
    placed = {}
    for _index, branch_id, groups in plans:
        placed[branch_id] = [r.with_changes(group_id=groups[n % len(groups)] if groups else None)
                             for n, r in enumerate(by_branch[branch_id])]
    with db.transaction() as session:
        session.execute(insert(Member), [member_values(r) for rows in placed.values() for r in rows])
        ids = dict(session.execute(select(Member.id_number, Member.id)).all())
        demo = []
        for index, branch_id, groups in plans:
            members = tuple(r.with_changes(id=ids[r.id_number]) for r in placed[branch_id])
            leaders = [(group, next(m.name for m in members if m.group_id == group)) for group in groups]
            demo.append(DemoBranch(f"b{index}", "community", COMMUNITIES[index % 3], branch_id,
                                   members[0].id_number, tuple(leaders), members))
        count = write_demo_meetings(session, demo, TODAY, NO_PROGRESS)
    return db, [branch_id for _i, branch_id, _g in plans], count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=150)
    parser.add_argument("--members-per-branch", type=int, default=40)
    parser.add_argument("--binder", type=int, default=200, help="meetings in the binder PDF")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dj-bench-meetings-"))
    print(f"building {args.branches} branches × {args.members_per_branch} members and a year of meetings "
          f"in {work} …", flush=True)
    start = time.perf_counter()
    db, branch_ids, count = build_database(work / "meetings.db", args.branches, args.members_per_branch)
    print(f"{'build (bulk)':<44}{time.perf_counter() - start:>8.2f} s  ({count:,} meetings)", flush=True)

    first, last = date(TODAY.year - (TODAY.month < 12), TODAY.month % 12 + 1, 1), TODAY  # the last 12 months
    cells = compliance_grid(db, first, last)
    print(f"compliance grid: {len(cells):,} cells for {len(branch_ids)} branches, {first:%Y-%m} … {last:%Y-%m}")
    timed(f"compliance grid ({len(branch_ids)} branches × 12 months)", lambda: compliance_grid(db, first, last),
          repeat=5)
    timed("due_items (home page)", lambda: due_items(db, TODAY), repeat=5)
    everything = list_meetings(db)
    timed(f"list_meetings ({len(everything):,})", lambda: list_meetings(db), repeat=5)

    chosen, newest = [], []
    for branch_id in branch_ids:  # whole branches until there are enough, then their newest --binder meetings
        chosen.append(branch_id)
        newest = list_meetings(db, branch_ids=chosen)
        if len(newest) >= args.binder:
            break
    since = newest[min(args.binder, len(newest)) - 1].held_on
    total = sum(m.held_on >= since for m in newest)
    binder = work / "台账.pdf"
    pages = []
    timed(f"binder PDF ({total} meetings, {len(chosen)} branches)", lambda: pages.append(write_binder_pdf(
        db, binder, branch_ids=chosen, date_from=since, date_to=TODAY)))
    print(f"{'':<44}{pages[-1]:>7} pages, {binder.stat().st_size / 1e6:.1f} MB")
    congress = next(m for m in everything if m.type == "支部党员大会")
    timed("single meeting record PDF", lambda: write_meeting_pdf(db, congress.id, work / "记录.pdf"), repeat=5)


if __name__ == "__main__":
    main()
