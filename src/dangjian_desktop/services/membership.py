"""Who belonged where on a given day: branch rosters, 党小组 and the 支部委员会 as of a date.

Members carry their current branch; BranchMembership rows keep the stays that ended (written on a transfer).
A member with no rows has been in the current branch since joined_branch_on, or, when that is unknown,
since 入党时间.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db.models import BranchMembership, CommitteeMember, Member, Organization
from ..domain.enums import MemberCategory, OrgLevel, PartyStatus
from ..domain.meetings import COMMITTEE_POSTS
from .database import Database
from .errors import RuleViolation

# Not expected at meetings: gone from the party, or with 党籍 suspended (no part in party life meanwhile).
_NOT_EXPECTED = (PartyStatus.LEFT.value, PartyStatus.DECEASED.value, PartyStatus.SUSPENDED.value)


@dataclass(frozen=True)
class RosterEntry:
    member_id: int
    name: str
    category: str         # as on that day: a 正式党员 confirmed later was a 预备党员 then
    group_id: int | None

    @property
    def voting(self) -> bool:
        return self.category == MemberCategory.FULL


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    branch_id: int
    group_id: int | None
    category: str
    joined_on: date | None
    confirmed_on: date | None
    since: date | None     # in the current branch since


def _category_on(person: _Person, day: date) -> str:
    if person.category == MemberCategory.FULL and person.confirmed_on and person.confirmed_on > day:
        return MemberCategory.PROBATIONARY.value
    return person.category


def _load(session: Session, branch_ids: list[int] | None):
    people_query = select(Member.id, Member.name, Member.branch_id, Member.group_id, Member.category,
                          Member.joined_on, Member.confirmed_on, Member.joined_branch_on
                          ).where(Member.status.not_in(_NOT_EXPECTED))
    stays_query = select(BranchMembership.member_id, BranchMembership.branch_id, BranchMembership.started_on,
                         BranchMembership.ended_on)
    if branch_ids is not None:
        moved = select(BranchMembership.member_id).where(BranchMembership.branch_id.in_(branch_ids))
        people_query = people_query.where(Member.branch_id.in_(branch_ids) | Member.id.in_(moved))
        stays_query = stays_query.where(BranchMembership.branch_id.in_(branch_ids))
    people = {row[0]: _Person(*row) for row in session.execute(people_query)}
    stays = defaultdict(list)
    for member_id, branch_id, started, ended in session.execute(stays_query):
        stays[member_id].append((branch_id, started, ended))
    return people, stays


class RosterHistory:
    """Branch rosters on any day, computed in memory from one read (the compliance grid asks thousands)."""

    def __init__(self, db: Database, branch_ids: list[int] | None = None):
        with db.reading() as session:
            self._people, self._stays = _load(session, branch_ids)
        self._by_branch: dict[int, list[_Person]] = defaultdict(list)
        for person in self._people.values():
            self._by_branch[person.branch_id].append(person)
        self._moved_into: dict[int, list[tuple[_Person, date | None, date | None]]] = defaultdict(list)
        self._full_spans: dict[int, list[tuple[date, date | None]]] = {}
        for member_id, stays in self._stays.items():
            person = self._people.get(member_id)
            if person is None:
                continue
            for branch_id, started, ended in stays:
                if ended is not None:  # open stays are the current branch, handled by `since`
                    self._moved_into[branch_id].append((person, started, ended))

    def _present(self, branch_id: int, day: date):
        """(person, group id) for everyone in the branch on that day."""
        for person in self._by_branch.get(branch_id, ()):
            start = person.since or person.joined_on
            if person.joined_on and person.joined_on <= day and (start is None or start <= day):
                yield person, person.group_id
        for person, started, ended in self._moved_into.get(branch_id, ()):
            start = started or person.joined_on
            if person.joined_on and person.joined_on <= day and (start is None or start <= day) and day < ended:
                yield person, None

    def members(self, branch_id: int, day: date) -> list[RosterEntry]:
        entries = [RosterEntry(person.id, person.name, _category_on(person, day), group_id)
                   for person, group_id in self._present(branch_id, day)]
        return sorted(entries, key=lambda e: e.member_id)

    def full_members(self, branch_id: int, day: date) -> int:
        """正式党员 on that day. The compliance grid asks this thousands of times, so each person's stay as a
        正式党员 in the branch is reduced once to a (from, until) pair of dates and only compared after that."""
        spans = self._full_spans.get(branch_id)
        if spans is None:
            spans = self._full_spans[branch_id] = self._spans_as_full(branch_id)
        return sum(1 for start, end in spans if start <= day and (end is None or day < end))

    def _spans_as_full(self, branch_id: int) -> list[tuple[date, date | None]]:
        stays = [(p, p.since, None) for p in self._by_branch.get(branch_id, ())] + self._moved_into.get(branch_id, [])
        spans = []
        for person, started, ended in stays:
            if person.category != MemberCategory.FULL or person.joined_on is None:
                continue
            start = max(d for d in (started, person.joined_on, person.confirmed_on) if d is not None)
            spans.append((start, ended))
        return spans


def roster_on(db: Database, branch_id: int, day: date) -> list[RosterEntry]:
    return RosterHistory(db, [branch_id]).members(branch_id, day)


def record_transfer(session: Session, member_ids: list[int], branch_id: int, day: date) -> None:
    """Close each member's stay in their old branch and open one in the new (inside the caller's transaction)."""
    rows = session.execute(select(Member.id, Member.branch_id, Member.joined_branch_on)
                           .where(Member.id.in_(member_ids), Member.branch_id != branch_id)).all()
    has_open = set(session.scalars(select(BranchMembership.member_id).where(
        BranchMembership.member_id.in_(member_ids), BranchMembership.ended_on.is_(None))))
    for member_id, old_branch, since in rows:
        if member_id in has_open:
            session.execute(update(BranchMembership).where(BranchMembership.member_id == member_id,
                                                           BranchMembership.ended_on.is_(None)).values(ended_on=day))
        else:
            session.add(BranchMembership(member_id=member_id, branch_id=old_branch, started_on=since, ended_on=day))
        session.add(BranchMembership(member_id=member_id, branch_id=branch_id, started_on=day))


@dataclass(frozen=True)
class CommitteeSeat:
    id: int
    member_id: int
    name: str
    post: str
    started_on: date | None
    ended_on: date | None


def committee(db: Database, branch_id: int, day: date | None = None) -> list[CommitteeSeat]:
    """The branch's committee seats; with a day, only those held on that day."""
    query = (select(CommitteeMember.id, CommitteeMember.member_id, Member.name, CommitteeMember.post,
                    CommitteeMember.started_on, CommitteeMember.ended_on)
             .join(Member, Member.id == CommitteeMember.member_id)
             .where(CommitteeMember.branch_id == branch_id).order_by(CommitteeMember.id))
    if day is not None:
        query = query.where((CommitteeMember.started_on.is_(None)) | (CommitteeMember.started_on <= day),
                            (CommitteeMember.ended_on.is_(None)) | (CommitteeMember.ended_on > day))
    with db.reading() as session:
        seats = [CommitteeSeat(*row) for row in session.execute(query)]
    order = {post: index for index, post in enumerate(COMMITTEE_POSTS)}
    return sorted(seats, key=lambda seat: order.get(seat.post, len(order)))


