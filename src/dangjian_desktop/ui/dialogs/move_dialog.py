"""Choosing a target organisation from the tree: where to move a node, which 党支部 members transfer to."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QLineEdit, QTreeView, \
    QVBoxLayout, QWidget

from ...domain.enums import OrgLevel
from ...domain.member import MemberRecord
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.members import move_members
from ...services.organizations import OrgNode, list_organizations
from ..models import ORG_ID_ROLE, fill_org_model
from ..ops import show_error


class OrgPickerDialog(QDialog):
    """The whole tree, opened; only nodes for which `selectable(node)` is true can be chosen. A search box
    narrows the tree to matching names (their parents stay visible for orientation)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, nodes: Sequence[OrgNode],
                 selectable: Callable[[OrgNode], bool], confirm_text: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._model = QStandardItemModel(self)
        self._items = fill_org_model(self._model, list(nodes), with_counts=False)
        for node in nodes:
            if not selectable(node):
                item = self._items[node.id]
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("输入名称查找"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self._model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.expandAll()
        self.tree.selectionModel().selectionChanged.connect(self._update_button)
        self.tree.doubleClicked.connect(lambda _index: self.chosen_id() is not None and self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(confirm_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 560)
        self._update_button()

    def chosen_id(self) -> int | None:
        indexes = self.tree.selectionModel().selectedIndexes()
        return indexes[0].data(ORG_ID_ROLE) if indexes else None

    def choose(self, org_id: int) -> None:
        self.tree.setCurrentIndex(self._items[org_id].index())

    def _update_button(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen_id() is not None)

    def _filter(self, text: str) -> None:
        needle = text.strip()

        def show(item: QStandardItem) -> bool:
            children = [show(item.child(row)) for row in range(item.rowCount())]
            visible = not needle or needle in item.text() or any(children)
            self.tree.setRowHidden(item.row(), item.parent().index() if item.parent() else self.tree.rootIndex(),
                                   not visible)
            return visible

        root = self._model.invisibleRootItem()
        for row in range(root.rowCount()):
            show(root.child(row))
        self.tree.expandAll()


def choose_organization(parent: QWidget | None, title: str, prompt: str, nodes: Sequence[OrgNode],
                        selectable: Callable[[OrgNode], bool], confirm_text: str) -> int | None:
    """The chosen node's id, or None when the user cancelled."""
    dialog = OrgPickerDialog(parent, title, prompt, nodes, selectable, confirm_text)
    return dialog.chosen_id() if dialog.exec() == QDialog.DialogCode.Accepted else None


def describe_members(members: Sequence[MemberRecord], limit: int = 5) -> str:
    """“张三、李四、王五” or “张三、李四、王五、赵六、钱七等 12 人”."""
    names = "、".join(m.name for m in members[:limit])
    return names if len(members) <= limit else f"{names}等 {len(members)} 人"


def move_members_dialog(parent: QWidget, db: Database, members: Sequence[MemberRecord]) -> int | None:
    """Ask for a target 党支部 and transfer the members there; the number moved, or None when cancelled."""
    current = {m.branch_id for m in members}
    prompt = parent.tr("把 {0} 名党员（{1}）转到哪个党支部？\n转移后原来的党小组将被清空。").format(
        len(members), describe_members(members))
    target = choose_organization(
        parent, parent.tr("转移支部"), prompt, list_organizations(db),
        lambda node: node.level == OrgLevel.BRANCH and current != {node.id}, parent.tr("转移"))
    if target is None:
        return None
    try:
        return move_members(db, [m.id for m in members], target)
    except ServiceError as exc:
        show_error(parent, exc)
        return None
