"""首页: the headline counts and what needs doing (DESIGN §11): meetings due or overdue, members to attend to,
enterprises due for a visit and demands overdue or near their deadline."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...domain.member import MemberRecord
from ...services.compliance import DueItem, due_items
from ...services.coverage import dashboard
from ...services.database import Database
from ...services.demands import DemandInfo, list_demands
from ...services.enterprises import EnterpriseInfo, list_enterprises
from ...services.members import Attention, attention, stats
from ...services.organizations import get_root
from ...services.visit_rules import load_visit_rules
from ..models.compliance_model import period_label
from ..models.dashboard_models import not_visited_caption, shortfall_text
from ..theme import HEADING, HINT, SUBHEADING, set_role
from ..widgets.count_card import ALERT_COLOUR, CountCard

ORG_ROLE = Qt.ItemDataRole.UserRole
PERIOD_ROLE = Qt.ItemDataRole.UserRole + 1   # (first day, last day) of a due meeting's period
LIST_ROLE = Qt.ItemDataRole.UserRole + 2     # ("enterprises" or "demands", ids, caption) an item opens
EXPANDED_UP_TO = 3   # a meeting type's list of branches starts opened when it is this short
SHOWN_PER_GROUP = 5  # enterprises or demands named under a group of 走访与诉求; the group opens them all
EXCERPT_LENGTH = 18  # characters of a demand's content shown


class HomePage(QWidget):
    """`open_organization(org_id)` from a card or an item (0 = the whole street); `open_enterprises(ids, caption)`
    and `open_demands(ids, caption)` from an item of 走访与诉求. A refresh reads the meetings due once
    (services.compliance.due_items: ≈ 35 ms for the demo street, ≈ 0.17 s for 150 branches) and the visits
    dashboard once (services.coverage.dashboard and the due enterprises: ≈ 20–30 ms for 400 enterprises,
    5,000 visits and 3,000 demands; a few ms without enterprises)."""

    open_organization = Signal(int)
    open_meetings = Signal(int, object, object)   # branch id, first and last day of the period
    open_enterprises = Signal(list, str)          # enterprise ids, caption
    open_demands = Signal(list, str)              # demand ids, caption

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
        self.visit_tree = QTreeWidget()
        self.visit_tree.setHeaderHidden(True)
        self.visit_tree.setExpandsOnDoubleClick(False)   # double-clicking a group opens its whole list
        self.visit_tree.itemActivated.connect(self._item_activated)
        self.visit_status = set_role(QLabel(self.tr("没有待走访的企业，也没有超期或临期的诉求。")), HINT)
        self.visit_status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(cards)
        layout.addSpacing(12)
        layout.addWidget(set_role(QLabel(self.tr("需要办理的事项")), SUBHEADING))
        layout.addWidget(set_role(QLabel(self.tr("双击一项，打开相关的党支部、会议记录、企业或诉求。")), HINT))
        columns = QHBoxLayout()
        columns.setSpacing(16)
        for title, status, tree in ((self.tr("会议（三会一课、主题党日等）"), self.due_status, self.due_tree),
                                    (self.tr("党员与组织"), self.nothing_to_do, self.attention_tree),
                                    (self.tr("走访与诉求"), self.visit_status, self.visit_tree)):
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
        self._show_visits(today)

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
                top.setForeground(0, QBrush(QColor(ALERT_COLOUR)))
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

    # ----- visits and demands -------------------------------------------------------------------------------
    def _show_visits(self, today: date) -> None:
        """Enterprises due for a visit this period (the longest unvisited first), then the overdue demands (the
        most overdue first) and those near their deadline; each group names a few and opens them all."""
        self.visit_tree.clear()
        board = dashboard(self.db, today)
        frequency = load_visit_rules(self.db).frequency
        if board.not_visited_ids:
            due = sorted(list_enterprises(self.db, ids=board.not_visited_ids, as_of=today),
                         key=lambda e: (e.last_visit_on or date.min, e.record.name))
            self._add_list_group(
                self.tr("{0}的企业（{1} 家）").format(shortfall_text(frequency), len(due)),
                ("enterprises", board.not_visited_ids, not_visited_caption(frequency)),
                [(self._visit_due_text(info), "\n".join(filter(None, (info.record.name, info.record.address))),
                  ("enterprises", [info.id], info.record.name)) for info in due[:SHOWN_PER_GROUP]])
        shown = board.overdue_demand_ids[:SHOWN_PER_GROUP] + board.near_deadline_ids[:SHOWN_PER_GROUP]
        demands = {d.id: d for d in list_demands(self.db, as_of=today, ids=shown)} if shown else {}
        for ids, title, alert in ((board.overdue_demand_ids, self.tr("超期诉求"), True),
                                  (board.near_deadline_ids, self.tr("临期诉求"), False)):
            if ids:
                group = self._add_list_group(
                    self.tr("{0}（{1} 件）").format(title, len(ids)), ("demands", ids, title),
                    [(self._demand_text(demands[i], today), self._demand_tip(demands[i]),
                      ("demands", [i], _excerpt(demands[i]))) for i in ids[:SHOWN_PER_GROUP]])
                if alert:
                    group.setForeground(0, QBrush(QColor(ALERT_COLOUR)))
        empty = self.visit_tree.topLevelItemCount() == 0
        self.visit_tree.setVisible(not empty)
        self.visit_status.setVisible(empty)

    def _add_list_group(self, title: str, target: tuple[str, list[int], str],
                        children: list[tuple[str, str, tuple[str, list[int], str]]]) -> QTreeWidgetItem:
        """A group opening the whole list `target` (kind, ids, caption), its first few `children` (text, tooltip,
        target), and a last line saying how many there are when the children are only some of them."""
        group = self._group_item(title)
        group.setData(0, LIST_ROLE, target)
        group.setToolTip(0, self.tr("双击查看全部"))
        for text, tip, child_target in children:
            item = QTreeWidgetItem(group, [text])
            item.setData(0, LIST_ROLE, child_target)
            item.setToolTip(0, tip)
        if len(target[1]) > len(children):
            more = QTreeWidgetItem(group, [self.tr("…… 共 {0} 项，双击查看全部").format(len(target[1]))])
            more.setData(0, LIST_ROLE, target)
            more.setForeground(0, QBrush(QColor("#646A73")))
        self.visit_tree.addTopLevelItem(group)
        group.setExpanded(True)
        return group

    def _visit_due_text(self, info: EnterpriseInfo) -> str:
        if info.last_visit_on is None:
            return self.tr("{0}（{1}，从未走访）").format(info.record.name, info.officer_name)
        return self.tr("{0}（{1}，上次走访 {2:%Y-%m-%d}）").format(info.record.name, info.officer_name,
                                                              info.last_visit_on)

    def _demand_text(self, demand: DemandInfo, today: date) -> str:
        """How late or how near first (a narrow column cuts the end), then the content and the enterprise."""
        days = (demand.deadline - today).days
        if days < 0:
            when = self.tr("已超期 {0} 天").format(-days)
        else:
            when = self.tr("今天到期") if days == 0 else self.tr("{0} 天后到期").format(days)
        where = f"（{demand.enterprise_name}）" if demand.enterprise_name else ""
        return f"{when} · {_excerpt(demand)}{where}"

    def _demand_tip(self, demand: DemandInfo) -> str:
        lines = [demand.content, self.tr("办理期限：{0:%Y-%m-%d}").format(demand.deadline)]
        if demand.enterprise_name:
            lines.insert(1, self.tr("企业：{0}").format(demand.enterprise_name))
        if demand.responsible_unit or demand.responsible_person:
            lines.append(self.tr("责任单位/人：{0} {1}").format(demand.responsible_unit, demand.responsible_person))
        return "\n".join(lines)

    def _item_activated(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, LIST_ROLE)
        if target is not None:
            kind, ids, caption = target
            (self.open_enterprises if kind == "enterprises" else self.open_demands).emit(list(ids), caption)
            return
        org_id, period = item.data(0, ORG_ROLE), item.data(0, PERIOD_ROLE)
        if org_id and period:   # a meeting due: its branch's records of that period
            self.open_meetings.emit(org_id, *period)
        elif org_id is not None:
            self.open_organization.emit(org_id or self._root_id)


def _excerpt(demand: DemandInfo) -> str:
    text = " ".join(demand.content.split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH] + "…"
