"""走访与诉求设置: how often every assigned enterprise must be visited, and how many days a new demand has."""

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...domain.compliance import Frequency
from ...domain.visits import VisitFrequency
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.visit_rules import VisitRules, load_visit_rules, save_visit_rules
from ..theme import HINT, set_role
from ..widgets import FieldMessage
from .rules_dialog import NumberCombo

MAX_DEADLINE_DAYS = 365


class VisitRulesDialog(QDialog):
    """Edits the stored rules; after 保存 succeeds `saved` holds them. 恢复默认 only fills in the defaults."""

    def __init__(self, parent: QWidget | None, db: Database):
        super().__init__(parent)
        self._db = db
        self.saved: VisitRules | None = None
        self.setWindowTitle(self.tr("走访与诉求设置"))
        self.frequency_combo = QComboBox()
        for frequency in Frequency:
            self.frequency_combo.addItem(self.tr(frequency.value), frequency.value)
        self.minimum_combo = NumberCombo(range(1, 13), self.tr(" 次"))
        self.days_edit = QLineEdit()
        self.days_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,3}"), self.days_edit))
        self.days_edit.setFixedWidth(self.days_edit.fontMetrics().horizontalAdvance("00000") + 48)
        self.days_edit.textChanged.connect(self._check_days)
        self.days_message = FieldMessage()
        self.message = FieldMessage()

        frequency_row = QHBoxLayout()
        frequency_row.setSpacing(8)
        frequency_row.addWidget(self.frequency_combo)
        frequency_row.addWidget(QLabel(self.tr("至少走访")))
        frequency_row.addWidget(self.minimum_combo)
        frequency_row.addStretch(1)
        days_row = QHBoxLayout()   # the message beside the field: the dialog keeps its height
        days_row.setSpacing(8)
        days_row.addWidget(self.days_edit)
        days_row.addWidget(QLabel(self.tr("天")))
        days_row.addSpacing(8)
        days_row.addWidget(self.days_message, 1)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("走访频次："), frequency_row)
        form.addRow("", self._hint(self.tr("每家已配备党建指导员的企业，在每个周期内至少走访的次数。"
                                           "工作概况和首页按此统计“本期未走访”的企业。")))
        form.addRow(self.tr("诉求办理期限："), days_row)
        form.addRow("", self._hint(self.tr("自诉求提出之日算起。新登记的诉求默认在这么多天内办结，登记时也可以另定期限；"
                                           "已登记的诉求不受影响。")))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setText(self.tr("恢复默认"))
        defaults.clicked.connect(lambda: self.show_rules(VisitRules()))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.show_rules(load_visit_rules(db))

    def _hint(self, text: str) -> QLabel:
        label = set_role(QLabel(text), HINT)
        label.setWordWrap(True)
        return label

    def show_rules(self, rules: VisitRules) -> None:
        self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(rules.frequency.frequency.value))
        self.minimum_combo.set_value(rules.frequency.minimum)
        self.days_edit.setText(str(rules.deadline_days))
        self.message.clear_message()

    def deadline_days(self) -> int | None:
        """The typed number of days, or None while it is not a whole number from 1 to 365."""
        text = self.days_edit.text().strip()
        days = int(text) if text.isdigit() else 0
        return days if 1 <= days <= MAX_DEADLINE_DAYS else None

    def _check_days(self) -> None:
        if not self.days_edit.text().strip():
            self.days_message.show_message(self.tr("请填写办理期限的天数，例如 30。"))
        elif self.deadline_days() is None:
            self.days_message.show_message(self.tr("办理期限应在 1 至 {0} 天之间。").format(MAX_DEADLINE_DAYS))
        else:
            self.days_message.clear_message()
        self.save_button.setEnabled(self.deadline_days() is not None)

    def rules(self) -> VisitRules | None:
        days = self.deadline_days()
        if days is None:
            return None
        frequency = VisitFrequency(Frequency(self.frequency_combo.currentData()), self.minimum_combo.value())
        return VisitRules(frequency, days)

    def _save(self) -> None:
        rules = self.rules()
        if rules is None:
            self._check_days()
            self.days_edit.setFocus()
            return
        try:
            save_visit_rules(self._db, rules)
        except ServiceError as exc:
            self.message.show_message(exc.message)
            return
        self.saved = rules
        self.accept()