def set_committee_seat(db: Database, branch_id: int, member_id: int, post: str, started_on: date | None,
                       ended_on: date | None = None) -> None:
    if post not in COMMITTEE_POSTS:
        raise RuleViolation("职务应为：" + "、".join(COMMITTEE_POSTS))
    if started_on and ended_on and ended_on <= started_on:
        raise RuleViolation("任职结束日期应晚于开始日期。")
    with db.transaction() as session:
        branch = session.get(Organization, branch_id)
        member = session.get(Member, member_id)
        if branch is None or branch.level != OrgLevel.BRANCH:
            raise RuleViolation("只有党支部设支部委员会。")
        if member is None or member.branch_id != branch_id:
            raise RuleViolation("支委会成员应是本支部的党员。")
        session.add(CommitteeMember(branch_id=branch_id, member_id=member_id, post=post, started_on=started_on,
                                    ended_on=ended_on))


def end_committee_seat(db: Database, seat_id: int, ended_on: date) -> None:
    with db.transaction() as session:
        seat = session.get(CommitteeMember, seat_id)
        if seat is None:
            raise RuleViolation("该任职记录已不存在。")
        if seat.started_on and ended_on <= seat.started_on:
            raise RuleViolation("任职结束日期应晚于开始日期。")
        seat.ended_on = ended_on
