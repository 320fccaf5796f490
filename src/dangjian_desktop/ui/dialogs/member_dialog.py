"""Add or edit one member. Every change is checked as you type and the reason is shown beside the field."""

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QHBoxLayout, QLayout, QLineEdit, QVBoxLayout, \
    QWidget

from ...domain.access import Permission
from ...domain.enums import EDUCATION_LEVELS, MemberCategory, MobileDirection, OrgLevel, PartyStatus
from ...domain.masking import mask_id_number, mask_phone
from ...domain.member import FieldIssue, MemberRecord, Severity
from ...domain.roster import FIELD_LABELS
from ...services.audit import allowed
from ...services.database import Database
from ...services.members import InvalidMember, check_for_save, save_member
from ...services.organizations import OrgNode, list_organizations
from ..widgets import FieldMessage
from ..widgets.date_edit import DateEdit
from .service_form import FieldCheckedDialog

ETHNICITIES = ("汉族", "回族", "满族", "蒙古族", "壮族", "维吾尔族", "藏族", "苗族", "彝族", "土家族", "朝鲜族",
               "侗族", "瑶族", "白族", "哈尼族", "哈萨克族", "黎族", "傣族", "畲族")
GROUP_WIDTH = 370         # the least width of a column of fields
_DERIVED_HINT = "由身份证号自动得出"


