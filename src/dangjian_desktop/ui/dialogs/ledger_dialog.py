"""Which records go into a 台账 (the binder PDF or the Excel ledger): a date range, and the chosen organisation's
branches or every branch."""

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, \
    QRadioButton, QVBoxLayout, QWidget

from ..widgets import FieldMessage
from ..widgets.date_edit import DateEdit


@dataclass(frozen=True)
class LedgerScope:
    branch_ids: list[int] | None      # None: every branch
    date_from: date
    date_to: date
    title: str                        # whose 台账: the organisation's name, or 全部党支部


class LedgerDialog(QDialog):
    """`scope()` after 确定. `org_name`/`branch_ids` describe the organisation chosen on the page (None: none)."""

    def __init__(self, parent: QWidget | None, title: str, go_text: str, *, org_name: str | None,
                 branch_ids: list[int] | None, date_from: date, date_to: date, all_name: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._branch_ids, self._org_name, self._all_name = branch_ids, org_name, all_name
        self.date_from, self.date_to = DateEdit(), DateEdit()
        self.date_from.setDate(date_from)
        self.date_to.setDate(date_to)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.date_to)
        self.current = QRadioButton(self.tr("{0}（{1} 个党支部）").format(org_name, len(branch_ids or []))
                                    if org_name else self.tr("当前组织"))
        self.everything = QRadioButton(self.tr("全部党支部"))
        choice = QButtonGroup(self)
        choice.addButton(self.current)
        choice.addButton(self.everything)
        self.current.setEnabled(org_name is not None)
        (self.current if org_name is not None else self.everything).setChecked(True)
        scope = QVBoxLayout()
        scope.addWidget(self.current)
        scope.addWidget(self.everything)
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(self.tr("会议日期"), dates)
        form.addRow(self.tr("范围"), scope)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(go_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for field in (self.date_from, self.date_to):
            field.changed.connect(self._check)
        self._check()

    def _check(self) -> None:
        first, last = self.date_from.date(), self.date_to.date()
        error = self.date_from.error() or self.date_to.error()
        if not error and (first is None or last is None):
            error = self.tr("请填写起止日期")
        elif not error and first > last:
            error = self.tr("开始日期应早于结束日期")
        self.message.show_message(error)
        self.ok_button.setEnabled(not error)

    def scope(self) -> LedgerScope:
        if self.current.isChecked():
            return LedgerScope(self._branch_ids, self.date_from.date(), self.date_to.date(), self._org_name)
        return LedgerScope(None, self.date_from.date(), self.date_to.date(), self._all_name)
