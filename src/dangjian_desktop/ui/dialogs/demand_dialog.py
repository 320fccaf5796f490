"""One demand of the 诉求台账: what was raised and who answers for it, and for a stored demand its 办理 — the next
step (开始办理, 办结 with the result and date, 不予受理 with the reason, 重新打开) and the 办理过程. Checked as you
type; nothing closes without a result: 确定 stays disabled and the reason is shown beside the field."""

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, \
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QSizePolicy, QVBoxLayout, QWidget

from ...domain.visits import NEXT_STATUSES, DemandCategory, DemandSource, DemandStatus, check_transition, \
    default_deadline, is_near_deadline
from ...services.database import Database
from ...services.demands import DemandDraft, DemandInfo, add_demand, change_status, demand_events, get_demand, \
    update_demand
from ...services.enterprises import list_enterprises
from ...services.errors import ServiceError
from ...services.visit_rules import load_visit_rules
from ..models.demand_model import AMBER, RED, DemandEventsModel, remaining_text
from ..theme import HINT, set_role
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit
from ..widgets.dialog_frame import lay_out_dialog, ok_cancel
from ..widgets.list_table import list_table
from . import discard_confirmed
from .meeting_dialog import user_name

CHECK_DELAY_MS = 150
NO_ENTERPRISE = "（不涉及企业）"


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 18)
    return box


def _combo(values: list[str]) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(value, value)
    return combo


class HandlingSection(QGroupBox):
    """The 办理 of a stored demand: its status, the allowed next steps, what each step needs, and the history."""

    changed = Signal()

    def __init__(self, info: DemandInfo, events: list, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("办理"))
        self._info, self._today = info, today
        current = DemandStatus(info.status)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setText(self._status_text(info))
        if info.overdue:
            self.status_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        elif is_near_deadline(info.status, info.deadline, today):
            self.status_label.setStyleSheet(f"color: {AMBER};")
        self.steps = QButtonGroup(self)
        steps_row = QHBoxLayout()
        keep = QRadioButton(self.tr("暂不改变状态"))
        keep.setChecked(True)
        self.steps.addButton(keep, -1)
        steps_row.addWidget(keep)
        self.step_targets: list[DemandStatus] = list(NEXT_STATUSES[current])
        for number, target in enumerate(self.step_targets):
            button = QRadioButton(self._step_name(current, target))
            self.steps.addButton(button, number)
            steps_row.addWidget(button)
        steps_row.addStretch(1)
        self.text_label = QLabel()
        self.text = _text_box(4)
        self.text_message = FieldMessage()
        self.closed_label = QLabel(self.tr("办结日期"))
        self.closed_on = DateEdit()
        self.closed_on.setDate(today)
        self.closed_message = FieldMessage()
        self.events = DemandEventsModel(self)
        self.events.set_events(events)
        self.events_table = list_table(self.events)
        for column, width in enumerate((140, 70, 90)):
            self.events_table.setColumnWidth(column, width)
        self.events_table.horizontalHeader().setStretchLastSection(True)
        self.events_table.setMinimumHeight(120)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("当前状态"), self.status_label)
        form.addRow(self.tr("下一步"), steps_row)
        form.addRow(self.text_label, with_message(self.text, self.text_message))
        form.addRow(self.closed_label, with_message(self.closed_on, self.closed_message))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("办理过程")))
        layout.addWidget(self.events_table, 1)
        self.steps.idToggled.connect(lambda _id, on: on and self._step_chosen())
        self.text.textChanged.connect(self.changed)
        self.closed_on.changed.connect(self.changed)
        self._step_chosen()

    def _status_text(self, info: DemandInfo) -> str:
        closed = self.tr("（{0:%Y-%m-%d}）").format(info.closed_on) if info.closed_on else ""
        if info.status == DemandStatus.DONE:
            return self.tr("已办结{0}\n办理结果：{1}").format(closed, info.outcome)
        if info.status == DemandStatus.DECLINED:
            return self.tr("不予受理{0}\n理由：{1}").format(closed, info.outcome)
        return self.tr("{0}，办理期限 {1:%Y-%m-%d}，{2}").format(info.status, info.deadline,
                                                             remaining_text(info, self._today))

    def _step_name(self, current: DemandStatus, target: DemandStatus) -> str:
        if target is DemandStatus.IN_PROGRESS:
            return self.tr("开始办理") if current is DemandStatus.ACCEPTED else self.tr("重新打开")
        return self.tr("办结") if target is DemandStatus.DONE else self.tr("不予受理")

    def step(self) -> DemandStatus | None:
        number = self.steps.checkedId()
        return self.step_targets[number] if number >= 0 else None

    def choose(self, target: DemandStatus | None) -> None:
        number = -1 if target is None else self.step_targets.index(target)
        self.steps.button(number).setChecked(True)

    def is_reopening(self) -> bool:
        return self.step() is DemandStatus.IN_PROGRESS and not DemandStatus(self._info.status).is_open

    def _step_chosen(self) -> None:
        step = self.step()
        labels = {DemandStatus.DONE: self.tr("办理结果"), DemandStatus.DECLINED: self.tr("不予受理理由"),
                  DemandStatus.IN_PROGRESS: self.tr("重新打开原因") if self.is_reopening() else self.tr("办理说明")}
        self.text_label.setText(labels.get(step, ""))
        self.text.setPlaceholderText(self.tr("可不填，如：已转交社区办理") if step is DemandStatus.IN_PROGRESS
                                     and not self.is_reopening() else "")
        for widget in (self.text_label, self.text):
            widget.setVisible(step is not None)
        for widget in (self.closed_label, self.closed_on):
            widget.setVisible(step is DemandStatus.DONE)
        self.changed.emit()

    def check(self, raised_on: date | None) -> bool:
        """Show beside the fields what the chosen step still needs; True when it can be taken."""
        step, words = self.step(), self.text.toPlainText()
        text_error = closed_error = ""
        if step is not None:
            closed = self.closed_on.date() if step is DemandStatus.DONE else None
            error = check_transition(self._info.status, step, words, closed, raised_on or self._info.raised_on)
            if self.is_reopening() and not words.strip():
                text_error = self.tr("请说明重新打开的原因")
            elif error and not words.strip():
                text_error = error
            elif step is DemandStatus.DONE:
                closed_error = self.closed_on.error() or error or ""
                if not closed_error and closed is not None and closed > self._today:
                    closed_error = self.tr("办结日期不能晚于今天")
        for message, text in ((self.text_message, text_error), (self.closed_message, closed_error)):
            if text:
                message.show_message(text)
            else:
                message.clear_message()
        return not (text_error or closed_error)


