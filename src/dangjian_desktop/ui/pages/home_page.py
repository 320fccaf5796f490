"""首页: the headline counts and what needs doing (DESIGN §11): meetings due or overdue, members to attend to."""

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain.member import MemberRecord
from ...services.compliance import DueItem, due_items
from ...services.database import Database
from ...services.members import Attention, attention, stats
from ...services.organizations import get_root
from ..models.compliance_model import period_label
from ..theme import HEADING, HINT, SUBHEADING, set_role

ORG_ROLE = Qt.ItemDataRole.UserRole
PERIOD_ROLE = Qt.ItemDataRole.UserRole + 1   # (first day, last day) of a due meeting's period
OVERDUE_COLOUR = "#B3261E"
EXPANDED_UP_TO = 3   # a meeting type's list of branches starts opened when it is this short


class CountCard(QPushButton):
    """A flat button with a big number and a caption; clicking it opens 组织与党员."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("countCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("–", objectName="cardNumber")
        self.caption = QLabel(caption, objectName="cardCaption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(2)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setAccessibleName(caption)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name; a button ignores its layout's size otherwise
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.layout().minimumSize()

    def set_count(self, value: int) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleDescription(str(value))


class HomePage(QWidget):
    """`open_organization(org_id)` from a card or an item (0 = the whole street). A refresh reads the meetings
    due once (services.compliance.due_items: ≈ 35 ms for the demo street, ≈ 0.17 s for 150 branches)."""

    open_organization = Signal(int)
    open_meetings = Signal(int, object, object)   # branch id, first and last day of the period

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._root_id = 0
        self.title = set_role(QLabel(self.tr("首页")), HEADING)
        self.subtitle = set_role(QLabel(), HINT)
        captions = {
            "organizations": self.tr("党组织"), "branches": self.tr("党支部"), "members": self.tr("党员"),
            "probationary": self.tr("预备党员"), "mobile": self.tr("流动党员"), "lost_contact": self.tr("失联党员"),
        }
        self.cards = {key: CountCard(caption) for key, caption in captions.items()}
        cards = QGridLayout()
        cards.setSpacing(12)
        for column, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
            card.clicked.connect(lambda: self.open_organization.emit(self._root_id))
        self.attention_tree = QTreeWidget()
        self.attention_tree.setHeaderHidden(True)
        self.attention_tree.setRootIsDecorated(True)
        self.attention_tree.itemActivated.connect(self._item_activated)
        self.nothing_to_do = set_role(QLabel(self.tr("目前没有需要办理的事项。")), HINT)
        self.due_tree = QTreeWidget()
        self.due_tree.setHeaderHidden(True)
        self.due_tree.itemActivated.connect(self._item_activated)
        self.due_status = set_role(QLabel(self.tr("应开的会议都已开，没有逾期。")), HINT)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(cards)
        layout.addSpacing(12)
        layout.addWidget(set_role(QLabel(self.tr("需要办理的事项")), SUBHEADING))
        layout.addWidget(set_role(QLabel(self.tr("双击一项，打开它所在的党支部。")), HINT))
        columns = QHBoxLayout()
        columns.setSpacing(16)
        for title, status, tree in ((self.tr("会议（三会一课、主题党日等）"), self.due_status, self.due_tree),
                                    (self.tr("党员与组织"), self.nothing_to_do, self.attention_tree)):
            column = QVBoxLayout()
            column.setSpacing(6)
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(status)
            column.addWidget(tree, 1)
            column.addStretch(0)
            columns.addLayout(column, 1)
        layout.addLayout(columns, 1)
        self.refresh()

    def refresh(self) -> None:
        today = date.today()
        root = get_root(self.db)
        self._root_id = root.id if root else 0
        self.title.setText(root.name if root else self.tr("首页"))
        self.subtitle.setText(self.tr("今天是 {0:%Y年%m月%d日}").format(today))
        counts = stats(self.db)
        for key, card in self.cards.items():
            card.set_count(getattr(counts, key))
        self._show_attention(attention(self.db, today), today)
        self._show_due(due_items(self.db, today))

    def _show_attention(self, attention: Attention, today: date) -> None:
        tree = self.attention_tree
        tree.clear()
        self._add_group(self.tr("正式党员不足3名的党支部"), [
            (self.tr("{0}：正式党员 {1} 名").format(org.name, count), org.id)
            for org, count in attention.small_branches])
        self._add_group(self.tr("预备期本月届满或已届满的预备党员"), [
            (self._due_text(m, day, today), m.branch_id) for m, day in attention.due_for_confirmation])
        self._add_group(self.tr("失联党员"), [
            (self.tr("{0}（{1}）").format(m.name, m.branch_name), m.branch_id) for m in attention.lost_contact])
        empty = tree.topLevelItemCount() == 0
        tree.setVisible(not empty)
        self.nothing_to_do.setVisible(empty)

    # ----- meetings due --------------------------------------------------------------------------------------
    def _show_due(self, items: list[DueItem]) -> None:
        """Two groups (已逾期, 本期应开未开), each by meeting type and period, listing the branches."""
        tree = self.due_tree
        tree.clear()
        for overdue, title in ((True, self.tr("已逾期")), (False, self.tr("本期应开未开"))):
            chosen = [item for item in items if item.overdue == overdue]
            if not chosen:
                continue
            top = self._group_item(self.tr("{0}（{1} 项）").format(title, len(chosen)))
            if overdue:
                top.setForeground(0, QBrush(QColor(OVERDUE_COLOUR)))
            tree.addTopLevelItem(top)
            by_kind: dict[tuple[str, str], list[DueItem]] = {}
            for item in chosen:
                by_kind.setdefault((item.cell.type, item.cell.period), []).append(item)
            for (meeting_type, period), group in by_kind.items():
                deadline = group[0].deadline
                when = (self.tr("{0}月{1}日截止") if overdue else self.tr("{0}月{1}日前")).format(deadline.month,
                                                                                              deadline.day)
                kind = QTreeWidgetItem(top, [self.tr("{0} · {1}（{2}）：{3} 个党支部").format(
                    meeting_type, period_label(period), when, len(group))])
                kind.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for item in group:
                    child = QTreeWidgetItem(kind, [item.cell.branch + self._due_detail(item)])
                    child.setData(0, ORG_ROLE, item.cell.branch_id)
                    child.setData(0, PERIOD_ROLE, (item.start, item.deadline))
                kind.setExpanded(len(group) <= EXPANDED_UP_TO)
            top.setExpanded(True)
        empty = tree.topLevelItemCount() == 0
        tree.setVisible(not empty)
        self.due_status.setVisible(empty)

    def _due_detail(self, item: DueItem) -> str:
        cell = item.cell
        if cell.without_quorum:
            return self.tr("（已开 {0} 次，其中 {1} 次未达法定人数）").format(cell.held, cell.without_quorum)
        if cell.required > 1:
            return self.tr("（应开 {0} 次，已开 {1} 次）").format(cell.required, cell.held)
        return ""

    def _group_item(self, text: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([text])
        bold = QFont(self.attention_tree.font())
        bold.setBold(True)
        group.setFont(0, bold)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return group

    # ----- members and organisations ------------------------------------------------------------------------
    def _due_text(self, member: MemberRecord, due: date, today: date) -> str:
        if due < today:
            text = self.tr("{0}（{1}）：入党 {2:%Y-%m-%d}，预备期已于 {3:%Y-%m-%d} 届满，请及时讨论转正")
        else:
            text = self.tr("{0}（{1}）：入党 {2:%Y-%m-%d}，预备期于 {3:%Y-%m-%d} 届满")
        return text.format(member.name, member.branch_name, member.joined_on, due)

    def _add_group(self, title: str, entries: list[tuple[str, int | None]]) -> None:
        if not entries:
            return
        group = self._group_item(self.tr("{0}（{1}）").format(title, len(entries)))
        for text, org_id in entries:
            item = QTreeWidgetItem(group, [text])
            item.setData(0, ORG_ROLE, org_id or 0)
        self.attention_tree.addTopLevelItem(group)
        group.setExpanded(True)

    def _item_activated(self, item: QTreeWidgetItem) -> None:
        org_id, period = item.data(0, ORG_ROLE), item.data(0, PERIOD_ROLE)
        if org_id and period:   # a meeting due: its branch's records of that period
            self.open_meetings.emit(org_id, *period)
        elif org_id is not None:
            self.open_organization.emit(org_id or self._root_id)
