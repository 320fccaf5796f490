"""包联 and 结对: one pick-list dialog (tick enterprises, 党组织 or mobile members, give the start date) fed by the
three `*_choices` loaders, and the small dialog asking the date a 包联 or 结对 ends."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from ...domain.enums import OrgLevel
from ...services.database import Database
from ...services.enterprises import list_enterprises
from ...services.members import list_members
from ...services.officers import assignments, pairings
from ...services.organizations import list_organizations
from ..models.officer_model import Choice, ChoiceTableModel
from ..theme import HINT, set_role
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit
from ..widgets.dialog_frame import lay_out_dialog, ok_cancel
from ..widgets.list_table import list_table, widget_shortcut

ENTERPRISE_HEADERS = ("企业名称", "行业", "所属社区", "当前包联")
ORGANIZATION_HEADERS = ("党组织", "层级", "上级组织", "当前包联")
MEMBER_HEADERS = ("姓名", "所在党支部", "流动方向", "流动地点", "已结对指导员")
MINE = "已由该指导员包联"
LISTED_CONFLICTS = 3
WIDTH_SAMPLE_ROWS = 100
MAX_COLUMN_WIDTH = 280


def _assignment_choices(db: Database, target: str, rows: list[tuple[int, tuple[str, ...]]],
                        officer_id: int) -> list[Choice]:
    """Each (id, texts) with its current officer ("当前：张三" makes a reassignment visible) and the first day a
    new 包联 may start (the services' rule: after the running one began, not before the last one ended)."""
    running, last_end = {}, {}
    for a in assignments(db):
        if a.target != target:
            continue
        if a.running:
            running[a.target_id] = a
        else:
            last_end[a.target_id] = max(a.ended_on, last_end.get(a.target_id, a.ended_on))
    choices = []
    for target_id, texts in rows:
        current = running.get(target_id)
        if current is None:
            choices.append(Choice(target_id, (*texts, "未包联"), last_end.get(target_id)))
        elif current.officer_id == officer_id:
            choices.append(Choice(target_id, (*texts, f"当前：{current.officer_name}"), taken=MINE))
        else:
            choices.append(Choice(target_id, (*texts, f"当前：{current.officer_name}"),
                                  current.started_on + timedelta(days=1)))
    return choices


def enterprise_choices(db: Database, officer_id: int) -> list[Choice]:
    """Every enterprise, with its current officer."""
    return _assignment_choices(db, "企业", [(info.id, (info.record.name, info.record.industry, info.record.community))
                                           for info in list_enterprises(db)], officer_id)


def organization_choices(db: Database, officer_id: int) -> list[Choice]:
    """The 党委, 党总支 and 党支部 of the tree (not the street's 党工委 itself, not 党小组)."""
    nodes = list_organizations(db)
    names = {node.id: node.name for node in nodes}
    return _assignment_choices(db, "党组织", [(node.id, (node.name, node.level, names.get(node.parent_id, "")))
                                            for node in nodes if node.parent_id is not None
                                            and node.level != OrgLevel.GROUP], officer_id)


def member_choices(db: Database, officer_id: int) -> list[Choice]:
    """The mobile members (流出/流入, with the place), and who they are already paired with."""
    paired: dict[int, list[str]] = {}
    mine = set()
    for pairing in pairings(db):
        if pairing.ended_on is None:
            paired.setdefault(pairing.member_id, []).append(pairing.officer_name)
            if pairing.officer_id == officer_id:
                mine.add(pairing.member_id)
    return [Choice(m.id, (m.name, m.branch_name, m.mobile_direction, m.mobile_place, "、".join(paired.get(m.id, ()))),
                   taken="已与该指导员结对" if m.id in mine else "")
            for m in list_members(db) if m.is_mobile]


class ChooserDialog(QDialog):
    """Tick rows (a click ticks or unticks; ticks survive searching) and give the start date. 确定 stays disabled
    until something is ticked and the date fits the 包联 it follows."""

    def __init__(self, parent: QWidget | None, *, title: str, hint: str, headers: tuple[str, ...],
                 choices: list[Choice], unit: str, date_label: str, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._unit = unit
        self.model = ChoiceTableModel(headers, self)
        self.model.set_records(choices)
        self._build(hint, date_label)
        self.start.setDate(today or date.today())
        self.check_now()

    def _build(self, hint: str, date_label: str) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索"))
        self.search.setClearButtonEnabled(True)
        self.count_label = set_role(QLabel(), HINT)
        self.table = list_table(self.model, sortable=True)
        self.table.setMinimumSize(760, 360)
        self.table.horizontalHeader().setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        rows = range(min(self.model.rowCount(), WIDTH_SAMPLE_ROWS))
        for column in range(self.model.columnCount()):
            texts = [self.model.headerData(column, Qt.Orientation.Horizontal)] + [
                self.model.data(self.model.index(row, column)) for row in rows]
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            self.table.setColumnWidth(column, min(widest + (56 if column == 0 else 32), MAX_COLUMN_WIDTH))
        self.start = DateEdit()
        self.start.setFixedWidth(self.start.fontMetrics().horizontalAdvance("2026-12-31") + 96)
        self.date_message, self.summary = FieldMessage(), FieldMessage()
        self.buttons = ok_cancel(self, self.tr("确定"), self._accept)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        explanation = set_role(QLabel(hint), HINT)
        explanation.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        form = QFormLayout()
        form.addRow(date_label, with_message(self.start, self.date_message))
        lay_out_dialog(self, (explanation, top, self.table, form), self.buttons, self.summary, stretch=self.table)
        self.search.textChanged.connect(self.model.set_search)
        self.model.counts_changed.connect(self.check_now)
        self.table.clicked.connect(lambda index: self.model.toggle(index.row()))
        widget_shortcut(Qt.Key.Key_Space, self.table, self._toggle_current)
        self.start.changed.connect(self.check_now)

    def _toggle_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.toggle(index.row())

    def chosen(self) -> list[Choice]:
        return self.model.checked_choices()

    def start_date(self) -> date | None:
        return self.start.date()

    def check_now(self) -> bool:
        chosen, day = self.chosen(), self.start.date()
        shown, total = self.model.visible_count, self.model.total_count
        listed = self.tr("共 {0} {1}").format(total, self._unit) if shown == total else \
            self.tr("显示 {0} / 共 {1} {2}").format(shown, total, self._unit)
        self.count_label.setText(self.tr("{0}，已勾选 {1} {2}").format(listed, len(chosen), self._unit))
        error = self.start.error() or ("" if day else self.tr("请填写开始日期"))
        if day is not None:
            early = [c for c in chosen if c.earliest is not None and day < c.earliest]
            if early:
                names = "；".join(self.tr("“{0}”最早可从 {1:%Y-%m-%d} 开始").format(c.texts[0], c.earliest)
                                 for c in early[:LISTED_CONFLICTS])
                more = self.tr("（共 {0} {1}）").format(len(early), self._unit) if len(early) > LISTED_CONFLICTS else ""
                error = self.tr("开始日期早于上一次包联：{0}{1}").format(names, more)
        if error:
            self.date_message.show_message(error)
        else:
            self.date_message.clear_message()
        if not chosen:
            self.summary.show_message(self.tr("请在列表中勾选（单击一行即可勾选或取消）"), "warning")
        else:
            self.summary.clear_message()
        ok = bool(chosen) and not error
        self.ok_button.setEnabled(ok)
        return ok

    def _accept(self) -> None:
        if self.check_now():
            self.accept()


class EndDateDialog(QDialog):
    """Ask the day a 包联 or 结对 ends (it must be after its start); `ended_on()` after 确定."""

    def __init__(self, parent: QWidget | None, title: str, text: str, started_on: date, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._started_on = started_on
        label = QLabel(text)
        label.setWordWrap(True)
        label.setMinimumWidth(440)
        self.end = DateEdit()
        self.end.setDate(max(today or date.today(), started_on))
        self.message = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("结束"), self.accept)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow(self.tr("结束日期"), with_message(self.end, self.message))
        lay_out_dialog(self, (label, form), self.buttons)
        self.end.changed.connect(self.check_now)
        self.check_now()

    def ended_on(self) -> date | None:
        return self.end.date()

    def check_now(self) -> bool:
        day = self.end.date()
        error = self.end.error() or ("" if day else self.tr("请填写结束日期"))
        if day is not None and day <= self._started_on:
            error = self.tr("结束日期应晚于开始日期（{0:%Y-%m-%d}）").format(self._started_on)
        if error:
            self.message.show_message(error)
        else:
            self.message.clear_message()
        self.ok_button.setEnabled(not error)
        return not error


def ask_end_date(parent: QWidget, title: str, text: str, started_on: date) -> date | None:
    """The end date the user gave; None when cancelled."""
    dialog = EndDateDialog(parent, title, text, started_on)
    return dialog.ended_on() if dialog.exec() else None
