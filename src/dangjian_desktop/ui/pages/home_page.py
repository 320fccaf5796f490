"""首页: the headline counts and what needs doing (DESIGN §11)."""

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QGridLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ...domain.member import MemberRecord
from ...services.database import Database
from ...services.members import Attention, attention, stats
from ...services.organizations import get_root
from ..theme import HEADING, HINT, SUBHEADING, set_role

ORG_ROLE = Qt.ItemDataRole.UserRole


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
    open_organization = Signal(int)   # an organisation id; 0 = the whole street

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
        layout.addWidget(self.nothing_to_do)
        layout.addWidget(self.attention_tree, 1)
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

    def _due_text(self, member: MemberRecord, due: date, today: date) -> str:
        if due < today:
            text = self.tr("{0}（{1}）：入党 {2:%Y-%m-%d}，预备期已于 {3:%Y-%m-%d} 届满，请及时讨论转正")
        else:
            text = self.tr("{0}（{1}）：入党 {2:%Y-%m-%d}，预备期于 {3:%Y-%m-%d} 届满")
        return text.format(member.name, member.branch_name, member.joined_on, due)

    def _add_group(self, title: str, entries: list[tuple[str, int | None]]) -> None:
        if not entries:
            return
        group = QTreeWidgetItem([self.tr("{0}（{1}）").format(title, len(entries))])
        bold = QFont(self.attention_tree.font())
        bold.setBold(True)
        group.setFont(0, bold)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for text, org_id in entries:
            item = QTreeWidgetItem(group, [text])
            item.setData(0, ORG_ROLE, org_id or 0)
        self.attention_tree.addTopLevelItem(group)
        group.setExpanded(True)

    def _item_activated(self, item: QTreeWidgetItem) -> None:
        org_id = item.data(0, ORG_ROLE)
        if org_id is not None:
            self.open_organization.emit(org_id or self._root_id)
