"""Passwords and an audit-log reader shared by the account and idle-lock tests."""

from sqlalchemy import select

from dangjian_desktop.db.models import AuditEntry

ADMIN_PASSWORD = "Dangjian#2025"
PASSWORD = "Qingdao-2025"


def audit(db, action: str) -> list[AuditEntry]:
    """The audit entries of one action, oldest first, detached from their session."""
    with db.reading() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
        session.expunge_all()
        return rows
