"""Census import (新业态企业摸底表): preview every row against the organisation tree, the guidance officers and
the registered enterprises (nothing written), then write the accepted rows in one transaction. Mirrors the
roster import (services.member_import): the same row statuses, problem lines and all-or-nothing rule.

The spreadsheet readers and writers are imported inside the functions, keeping them out of start-up.
"""

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db.models import Enterprise, GuidanceOfficer, OfficerAssignment
from ..domain.enterprises import EnterpriseRecord
from ..domain.progress import NO_PROGRESS, Progress
from .audit import record_import
from .auto_backup import backup_before_import
from .database import Database
from .enterprises import enterprise_values
from .errors import ServiceError
from .member_import import (
    CONFLICT_KIND, KIND_LABELS, ImportRefused, PreviewCounts, RowIssue, RowStatus, UnusableImportFile, save_problem_list,
    status_of,
)
from .officers import add_officers, assign, officer_ids_by_name
from .organizations import list_organizations

__all__ = ["EnterpriseImportPreview", "EnterpriseImportResult", "EnterprisePreviewRow", "ImportRefused", "RowIssue",
           "RowStatus", "UnusableImportFile", "commit_enterprise_import", "preview_enterprise_import",
           "save_enterprise_template", "save_problem_list"]

CHUNK = 500
# On an update, these keep the stored value when the row leaves them blank (a census often lacks a detail).
KEEP_WHEN_BLANK = ("credit_code", "brand", "address", "community", "legal_rep", "phone", "note", "employees",
                   "employees_under_35", "party_members", "outlets")


@dataclass
class EnterprisePreviewRow:
    """One sheet row. `record.party_org_id` is set when its 党组织 was found in the tree."""

    row_number: int
    record: EnterpriseRecord
    officer_name: str
    status: RowStatus
    issues: list[RowIssue] = field(default_factory=list)
    existing_id: int | None = None   # the registered enterprise this row names (status CONFLICT)
    unknown_officer: str = ""        # set when the only reason for rejection is an officer not yet registered
    assigns_officer: bool = False    # writing the row makes its officer answer for it from the import day

    def accepted(self, create_officers: bool) -> bool:
        if self.status is not RowStatus.REJECTED:
            return True
        return create_officers and bool(self.unknown_officer)


@dataclass
class EnterpriseImportPreview(PreviewCounts):
    path: Path
    rows: list[EnterprisePreviewRow]
    unknown_officers: list[tuple[str, int]]   # (name, number of rows), for the user's consent to create them
    header_row: int
    unknown_headers: list[str]
    today: date                               # assignments from the file start on this day
    columns: frozenset[str] = frozenset()     # the sheet's columns (keys): an update changes only those

    def rejected_rows(self, create_officers: bool = False) -> list[EnterprisePreviewRow]:
        return [row for row in self.rows if not row.accepted(create_officers)]

    @property
    def summary(self) -> str:
        counts = self.counts_text()
        text = f"共读取 {len(self.rows)} 家企业（{counts}）。"
        if self.unknown_officers:
            names = "、".join(f"{name}（{rows} 行）" for name, rows in self.unknown_officers)
            text += f"未登记的党建指导员：{names}，同意创建后这些行才能导入。"
        return text


@dataclass(frozen=True)
class EnterpriseImportResult:
    created: int
    updated: int
    skipped: int
    officers_created: list[str]
    assigned: int = 0   # enterprises whose 党建指导员 was set (or changed) from the import day

    @property
    def summary(self) -> str:
        text = f"已导入 {self.created} 家企业，更新 {self.updated} 家，跳过 {self.skipped} 行。"
        if self.officers_created:
            text += f"新建党建指导员：{'、'.join(self.officers_created)}。"
        if self.assigned:
            text += f"{self.assigned} 家企业的包联指导员已按文件设定（从导入当天起）。"
        return text


@dataclass
class _Known:
    """What the preview checks rows against, read once."""

    orgs: dict[str, list[int]]
    officers: dict[str, int]
    by_name: dict[str, int]
    by_code: dict[str, tuple[int, str]]
    names: dict[int, str]
    running: dict[int, tuple[str, date]]   # enterprise id → (officer name, started on) of its running 包联
    today: date


