"""Enterprises benchmark (issue 4 §8): the demo street with a big census — 400 enterprises, 40 officers, 5,000
visits over two years and 3,000 demands — then the figures of the lists and the dashboard.

    python3 benchmarks/bench_enterprises.py [--enterprises 400] [--officers 40] [--visits 5000] [--demands 3000]

Goal on a 2-core machine: the 企业与走访 dashboard (services.coverage.dashboard) ≤ 200 ms.
The data is the demo's (services.demo_enterprises, written in bulk), so names, texts and statuses look real.
"""

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_roster import timed

from dangjian_desktop.services.coverage import dashboard
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.demands import list_demands
from dangjian_desktop.services.demo import load_demo
from dangjian_desktop.services.demo_enterprise_street import EnterpriseScale
from dangjian_desktop.services.enterprises import list_enterprises
from dangjian_desktop.services.officers import list_officers
from dangjian_desktop.services.visits import list_visits

TODAY = date(2026, 11, 20)
GOAL_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=400)
    parser.add_argument("--officers", type=int, default=40)
    parser.add_argument("--visits", type=int, default=5000)
    parser.add_argument("--demands", type=int, default=3000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    scale = EnterpriseScale(enterprises=args.enterprises, officers=args.officers, months=args.months,
                            visits=args.visits, demands=args.demands, unassigned=max(4, args.enterprises // 40))
    work = Path(tempfile.mkdtemp(prefix="dj-bench-enterprises-"))
    print(f"building the demo street with {args.enterprises} enterprises, {args.officers} officers, "
          f"{args.visits:,} visits and {args.demands:,} demands over {args.months} months in {work} …", flush=True)
    db = open_database(work / "enterprises.db")
    start = time.perf_counter()
    load_demo(db, today=TODAY, enterprise_scale=scale)
    print(f"{'build (whole demo, bulk)':<44}{time.perf_counter() - start:>8.2f} s", flush=True)

    board = dashboard(db, TODAY)
    visits, demands = list_visits(db), list_demands(db, as_of=TODAY)
    print(f"data: {board.overall.enterprises} enterprises, {len(list_officers(db))} officers, {len(visits):,} visits, "
          f"{len(demands):,} demands; {board.period.key}: {board.overall.visited_within_frequency} visited, "
          f"{len(board.not_visited_ids)} due, {len(board.unassigned_ids)} without officer, "
          f"{len(board.open_demand_ids)} open and {len(board.overdue_demand_ids)} overdue demands")
    figures = {
        "dashboard": timed("coverage.dashboard", lambda: dashboard(db, TODAY), repeat=5),
        "enterprises": timed(f"list_enterprises ({board.overall.enterprises})",
                             lambda: list_enterprises(db, as_of=TODAY), repeat=5),
        "visits": timed(f"list_visits ({len(visits):,})", lambda: list_visits(db), repeat=5),
        "demands": timed(f"list_demands ({len(demands):,})", lambda: list_demands(db, as_of=TODAY), repeat=5),
        "overdue": timed(f"list_demands overdue_only ({len(board.overdue_demand_ids)})",
                         lambda: list_demands(db, as_of=TODAY, overdue_only=True), repeat=5),
    }
    verdict = "met" if figures["dashboard"] * 1000 <= GOAL_MS else "MISSED"
    print(f"goal: dashboard ≤ {GOAL_MS} ms — {verdict} ({figures['dashboard'] * 1000:.0f} ms)")
    db.close()


if __name__ == "__main__":
    main()
