"""新建会议记录: which 党支部 (and 党小组), which type, which day — with the defaults that save clicks: the branch
chosen in the tree, 主题党日 while the street's theme of the month is still unrecorded there, and its date."""

from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...domain.enums import OrgLevel
from ...domain.meetings import MeetingType
from ...services.database import Database
from ...services.membership import committee
from ...services.organizations import OrgNode, list_organizations
from ...services.themes import Theme, theme_for_month, theme_uptake
from ..models import subtree_of
from ..theme import HINT, set_role
from ..widgets import FieldMessage
from ..widgets.date_edit import DateEdit

LAST_TYPE_KEY = "meetings/last_type"


def branch_label(branch: OrgNode, nodes: dict[int, OrgNode], duplicated: set[str]) -> str:
    """A branch's name; with its parent's name when another branch has the same name."""
    parent = nodes.get(branch.parent_id) if branch.parent_id is not None else None
    return f"{branch.name}（{parent.name}）" if branch.name in duplicated and parent else branch.name


class NewMeetingDialog(QDialog):
    """After 确定, `choice()` gives (org_id, type, day): org_id is the 党小组 for a 党小组会, else the 党支部."""

    def __init__(self, parent: QWidget | None, db: Database, org_id: int | None = None, *,
                 today: date | None = None):
        super().__init__(parent)
        self._db, self._today = db, today or date.today()
        self.setWindowTitle(self.tr("新建会议记录"))
        self._nodes = {node.id: node for node in list_organizations(db)}
        self.branch = QComboBox()
        self.branch.setMinimumContentsLength(20)
        branches = [n for n in self._nodes.values() if n.level == OrgLevel.BRANCH]
        names = [b.name for b in branches]
        duplicated = {name for name in names if names.count(name) > 1}
        for branch in branches:
            self.branch.addItem(branch_label(branch, self._nodes, duplicated), branch.id)
        self.type = QComboBox()
        for meeting_type in MeetingType:
            self.type.addItem(str(meeting_type), str(meeting_type))
        self.group = QComboBox()
        self.group_label = QLabel(self.tr("党小组"))
        self.day = DateEdit()
        self.day.setDate(self._today)
        self.theme_hint = set_role(QLabel(), HINT)
        self.theme_hint.setWordWrap(True)
        self.message = FieldMessage()

        form = QFormLayout()
        form.addRow(self.tr("党支部"), self.branch)
        form.addRow(self.tr("会议类型"), self.type)
        form.addRow(self.group_label, self.group)
        form.addRow(self.tr("会议日期"), self.day)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.theme_hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        self._preselect(org_id)
        self.branch.currentIndexChanged.connect(self._branch_changed)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.group.currentIndexChanged.connect(self._update)
        self.day.changed.connect(self._update)
        self._type_changed()

    # ----- defaults --------------------------------------------------------------------------------------------
    def _preselect(self, org_id: int | None) -> None:
        node = self._nodes.get(org_id) if org_id is not None else None
        group_id = node.id if node is not None and node.level == OrgLevel.GROUP else None
        branch_id = node.parent_id if group_id is not None else (node.id if node is not None else None)
        if node is not None and node.level not in (OrgLevel.BRANCH, OrgLevel.GROUP):  # the first branch below it
            below = subtree_of(list(self._nodes.values()), node.id)
            branch_id = next((n.id for n in self._nodes.values() if n.level == OrgLevel.BRANCH and n.id in below),
                             None)
        self.branch.setCurrentIndex(max(self.branch.findData(branch_id), 0))
        self._fill_groups(group_id)
        self.type.setCurrentIndex(self.type.findData(self._default_type(group_id)))

    def _default_type(self, group_id: int | None) -> str:
        if group_id is not None:
            return MeetingType.GROUP
        month = f"{self._today:%Y-%m}"
        branch_id = self.branch.currentData()
        if branch_id is not None and theme_for_month(self._db, month) is not None and any(
                u.branch_id == branch_id and u.meeting_id is None for u in theme_uptake(self._db, month)):
            return MeetingType.THEMED_DAY
        last = QSettings().value(LAST_TYPE_KEY)
        return last if last in set(MeetingType) else MeetingType.PARTY_CONGRESS

    def _fill_groups(self, group_id: int | None = None) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        branch_id = self.branch.currentData()
        for node in self._nodes.values():
            if node.level == OrgLevel.GROUP and node.parent_id == branch_id:
                self.group.addItem(node.name, node.id)
        self.group.setCurrentIndex(max(self.group.findData(group_id), 0))
        self.group.blockSignals(False)

    def _theme(self) -> Theme | None:
        day = self.day.date()
        return theme_for_month(self._db, f"{day:%Y-%m}") if day is not None else None

    # ----- behaviour -------------------------------------------------------------------------------------------
    def _branch_changed(self) -> None:
        self._fill_groups()
        self._update()

    def _type_changed(self) -> None:
        """A 主题党日 takes the date the street set for the month's theme."""
        theme = self._theme() if self.type.currentData() == MeetingType.THEMED_DAY else None
        if theme is not None and theme.planned_on is not None:
            self.day.setDate(theme.planned_on)
        self._update()

    def _update(self) -> None:
        meeting_type, branch_id, day = self.type.currentData(), self.branch.currentData(), self.day.date()
        is_group = meeting_type == MeetingType.GROUP
        self.group_label.setVisible(is_group)
        self.group.setVisible(is_group)
        theme = self._theme() if meeting_type == MeetingType.THEMED_DAY else None
        self.theme_hint.setVisible(theme is not None)
        if theme is not None:
            planned = self.tr("，统一活动日期 {0}").format(theme.planned_on.isoformat()) if theme.planned_on else ""
            self.theme_hint.setText(self.tr("按街道 {0} 统一主题“{1}”{2}：主题和内容提纲自动填入。").format(
                theme.month, theme.theme, planned))
        error, warning = "", ""
        if branch_id is None:
            error = self.tr("组织树中还没有党支部，请先在“组织与党员”中建立。")
        elif self.day.error():
            error = self.day.error()
        elif day is None:
            error = self.tr("请填写会议日期")
        elif is_group and self.group.count() == 0:
            error = self.tr("该支部没有党小组。")
        elif meeting_type == MeetingType.COMMITTEE and not committee(self._db, branch_id, day):
            warning = self.tr("该支部在这一天没有登记支委会成员，应到人员将为空。"
                              "可在组织树中右键该支部，选择“支委会成员…”登记。")
        self.message.show_message(error or warning, "error" if error else "warning")
        self.ok_button.setEnabled(not error)

    def choice(self) -> tuple[int, str, date]:
        meeting_type = self.type.currentData()
        org_id = self.group.currentData() if meeting_type == MeetingType.GROUP else self.branch.currentData()
        return org_id, meeting_type, self.day.date()

    def _accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        QSettings().setValue(LAST_TYPE_KEY, self.type.currentData())
        self.accept()