def preview_enterprise_import(db: Database, path: Path | str, *, today: date | None = None,
                              progress: Progress = NO_PROGRESS) -> EnterpriseImportPreview:
    """Read and check a census file against the tree, the officers and the registered enterprises."""
    from ..importexport.enterprise_sheet import read_enterprise_sheet
    from ..importexport.sheet_reader import UnusableFile

    path = Path(path)
    today = today or date.today()
    try:
        sheet = read_enterprise_sheet(path, progress=progress)
    except UnusableFile as exc:
        raise UnusableImportFile(str(exc)) from exc
    progress.report(0, 0, "正在核对党组织和党建指导员…")
    known = _load_known(db, today)
    unknown: Counter[str] = Counter()
    rows: list[EnterprisePreviewRow] = []
    row_of_existing: dict[int, int] = {}
    for parsed in sheet.rows:
        issues = [RowIssue(sheet.column_name(i.field), KIND_LABELS[i.severity], i.message) for i in parsed.issues]
        record = _match_org(parsed.record, known, sheet.column_name("party_org_name"), issues)
        row = EnterprisePreviewRow(parsed.row_number, record, parsed.officer_name, RowStatus.OK, issues,
                                   assigns_officer=bool(parsed.officer_name))
        had_error = any(issue.kind == "错误" for issue in issues)
        if row.officer_name and row.officer_name not in known.officers:
            unknown[row.officer_name] += 1
            row.unknown_officer = "" if had_error else row.officer_name
            issues.append(RowIssue(sheet.column_name("officer_name"), "错误",
                                   f"党建指导员“{row.officer_name}”未登记（可自动创建：在导入预览中勾选“创建这些党建指导员”，"
                                   "命令行加 --create-officers）"))
        row.status = status_of(issues)
        if row.status is not RowStatus.REJECTED or row.unknown_officer:
            _mark_conflict(row, known, row_of_existing, sheet.column_name)
        rows.append(row)
    return EnterpriseImportPreview(path, rows, sorted(unknown.items()), sheet.header_row, sheet.unknown_headers,
                                   today, sheet.keys)


def _load_known(db: Database, today: date) -> _Known:
    orgs: dict[str, list[int]] = {}
    for node in list_organizations(db):
        orgs.setdefault(node.name, []).append(node.id)
    with db.reading() as session:
        stored = session.execute(select(Enterprise.id, Enterprise.name, Enterprise.credit_code)).all()
        running = session.execute(
            select(OfficerAssignment.enterprise_id, GuidanceOfficer.name, OfficerAssignment.started_on)
            .join(GuidanceOfficer, GuidanceOfficer.id == OfficerAssignment.officer_id)
            .where(OfficerAssignment.enterprise_id.is_not(None), OfficerAssignment.ended_on.is_(None))).all()
        officers = officer_ids_by_name(session)
    return _Known(orgs, officers, {name: id_ for id_, name, _ in stored},
                  {code: (id_, name) for id_, name, code in stored if code}, {id_: name for id_, name, _ in stored},
                  {enterprise_id: (name, started) for enterprise_id, name, started in running}, today)


def _match_org(record: EnterpriseRecord, known: _Known, column: str, issues: list[RowIssue]) -> EnterpriseRecord:
    name = record.party_org_name
    if not name:
        return record
    found = known.orgs.get(name, [])
    if len(found) == 1:
        return record.with_changes(party_org_id=found[0])
    if found:
        issues.append(RowIssue(column, "错误", f"组织树中有 {len(found)} 个名为“{name}”的党组织，无法确定是哪一个，"
                                             "请先在组织与党员中改名加以区分"))
    else:
        issues.append(RowIssue(column, "错误", f"组织树中没有“{name}”，请先在组织与党员中建立，或把该格改为“无”"))
    return record


def _mark_conflict(row: EnterprisePreviewRow, known: _Known, row_of_existing: dict[int, int],
                   column_name: Callable[[str], str]) -> None:
    record = row.record
    by_name = known.by_name.get(record.name)
    by_code, code_name = known.by_code.get(record.credit_code, (None, ""))
    if by_name is None and by_code is None:
        return
    if by_name is not None and by_code is not None and by_name != by_code:
        row.issues.append(RowIssue(column_name("credit_code"), "错误",
                                   f"企业名称“{record.name}”已登记，统一社会信用代码却与另一家已登记的“{code_name}”"
                                   "相同，请核对"))
        row.status = RowStatus.REJECTED
        row.unknown_officer = ""
        return
    existing = by_name if by_name is not None else by_code
    earlier = row_of_existing.setdefault(existing, row.row_number)
    if earlier != row.row_number:
        row.issues.append(RowIssue(column_name("name"), "错误", f"与第{earlier}行是同一家已登记的企业"
                                                             f"（{known.names[existing]}），同一企业只能填一行"))
        row.status = RowStatus.REJECTED
        row.unknown_officer = ""
        return
    row.existing_id = existing
    if by_name is not None:
        message = "该企业已登记，默认跳过；选择“用本行更新”时按本行改写（本行空白的格子保留原有内容）"
    else:
        message = (f"统一社会信用代码已登记为“{code_name}”，默认跳过；选择“用本行更新”时，"
                   f"企业名称会改为“{record.name}”")
    row.issues.append(RowIssue(column_name("name" if by_name is not None else "credit_code"), CONFLICT_KIND, message))
    _check_assignment(row, known, column_name("officer_name"))
    if row.status is not RowStatus.REJECTED:
        row.status = RowStatus.CONFLICT


