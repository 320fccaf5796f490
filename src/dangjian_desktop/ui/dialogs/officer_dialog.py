"""Add or edit a 党建指导员 (checked as you type, the reason beside the field), and the small month picker the
monthly work reports ask with."""

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, \
    QLineEdit, QVBoxLayout, QWidget

from ...domain.contact import normalize_phone
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.officers import OfficerInfo, get_officer, list_officers, save_officer
from ..theme import HINT, set_role
from ..widgets import FieldMessage, with_message
from ..widgets.dialog_frame import lay_out_dialog, ok_cancel

FIRST_YEAR_BACK = 10     # the month picker offers this many years back


class OfficerDialog(QDialog):
    """`officer_id` to edit a stored officer, else a new one. After 保存, `saved_id` holds the officer's id."""

    def __init__(self, db: Database, parent: QWidget | None = None, officer_id: int | None = None):
        super().__init__(parent)
        self._db = db
        self._original = get_officer(db, officer_id) if officer_id is not None else None
        self._taken = {o.name for o in list_officers(db) if o.id != officer_id}
        self._touched = False
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("编辑党建指导员 — {0}").format(self._original.name) if self._original
                            else self.tr("新建党建指导员"))
        self._build()
        if self._original is not None:
            self._fill(self._original)
        self.check_now()

    def _build(self) -> None:
        self.name = QLineEdit()
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("如 街道党建工作办公室"))
        self.post = QLineEdit()
        self.post.setPlaceholderText(self.tr("如 党建指导员、组织委员"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("手机号或带区号的座机号"))
        self.active = QCheckBox(self.tr("在任（不再担任时取消勾选，走访记录保留）"))
        self.active.setChecked(True)
        self.note = QLineEdit()
        self.name_message, self.phone_message, self.summary = FieldMessage(), FieldMessage(), FieldMessage()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("姓名"), with_message(self.name, self.name_message))
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("职务"), self.post)
        form.addRow(self.tr("联系电话"), with_message(self.phone, self.phone_message))
        form.addRow("", self.active)
        form.addRow(self.tr("备注"), self.note)
        self.buttons = ok_cancel(self, self.tr("保存"), self._save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        lay_out_dialog(self, (form,), self.buttons, self.summary)
        self.name.setMinimumWidth(380)
        self.name.textEdited.connect(self._name_edited)
        self.phone.textEdited.connect(lambda _text: self.check_now())

    def _fill(self, officer: OfficerInfo) -> None:
        self.name.setText(officer.name)
        self.unit.setText(officer.unit)
        self.post.setText(officer.post)
        self.phone.setText(officer.phone)
        self.active.setChecked(officer.active)
        self.note.setText(officer.note)
        self._touched = True

    def _name_edited(self, _text: str) -> None:
        self._touched = True
        self.check_now()

    def officer(self) -> OfficerInfo:
        """The officer as typed (the counts of a stored officer are kept; they are not edited here)."""
        base = self._original or OfficerInfo(None, "")
        return OfficerInfo(base.id, " ".join(self.name.text().split()), self.unit.text().strip(),
                           self.post.text().strip(), self.phone.text().strip(), self.active.isChecked(),
                           self.note.text().strip(), base.enterprises, base.organizations, base.pairings)

    def check_now(self) -> bool:
        """Show what is wrong beside each field; 保存 is enabled only when nothing is. True when all is well."""
        officer = self.officer()
        name_error = ""
        if not officer.name:
            name_error = self.tr("请填写党建指导员的姓名")
        elif officer.name in self._taken:
            name_error = self.tr("已有名为“{0}”的党建指导员，同名时请加以区分，如“{0}（交通局）”").format(officer.name)
        _phone, phone_error = normalize_phone(officer.phone)
        if self._touched and name_error:
            self.name_message.show_message(name_error)
        else:
            self.name_message.clear_message()
        if phone_error:
            self.phone_message.show_message(phone_error)
        else:
            self.phone_message.clear_message()
        if name_error and not self._touched:
            self.summary.show_message(self.tr("还需填写：姓名"), "warning")
        else:
            self.summary.clear_message()
        ok = not (name_error or phone_error)
        self.save_button.setEnabled(ok)
        return ok

    def _save(self) -> None:
        if not self.check_now():
            return
        try:
            self.saved_id = save_officer(self._db, self.officer())
        except ServiceError as exc:
            self.summary.show_message(exc.message)
            return
        self.accept()


class MonthDialog(QDialog):
    """Pick a year and a month; `month()` is its first day."""

    def __init__(self, parent: QWidget | None, title: str, hint: str, default: date):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.year = QComboBox()
        for year in range(min(default.year, date.today().year - FIRST_YEAR_BACK), date.today().year + 2):
            self.year.addItem(self.tr("{0} 年").format(year), year)
        self.year.setCurrentIndex(self.year.findData(default.year))
        self.month_box = QComboBox()
        for number in range(1, 13):
            self.month_box.addItem(self.tr("{0} 月").format(number), number)
        self.month_box.setCurrentIndex(default.month - 1)
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(self.month_box)
        row.addStretch(1)
        buttons = ok_cancel(self, self.tr("确定"), self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(QLabel(hint), HINT))
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def month(self) -> date:
        return date(self.year.currentData(), self.month_box.currentData(), 1)


def default_report_month(today: date) -> date:
    """The month a monthly report is usually written for: the one just ended in the first ten days of a month,
    else the running one."""
    if today.day <= 10:
        return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    return date(today.year, today.month, 1)


def ask_month(parent: QWidget, title: str, hint: str, default: date | None = None) -> date | None:
    """The first day of the month the user picked; None when cancelled."""
    dialog = MonthDialog(parent, title, hint, default or default_report_month(date.today()))
    return dialog.month() if dialog.exec() else None
