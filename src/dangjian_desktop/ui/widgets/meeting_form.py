"""The typed fields of a meeting record (DESIGN §5): dates and times, place, who hosted, recorded and lectured,
topic, guests, and the long texts; each with its message line for the live check."""

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, \
    QWidget

from ...domain.meetings import MeetingIssue, MeetingRecord, MeetingType, normalize_time
from . import FieldMessage, with_message
from .date_edit import DateEdit

LINE_FIELDS = ("location", "topic", "observers", "guidance_staff")
TEXT_FIELDS = ("content", "resolution", "vote_result")
NAME_FIELDS = ("host", "recorder", "lecturer")
MESSAGE_KEYS = ("held_on", "sequence", "time", "planned_at", "lecturer")


def _name_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumContentsLength(8)
    return combo


def _clock(text: str) -> time | None:
    """The time typed (14:30, 1430, 9：30); None when empty or not a time."""
    try:
        return datetime.strptime(normalize_time(text), "%H:%M").time()
    except ValueError:
        return None


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


def _text_edit(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


class MeetingFields(QWidget):
    """The grid of short fields; the long texts (`texts`) are placed by the dialog. `changed` on any edit,
    `date_changed` when the meeting date was edited or picked."""

    changed = Signal()
    date_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.held_on, self.planned_on = DateEdit(), DateEdit()
        self.sequence = QSpinBox()
        self.sequence.setRange(0, 999)
        self.sequence.setSpecialValueText(self.tr("自动"))
        self.sequence.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.sequence.setToolTip(self.tr("本组织本年度第几次召开此类会议；填 0 则保存时自动编号"))
        self.sequence.setMaximumWidth(self.sequence.fontMetrics().horizontalAdvance("0000") + 40)
        self.start_time, self.end_time, self.planned_time = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, example in ((self.start_time, "14:30"), (self.end_time, "16:00"), (self.planned_time, "14:30")):
            edit.setPlaceholderText(self.tr("如 {0}").format(example))
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("如 14:30") + 40)
        self.lines = {key: QLineEdit() for key in LINE_FIELDS}
        self.lines["observers"].setPlaceholderText(self.tr("列席人员姓名，用、分隔"))
        self.lines["guidance_staff"].setPlaceholderText(self.tr("如 党建指导员 张三"))
        self.names = {key: _name_combo() for key in NAME_FIELDS}
        self.texts = {"content": _text_edit(self.tr("会议内容、发言要点")),
                      "resolution": _text_edit(self.tr("会议形成的决议")),
                      "vote_result": _text_edit(self.tr("如 应到 8 人，实到 7 人，同意 7 票，反对 0 票，弃权 0 票"))}
        self.messages = {key: FieldMessage() for key in MESSAGE_KEYS}
        self.lecturer_label = QLabel(self.tr("讲课人"))
        self._lecturer_box = with_message(self.names["lecturer"], self.messages["lecturer"])
        self._build()
        self._connect()

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        times = _row(self.start_time, QLabel(self.tr("至")), self.end_time)
        rows = (
            ((self.tr("日期"), with_message(self.held_on, self.messages["held_on"])),
             (self.tr("时间"), with_message(times, self.messages["time"]))),
            ((self.tr("计划时间"), with_message(_row(self.planned_on, self.planned_time), self.messages["planned_at"])),
             (self.tr("第几次"), with_message(self.sequence, self.messages["sequence"]))),
            ((self.tr("地点"), self.lines["location"]),),
            ((self.tr("主持人"), self.names["host"]), (self.tr("记录人"), self.names["recorder"])),
            ((self.lecturer_label, self._lecturer_box),),
            ((self.tr("主题/议题"), self.lines["topic"]),),
            ((self.tr("列席"), self.lines["observers"]), (self.tr("到会指导人员"), self.lines["guidance_staff"])),
        )
        for row, pairs in enumerate(rows):
            for pair, (label, field) in enumerate(pairs):
                grid.addWidget(label if isinstance(label, QLabel) else QLabel(label), row, pair * 2)
                grid.addWidget(field, row, pair * 2 + 1, 1, 3 if len(pairs) == 1 else 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _connect(self) -> None:
        self.held_on.changed.connect(self.date_changed)
        self.planned_on.changed.connect(self.changed)
        self.sequence.valueChanged.connect(self.changed)
        for edit in (self.start_time, self.end_time, self.planned_time, *self.lines.values()):
            edit.textEdited.connect(self.changed)
        for edit in (self.start_time, self.end_time, self.planned_time):
            edit.editingFinished.connect(lambda e=edit: e.setText(normalize_time(e.text())))
        for combo in self.names.values():
            combo.editTextChanged.connect(self.changed)
        for edit in self.texts.values():
            edit.textChanged.connect(self.changed)

    # ----- content -------------------------------------------------------------------------------------------
    def load(self, record: MeetingRecord, names: list[str]) -> None:
        """Show the record; `names` (the expected attendees) are offered for 主持人, 记录人 and 讲课人."""
        self.held_on.setDate(record.held_on)
        self.sequence.setValue(record.sequence or 0)
        self.start_time.setText(record.start_time)
        self.end_time.setText(record.end_time)
        planned = record.planned_at
        self.planned_on.setDate(planned.date() if planned else None)
        self.planned_time.setText(f"{planned:%H:%M}" if planned and (planned.hour or planned.minute) else "")
        for key, edit in self.lines.items():
            edit.setText(getattr(record, key))
        for key, edit in self.texts.items():
            edit.setPlainText(getattr(record, key))
        self.offer_names(names)
        for key, combo in self.names.items():
            combo.setEditText(getattr(record, key))
        lecture = record.type == MeetingType.LECTURE
        self.lecturer_label.setVisible(lecture)
        self._lecturer_box.setVisible(lecture)

    def offer_names(self, names: list[str]) -> None:
        """The name pickers list the attendees; what is typed is kept (a guest may host or lecture)."""
        for combo in self.names.values():
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(combo.findText(text))   # none chosen unless typed: picking a name always takes
            combo.setEditText(text)
            combo.blockSignals(False)

    def apply(self, record: MeetingRecord, fallback_day: date) -> MeetingRecord:
        """The record with the fields as shown (the date falls back to `fallback_day` while unreadable)."""
        day = self.planned_on.date()
        return replace(
            record, held_on=self.held_on.date() or fallback_day, sequence=self.sequence.value() or None,
            planned_at=datetime.combine(day, _clock(self.planned_time.text()) or time()) if day else None,
            start_time=normalize_time(self.start_time.text()), end_time=normalize_time(self.end_time.text()),
            **{key: edit.text().strip() for key, edit in self.lines.items()},
            **{key: combo.currentText().strip() for key, combo in self.names.items()},
            **{key: edit.toPlainText() for key, edit in self.texts.items()})

    def set_read_only(self, read_only: bool) -> None:
        """A 定稿 record: nothing can be typed, and the fields are greyed so that shows."""
        self.setStyleSheet("QLineEdit, QPlainTextEdit, QSpinBox { background: #F4F5F7; }" if read_only else "")
        for text in self.texts.values():
            text.setStyleSheet("QPlainTextEdit { background: #F4F5F7; }" if read_only else "")
        for field in (self.held_on, self.planned_on, self.sequence, self.start_time, self.end_time, self.planned_time,
                      *self.lines.values(), *self.texts.values()):
            field.setReadOnly(read_only)
        for combo in self.names.values():
            combo.setEnabled(not read_only)

    # ----- checking ------------------------------------------------------------------------------------------
    def own_issues(self) -> list[MeetingIssue]:
        """What the record check cannot see: an unreadable or missing date, an unreadable planned time."""
        issues = []
        if self.held_on.error():
            issues.append(MeetingIssue("held_on", self.held_on.error()))
        elif self.held_on.date() is None:
            issues.append(MeetingIssue("held_on", self.tr("请填写会议日期")))
        if self.planned_on.error():
            issues.append(MeetingIssue("planned_at", self.planned_on.error()))
        elif self.planned_time.text().strip() and _clock(self.planned_time.text()) is None:
            issues.append(MeetingIssue("planned_at", self.tr("计划时间应写成 14:30 这样的格式")))
        return issues

    def show_issues(self, by_field: dict[str, list[str]]) -> None:
        """Each message beside its field (开始/结束时间 share one line)."""
        times = by_field.get("start_time", []) + by_field.get("end_time", [])
        for key, message in self.messages.items():
            message.show_message("；".join(times if key == "time" else by_field.get(key, [])))

    def shown_fields(self) -> set[str]:
        return {*MESSAGE_KEYS, "start_time", "end_time"} - {"time"}