def _combo(values, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    for value in values:
        combo.addItem(str(value), str(value))
    return combo


def _read_only() -> QLineEdit:
    edit = QLineEdit()
    edit.setReadOnly(True)
    edit.setPlaceholderText(_DERIVED_HINT)
    edit.setStyleSheet("QLineEdit { background: #F3F3F3; color: #333333; }")
    return edit


class MemberDialog(FieldCheckedDialog):
    """`record` to edit a stored member; otherwise a new one, placed in `branch_id` (and `group_id`) if given.

    After 保存 succeeds, `saved` holds the stored record. 保存 stays disabled while any field has an error.
    A stored member's ID number and phone are shown masked (and cannot be edited) to a role that may not see
    whole numbers.
    """

    field_refusal = InvalidMember
    field_labels = FIELD_LABELS

    def __init__(self, parent: QWidget | None, db: Database, *, record: MemberRecord | None = None,
                 branch_id: int | None = None, group_id: int | None = None, today: date | None = None):
        super().__init__(parent)
        self._db, self._original, self._today = db, record, today or date.today()
        self.saved: MemberRecord | None = None
        self._orgs = list_organizations(db)
        self._numbers_hidden = record is not None and not allowed(db, Permission.SHOW_FULL_NUMBERS)
        self.setWindowTitle(self.tr("编辑党员 — {0}").format(record.name) if record else self.tr("新增党员"))
        self._build()
        self._fill(record, branch_id, group_id)
        self._connect()
        if record is not None:
            self._touched.update(self.messages)
        self.check_now()

    # ----- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.edits: dict[str, QWidget] = {
            "name": QLineEdit(), "id_number": QLineEdit(), "sex": _read_only(), "birth_date": _read_only(),
            "age": _read_only(), "ethnicity": _combo(ETHNICITIES, editable=True),
            "education": _combo(("",) + EDUCATION_LEVELS, editable=True), "work_unit": QLineEdit(),
            "branch_name": QComboBox(), "group_name": QComboBox(), "category": _combo(MemberCategory),
            "joined_on": DateEdit(), "confirmed_on": DateEdit(), "party_age": _read_only(),
            "status": _combo(PartyStatus), "phone": QLineEdit(), "address": QLineEdit(),
            "is_mobile": QCheckBox(self.tr("是")), "mobile_direction": _combo(("",) + tuple(MobileDirection)),
            "mobile_place": QLineEdit(), "mobile_reason": QLineEdit(),
            "is_lost_contact": QCheckBox(self.tr("是（超过6个月联系不上）")), "dual_report_community": QLineEdit(),
            "note": QLineEdit(),
        }
        self.edits["id_number"].setPlaceholderText(self.tr("18位，末位可为 X"))
        self.edits["phone"].setPlaceholderText(self.tr("手机号或带区号的座机号"))
        self.edits["party_age"].setPlaceholderText(self.tr("转正后计算"))
        self.edits["branch_name"].setPlaceholderText(self.tr("请选择党支部"))
        self.edits["branch_name"].setMinimumContentsLength(16)
        self.messages = {key: FieldMessage() for key in self.edits}
        groups = (
            (self.tr("基本信息"), ("name", "id_number", "sex", "birth_date", "age", "ethnicity", "education",
                                 "work_unit")),
            (self.tr("党籍信息"), ("branch_name", "group_name", "category", "joined_on", "confirmed_on",
                                 "party_age", "status")),
            (self.tr("联系与流动"), ("phone", "address", "is_mobile", "mobile_direction", "mobile_place",
                                   "mobile_reason", "is_lost_contact", "dual_report_community", "note")),
        )
        columns = QHBoxLayout()
        for title, keys in groups:
            columns.addWidget(self._field_group(title, keys, FIELD_LABELS, GROUP_WIDTH), 1)
        self.summary = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grow, never squash, as messages appear
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

    def _branches(self) -> list[OrgNode]:
        return [n for n in self._orgs if n.level == OrgLevel.BRANCH]

    def _fill(self, record: MemberRecord | None, branch_id: int | None, group_id: int | None) -> None:
        names = [b.name for b in self._branches()]
        parents = {n.id: n for n in self._orgs}
        combo: QComboBox = self.edits["branch_name"]
        for branch in self._branches():
            parent = parents.get(branch.parent_id)
            combo.addItem(f"{branch.name}（{parent.name}）" if names.count(branch.name) > 1 and parent
                          else branch.name, branch.id)
        if record is not None:
            branch_id, group_id = record.branch_id, record.group_id
        combo.setCurrentIndex(combo.findData(branch_id) if branch_id is not None else -1)
        self._fill_groups(group_id)
        if record is None:
            return
        for key in ("name", "id_number", "work_unit", "phone", "address", "mobile_place", "mobile_reason",
                    "dual_report_community", "note"):
            self.edits[key].setText(getattr(record, key))
        for key in ("ethnicity", "education", "category", "status", "mobile_direction"):
            box: QComboBox = self.edits[key]
            value = getattr(record, key)
            if box.findData(value) < 0:
                box.addItem(value, value)
            box.setCurrentIndex(box.findData(value))
        if self._numbers_hidden:
            for key, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
                self.edits[key].setText(mask(getattr(record, key)))
                self.edits[key].setReadOnly(True)
                self.edits[key].setToolTip(self.tr("当前账号不能查看完整号码，只显示前后几位"))
        self.edits["joined_on"].setDate(record.joined_on)
        self.edits["confirmed_on"].setDate(record.confirmed_on)
        self.edits["is_mobile"].setChecked(record.is_mobile)
        self.edits["is_lost_contact"].setChecked(record.is_lost_contact)

    def _fill_groups(self, group_id: int | None = None) -> None:
        combo: QComboBox = self.edits["group_name"]
        combo.clear()
        combo.addItem(self.tr("（不编入党小组）"), None)
        branch_id = self.edits["branch_name"].currentData()
        for node in self._orgs:
            if node.level == OrgLevel.GROUP and node.parent_id == branch_id and branch_id is not None:
                combo.addItem(node.name, node.id)
        combo.setCurrentIndex(max(combo.findData(group_id), 0) if group_id is not None else 0)

    def _connect(self) -> None:
        for key, edit in self.edits.items():
            if isinstance(edit, QLineEdit) and not edit.isReadOnly():
                edit.textEdited.connect(lambda _text, k=key: self._changed(k))
            elif isinstance(edit, QComboBox):
                edit.currentIndexChanged.connect(lambda _i, k=key: self._changed(k))
                if edit.isEditable():
                    edit.editTextChanged.connect(lambda _text, k=key: self._changed(k))
            elif isinstance(edit, QCheckBox):
                edit.toggled.connect(lambda _on, k=key: self._changed(k))
            elif isinstance(edit, DateEdit):
                edit.changed.connect(lambda k=key: self._changed(k))
        self.edits["branch_name"].currentIndexChanged.connect(lambda _i: self._fill_groups())
        self.edits["is_mobile"].toggled.connect(self._mobile_toggled)
        self._mobile_toggled(self.edits["is_mobile"].isChecked())

    def _mobile_toggled(self, on: bool) -> None:
        for key in ("mobile_direction", "mobile_place", "mobile_reason"):
            self.edits[key].setEnabled(on)

    # ----- checking ----------------------------------------------------------------------------------------
    def record(self) -> MemberRecord:
        """The member as currently typed (sex and birth date are left to be derived from the ID number)."""
        e = self.edits
        mobile = e["is_mobile"].isChecked()
        branch, group = e["branch_name"], e["group_name"]
        base = self._original or MemberRecord(name="", id_number="")
        hidden = self._numbers_hidden   # masked on screen: the stored numbers stand
        return replace(
            base, name=e["name"].text(), id_number=base.id_number if hidden else e["id_number"].text(), sex="",
            birth_date=None,
            ethnicity=e["ethnicity"].currentText().strip(), education=e["education"].currentText().strip(),
            work_unit=e["work_unit"].text().strip(), category=e["category"].currentData(),
            branch_id=branch.currentData(), branch_name=branch.currentText() if branch.currentIndex() >= 0 else "",
            group_id=group.currentData(), group_name=group.currentText() if group.currentData() else "",
            joined_on=e["joined_on"].date(), confirmed_on=e["confirmed_on"].date(), status=e["status"].currentData(),
            phone=base.phone if hidden else e["phone"].text(), address=e["address"].text().strip(), is_mobile=mobile,
            mobile_direction=e["mobile_direction"].currentData() if mobile else "",
            mobile_place=e["mobile_place"].text().strip() if mobile else "",
            mobile_reason=e["mobile_reason"].text().strip() if mobile else "",
            is_lost_contact=e["is_lost_contact"].isChecked(),
            dual_report_community=e["dual_report_community"].text().strip(), note=e["note"].text().strip(),
        )

    def check_now(self) -> list[FieldIssue]:
        """Check the typed values now; show each field's message and enable 保存 only when nothing is wrong."""
        self._timer.stop()
        checked = check_for_save(self._db, self.record(), self._today)
        unreadable = {key: self.edits[key].error() for key in ("joined_on", "confirmed_on") if self.edits[key].error()}
        issues = [i for i in checked.issues if i.field not in unreadable]
        issues += [FieldIssue(key, message, Severity.ERROR) for key, message in unreadable.items()]
        self._show_derived(checked.record if not any(i.field == "id_number" and i.severity is Severity.ERROR
                                                     for i in issues) else None)
        self._show_issues(issues)
        return issues

    def _show_derived(self, record: MemberRecord | None) -> None:
        e = self.edits
        e["sex"].setText(record.sex if record else "")
        e["birth_date"].setText(record.birth_date.isoformat() if record and record.birth_date else "")
        age = record.age(self._today) if record else None
        e["age"].setText("" if age is None else self.tr("{0} 岁").format(age))
        party_age = self.record().party_age(self._today)
        e["party_age"].setText("" if party_age is None else self.tr("{0} 年").format(party_age))

    # ----- saving ----------------------------------------------------------------------------------------------
    def _save(self) -> None:
        if self._timer.isActive():
            self.check_now()
        if not self._has_error:
            self._write_and_close()

    def _write(self) -> None:
        self.saved = save_member(self._db, self.record(), self._today)
