"""Import of visit ledgers (走访台账): preview every row against the officers, the enterprises and the stored
visits (nothing written), then write the accepted visits — and, for each problem found, a demand in the 诉求台账 —
in one transaction. Mirrors the roster and meeting imports (services.member_import, services.meeting_import).

The spreadsheet readers and writers are imported inside the functions, keeping them out of start-up.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..db.models import Visit
from ..domain.progress import NO_PROGRESS, Progress
from ..domain.visits import DemandSource, VisitRecord
from .audit import record_import
from .database import Database
from .demands import DemandDraft, add_demands
from .enterprises import enterprise_ids_by_name
from .errors import ServiceError
from .ledger_import import (
    LedgerImportPreview, LedgerPreviewRow, Repeats, import_transaction, in_chunks, read_ledger,
)
from .member_import import (
    KIND_LABELS, ImportRefused, RowIssue, RowStatus, UnusableImportFile, save_problem_list, status_of,
)
from .officers import officer_ids_by_name
from .visit_rules import load_visit_rules
from .visits import TEXT_FIELDS

__all__ = ["ImportRefused", "RowIssue", "RowStatus", "UnusableImportFile", "VisitImportPreview", "VisitImportResult",
           "VisitPreviewRow", "commit_visit_import", "preview_visit_import", "save_problem_list",
           "save_visit_template"]

VisitKey = tuple[int | None, int, date | None]   # officer, enterprise, day: the same visit when all three match


class VisitPreviewRow(LedgerPreviewRow[VisitRecord]):
    """One sheet row. For a rejected row the record shows what was written: officer_id None and enterprise_id 0
    when the name is not registered, visited_on None when the date could not be read."""


class VisitImportPreview(LedgerImportPreview[VisitPreviewRow]):
    @property
    def summary(self) -> str:
        counts = self.counts_text()
        demands = sum(len(row.record.problems) for row in self.rows_to_write())
        return f"共读取 {len(self.rows)} 次走访（{counts}）。可导入的走访中发现问题 {demands} 个，导入后逐一登记为诉求。"


@dataclass(frozen=True)
class VisitImportResult:
    created: int
    demands_created: int
    skipped: int

    @property
    def summary(self) -> str:
        return (f"已导入 {self.created} 次走访，登记诉求 {self.demands_created} 件，跳过 {self.skipped} 行。"
                "诉求可在诉求台账中指定责任单位并跟进办理。")


def preview_visit_import(db: Database, path: Path | str, *, today: date | None = None,
                         progress: Progress = NO_PROGRESS) -> VisitImportPreview:
    """Read and check a visit ledger against the officers, the enterprises and the stored visits."""
    from ..importexport.visit_sheet import read_visit_sheet

    path = Path(path)
    today = today or date.today()
    sheet = read_ledger(read_visit_sheet, path, today, progress)
    progress.report(0, 0, "正在核对党建指导员和企业…")
    with db.reading() as session:
        officers = officer_ids_by_name(session)
        enterprises = enterprise_ids_by_name(session)
        stored = _stored_visits(session)
    suggestions: dict[str, str] = {}
    repeats = Repeats(sheet.column_name("visited_on"), "走访（指导员、企业和日期都相同）")
    rows: list[VisitPreviewRow] = []
    for index, parsed in enumerate(sheet.rows):
        if index % 200 == 0:
            progress.check()
        issues = [RowIssue(sheet.column_name(i.field), KIND_LABELS[i.severity], i.message) for i in parsed.issues]
        officer_id = officers.get(parsed.officer_name)
        if parsed.officer_name and officer_id is None:
            issues.append(RowIssue(sheet.column_name("officer_name"), "错误",
                                   f"党建指导员“{parsed.officer_name}”未登记，请先在企业与走访→党建指导员中添加，"
                                   "或用 import-enterprises --create-officers 导入普查表"))
        enterprise_id = enterprises.get(parsed.enterprise_name)
        if parsed.enterprise_name and enterprise_id is None:
            if parsed.enterprise_name not in suggestions:
                suggestions[parsed.enterprise_name] = _unknown_enterprise(parsed.enterprise_name, enterprises)
            issues.append(RowIssue(sheet.column_name("enterprise_name"), "错误", suggestions[parsed.enterprise_name]))
        record = VisitRecord(officer_id, enterprise_id or 0, parsed.visited_on, parsed.way,  # type: ignore[arg-type]
                             parsed.met_person, officer_name=parsed.officer_name,
                             enterprise_name=parsed.enterprise_name, problems=parsed.problems, **parsed.texts)
        row = VisitPreviewRow(parsed.row_number, record, status_of(issues), issues)
        if row.status is not RowStatus.REJECTED:
            _mark_conflict(row, stored, repeats)
        rows.append(row)
    return VisitImportPreview(path, rows, sheet.header_row, sheet.unknown_headers)


def _stored_visits(session: Session) -> dict[VisitKey, int]:
    return {(officer_id, enterprise_id, day): visit_id for visit_id, officer_id, enterprise_id, day in
            session.execute(select(Visit.id, Visit.officer_id, Visit.enterprise_id, Visit.visited_on))}


def _unknown_enterprise(name: str, enterprises: dict[str, int]) -> str:
    """Suggest the registered name containing what was written, when only one does."""
    containing = [full for full in enterprises if name in full]
    if len(containing) == 1:
        return f"企业“{name}”未登记。是否是“{containing[0]}”？请把企业名称改为一企一档中的全称"
    return f"企业“{name}”未登记，请先在企业与走访中登记该企业（或导入企业名单），或把名称改为一企一档中的全称"


def _mark_conflict(row: VisitPreviewRow, stored: dict[VisitKey, int], repeats: Repeats) -> None:
    record = row.record
    key = (record.officer_id, record.enterprise_id, record.visited_on)
    described = None
    if key in stored:
        described = stored[key], (f"{record.officer_name} {record.visited_on:%Y-%m-%d} 走访{record.enterprise_name}"
                                  "的记录已登记")
    repeats.mark(row, key, described)


def commit_visit_import(db: Database, preview: VisitImportPreview, *, skip_invalid: bool = False, user: str = "",
                        progress: Progress = NO_PROGRESS) -> VisitImportResult:
    """Write the accepted visits and their demands in one transaction: all of them, or nothing (also on cancel).

    Conflict rows (a visit already recorded, or repeated in the file) are always skipped. Each problem of a visit
    becomes a demand (source 走访, raised on the visit date by the person met, deadline by the visit rules).
    """
    preview.refuse_rejected(skip_invalid, "走访记录")
    chosen = preview.rows_to_write()
    total = len(chosen)
    deadline_days = load_visit_rules(db).deadline_days
    demands = 0
    with import_transaction(db, progress) as session:
        stored = _stored_visits(session)
        if any((r.record.officer_id, r.record.enterprise_id, r.record.visited_on) in stored for r in chosen):
            raise ServiceError("导入期间走访记录已发生变化（有同一次走访刚被录入），未导入任何数据。请重新预览后再导入。")
        table = Visit.__table__
        for records in in_chunks([row.record for row in chosen], progress, "正在写入走访记录和诉求……"):
            # Core executemany, as in the roster import: the ORM's bulk path costs ~40% more per row (DESIGN §10)
            ids = session.connection().execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                               [_visit_values(r) for r in records]).scalars().all()
            drafts = [DemandDraft(problem, r.visited_on, DemandSource.VISIT.value,
                                  raised_by=r.met_person.strip() or r.enterprise_name, enterprise_id=r.enterprise_id,
                                  visit_id=visit_id)
                      for visit_id, r in zip(ids, records) for problem in r.problems]
            demands += len(add_demands(session, drafts, deadline_days, user))
        record_import(session, "走访台账", preview.path,
                      {"新增走访记录": total, "登记诉求": demands, "跳过行数": len(preview.rows) - total})
    return VisitImportResult(total, demands, len(preview.rows) - total)


def _visit_values(record: VisitRecord) -> dict:
    """The stored columns, exactly as services.visits.save_visit writes them."""
    return dict(officer_id=record.officer_id, officer_name=record.officer_name, enterprise_id=record.enterprise_id,
                visited_on=record.visited_on, **{name: getattr(record, name).strip() for name in TEXT_FIELDS})


def save_visit_template(path: Path | str) -> None:
    from ..importexport.enterprise_template import write_visit_template

    write_visit_template(Path(path))
