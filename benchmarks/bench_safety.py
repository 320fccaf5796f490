"""Data-safety benchmark (issue 5): what durability and the audit log cost, and how long the safety work takes.

Prints: the 50,000-row roster import with synchronous=FULL (the program's setting) and NORMAL, each with the audit
log on (one entry per row) and off; the audit log's size; verifying its chain; a verified backup and the quick
check on open of the 50,000-member file; the retention rule simulated over 400 days.

    python benchmarks/bench_safety.py [--members 50000]
"""

import argparse
import random
import sys
import tempfile
from contextlib import nullcontext
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_roster import TODAY, build_database, timed  # noqa: E402

from dangjian_desktop.domain.retention import kept_backups  # noqa: E402
from dangjian_desktop.services import member_import, rosters  # noqa: E402
from dangjian_desktop.services.audit import rows_summarised, verify_chain  # noqa: E402
from dangjian_desktop.services.backups import BackupReason, make_backup  # noqa: E402
from dangjian_desktop.services.database import open_database  # noqa: E402
from dangjian_desktop.services.integrity import quick_check  # noqa: E402
from dangjian_desktop.services.organizations import create_root  # noqa: E402


def _audit_rows(db) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM audit_entry")).scalar()


def import_variant(work: Path, xlsx: Path, members: int, synchronous: str, audited: bool) -> float:
    target = open_database(work / f"import-{synchronous}-{'audit' if audited else 'plain'}.db")
    target.engine.dispose()   # every connection from now on gets the pragma below
    event.listen(target.engine, "connect", lambda dbapi, _record: dbapi.execute(f"PRAGMA synchronous={synchronous}"))
    create_root(target, "清河路街道党工委")
    preview = member_import.preview_member_import(target, xlsx, today=TODAY)
    before = _audit_rows(target)

    def commit() -> None:
        with nullcontext() if audited else rows_summarised(target):
            result = member_import.commit_member_import(target, preview, create_branches=True)
        assert result.created == members, result

    label = f"commit {members:,} rows, synchronous={synchronous}, {'audit log on' if audited else 'no row audit'}"
    seconds = timed(label, commit)
    with target.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"{'':<4}audit entries written: {_audit_rows(target) - before:,}; data file "
          f"{target.path.stat().st_size / 1e6:.1f} MB")
    target.close()
    return seconds


def retention_simulation(days: int = 400) -> None:
    """A backup on every open (twice a day) and every 30 minutes of an 8-hour working day, for `days` days."""
    rng = random.Random(5)
    start, taken, kept_max = datetime(2025, 1, 1, 8, 0), [], 0
    for day in range(days):
        for minute in sorted(rng.sample(range(0, 8 * 60, 30), 12) + [0, 240]):
            taken.append(start + timedelta(days=day, minutes=minute))
        kept = kept_backups(taken, taken[-1])
        taken = sorted(kept)
        kept_max = max(kept_max, len(taken))
    print(f"retention over {days} days: {len(taken)} backups kept at the end, at most {kept_max} at once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dj-safety-"))
    print(f"building {args.members:,} members in {work} …", flush=True)
    source, _branches = build_database(work / "source.db", args.members)
    xlsx = work / "roster.xlsx"
    rosters.export_roster_xlsx(source, xlsx, masked=False)

    figures = {(sync, audited): import_variant(work, xlsx, args.members, sync, audited)
               for sync in ("FULL", "NORMAL") for audited in (True, False)}
    full, normal = figures[("FULL", False)], figures[("NORMAL", False)]
    print(f"cost of synchronous=FULL: {full - normal:+.2f} s; of the audit log (FULL): "
          f"{figures[('FULL', True)] - full:+.2f} s")

    timed(f"verify the audit chain ({_audit_rows(source):,} entries)", lambda: verify_chain(source))
    timed(f"verified backup of the {args.members:,}-member file", lambda: make_backup(source, BackupReason.MANUAL))
    timed("quick_check on open", lambda: quick_check(source.path))
    source.close()
    retention_simulation()


if __name__ == "__main__":
    main()
