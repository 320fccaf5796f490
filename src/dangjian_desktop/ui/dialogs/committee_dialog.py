"""支委会成员: who sits on a branch's 支部委员会, in which post and since when; seats are added and ended with
dates, so a 支部委员会 record expects the committee of its own day."""

from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, \
    QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ...domain.meetings import COMMITTEE_POSTS
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.membership import CommitteeSeat, committee, end_committee_seat, roster_on, set_committee_seat
from ..theme import HINT, PRIMARY, SUBHEADING, set_role
from ..widgets import FieldMessage
from ..widgets.date_edit import DateEdit
from ..models.headered import HeaderedTableModel

HEADERS = ("姓名", "职务", "任职开始", "任职结束", "状态")
SEVEN = 7   # 正式党员 from which a 党支部 sets up a 支部委员会 (DESIGN §5)


class CommitteeModel(HeaderedTableModel):
    HEADERS = HEADERS

    def __init__(self, today: date, parent: QObject | None = None):
        super().__init__(parent)
        self._today = today
        self._seats: list[CommitteeSeat] = []

    def set_seats(self, seats: list[CommitteeSeat]) -> None:
        """Sitting members first (in the order of the posts), then those whose term ended."""
        self.beginResetModel()
        self._seats = sorted(seats, key=lambda s: not self.is_current(s))
        self.endResetModel()

    def is_current(self, seat: CommitteeSeat) -> bool:
        return seat.ended_on is None or seat.ended_on > self._today

    def seat_at(self, row: int) -> CommitteeSeat:
        return self._seats[row]

    def _row_count(self) -> int:
        return len(self._seats)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        seat, column = self._seats[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (seat.name, seat.post, seat.started_on.isoformat() if seat.started_on else "",
                    seat.ended_on.isoformat() if seat.ended_on else "",
                    "在任" if self.is_current(seat) else "已离任")[column]
        if role == Qt.ItemDataRole.ForegroundRole and not self.is_current(seat):
            return QBrush(QColor("#8F959E"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class CommitteeDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, branch_id: int, branch_name: str, *,
                 today: date | None = None):
        super().__init__(parent)
        self._db, self._branch_id, self._today = db, branch_id, today or date.today()
        self.setWindowTitle(self.tr("支委会成员 — {0}").format(branch_name))
        self.model = CommitteeModel(self._today, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.roster_hint = set_role(QLabel(), HINT)
        self.roster_hint.setWordWrap(True)

        self.member = QComboBox()
        self.member.setMinimumContentsLength(8)
        roster = roster_on(db, branch_id, self._today)
        for entry in roster:
            self.member.addItem(entry.name if entry.voting else self.tr("{0}（预备党员）").format(entry.name),
                                entry.member_id)
        self.post = QComboBox()
        self.post.addItems(COMMITTEE_POSTS)
        self.started_on = DateEdit()
        self.started_on.setDate(self._today)
        self.add_button = set_role(QPushButton(self.tr("添加")), PRIMARY)
        adding = QGroupBox(self.tr("新增任职"))
        add_row = QHBoxLayout(adding)
        for label, widget in ((self.tr("党员"), self.member), (self.tr("职务"), self.post),
                              (self.tr("任职开始"), self.started_on)):
            add_row.addWidget(QLabel(label))
            add_row.addWidget(widget, 1)
        add_row.addWidget(self.add_button)

        self.ended_on = DateEdit()
        self.ended_on.setDate(self._today)
        self.end_button = QPushButton(self.tr("离任"))
        ending = QGroupBox(self.tr("任职结束（换届、调离）"))
        end_row = QHBoxLayout(ending)
        end_row.addWidget(QLabel(self.tr("选中上表一人，结束日期")))
        end_row.addWidget(self.ended_on, 1)
        end_row.addWidget(self.end_button)

        self.message = FieldMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(QLabel(branch_name), SUBHEADING))
        layout.addWidget(self.roster_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(adding)
        layout.addWidget(ending)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(760, 560)

        full = sum(1 for entry in roster if entry.voting)
        text = self.tr("本支部现有正式党员 {0} 名。").format(full)
        text += (self.tr("正式党员 {0} 名以上的党支部应设支部委员会；“支部委员会”会议的应到人员即在任的支委。").format(SEVEN)
                 if full >= SEVEN else self.tr("不足 {0} 名正式党员的党支部可不设支部委员会。").format(SEVEN))
        self.roster_hint.setText(text)
        self.add_button.setEnabled(self.member.count() > 0)
        self.add_button.clicked.connect(self.add_seat)
        self.end_button.clicked.connect(self.end_seat)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._reload()

    def _reload(self) -> None:
        self.model.set_seats(committee(self._db, self._branch_id))
        self._update_buttons()

    def selected_seat(self) -> CommitteeSeat | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.seat_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        seat = self.selected_seat()
        self.end_button.setEnabled(seat is not None and self.model.is_current(seat))

    def _run(self, action, done: str) -> None:  # noqa: ANN001 - one service call
        try:
            action()
        except ServiceError as exc:
            self.message.show_message(exc.message)
            return
        self.message.show_message(done, "fixed")
        self._reload()

    def add_seat(self) -> None:
        if self.started_on.error():
            self.message.show_message(self.started_on.error())
            return
        member_id, post, started = self.member.currentData(), self.post.currentText(), self.started_on.date()
        name = self.member.currentText()
        self._run(lambda: set_committee_seat(self._db, self._branch_id, member_id, post, started),
                  self.tr("已添加：{0} 任{1}。").format(name, post))

    def end_seat(self) -> None:
        seat, ended = self.selected_seat(), self.ended_on.date()
        if seat is None:
            return
        if ended is None:
            self.message.show_message(self.ended_on.error() or self.tr("请填写任职结束日期"))
            return
        self._run(lambda: end_committee_seat(self._db, seat.id, ended),
                  self.tr("{0}的{1}任职于 {2} 结束。").format(seat.name, seat.post, ended.isoformat()))
