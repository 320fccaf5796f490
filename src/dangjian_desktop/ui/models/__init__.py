"""Item models over the plain records the services return: the roster and import tables (modules beside this
one) and the organisation tree, shared by the tree on the roster page and the organisation pickers."""

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel

from ...domain.enums import OrgLevel
from ...services.organizations import OrgNode

ORG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_BADGES: dict[str, tuple[str, str]] = {
    OrgLevel.WORK_COMMITTEE: ("工", "#C8161D"),
    OrgLevel.COMMUNITY_COMMITTEE: ("社", "#B4541A"),
    OrgLevel.INDUSTRY_COMMITTEE: ("行", "#8E5B00"),
    OrgLevel.NEW_ORG_COMMITTEE: ("新", "#7A3E9D"),
    OrgLevel.GENERAL_BRANCH: ("总", "#1F5FA8"),
    OrgLevel.BRANCH: ("支", "#2E7D32"),
    OrgLevel.GROUP: ("组", "#607D8B"),
}
OPEN_LEVELS = frozenset(_BADGES) - {OrgLevel.BRANCH, OrgLevel.GROUP}
"""Levels shown opened at first, so the tree starts expanded down to the 党支部."""


@cache
def level_icon(level: str) -> QIcon:
    """A coloured badge with one character naming the level (工 社 行 新 总 支 组)."""
    text, colour = _BADGES.get(level, ("?", "#777777"))
    pixmap = QPixmap(40, 40)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(1, 1, 38, 38), 8, 8)
    font = QFont()
    font.setPixelSize(26)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, 40, 40), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


def subtree_member_totals(nodes: list[OrgNode]) -> dict[int, int]:
    """Members of each node and everything below it (nodes come parents first). A 党小组's members are
    already counted in its 党支部 (their branch), so groups add nothing to their parents."""
    totals = {node.id: node.member_count for node in nodes}
    for node in reversed(nodes):
        if node.parent_id is not None and node.parent_id in totals and node.level != OrgLevel.GROUP:
            totals[node.parent_id] += totals[node.id]
    return totals


def fill_org_model(model: QStandardItemModel, nodes: list[OrgNode],
                   with_counts: bool = True) -> dict[int, QStandardItem]:
    """Replace the model's content by the nodes (parents first); ORG_ID_ROLE holds each node's id."""
    model.clear()
    items: dict[int, QStandardItem] = {}
    totals = subtree_member_totals(nodes)
    for node in nodes:
        item = QStandardItem(level_icon(node.level), f"{node.name}（{totals[node.id]:,}）" if with_counts else node.name)
        item.setEditable(False)
        item.setData(node.id, ORG_ID_ROLE)
        tip = node.level + (f" · {node.kind}" if node.kind else "")
        item.setToolTip(f"{tip}\n本组织及下级共 {totals[node.id]:,} 名党员")
        parent = items.get(node.parent_id) if node.parent_id is not None else None
        (parent or model.invisibleRootItem()).appendRow(item)
        items[node.id] = item
    return items


def subtree_of(nodes: list[OrgNode], org_id: int) -> set[int]:
    """The node's id and the ids of everything below it."""
    children: dict[int | None, list[int]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    found, stack = set(), [org_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, ()))
    return found
