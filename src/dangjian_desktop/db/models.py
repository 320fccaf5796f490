"""Tables. Plain columns only; rules live in domain/, use cases in services/."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
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


# Columns a MemberRecord carries one-to-one (everything but ids, names of linked orgs and timestamps).
MEMBER_FIELDS = (
    "name", "id_number", "sex", "ethnicity", "birth_date", "education", "category", "joined_on",
    "confirmed_on", "status", "work_unit", "phone", "address", "is_mobile", "mobile_direction",
    "mobile_place", "mobile_reason", "is_lost_contact", "dual_report_community", "note", "joined_branch_on",
)
