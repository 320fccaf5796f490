"""The 党建指导员 tables: the officers (phones masked unless asked), each officer's 包联 and 结对 with their dates
(running ones first), and the pick lists of the 包联/结对 dialogs."""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.masking import mask_phone
from ...services.officers import AssignmentInfo, OfficerInfo, PairingInfo
from .headered import HeaderedTableModel
from .sorted_rows import SortedRowsModel

HEADERS = ("姓名", "单位", "职务", "电话", "在任", "包联企业", "包联党组织", "结对党员")
NAME, UNIT, POST, PHONE, ACTIVE, ENTERPRISES, ORGANIZATIONS, PAIRINGS = range(len(HEADERS))
COUNTS = (ENTERPRISES, ORGANIZATIONS, PAIRINGS)
GREY = "#8F959E"


class OfficerTableModel(SortedRowsModel):
    """Officers as rows; `set_active_only` hides those no longer 在任; phones masked until `set_masked(False)`."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._active_only = False
        self._masked = True

    def set_active_only(self, active_only: bool) -> None:
        self._active_only = active_only
        self._refilter()

    def set_masked(self, masked: bool) -> None:
        if masked != self._masked:
            self._masked = masked
            if self._visible:
                self.dataChanged.emit(self.index(0, PHONE), self.index(len(self._visible) - 1, PHONE),
                                      [Qt.ItemDataRole.DisplayRole])

    def _haystack(self, officer: OfficerInfo) -> str:
        return "\n".join((officer.name, officer.unit, officer.post, officer.phone, officer.note))

    def _accepts(self, officer: OfficerInfo) -> bool:
        return officer.active or not self._active_only

    def _text(self, officer: OfficerInfo, column: int) -> str:
        if column == PHONE:
            return mask_phone(officer.phone) if self._masked else officer.phone
        if column == ACTIVE:
            return "是" if officer.active else "否"
        if column in COUNTS:
            return str(self._count(officer, column))
        return (officer.name, officer.unit, officer.post)[column]

    @staticmethod
    def _count(officer: OfficerInfo, column: int) -> int:
        return (officer.enterprises, officer.organizations, officer.pairings)[column - ENTERPRISES]

    def _sort_key(self, officer: OfficerInfo, column: int):  # noqa: ANN202 - any comparable value
        if column in COUNTS:
            return self._count(officer, column)
        if column == ACTIVE:
            return officer.active
        return self._text(officer, column)

    def _role_data(self, officer: OfficerInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ACTIVE, *COUNTS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
                not officer.active or (column in COUNTS and not self._count(officer, column))):
            return QBrush(QColor(GREY))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NAME and officer.note:
                return officer.note
            if column == NAME and not officer.active:
                return "已不再担任党建指导员"
        return None


class PeriodTableModel(HeaderedTableModel):
    """Rows that run from a start date to an end date (None: still running): running first, newest first.
    Subclasses give the leading columns (`lead_headers`, `_lead`) and the word for a running row."""

    RUNNING = ""
    ENDED = "已结束"

    def __init__(self, lead_headers: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.HEADERS = (*lead_headers, "开始日期", "结束日期", "状态")
        self._lead_count = len(lead_headers)
        self._records: list = []

    def _lead(self, record) -> tuple[str, ...]:  # noqa: ANN001 - the subclass's record type
        raise NotImplementedError

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        self._records = sorted(records, key=lambda r: (r.ended_on is not None, -r.started_on.toordinal()))
        self.endResetModel()

    def record_at(self, row: int):  # noqa: ANN201 - the subclass's record type
        return self._records[row]

    def _row_count(self) -> int:
        return len(self._records)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN001 - Qt's index types
        if not index.isValid():
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole or (role == Qt.ItemDataRole.ToolTipRole and column < self._lead_count):
            texts = (*self._lead(record), record.started_on.isoformat(),
                     record.ended_on.isoformat() if record.ended_on else "",
                     self.RUNNING if record.ended_on is None else self.ENDED)
            return texts[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self._lead_count:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and record.ended_on is not None:
            return QBrush(QColor(GREY))
        return None


class AssignmentTableModel(PeriodTableModel):
    """An officer's 包联 of enterprises or of 党组织 (`target_label` names the first column)."""

    RUNNING = "包联中"

    def __init__(self, target_label: str, parent: QObject | None = None):
        super().__init__((target_label,), parent)

    def _lead(self, record: AssignmentInfo) -> tuple[str, ...]:
        return (record.target_name,)


class PairingTableModel(PeriodTableModel):
    """An officer's 结对 with mobile members."""

    RUNNING = "结对中"

    def __init__(self, parent: QObject | None = None):
        super().__init__(("党员", "所在党支部", "流动地点"), parent)

    def _lead(self, record: PairingInfo) -> tuple[str, ...]:
        return record.member_name, record.branch_name, record.mobile_place


@dataclass(frozen=True)
class Choice:
    """One row of a 包联/结对 pick list. `earliest`: the first day a new 包联 may start (the day after someone
    else's running one began, or the day the last one ended); `taken`: why it cannot be picked (e.g. already
    this officer's), empty when it can."""

    id: int
    texts: tuple[str, ...]
    earliest: date | None = None
    taken: str = ""


class ChoiceTableModel(SortedRowsModel):
    """The rows a 包联/结对 dialog offers, each with a tick box; `toggle(row)` ticks or unticks one. Ticks
    survive searching. Rows that cannot be picked are grey, cannot be ticked, and say why in their tooltip."""

    def __init__(self, headers: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.HEADERS = headers
        self._checked: set[int] = set()

    def toggle(self, row: int) -> None:
        choice = self.record_at(row)
        if choice.taken:
            return
        self._checked.symmetric_difference_update({choice.id})
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0), [Qt.ItemDataRole.CheckStateRole])
        self.counts_changed.emit()

    def checked_choices(self) -> list[Choice]:
        return [r for r in self._records if r.id in self._checked]

    def flags(self, index):  # noqa: ANN001, ANN201 - Qt's types
        if index.isValid() and self.record_at(index.row()).taken:
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def _haystack(self, choice: Choice) -> str:
        return "\n".join(choice.texts)

    def _text(self, choice: Choice, column: int) -> str:
        return choice.texts[column]

    def _role_data(self, choice: Choice, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if choice.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and choice.taken:
            return QBrush(QColor(GREY))
        if role == Qt.ItemDataRole.ToolTipRole:
            return choice.taken or choice.texts[column] or None
        return None
