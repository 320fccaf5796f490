"""The organisation tree: 街道党工委 → 党委 → 党总支 → 党支部 → 党小组, with member counts and a context menu."""

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QMessageBox, QTreeView, QWidget

from ...domain.enums import ALLOWED_CHILDREN, OrgLevel
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.organizations import OrgNode, delete_organization, list_organizations, move_organization
from ..dialogs.committee_dialog import CommitteeDialog
from ..dialogs.move_dialog import choose_organization
from ..dialogs.org_dialog import OrgDialog
from ..models import OPEN_LEVELS, ORG_ID_ROLE, fill_org_model, subtree_of
from ..ops import show_error


class OrgTree(QTreeView):
    """Emits `org_selected(org_id or None)` when the selection changes and `organizations_changed` after an edit."""

    org_selected = Signal(object)
    organizations_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._nodes: dict[int, OrgNode] = {}
        self._items: dict[int, QStandardItem] = {}
        self._rebuilding = False
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.setHeaderHidden(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # long names scroll, not elide
        self.header().setStretchLastSection(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        side = self.fontMetrics().height() + 2
        self.setIconSize(QSize(side, side))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(max(hint.width(), 24 * self.fontMetrics().averageCharWidth() + 80), hint.height())

    # ----- content ------------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        """Reload from the database, keeping the selection (or selecting `select_id`) and the opened nodes."""
        keep = select_id if select_id is not None else self.current_org_id()
        opened = {org_id for org_id, item in self._items.items() if self.isExpanded(item.index())}
        first_time = not self._items
        nodes = list_organizations(self._db)
        self._rebuilding = True
        try:
            self._items = fill_org_model(self._model, nodes)
        finally:
            self._rebuilding = False
        self._nodes = {node.id: node for node in nodes}
        for node in nodes:
            if (node.level in OPEN_LEVELS) if first_time else (node.id in opened):
                self.expand(self._items[node.id].index())
        target = keep if keep in self._items else (nodes[0].id if nodes else None)
        if target is None:
            self.org_selected.emit(None)
        else:
            self.select_org(target)

    def nodes(self) -> list[OrgNode]:
        return list(self._nodes.values())

    def node(self, org_id: int) -> OrgNode | None:
        return self._nodes.get(org_id)

    def current_org_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(ORG_ID_ROLE) if index.isValid() else None

    def current_node(self) -> OrgNode | None:
        org_id = self.current_org_id()
        return self._nodes.get(org_id) if org_id is not None else None

    def select_org(self, org_id: int) -> None:
        item = self._items.get(org_id)
        if item is None:
            return
        index = item.index()
        self.scrollTo(index)
        if self.currentIndex() == index:
            self.org_selected.emit(org_id)
        else:
            self.setCurrentIndex(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._rebuilding:
            return
        self.org_selected.emit(current.data(ORG_ID_ROLE) if current.isValid() else None)

    # ----- actions ------------------------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        node = self._nodes[index.data(ORG_ID_ROLE)]
        menu = QMenu(self)
        add = menu.addAction(self.tr("新建下级组织…"), lambda: self.create_child(node))
        add.setEnabled(bool(ALLOWED_CHILDREN.get(OrgLevel(node.level))))
        menu.addAction(self.tr("编辑/重命名…"), lambda: self.edit_node(node))
        move = menu.addAction(self.tr("移动到…"), lambda: self.move_node(node))
        move.setEnabled(node.parent_id is not None)
        if node.level == OrgLevel.BRANCH:
            menu.addAction(self.tr("支委会成员…"), lambda: self.edit_committee(node))
        menu.addSeparator()
        remove = menu.addAction(self.tr("删除"), lambda: self.delete_node(node))
        remove.setEnabled(node.parent_id is not None)
        menu.exec(self.viewport().mapToGlobal(pos))

    def create_child(self, node: OrgNode) -> None:
        dialog = OrgDialog(self, self._db, parent_node=node)
        if dialog.exec() and dialog.saved is not None:
            self._changed(dialog.saved.id)

    def edit_node(self, node: OrgNode) -> None:
        parent_node = self._nodes.get(node.parent_id) if node.parent_id is not None else None
        dialog = OrgDialog(self, self._db, parent_node=parent_node, node=node)
        if dialog.exec() and dialog.saved is not None:
            self._changed(node.id)

    def edit_committee(self, node: OrgNode) -> None:
        """Who sits on the branch's 支部委员会, with their posts and terms (支部委员会 meetings expect them)."""
        CommitteeDialog(self, self._db, node.id, node.name).exec()

    def move_node(self, node: OrgNode) -> None:
        below = subtree_of(self.nodes(), node.id)
        target = choose_organization(
            self, self.tr("移动组织"), self.tr("把“{0}”（{1}）移到哪个组织之下？").format(node.name, node.level),
            self.nodes(),
            lambda n: n.id not in below and n.id != node.parent_id
            and node.level in ALLOWED_CHILDREN[OrgLevel(n.level)],
            self.tr("移动"))
        if target is None:
            return
        try:
            move_organization(self._db, node.id, target)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._changed(node.id)

    def delete_node(self, node: OrgNode) -> None:
        """Nodes with members or children go straight to the service, whose refusal says why."""
        empty = node.member_count == 0 and len(subtree_of(self.nodes(), node.id)) == 1
        if empty:
            answer = QMessageBox.question(
                self, self.tr("删除组织"), self.tr("确定删除“{0}”吗？").format(node.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            delete_organization(self._db, node.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._changed(node.parent_id)

    def _changed(self, select_id: int | None) -> None:
        self.refresh(select_id)
        self.organizations_changed.emit()
