"""Create or edit one organisation: name, level (only those allowed under its parent), branch kind, contacts."""

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ...domain.contact import normalize_phone
from ...domain.enums import ALLOWED_CHILDREN, BranchKind, OrgLevel
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.organizations import OrgFields, OrgNode, create_organization, update_organization
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit


class OrgDialog(QDialog):
    """New node under `parent_node`, or edit `node` (whose parent, if any, is `parent_node`).

    After 保存 succeeds, `saved` holds the stored node. A refusal from the service (e.g. a sibling with the
    same name) is shown inside the dialog, which stays open.
    """

    def __init__(self, parent: QWidget | None, db: Database, *, parent_node: OrgNode | None,
                 node: OrgNode | None = None):
        super().__init__(parent)
        self._db, self._parent_node, self._node = db, parent_node, node
        self.saved: OrgNode | None = None
        if node is None:
            self.setWindowTitle(self.tr("新建下级组织 — {0}").format(parent_node.name if parent_node else ""))
        else:
            self.setWindowTitle(self.tr("编辑组织 — {0}").format(node.name))

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如：幸福里社区第一党支部"))
        self.name_message = FieldMessage()
        self.level_combo = QComboBox()
        levels = ALLOWED_CHILDREN[OrgLevel(parent_node.level)] if parent_node else (OrgLevel.WORK_COMMITTEE,)
        for level in levels:
            self.level_combo.addItem(str(level), str(level))
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(OrgLevel.BRANCH), 0))  # the usual case
        self.kind_combo = QComboBox()
        for kind in BranchKind:
            self.kind_combo.addItem(str(kind), str(kind))
        self.founded_edit = DateEdit()
        self.founded_message = FieldMessage()
        self.secretary_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("手机号或带区号的座机号"))
        self.phone_message = FieldMessage()
        self.form_message = FieldMessage()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("名称"), with_message(self.name_edit, self.name_message))
        form.addRow(self.tr("组织类别"), self.level_combo)
        form.addRow(self.tr("支部类型"), self.kind_combo)
        form.addRow(self.tr("建立日期"), with_message(self.founded_edit, self.founded_message))
        form.addRow(self.tr("书记"), self.secretary_edit)
        form.addRow(self.tr("联系人"), self.contact_edit)
        form.addRow(self.tr("联系电话"), with_message(self.phone_edit, self.phone_message))
        self._form = form

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

        if node is not None:
            self._fill(node)
        for signal in (self.name_edit.textChanged, self.phone_edit.textChanged, self.founded_edit.changed,
                       self.level_combo.currentIndexChanged):
            signal.connect(self._validate)
        self._validate()

    def _fill(self, node: OrgNode) -> None:
        self.name_edit.setText(node.name)
        if self.level_combo.findData(node.level) < 0:
            self.level_combo.addItem(node.level, node.level)
        self.level_combo.setCurrentIndex(self.level_combo.findData(node.level))
        if node.kind:
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(node.kind), 0))
        self.founded_edit.setDate(node.founded_on)
        self.secretary_edit.setText(node.secretary)
        self.contact_edit.setText(node.contact_person)
        self.phone_edit.setText(node.contact_phone)

    def _validate(self) -> None:
        is_branch = self.level_combo.currentData() == OrgLevel.BRANCH
        self._form.setRowVisible(self.kind_combo, is_branch)
        name_ok = bool(self.name_edit.text().strip())
        self.name_message.show_message("" if name_ok or not self.name_edit.isModified()
                                       else self.tr("名称不能为空"))
        self.founded_message.show_message(self.founded_edit.error())
        _, phone_error = normalize_phone(self.phone_edit.text())
        self.phone_message.show_message(phone_error or "")
        self.form_message.clear_message()
        ok = name_ok and self.founded_edit.is_valid() and phone_error is None
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def fields(self) -> OrgFields:
        level = self.level_combo.currentData()
        phone, _ = normalize_phone(self.phone_edit.text())
        return OrgFields(
            name=self.name_edit.text().strip(), level=level,
            kind=self.kind_combo.currentData() if level == OrgLevel.BRANCH else "",
            founded_on=self.founded_edit.date(), secretary=self.secretary_edit.text().strip(),
            contact_person=self.contact_edit.text().strip(), contact_phone=phone,
        )

    def _save(self) -> None:
        try:
            if self._node is None:
                self.saved = create_organization(self._db, self._parent_node.id, self.fields())
            else:
                self.saved = update_organization(self._db, self._node.id, self.fields())
        except ServiceError as exc:
            self.form_message.show_message(exc.message)
            return
        self.accept()
