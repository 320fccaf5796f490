"""设置频次: how often each meeting type must be held, and from how many 正式党员 a branch has a 支委会."""

from bisect import insort

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...domain.compliance import Frequency, Requirement
from ...domain.meetings import MeetingType
from ...services.compliance import MeetingRules, load_rules, save_rules
from ...services.database import Database
from ...services.errors import ServiceError
from ..theme import HINT, set_role
from ..widgets import FieldMessage

NOT_REQUIRED = ""
NOTES = {
    MeetingType.COMMITTEE: "正式党员不足下方人数的党支部不设支委会，不考核此项",
    MeetingType.GROUP: "每个党小组各自计算；未设党小组的党支部不考核此项",
    MeetingType.LECTURE: "书记每年至少讲 1 次党课",
}


class NumberCombo(QComboBox):
    """Whole numbers picked from a list ("3 次", "2025 年"): one click, no tiny arrows, nothing to mistype."""

    def __init__(self, values: range, suffix: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._suffix = suffix
        self._values: list[int] = []
        for value in values:
            self._add(value)

    def _add(self, value: int) -> None:
        insort(self._values, value)
        self.insertItem(self._values.index(value), f"{value}{self._suffix}", value)

    def value(self) -> int:
        return self.currentData()

    def set_value(self, value: int) -> None:
        """Choose the value, adding it to the list when it lies outside the offered range."""
        if value not in self._values:
            self._add(value)
        self.setCurrentIndex(self.findData(value))


class RulesDialog(QDialog):
    """Edits the stored rules; after 保存 succeeds `saved` holds them. 恢复默认 only fills in the defaults."""

    def __init__(self, parent: QWidget | None, db: Database):
        super().__init__(parent)
        self._db = db
        self.saved: MeetingRules | None = None
        self.setWindowTitle(self.tr("设置会议频次"))
        rules = load_rules(db)
        known = [r.type for r in MeetingRules().requirements]
        types = known + [t for t in MeetingType if t not in known]
        self.frequency_combos: dict[str, QComboBox] = {}
        self.minimum_combos: dict[str, NumberCombo] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, title in enumerate((self.tr("会议类型"), self.tr("频次"), self.tr("至少"), self.tr("说明"))):
            grid.addWidget(set_role(QLabel(title), HINT), 0, column)
        for row, meeting_type in enumerate(types, start=1):
            combo = QComboBox()
            for frequency in Frequency:
                combo.addItem(self.tr(frequency.value), frequency.value)
            combo.addItem(self.tr("不作要求"), NOT_REQUIRED)
            times = NumberCombo(range(1, 13), self.tr(" 次"))
            combo.currentIndexChanged.connect(
                lambda _index, c=combo, t=times: t.setEnabled(c.currentData() != NOT_REQUIRED))
            self.frequency_combos[meeting_type], self.minimum_combos[meeting_type] = combo, times
            grid.addWidget(QLabel(meeting_type), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(times, row, 2)
            note = set_role(QLabel(self.tr(NOTES.get(meeting_type, ""))), HINT)
            note.setWordWrap(True)
            grid.addWidget(note, row, 3)
        grid.setColumnStretch(3, 1)
        self.threshold_combo = NumberCombo(range(3, 16), self.tr(" 名"))
        threshold_row = QGridLayout()
        threshold_row.addWidget(QLabel(self.tr("正式党员达到")), 0, 0)
        threshold_row.addWidget(self.threshold_combo, 0, 1)
        threshold_row.addWidget(QLabel(self.tr("的党支部设支部委员会（考核支部委员会会议）")), 0, 2)
        threshold_row.setColumnStretch(3, 1)
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.defaults_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.setText(self.tr("恢复默认"))
        self.defaults_button.clicked.connect(lambda: self.show_rules(MeetingRules()))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(QLabel(self.tr(
            "默认按《中国共产党支部工作条例（试行）》：支部党员大会每季度、支部委员会和党小组会每月、党课每季度、"
            "主题党日每月、组织生活会和民主评议党员每年至少 1 次。")), HINT))
        layout.itemAt(0).widget().setWordWrap(True)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(threshold_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(720)
        self.show_rules(rules)

    def show_rules(self, rules: MeetingRules) -> None:
        by_type = {r.type: r for r in rules.requirements}
        for meeting_type, combo in self.frequency_combos.items():
            requirement = by_type.get(meeting_type)
            combo.setCurrentIndex(combo.findData(requirement.frequency.value if requirement else NOT_REQUIRED))
            self.minimum_combos[meeting_type].set_value(requirement.minimum if requirement else 1)
            self.minimum_combos[meeting_type].setEnabled(requirement is not None)
        self.threshold_combo.set_value(rules.committee_threshold)
        self.message.clear_message()

    def rules(self) -> MeetingRules:
        requirements = tuple(Requirement(meeting_type, Frequency(combo.currentData()),
                                         self.minimum_combos[meeting_type].value())
                             for meeting_type, combo in self.frequency_combos.items()
                             if combo.currentData() != NOT_REQUIRED)
        return MeetingRules(requirements, self.threshold_combo.value())

    def _save(self) -> None:
        rules = self.rules()
        try:
            save_rules(self._db, rules)
        except ServiceError as exc:
            self.message.show_message(exc.message)
            return
        self.saved = rules
        self.accept()
