"""The roster as a file: Excel export and the printed 花名册.

openpyxl and reportlab are imported inside the functions: they cost ~0.4 s and start-up must not pay it.
"""

from datetime import date
from pathlib import Path

from ..domain.progress import NO_PROGRESS, Progress
from .audit import AuditAction, output_logged
from .database import Database
from .members import list_members
from .organizations import get_organization, get_root


def roster_title(db: Database, org_id: int | None) -> str:
    """The organisation a roster is headed with: the chosen node, or the street for the whole roster."""
    if org_id is not None:
        return get_organization(db, org_id).name
    root = get_root(db)
    return root.name if root else "全部党组织"


def export_roster_xlsx(db: Database, path: Path | str, *, org_id: int | None = None, include_subtree: bool = True,
                       masked: bool = True, progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    from ..importexport.roster_xlsx import write_roster_xlsx

    title = roster_title(db, org_id)
    with output_logged(db, AuditAction.EXPORT, path, f"花名册：{title}", masked=masked) as entry:
        members = list_members(db, org_id, include_subtree)
        write_roster_xlsx(Path(path), members, org_name=title, as_of=today or date.today(), masked=masked,
                          progress=progress)
        entry.details["党员人数"] = len(members)
    return len(members)


def write_roster_pdf(db: Database, path: Path | str, *, org_id: int | None = None, include_subtree: bool = True,
                     masked: bool = True, progress: Progress = NO_PROGRESS, today: date | None = None) -> int:
    from ..reports.roster_pdf import write_roster_pdf as render_roster_pdf

    title = roster_title(db, org_id)
    with output_logged(db, AuditAction.PRINT, path, f"花名册：{title}", masked=masked) as entry:
        members = list_members(db, org_id, include_subtree)
        pages = render_roster_pdf(Path(path), title, members, as_of=today or date.today(), masked=masked,
                                  progress=progress)
        entry.details.update({"党员人数": len(members), "页数": pages})
    return pages
