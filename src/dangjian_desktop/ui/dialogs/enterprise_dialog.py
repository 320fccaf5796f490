"""One enterprise of the census (一企一档): every field, checked as you type with the reason beside the field,
两个覆盖 shown as they follow from what is entered, and its guidance officer (包联) with the history of who
answered for it."""

from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QHBoxLayout, \
    QLabel, QLineEdit, QListWidget, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, \
    QWidget

from ...domain.enterprises import ENTERPRISE_LABELS, EnterpriseRecord, Industry, check_enterprise
from ...domain.enums import OrgLevel
from ...domain.member import FieldIssue, Severity
from ...services.database import Database
from ...services.enterprises import InvalidEnterprise, check_enterprise_for_save, get_enterprise, save_enterprise
from ...services.officers import AssignmentInfo, assignments, list_officers
from ...services.organizations import list_organizations
from ..models import level_icon
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit
from ..widgets.dialog_frame import lay_out_dialog, ok_cancel
from .service_form import FieldCheckedDialog

COUNT_KEYS = ("employees", "employees_under_35", "party_members", "outlets")
TEXT_KEYS = ("name", "credit_code", "brand", "address", "community", "legal_rep", "phone", "note")
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 2
INDENT = 18
GROUP_WIDTH = 460         # the least width of a column of fields


class _Indented(QStyledItemDelegate):
    """The 党组织 list drawn as the tree it is: each node indented by its depth."""

    def paint(self, painter, option, index) -> None:  # noqa: ANN001 - Qt's types
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted((index.data(DEPTH_ROLE) or 0) * INDENT, 0, 0, 0)
        super().paint(painter, shifted, index)


def _count_box() -> QLineEdit:
    """A count typed as digits; left empty it is unknown (未填), which is not the same as 0."""
    box = QLineEdit()
    box.setValidator(QIntValidator(0, 9_999_999, box))
    box.setPlaceholderText("未填")
    box.setToolTip("不清楚时留空，不要填 0")
    return box


