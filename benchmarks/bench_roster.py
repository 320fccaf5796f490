"""Roster benchmark (issue 2): builds 50,000 members and prints the figures the issue names.

    python3 benchmarks/bench_roster.py [--members 50000] [--pdf-members 5000]

Goals on a 2-core machine: import ≤ 5 s, filter ≤ 50 ms, sort ≤ 100 ms, PDF ≤ 6 s, start-up ≤ 1 s.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert  # noqa: E402

from dangjian_desktop.db.models import Member  # noqa: E402
from dangjian_desktop.domain.idcard import check_digit  # noqa: E402
from dangjian_desktop.domain.member import MemberRecord, check_member  # noqa: E402
from dangjian_desktop.services import member_import, rosters  # noqa: E402
from dangjian_desktop.services.database import open_database  # noqa: E402
from dangjian_desktop.services.members import list_members, member_values  # noqa: E402
from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌鹏辉堃喆赟䶮"
TODAY = date(2026, 11, 1)


def make_members(count: int, branch_ids: list[int], seed: int = 7) -> list[MemberRecord]:
    rng = random.Random(seed)
    records = []
    used: dict[date, int] = {}  # birth date → sequence numbers taken, so every ID is unique
    for index in range(count):
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
        used[birth] = used.get(birth, 0) + 1
        first17 = f"370102{birth:%Y%m%d}{used[birth]:03d}"
        number = first17 + check_digit(first17)
        joined = date(birth.year + 20 + rng.randrange(0, 20), rng.randrange(1, 13), rng.randrange(1, 28))
        joined = min(joined, TODAY - timedelta(days=400))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        record = MemberRecord(
            name=name, id_number=number, branch_id=branch_ids[index % len(branch_ids)], joined_on=joined,
            confirmed_on=joined + timedelta(days=370), phone=f"13{rng.randrange(100000000, 999999999)}",
            work_unit=rng.choice(("顺丰速运清河营业部", "美团外卖清河站", "清河路街道明湖社区居委会", "退休")),
            address=f"清河路{rng.randrange(1, 300)}号", ethnicity="汉族", education="大学本科")
        records.append(check_member(record, TODAY).record)
    return records


def timed(label: str, work, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    value = statistics.median(times)
    shown = f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    print(f"{label:<44}{shown:>10}" + (f"  (median of {repeat})" if repeat > 1 else ""), flush=True)
    return value


def build_database(path: Path, members: int):
    db = open_database(path)
    root = create_root(db, "清河路街道党工委")
    community = create_organization(db, root.id, OrgFields("明湖社区党委", "社区党委"))
    branch_ids = [create_organization(db, community.id, OrgFields(f"第{i + 1}党支部", "党支部", "单独组建")).id
                  for i in range(100)]
    records = make_members(members, branch_ids)
    with db.transaction() as session:
        session.execute(insert(Member), [member_values(r) for r in records])
    return db, branch_ids


def measure_startup(db_path: Path, runs: int = 5) -> float:
    """From launching `python -m dangjian_desktop` to the main window's first paint (interpreter start included)."""
    env = dict(os.environ, DANGJIAN_EXIT_AFTER_FIRST_PAINT="1")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "dangjian_desktop", "--db", str(db_path)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.wait(timeout=60)
        if not line.startswith("first-paint"):
            print("start-up run failed:", line)
            return float("nan")
        times.append(elapsed)
    value = statistics.median(times)
    print(f"{'start-up to first painted main window':<44}{value * 1000:>7.0f} ms  (median of {runs})")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--pdf-members", type=int, default=5_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dj-bench-"))
    print(f"building {args.members:,} members in {work} …", flush=True)
    db, branch_ids = build_database(work / "source.db", args.members)
    xlsx = work / "roster.xlsx"

    timed(f"list_members ({args.members:,})", lambda: list_members(db))
    timed(f"export {args.members:,} rows to xlsx", lambda: rosters.export_roster_xlsx(db, xlsx, masked=False))

    target = open_database(work / "target.db")
    create_root(target, "清河路街道党工委")

    def import_all() -> None:
        preview = member_import.preview_member_import(target, xlsx, today=TODAY)
        result = member_import.commit_member_import(target, preview, create_branches=True)
        assert result.created == args.members, result

    timed(f"import {args.members:,}-row xlsx end to end", import_all)

    # A 5,000-member roster: the first N members of the source, in their own branches.
    pdf_branches = branch_ids[: max(1, len(branch_ids) * args.pdf_members // args.members)]
    pdf_db = open_database(work / "pdf.db")
    root = create_root(pdf_db, "清河路街道党工委")
    ids = [create_organization(pdf_db, root.id, OrgFields(f"第{i + 1}党支部", "党支部")).id
           for i in range(len(pdf_branches))]
    with pdf_db.transaction() as session:
        session.execute(insert(Member), [member_values(r) for r in make_members(args.pdf_members, ids, seed=3)])
    timed(f"roster PDF of {args.pdf_members:,} members", lambda: rosters.write_roster_pdf(pdf_db, work / "r.pdf"))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dangjian_desktop.ui.models.roster_model import RosterTableModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need an application
    model = RosterTableModel(today=TODAY)
    model.set_records(list_members(db))
    timed("filter keystroke (search '王') on 50k", lambda: (model.set_search(""), model.set_search("王")), repeat=5)
    timed("filter keystroke (search '1381') on 50k", lambda: (model.set_search(""), model.set_search("1381")),
          repeat=5)
    model.set_search("")
    name_column = model.column_of("name")
    birth_column = model.column_of("birth_date")
    # The first sort on a column builds its sort keys; later ones reuse them.
    for label, column in (("姓名", name_column), ("出生日期", birth_column)):
        timed(f"sort by {label} on 50k (first time)", lambda: model.sort(column, Qt.SortOrder.DescendingOrder))
        timed(f"sort by {label} on 50k (again)", lambda: model.sort(column, Qt.SortOrder.AscendingOrder), repeat=5)

    measure_startup(work / "target.db")


if __name__ == "__main__":
    main()
