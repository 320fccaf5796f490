"""The Excel files of the enterprise work: the census (企业名录, in the columns of the census import so that an
export can be corrected in Excel and imported again), the visit ledger (走访台账) and the demand ledger (诉求台账,
overdue rows highlighted).

Each sheet: a title row, a bold frozen header with filters, one row per item, A4 landscape printing with the
header repeated. Written to a temp file and renamed: ExportFailed (Chinese) or Cancelled leave no half file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.enterprises import EnterpriseRecord
from ..domain.masking import mask_phone
from ..domain.progress import NO_PROGRESS, Progress
from .xlsx_common import DATE_FORMAT, TEXT_FORMAT, atomic_save, clean_text, styled_cell, write_ledger_sheet

PROGRESS_EVERY = 200
OVERDUE_FILL = "FBE4E5"
OVERDUE_COLOR = "C00000"

# (header, width); the census import reads the first 17 by name, the last three are for reading only
CENSUS_COLUMNS = (
    ("企业名称", 34), ("统一社会信用代码", 22), ("行业", 12), ("品牌/平台", 12), ("地址", 36), ("所属社区", 14),
    ("法定代表人", 11), ("法定代表人是否党员", 10), ("从业人员数", 9), ("35岁以下人数", 9), ("党员数", 8),
    ("党组织", 30), ("是否开展党的工作", 10), ("党建指导员", 11), ("联系电话", 15), ("站点数", 8), ("备注", 24),
    ("组织覆盖", 8), ("工作覆盖", 8), ("最近走访", 12),
)
VISIT_COLUMNS = (
    ("党建指导员", 11), ("企业名称", 30), ("走访日期", 12), ("走访方式", 9), ("接待人", 11), ("经营情况", 36),
    ("党建工作情况", 36), ("走访情况", 36), ("发现问题", 36), ("下步打算", 30),
)
DEMAND_COLUMNS = (
    ("序号", 6), ("来源", 9), ("企业", 28), ("诉求内容", 40), ("类别", 10), ("提出人", 11), ("提出日期", 12),
    ("责任单位", 18), ("责任人", 10), ("办理期限", 12), ("状态", 9), ("办理结果", 36), ("办结日期", 12),
    ("是否超期", 8),
)


@dataclass(frozen=True)
class CensusRow:
    record: EnterpriseRecord
    officer_name: str = ""            # the running 包联
    last_visit_on: date | None = None


@dataclass(frozen=True)
class VisitLedgerRow:
    officer_name: str
    enterprise_name: str
    visited_on: date
    way: str
    met_person: str = ""
    business_situation: str = ""
    party_work_situation: str = ""
    findings: str = ""
    problems: tuple[str, ...] = ()    # the demands the visit raised
    follow_up: str = ""


@dataclass(frozen=True)
class DemandLedgerRow:
    source: str
    enterprise_name: str
    content: str
    category: str
    raised_by: str
    raised_on: date
    responsible_unit: str
    responsible_person: str
    deadline: date
    status: str
    outcome: str = ""
    closed_on: date | None = None
    overdue: bool = False


class _Cells:
    """Makes the cells of one sheet: text, numbers, dates, 是/否, wrapped long texts; `strong` rows on a fill."""

    def __init__(self, ws) -> None:  # noqa: ANN001 - an openpyxl write-only sheet
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = ws
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fill = PatternFill("solid", fgColor=OVERDUE_FILL)
        self.alarm = Font(bold=True, color=OVERDUE_COLOR)
        self.strong = False

    def _cell(self, value, **styles):  # noqa: ANN001, ANN202 - openpyxl values and cells
        if self.strong:
            styles.setdefault("fill", self.fill)
        return styled_cell(self.ws, value, **styles) if styles else value

    def text(self, value: str, *, wrap: bool = False):  # noqa: ANN201
        value = clean_text(value)
        return self._cell(value, alignment=self.wrap) if wrap and value else self._cell(value or None)

    def digits(self, value: str):  # noqa: ANN201 - codes and phones stay text when edited in Excel
        return self._cell(value or None, number_format=TEXT_FORMAT)

    def day(self, value: date | None):  # noqa: ANN201
        return self._cell(value, number_format=DATE_FORMAT) if value else self._cell(None)

    def number(self, value: int | None):  # noqa: ANN201
        return self._cell(value)

    def yes_no(self, value: bool, *, alarm: bool = False):  # noqa: ANN201
        return self._cell("是" if value else "否", **({"font": self.alarm} if alarm and value else {}))


def _save_sheet(path: str | Path, sheet_name: str, title: str, columns: Sequence[tuple[str, int]],
                items: Sequence, make_row: Callable[[_Cells, int, object], list], progress: Progress) -> None:
    atomic_save(path, lambda temp: _write(temp, sheet_name, title, columns, items, make_row, progress))


def _write(temp: Path, sheet_name: str, title: str, columns: Sequence[tuple[str, int]], items: Sequence,
           make_row: Callable[[_Cells, int, object], list], progress: Progress) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_name)
    cells = _Cells(ws)
    # Every row is made before any is written: a write-only sheet left half-written when the user cancels
    # complains as it is thrown away.
    values = []
    for index, item in enumerate(items):
        if index % PROGRESS_EVERY == 0:
            progress.check()
            progress.report(index, len(items), f"正在导出第 {index + 1} 条…")
        values.append(make_row(cells, index, item))
        cells.strong = False
    progress.check()
    write_ledger_sheet(ws, title, columns, values)
    progress.report(len(items), len(items), "正在保存文件…")
    book.save(temp)


def write_census_xlsx(path: str | Path, rows: Sequence[CensusRow], *, title: str, masked: bool = False,
                      progress: Progress = NO_PROGRESS) -> None:
    """The census: the import's columns (so it imports again; unknown counts stay empty, not 0), then 组织覆盖,
    工作覆盖 and 最近走访. masked=True hides the middle of phones (the file then no longer imports them)."""

    def make_row(cells: _Cells, _index: int, row: CensusRow) -> list:
        r = row.record
        return [cells.text(r.name), cells.digits(r.credit_code), cells.text(r.industry), cells.text(r.brand),
                cells.text(r.address, wrap=True), cells.text(r.community), cells.text(r.legal_rep),
                cells.yes_no(r.legal_rep_is_member), cells.number(r.employees), cells.number(r.employees_under_35),
                cells.number(r.party_members), cells.text(r.party_org_name), cells.yes_no(r.party_work),
                cells.text(row.officer_name), cells.digits(mask_phone(r.phone) if masked else r.phone),
                cells.number(r.outlets), cells.text(r.note, wrap=True), cells.yes_no(r.org_covered),
                cells.yes_no(r.work_covered), cells.day(row.last_visit_on)]

    _save_sheet(path, "企业名录", title, CENSUS_COLUMNS, rows, make_row, progress)


def write_visit_ledger(path: str | Path, rows: Sequence[VisitLedgerRow], *, title: str,
                       progress: Progress = NO_PROGRESS) -> None:
    """One row per visit; 发现问题 lists the demands it raised, joined with ；(as the visit import reads them)."""

    def make_row(cells: _Cells, _index: int, row: VisitLedgerRow) -> list:
        return [cells.text(row.officer_name), cells.text(row.enterprise_name), cells.day(row.visited_on),
                cells.text(row.way), cells.text(row.met_person), cells.text(row.business_situation, wrap=True),
                cells.text(row.party_work_situation, wrap=True), cells.text(row.findings, wrap=True),
                cells.text("；".join(row.problems), wrap=True), cells.text(row.follow_up, wrap=True)]

    _save_sheet(path, "走访台账", title, VISIT_COLUMNS, rows, make_row, progress)


def write_demand_ledger(path: str | Path, rows: Sequence[DemandLedgerRow], *, title: str,
                        progress: Progress = NO_PROGRESS) -> None:
    """One row per demand, numbered; an overdue one on a light red fill with 是否超期 in bold red."""

    def make_row(cells: _Cells, index: int, row: DemandLedgerRow) -> list:
        cells.strong = row.overdue
        return [cells.number(index + 1), cells.text(row.source), cells.text(row.enterprise_name),
                cells.text(row.content, wrap=True), cells.text(row.category), cells.text(row.raised_by),
                cells.day(row.raised_on), cells.text(row.responsible_unit), cells.text(row.responsible_person),
                cells.day(row.deadline), cells.text(row.status), cells.text(row.outcome, wrap=True),
                cells.day(row.closed_on), cells.yes_no(row.overdue, alarm=True)]

    _save_sheet(path, "诉求台账", title, DEMAND_COLUMNS, rows, make_row, progress)
