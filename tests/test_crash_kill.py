"""The crash test: a child process writes through the real stack and is killed (SIGKILL) at random moments.

Each child opens the data file with open_database and loops: one transaction = one meeting with N attendance rows
of existing members plus an update of a member's note naming that meeting. Right after a commit returns it reports
the transaction's number on a pipe. The parent kills it 5–80 ms after it says it is ready, starts the next one, and
at the end checks: the file is healthy (integrity_check, foreign_key_check), every reported commit is there and
whole, none is half there, and each child's commits are there without a gap.

DANGJIAN_CRASH_KILLS sets the number of kills (default 120; CI needs at least 100). Run with -s to see the figures.
"""

import multiprocessing
import os
import random
import select
import sys
import time
from datetime import date

import pytest
from sqlalchemy import func, update
from sqlalchemy import select as sql_select

from dangjian_desktop.db.models import Meeting, MeetingAttendance, Member
from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.integrity import full_check, quick_check
from dangjian_desktop.services.members import save_member

KILLS = int(os.environ.get("DANGJIAN_CRASH_KILLS", "120"))
ATTENDEES = 6          # rows per transaction besides the meeting itself
TOPIC = "崩溃测试"      # meetings are named "崩溃测试 <child> <number>"

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="forks the already-imported test process (Linux)")


def _writer(path, report_fd: int, child: int) -> None:
    """The child: open the file, say ready, then commit transactions until killed."""
    db = open_database(path)
    with db.reading() as session:
        members = session.execute(sql_select(Member.id, Member.name, Member.branch_id).order_by(Member.id)).all()
    os.write(report_fd, f"ready {child}\n".encode())
    number = 0
    while True:
        number += 1
        with db.transaction() as session:
            meeting = Meeting(org_id=members[0].branch_id, type=MeetingType.PARTY_CONGRESS, held_on=date(2025, 6, 1),
                              topic=f"{TOPIC} {child} {number}", expected_count=ATTENDEES, present_count=ATTENDEES)
            session.add(meeting)
            session.flush()
            session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=member.id, name=member.name,
                                              status=AttendanceStatus.PRESENT, sort_order=order)
                            for order, member in enumerate(members[:ATTENDEES]))
            session.execute(update(Member).where(Member.id == members[0].id).values(note=meeting.topic))
        os.write(report_fd, f"{child} {number}\n".encode())


class _Reports:
    """Lines from the children's pipe, read without blocking past a deadline."""

    def __init__(self, fd: int):
        self.fd, self._buffer = fd, b""

    def _fill(self, timeout: float) -> None:
        if select.select([self.fd], [], [], timeout)[0]:
            self._buffer += os.read(self.fd, 65536)

    def lines(self) -> list[str]:
        """Every complete line waiting now."""
        self._fill(0)
        while select.select([self.fd], [], [], 0)[0]:
            self._fill(0)
        *complete, self._buffer = self._buffer.split(b"\n")
        return [line.decode() for line in complete]

    def wait_for(self, wanted: str, timeout: float = 30) -> list[str]:
        """Lines up to and including `wanted`."""
        seen, deadline = [], time.monotonic() + timeout
        while wanted not in seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"the child never said {wanted!r}; it said {seen}"
            self._fill(remaining)
            seen += self.lines()
        return seen


def _prepare(path, make_member) -> None:
    from dangjian_desktop.domain.enums import BranchKind, OrgLevel
    from dangjian_desktop.services.organizations import OrgFields, create_organization, create_root

    db = open_database(path)
    try:
        root = create_root(db, "崩溃测试街道党工委")
        branch = create_organization(db, root.id, OrgFields("第一党支部", OrgLevel.BRANCH, BranchKind.STANDALONE))
        for sequence in range(1, ATTENDEES + 1):
            save_member(db, make_member(branch.id, sequence))
    finally:
        db.close()   # nothing open across fork: SQLite's locks do not survive it


def test_killed_writers_never_leave_a_half_or_lost_transaction(tmp_path, make_member):
    path = tmp_path / "崩溃.db"
    _prepare(path, make_member)
    seed = int(os.environ.get("DANGJIAN_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    fork = multiprocessing.get_context("fork")
    read_fd, write_fd = os.pipe()
    reports = _Reports(read_fd)
    reported: dict[int, int] = {}            # child → the last number it reported committed
    started = time.monotonic()
    process = None
    try:
        for child in range(KILLS):
            process = fork.Process(target=_writer, args=(path, write_fd, child), daemon=True)
            process.start()
            reports.wait_for(f"ready {child}")
            time.sleep(rng.uniform(0.005, 0.080))
            process.kill()
            process.join(10)
            assert process.exitcode == -9, f"child {child} ended by itself (exit code {process.exitcode})"
            for line in reports.lines():
                owner, number = map(int, line.split())
                reported[owner] = max(reported.get(owner, 0), number)
    finally:
        if process is not None and process.is_alive():
            process.kill()
        os.close(read_fd)
        os.close(write_fd)
    elapsed = time.monotonic() - started

    assert quick_check(path) == []
    db = open_database(path)
    try:
        report = full_check(db)
        assert report.ok, report.problems
        with db.reading() as session:
            rows = session.execute(
                sql_select(Meeting.id, Meeting.topic, Meeting.expected_count, func.count(MeetingAttendance.id))
                .outerjoin(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
                .where(Meeting.topic.like(f"{TOPIC} %")).group_by(Meeting.id).order_by(Meeting.id)).all()
            note = session.scalar(sql_select(Member.note).order_by(Member.id).limit(1))
    finally:
        db.close()

    half = [(topic, attendees) for _id, topic, expected, attendees in rows
            if attendees != expected or expected != ATTENDEES]
    assert half == [], f"transactions applied in part (seed {seed})"
    present: dict[int, list[int]] = {}
    for _id, topic, _expected, _attendees in rows:
        child, number = map(int, topic.split()[1:])
        present.setdefault(child, []).append(number)
    for child in range(KILLS):
        numbers, last = present.get(child, []), reported.get(child, 0)
        assert numbers == list(range(1, len(numbers) + 1)), f"child {child}: a gap or a repeat (seed {seed})"
        assert len(numbers) >= last, f"child {child} reported {last} committed, {len(numbers)} found (seed {seed})"
        assert len(numbers) <= last + 1, f"child {child}: more than the one unreported commit (seed {seed})"
    assert note == rows[-1][1], "the member's note names the newest meeting: the update went with its inserts"
    survived = sum(present.get(child, []) != [] for child in range(KILLS))
    print(f"\ncrash test: {KILLS} kills (seed {seed}) in {elapsed:.1f} s; {len(rows)} transactions verified whole "
          f"({sum(reported.values())} reported committed before the kill); {survived} children committed at least once")
    assert sum(reported.values()) >= KILLS, "the children hardly wrote: the kills came too early to test anything"
