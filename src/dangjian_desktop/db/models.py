"""Tables. Plain columns only; rules live in domain/, use cases in services/."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="")
    founded_on: Mapped[date | None] = mapped_column(Date)
    secretary: Mapped[str] = mapped_column(String(50), default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (Index("ix_member_branch", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    sex: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    category: Mapped[str] = mapped_column(String(10))
    joined_on: Mapped[date | None] = mapped_column(Date)
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="正常")
    work_unit: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_direction: Mapped[str] = mapped_column(String(4), default="")
    mobile_place: Mapped[str] = mapped_column(String(100), default="")
    mobile_reason: Mapped[str] = mapped_column(String(100), default="")
    is_lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    dual_report_community: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    joined_branch_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class Setting(Base):
    """Small key/value settings kept with the data (e.g. the street's name, chosen rounding rules)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class BranchMembership(Base):
    """A past or present stay of a member in a 党支部. Written when members move; a member without rows has
    been in their current branch since joined_branch_on (or, unknown, since 入党时间)."""

    __tablename__ = "branch_membership"
    __table_args__ = (Index("ix_branch_membership_branch", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)  # exclusive: the day they moved on


class CommitteeMember(Base):
    """Who sits on a branch's 支部委员会, with the post and dates (expected at 支部委员会 meetings)."""

    __tablename__ = "committee_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    post: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class StreetTheme(Base):
    """The street's theme for a month's 主题党日 (五统三联): set once, every branch's record starts from it."""

    __tablename__ = "street_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    theme: Mapped[str] = mapped_column(String(200))
    outline: Mapped[str] = mapped_column(Text, default="")
    planned_on: Mapped[date | None] = mapped_column(Date)


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_org_date", "org_id", "held_on"), Index("ix_meeting_date", "held_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    type: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int | None] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date)
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    host: Mapped[str] = mapped_column(String(50), default="")
    recorder: Mapped[str] = mapped_column(String(50), default="")
    lecturer: Mapped[str] = mapped_column(String(50), default="")
    topic: Mapped[str] = mapped_column(String(500), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    vote_result: Mapped[str] = mapped_column(Text, default="")
    observers: Mapped[str] = mapped_column(Text, default="")
    guidance_staff: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("street_theme.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(4), default="草稿")
    # Counts kept with the record so lists and the compliance grid need not read every attendance row.
    expected_count: Mapped[int] = mapped_column(Integer, default=0)
    present_count: Mapped[int] = mapped_column(Integer, default=0)
    leave_count: Mapped[int] = mapped_column(Integer, default=0)
    absent_count: Mapped[int] = mapped_column(Integer, default=0)
    voting_expected: Mapped[int] = mapped_column(Integer, default=0)
    voting_present: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class MeetingAttendance(Base):
    """An expected attendee. The name is kept so the record stays whole after the member leaves."""

    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(String(200), default="")
    voting: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MeetingPhoto(Base):
    """Photos live inside the data file, so a backup or a copied file carries them."""

    __tablename__ = "meeting_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    caption: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MeetingEvent(Base):
    """定稿 and 重新打开 of a record, with who and why: reopening a final record is never silent."""

    __tablename__ = "meeting_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # Local time (what the user's clock showed), not SQLite's UTC CURRENT_TIMESTAMP.
    at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, server_default=func.current_timestamp())
    action: Mapped[str] = mapped_column(String(10))
    user: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


# Columns a MemberRecord carries one-to-one (everything but ids, names of linked orgs and timestamps).
MEMBER_FIELDS = (
    "name", "id_number", "sex", "ethnicity", "birth_date", "education", "category", "joined_on",
    "confirmed_on", "status", "work_unit", "phone", "address", "is_mobile", "mobile_direction",
    "mobile_place", "mobile_reason", "is_lost_contact", "dual_report_community", "note", "joined_branch_on",
)


class GuidanceOfficer(Base):
    """A 党建指导员 (党建专员, 红色向导) of the street."""

    __tablename__ = "guidance_officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(200), default="")
    post: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Enterprise(Base):
    """一企一档: a new-economy enterprise of the census."""

    __tablename__ = "enterprise"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    credit_code: Mapped[str] = mapped_column(String(18), default="", index=True)
    industry: Mapped[str] = mapped_column(String(20))
    brand: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    community: Mapped[str] = mapped_column(String(100), default="")
    legal_rep: Mapped[str] = mapped_column(String(50), default="")
    legal_rep_is_member: Mapped[bool] = mapped_column(Boolean, default=False)
    employees: Mapped[int | None] = mapped_column(Integer)
    employees_under_35: Mapped[int | None] = mapped_column(Integer)
    party_members: Mapped[int | None] = mapped_column(Integer)
    party_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    party_work: Mapped[bool] = mapped_column(Boolean, default=False)
    outlets: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class OfficerAssignment(Base):
    """包联: an officer answers for an enterprise or a 党组织 from started_on until ended_on (exclusive).
    Exactly one of enterprise_id / org_id is set; each has at most one open assignment at a time."""

    __tablename__ = "officer_assignment"
    __table_args__ = (Index("ix_assignment_enterprise", "enterprise_id"), Index("ix_assignment_org", "org_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("guidance_officer.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class OfficerPairing(Base):
    """结对: an officer keeps in touch with a mobile member (流动党员)."""

    __tablename__ = "officer_pairing"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("guidance_officer.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class Visit(Base):
    """走访: an officer's visit to an enterprise. The officer's name is kept so the record outlives them."""

    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_enterprise_date", "enterprise_id", "visited_on"),
                      Index("ix_visit_officer_date", "officer_id", "visited_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("guidance_officer.id", ondelete="SET NULL"))
    officer_name: Mapped[str] = mapped_column(String(50))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="RESTRICT"))
    visited_on: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(4))
    met_person: Mapped[str] = mapped_column(String(100), default="")        # 接待人
    business_situation: Mapped[str] = mapped_column(Text, default="")       # 经营情况
    party_work_situation: Mapped[str] = mapped_column(Text, default="")     # 党建工作情况
    findings: Mapped[str] = mapped_column(Text, default="")                 # 走访情况 / 发现
    follow_up: Mapped[str] = mapped_column(Text, default="")                # 下步打算
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class VisitPhoto(Base):
    __tablename__ = "visit_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    caption: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Demand(Base):
    """诉求台账: a problem or request, followed until it is closed with a result."""

    __tablename__ = "demand"
    __table_args__ = (Index("ix_demand_status_deadline", "status", "deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id", ondelete="SET NULL"), index=True)
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(10), default="其他")
    raised_by: Mapped[str] = mapped_column(String(100), default="")          # who raised it
    raised_on: Mapped[date] = mapped_column(Date)
    responsible_unit: Mapped[str] = mapped_column(String(200), default="")
    responsible_person: Mapped[str] = mapped_column(String(50), default="")
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(4), default="已受理")
    outcome: Mapped[str] = mapped_column(Text, default="")     # 办理结果, or the reason for 不予受理
    closed_on: Mapped[date | None] = mapped_column(Date)


class DemandEvent(Base):
    """Each status change of a demand, with who, when and what was said: the 办理过程."""

    __tablename__ = "demand_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demand.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, server_default=func.current_timestamp())
    status: Mapped[str] = mapped_column(String(4))
    user: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class UserAccount(Base):
    """A person who logs in. The password is stored only as a scrypt hash with its own salt."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(10))
    password_salt: Mapped[bytes] = mapped_column(LargeBinary)
    password_hash: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class AuditEntry(Base):
    """One line of the audit log. Append-only (triggers refuse UPDATE and DELETE) and chained: `hash` is the
    SHA-256 of every other column including `prev_hash`, the hash of the entry before (db/audit_schema.py)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(19), index=True)   # local time, "YYYY-MM-DD HH:MM:SS"
    user_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(10))
    machine: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text)            # JSON: changed fields {column: [old, new]}, or facts
    result: Mapped[str] = mapped_column(String(10))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