class DemandDialog(QDialog):
    """A new demand (`demand_id` None; `enterprise_id` preselects the enterprise) or a stored one. `handling`
    puts the focus on the 办理 section. After 确定, `saved_id` holds the demand's id."""

    def __init__(self, db: Database, parent: QWidget | None = None, demand_id: int | None = None, *,
                 enterprise_id: int | None = None, handling: bool = False, today: date | None = None):
        super().__init__(parent)
        self._db, self._today = db, today or date.today()
        self._info = get_demand(db, demand_id, as_of=self._today) if demand_id is not None else None
        self._days = load_visit_rules(db).deadline_days
        self._enterprises = {info.record.name: info.id for info in list_enterprises(db)}
        self._deadline_follows = self._info is None    # a new demand's deadline follows its raised date
        self._touched = self._info is not None
        self.saved_id: int | None = None
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS, timeout=self.check_now)
        self.handling = HandlingSection(self._info, demand_events(db, demand_id), self._today) \
            if self._info is not None else None
        self._build()
        self._fill(enterprise_id)
        self._connect()
        self.check_now()
        self._initial = self.draft()
        if handling and self.handling is not None:
            self.handling.steps.checkedButton().setFocus()

    # ----- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        info = self._info
        self.setWindowTitle(self.tr("登记诉求") if info is None else self.tr("诉求 {0} 号 — {1}").format(
            info.id, info.status))
        from_visit = info is not None and info.source == DemandSource.VISIT
        self.source = _combo([DemandSource.VISIT.value] if from_visit
                             else [s.value for s in DemandSource if s is not DemandSource.VISIT])
        self.source.setEnabled(not from_visit)
        self.category = _combo([c.value for c in DemandCategory])
        self.enterprise = QComboBox()
        self.enterprise.setEditable(True)
        self.enterprise.addItem(NO_ENTERPRISE, None)
        for name, enterprise_id in self._enterprises.items():
            self.enterprise.addItem(name, enterprise_id)
        self.enterprise.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.enterprise.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.enterprise.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.enterprise.setEnabled(not from_visit)
        self.content = _text_box(4)
        self.raised_by = QLineEdit()
        self.raised_by.setPlaceholderText(self.tr("如 外卖骑手王某、某网格员"))
        self.raised_on, self.deadline = DateEdit(), DateEdit()
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("如 幸福里社区居委会"))
        self.person = QLineEdit()
        self.deadline_hint = set_role(QLabel(self.tr("默认为提出日期后 {0} 天").format(self._days)), HINT)
        self.messages = {key: FieldMessage() for key in ("enterprise", "content", "raised_on", "deadline")}
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline, 1)
        deadline_row.addWidget(self.deadline_hint)
        deadline_box = QWidget()
        deadline_box.setLayout(deadline_row)
        deadline_row.setContentsMargins(0, 0, 0, 0)
        self.fields = QGroupBox(self.tr("诉求"))
        form = QFormLayout(self.fields)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("来源"), self.source)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("企业"), with_message(self.enterprise, self.messages["enterprise"]))
        form.addRow(self.tr("诉求内容"), with_message(self.content, self.messages["content"]))
        form.addRow(self.tr("提出人"), self.raised_by)
        form.addRow(self.tr("提出日期"), with_message(self.raised_on, self.messages["raised_on"]))
        form.addRow(self.tr("责任单位"), self.unit)
        form.addRow(self.tr("责任人"), self.person)
        form.addRow(self.tr("办理期限"), with_message(deadline_box, self.messages["deadline"]))
        self.fields.setMinimumWidth(460)
        self.summary = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("确定"), self._save)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        body = QHBoxLayout()
        body.addWidget(self.fields, 1)
        if self.handling is not None:
            self.handling.setMinimumWidth(520)
            body.addWidget(self.handling, 1)
            self.resize(1040, 600)
        lay_out_dialog(self, (body,), self.buttons, self.summary, stretch=body)

    def _fill(self, enterprise_id: int | None) -> None:
        info = self._info
        if info is None:
            self.raised_on.setDate(self._today)
            self.deadline.setDate(default_deadline(self._today, self._days))
            self.enterprise.setCurrentIndex(max(self.enterprise.findData(enterprise_id), 0))
            return
        self.source.setCurrentIndex(max(self.source.findData(info.source), 0))
        if self.category.findData(info.category) < 0:
            self.category.addItem(info.category, info.category)
        self.category.setCurrentIndex(self.category.findData(info.category))
        self.enterprise.setCurrentIndex(max(self.enterprise.findData(info.enterprise_id), 0))
        self.content.setPlainText(info.content)
        self.raised_by.setText(info.raised_by)
        self.raised_on.setDate(info.raised_on)
        self.unit.setText(info.responsible_unit)
        self.person.setText(info.responsible_person)
        self.deadline.setDate(info.deadline)

    def _connect(self) -> None:
        for combo in (self.source, self.category):
            combo.currentIndexChanged.connect(self._changed)
        self.enterprise.editTextChanged.connect(self._changed)
        self.content.textChanged.connect(self._content_edited)
        for edit in (self.raised_by, self.unit, self.person):
            edit.textEdited.connect(self._changed)
        self.raised_on.changed.connect(self._raised_changed)
        self.deadline.changed.connect(self._deadline_edited)
        if self.handling is not None:
            self.handling.changed.connect(self._changed)

    # ----- checking --------------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._timer.start()

    def _content_edited(self) -> None:
        self._touched = True
        self._changed()

    def _raised_changed(self) -> None:
        day = self.raised_on.date()
        if self._deadline_follows and day is not None:
            self.deadline.blockSignals(True)
            self.deadline.setDate(default_deadline(day, self._days))
            self.deadline.blockSignals(False)
        self._changed()

    def _deadline_edited(self) -> None:
        self._deadline_follows = False
        self._changed()

    def enterprise_id(self) -> int | None:
        text = self.enterprise.currentText().strip()
        return None if text in ("", NO_ENTERPRISE) else self._enterprises.get(text)

    def draft(self) -> DemandDraft:
        """The demand as typed (dates fall back to the stored ones while unreadable)."""
        info = self._info
        raised = self.raised_on.date() or (info.raised_on if info else self._today)
        return DemandDraft(self.content.toPlainText().strip(), raised, self.source.currentData(),
                           self.category.currentData(), self.raised_by.text().strip(), self.unit.text().strip(),
                           self.person.text().strip(), self.deadline.date(), self.enterprise_id(),
                           info.visit_id if info else None)

    def is_modified(self) -> bool:
        return self.draft() != self._initial or (self.handling is not None and self.handling.step() is not None)

    def reject(self) -> None:
        if self.is_modified() and not discard_confirmed(self, self.tr("诉求")):
            return
        super().reject()

    def check_now(self) -> bool:
        """Show each field's message; 确定 is enabled only when the demand can be saved and the step taken."""
        self._timer.stop()
        errors: dict[str, str] = {}
        text = self.enterprise.currentText().strip()
        if text not in ("", NO_ENTERPRISE) and text not in self._enterprises:
            errors["enterprise"] = self.tr("没有名为“{0}”的企业，请从列表中选择，不涉及企业时请清空").format(text)
        if not self.content.toPlainText().strip():
            errors["content"] = self.tr("请填写诉求内容")
        raised, deadline = self.raised_on.date(), self.deadline.date()
        errors["raised_on"] = self.raised_on.error() or ("" if raised else self.tr("请填写提出日期"))
        if raised is not None and raised > self._today:
            errors["raised_on"] = self.tr("提出日期不能晚于今天")
        errors["deadline"] = self.deadline.error() or ("" if deadline else self.tr("请填写办理期限"))
        if raised is not None and deadline is not None and deadline < raised:
            errors["deadline"] = self.tr("办理期限不能早于提出日期")
        for key, message in self.messages.items():
            if errors.get(key) and (self._touched or key != "content"):
                message.show_message(errors[key])
            else:
                message.clear_message()
        reopening = self.handling is not None and self.handling.is_reopening()
        editable = self._info is None or DemandStatus(self._info.status).is_open or reopening
        self.fields.setEnabled(editable)
        self.fields.setTitle(self.tr("诉求") if editable else self.tr("诉求（{0}，重新打开后才能修改）").format(
            self._info.status))
        step_ok = self.handling is None or self.handling.check(raised)
        ok = step_ok and not any(errors.values())
        if errors.get("content") and not self._touched:
            self.summary.show_message(self.tr("还需填写：诉求内容"), "warning")
        elif not step_ok:
            self.summary.show_message(self.tr("请先补全右侧“办理”中红色提示的内容。"))
        else:
            self.summary.clear_message()
        self.ok_button.setEnabled(ok)
        return ok

    # ----- saving ----------------------------------------------------------------------------------------------
    def _save(self) -> None:
        if not self.check_now():
            return
        draft, user = self.draft(), user_name(self._db)
        try:
            if self._info is None:
                self.saved_id = add_demand(self._db, draft, user)
            else:
                self.saved_id = self._info.id
                if draft != self._info.draft():
                    update_demand(self._db, self._info.id, draft)
                self._take_step(user)
        except ServiceError as exc:
            self.summary.show_message(exc.message)
            return
        self.accept()

    def _take_step(self, user: str) -> None:
        step = self.handling.step()
        if step is None:
            return
        words = self.handling.text.toPlainText().strip()
        if step.is_open:
            change_status(self._db, self._info.id, step.value, user=user, note=words)
        else:
            change_status(self._db, self._info.id, step.value, outcome=words,
                          closed_on=self.handling.closed_on.date() if step is DemandStatus.DONE else self._today,
                          user=user)