def _check_assignment(row: EnterprisePreviewRow, known: _Known, column: str) -> None:
    """Only a change of officer is written, and a 包联 that started on the import day or later cannot be replaced
    from that day (officers.assign)."""
    current = known.running.get(row.existing_id)
    if not row.officer_name or current is None:
        return
    if current[0] == row.officer_name:
        row.assigns_officer = False
        return
    if current[1] < known.today:
        return
    row.assigns_officer = False
    row.issues.append(RowIssue(column, "警告", f"该企业从 {current[1]:%Y-%m-%d} 起由“{current[0]}”包联，导入时不能改为"
                                             f"“{row.officer_name}”；如需更换，请在企业档案中办理"))


def commit_enterprise_import(db: Database, preview: EnterpriseImportPreview, *, create_officers: bool = False,
                             conflict_updates: Collection[int] = (), skip_invalid: bool = False,
                             progress: Progress = NO_PROGRESS) -> EnterpriseImportResult:
    """Write the accepted rows as one transaction: all of them, or nothing (also on cancel).

    Conflict rows are skipped unless their row number is in `conflict_updates`. Unknown officers are created
    only with `create_officers`, and only those named on rows that are written.
    """
    rejected = preview.rejected_rows(create_officers)
    if rejected and not skip_invalid:
        raise ImportRefused(f"有 {len(rejected)} 行被拒绝（第 {rejected[0].row_number} 行起），未导入任何企业。"
                            "请改正后重新导入，或选择跳过被拒绝的行。")
    updates = set(conflict_updates)
    accepted = [row for row in preview.rows if row.accepted(create_officers)]
    to_insert = [row for row in accepted if row.existing_id is None]
    to_update = [row for row in accepted if row.existing_id is not None and row.row_number in updates]
    total = len(to_insert) + len(to_update)
    backup_before_import(db)
    try:
        with db.transaction() as session:
            _refuse_changed(session, to_insert)
            officers = officer_ids_by_name(session)
            wanted = sorted({row.unknown_officer for row in to_insert + to_update} - set(officers) - {""})
            officers.update(add_officers(session, wanted))
            gone = sorted({row.officer_name for row in to_insert + to_update if row.assigns_officer} - set(officers))
            if gone:
                raise ServiceError(f"导入期间党建指导员“{gone[0]}”已被删除，未导入任何数据。请重新预览后再导入。")
            written: list[tuple[int, EnterprisePreviewRow]] = []
            table = Enterprise.__table__
            for start in range(0, len(to_insert), CHUNK):
                progress.check()
                chunk = to_insert[start:start + CHUNK]
                # Core executemany, as in the roster import: the ORM's bulk path costs ~40% more per row (DESIGN §10)
                ids = session.connection().execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    [enterprise_values(row.record) for row in chunk]).scalars().all()
                written.extend(zip(ids, chunk))
                progress.report(len(written), total, "正在写入企业……")
            for row in to_update:
                progress.check()
                session.execute(update(Enterprise).where(Enterprise.id == row.existing_id)
                                .values(**_update_values(row.record, preview.columns)))
                written.append((row.existing_id, row))
            progress.report(total, total, "正在设定包联指导员……")
            assigned = 0
            # Each enterprise is written once, so no assignment here depends on another one still pending: without
            # the flush before each of assign's queries the loop is ~4x faster.
            with session.no_autoflush:
                for enterprise_id, row in written:
                    if row.assigns_officer:
                        assign(session, officers[row.officer_name], preview.today, enterprise_id=enterprise_id)
                        assigned += 1
            record_import(session, "企业普查表", preview.path, {
                "新增企业": len(to_insert), "更新企业": len(to_update), "跳过行数": len(preview.rows) - total,
                "设定包联": assigned, **({"新建党建指导员": "、".join(wanted)} if wanted else {})})
            progress.check()  # the last chance to cancel: nothing is kept
    except IntegrityError as exc:
        raise ServiceError("导入期间企业名单已发生变化（有同名企业刚被登记），未导入任何数据。请重新预览后再导入。") from exc
    return EnterpriseImportResult(len(to_insert), len(to_update), len(preview.rows) - total, wanted, assigned)


def _refuse_changed(session: Session, rows: list[EnterprisePreviewRow]) -> None:
    names = {row.record.name for row in rows}
    codes = {row.record.credit_code for row in rows} - {""}
    clash = session.scalar(select(Enterprise.name).where(Enterprise.name.in_(names) | Enterprise.credit_code.in_(codes))
                           .limit(1)) if rows else None
    if clash:
        raise ServiceError(f"导入期间“{clash}”已被登记，未导入任何数据。请重新预览后再导入。")


def _update_values(record: EnterpriseRecord, columns: frozenset[str]) -> dict:
    """The sheet's columns only; blank details keep what is stored."""
    values = {}
    for name, value in enterprise_values(record).items():
        key = "party_org_name" if name == "party_org_id" else name
        if key not in columns or (name in KEEP_WHEN_BLANK and value in ("", None)):
            continue
        values[name] = value
    return values


def save_enterprise_template(path: Path | str) -> None:
    from ..importexport.enterprise_template import write_enterprise_template

    write_enterprise_template(Path(path))