class EnterpriseDialog(FieldCheckedDialog):
    """After 保存, `saved_id` is the enterprise's id. 保存 stays disabled while any field has an error."""

    field_refusal = InvalidEnterprise
    field_labels = ENTERPRISE_LABELS
    field_aliases = {"party_org_name": "party_org_id"}

    def __init__(self, db: Database, parent: QWidget | None = None, enterprise_id: int | None = None, *,
                 today: date | None = None):
        super().__init__(parent)
        self._db, self._id, self._today = db, enterprise_id, today or date.today()
        self.saved_id: int | None = None
        info = get_enterprise(db, enterprise_id) if enterprise_id is not None else None
        self._original = info.record if info else EnterpriseRecord(name="")
        self._officer_id = info.officer_id if info else None
        self._history: list[AssignmentInfo] = assignments(db, enterprise_id=enterprise_id) if info else []
        self.setWindowTitle(self.tr("编辑企业 — {0}").format(info.record.name) if info else self.tr("新建企业"))
        self._build()
        self._fill()
        self._connect()
        if info is not None:
            self._touched.update(self.messages)
        self.check_now()

    # ----- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.edits: dict[str, QWidget] = {key: QLineEdit() for key in TEXT_KEYS}
        self.edits.update({key: _count_box() for key in COUNT_KEYS})
        self.edits["industry"] = QComboBox()
        for industry in Industry:
            self.edits["industry"].addItem(str(industry), str(industry))
        self.edits["legal_rep_is_member"] = QCheckBox(self.tr("是党员"))
        self.edits["party_work"] = QCheckBox(self.tr("已开展党的工作"))
        self.edits["party_work"].setToolTip(self.tr("未建党组织的企业，由党建指导员或联合党组织开展党的工作"))
        self.edits["party_org_id"] = self._org_combo()
        self.edits["officer"] = QComboBox()
        self.edits["assigned_on"] = DateEdit()
        self.edits["credit_code"].setPlaceholderText(self.tr("18位，如 91330102MA2XXXXXXX"))
        self.edits["phone"].setPlaceholderText(self.tr("手机号或带区号的座机号"))
        self.edits["brand"].setPlaceholderText(self.tr("如 顺丰、美团、滴滴"))
        self.messages = {key: FieldMessage() for key in self.edits}
        self.coverage = QLabel()
        self.assigned_label = QLabel(self.tr("包联起始日期"))
        self.history = QListWidget()
        self.history.setMaximumHeight(self.fontMetrics().height() * 5 + 16)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        labels = ENTERPRISE_LABELS | {"officer": self.tr("党建指导员"), "outlets": self.tr("站点/网点数")}
        group = partial(self._field_group, labels=labels, min_width=GROUP_WIDTH)
        basic = group(self.tr("企业信息"), ("name", "credit_code", "industry", "brand", "address", "community",
                                          "legal_rep", "legal_rep_is_member", "phone", "note"))
        party = group(self.tr("人员与党建"), ("employees", "employees_under_35", "party_members", "outlets",
                                           "party_org_id", "party_work"))
        party.layout().addRow(self.tr("两个覆盖"), self.coverage)
        officer = group(self.tr("党建指导员（包联）"), ("officer",))
        self.officer_form: QFormLayout = officer.layout()
        self.officer_form.addRow(self.assigned_label, with_message(self.edits["assigned_on"],
                                                                   self.messages["assigned_on"]))
        self.officer_form.addRow(self.tr("包联记录"), self.history)
        self.officer_form.setRowVisible(2, self._id is not None)
        right = QVBoxLayout()
        right.addWidget(party)
        right.addWidget(officer)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(basic, 1)
        columns.addLayout(right, 1)

        self.summary = FieldMessage()
        self.buttons = ok_cancel(self, self.tr("保存"), self.save, QDialogButtonBox.StandardButton.Save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        lay_out_dialog(self, (columns,), self.buttons, self.summary, stretch=columns)

    def _org_combo(self) -> QComboBox:
        """（无）, then the tree below the street (党小组 left out: an enterprise's organisation is a 支部 or above)."""
        combo = QComboBox()
        combo.setItemDelegate(_Indented(combo))
        combo.setMinimumContentsLength(14)
        combo.addItem(self.tr("（无）"), None)
        nodes = list_organizations(self._db)
        depth: dict[int, int] = {}
        paths: dict[int, str] = {}
        for node in nodes:
            parent = node.parent_id
            depth[node.id] = depth.get(parent, -1) + 1 if parent is not None else 0
            paths[node.id] = f"{paths[parent]} / {node.name}" if parent in paths else node.name
            if parent is None or node.level == OrgLevel.GROUP:
                continue
            combo.addItem(level_icon(node.level), node.name, node.id)
            index = combo.count() - 1
            combo.setItemData(index, depth[node.id] - 1, DEPTH_ROLE)
            combo.setItemData(index, paths[node.id], Qt.ItemDataRole.ToolTipRole)
        return combo

    def _fill(self) -> None:
        record, e = self._original, self.edits
        for key in TEXT_KEYS:
            e[key].setText(getattr(record, key))
        for key in COUNT_KEYS:
            value = getattr(record, key)
            e[key].setText("" if value is None else str(value))
        e["industry"].setCurrentIndex(max(e["industry"].findData(record.industry), 0))
        e["legal_rep_is_member"].setChecked(record.legal_rep_is_member)
        e["party_work"].setChecked(record.party_work)
        org = e["party_org_id"]
        if record.party_org_id is not None and org.findData(record.party_org_id) < 0:
            org.addItem(record.party_org_name, record.party_org_id)
        org.setCurrentIndex(max(org.findData(record.party_org_id), 0))
        officer = e["officer"]
        officer.addItem(self.tr("（未配备）"), None)
        for info in list_officers(self._db):
            if info.active or info.id == self._officer_id:
                officer.addItem(info.name if info.active else self.tr("{0}（不在任）").format(info.name), info.id)
        officer.setCurrentIndex(max(officer.findData(self._officer_id), 0))
        e["assigned_on"].setDate(self._today)
        self.history.clear()
        for item in self._history:
            until = self.tr("至今（现任）") if item.running else self.tr("至 {0:%Y-%m-%d}").format(item.ended_on)
            self.history.addItem(self.tr("{0}　{1:%Y-%m-%d} {2}").format(item.officer_name, item.started_on, until))
        if not self._history:
            self.history.addItem(self.tr("暂无包联记录"))
        self._officer_changed()

    def _connect(self) -> None:
        for key, edit in self.edits.items():
            if isinstance(edit, QLineEdit):
                edit.textEdited.connect(lambda _text, k=key: self._changed(k))
            elif isinstance(edit, QComboBox):
                edit.currentIndexChanged.connect(lambda _index, k=key: self._changed(k))
            elif isinstance(edit, QCheckBox):
                edit.toggled.connect(lambda _on, k=key: self._changed(k))
            else:
                edit.changed.connect(lambda k=key: self._changed(k))
        for key in ("credit_code", "phone"):
            self.edits[key].editingFinished.connect(lambda k=key: self._tidy(k))
        self.edits["officer"].currentIndexChanged.connect(self._officer_changed)

    def _officer_changed(self) -> None:
        changed = self.officer_changed()
        ending = changed and self.edits["officer"].currentData() is None
        self.assigned_label.setText(self.tr("包联结束日期") if ending else self.tr("包联起始日期"))
        self.officer_form.setRowVisible(1, changed)

    # ----- content -------------------------------------------------------------------------------------------
    def record(self) -> EnterpriseRecord:
        """The enterprise as typed (not yet normalised)."""
        e = self.edits
        org = e["party_org_id"]
        counts = {key: int(e[key].text()) if e[key].text().strip() else None for key in COUNT_KEYS}
        return self._original.with_changes(
            **{key: e[key].text() for key in TEXT_KEYS}, **counts, industry=e["industry"].currentData(),
            legal_rep_is_member=e["legal_rep_is_member"].isChecked(), party_work=e["party_work"].isChecked(),
            party_org_id=org.currentData(), party_org_name=org.currentText() if org.currentData() else "")

    def officer_changed(self) -> bool:
        return self.edits["officer"].currentData() != self._officer_id

    def _running(self) -> AssignmentInfo | None:
        return next((a for a in self._history if a.running), None)

    # ----- checking ----------------------------------------------------------------------------------------
    def _tidy(self, key: str) -> None:
        """The code in capitals without blanks, the phone without +86 and blanks, once it is readable."""
        record, issues = check_enterprise(self.record())
        if not any(i.field == key and i.severity is Severity.ERROR for i in issues):
            self.edits[key].setText(getattr(record, key))

    def check_now(self) -> list[FieldIssue]:
        """Every check saving would make, the database ones (a name or code already used) included."""
        self._timer.stop()
        record, issues = check_enterprise_for_save(self._db, self.record(), self._id)
        issues += self._assignment_issues()
        self._show_coverage(record)
        self._show_issues(issues)
        return issues

    def _assignment_issues(self) -> list[FieldIssue]:
        if not self.officer_changed():
            return []
        field = self.edits["assigned_on"]
        day, running = field.date(), self._running()
        if field.error() or day is None:
            return [FieldIssue("assigned_on", field.error() or self.tr("请填写日期"), Severity.ERROR)]
        if running is not None and day <= running.started_on:
            return [FieldIssue("assigned_on", self.tr("应晚于{0}的包联开始日期（{1:%Y-%m-%d}）").format(
                running.officer_name, running.started_on), Severity.ERROR)]
        last_end = max((a.ended_on for a in self._history if a.ended_on is not None), default=None)
        if running is None and last_end is not None and day < last_end:
            return [FieldIssue("assigned_on", self.tr("不能早于上一次包联的结束日期（{0:%Y-%m-%d}）").format(last_end),
                               Severity.ERROR)]
        return []

    def _show_coverage(self, record: EnterpriseRecord) -> None:
        parts = []
        for label, covered in ((self.tr("组织覆盖"), record.org_covered), (self.tr("工作覆盖"), record.work_covered)):
            colour, answer = ("#2E6B30", self.tr("是")) if covered else ("#8A5A00", self.tr("否"))
            parts.append(f"{label}：<b style='color:{colour}'>{answer}</b>")
        self.coverage.setText("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;".join(parts))
        self.coverage.setToolTip(self.tr("组织覆盖：企业建有党组织；工作覆盖：建有党组织，或未建但已开展党的工作"))

    # ----- saving ----------------------------------------------------------------------------------------------
    def save(self) -> None:
        self.check_now()
        if not self._has_error:
            self._write_and_close()

    def _write(self) -> None:
        """One write for the enterprise and its new (or ended) 包联."""
        officer_id = self.edits["officer"].currentData() if self.officer_changed() else None
        day = self.edits["assigned_on"].date()
        self.saved_id = save_enterprise(self._db, self.record(), self._id, officer_id=officer_id,
                                        assigned_on=day, unassign=self.officer_changed() and officer_id is None)
