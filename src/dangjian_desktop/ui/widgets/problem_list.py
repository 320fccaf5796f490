"""发现问题 of a visit: problems typed one at a time (回车 adds), pasted as "问题一；问题二" or as several lines
(split into one problem each), removable, each to become a demand when the visit is saved; and, for a visit
already saved, the demands it raised with their status, read-only."""

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem, QPushButton, \
    QVBoxLayout, QWidget

from ...domain.visits import DemandStatus, split_problems
from ...services.demands import DemandInfo
from ..theme import HINT, set_role

_OVERDUE, _CLOSED = "#B3261E", "#2E6B30"


class ProblemList(QWidget):
    """`changed` after a problem was added or removed. `problems()` includes what is still typed in the entry."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.raised_label = QLabel(self.tr("这次走访已登记的诉求："))
        self.raised = QListWidget()
        self.raised.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.raised.setMaximumHeight(self.fontMetrics().height() * 7 + 16)
        self.raised.setWordWrap(True)          # long demands wrap: status and deadline stay in view
        self.raised.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.raised.setResizeMode(QListView.ResizeMode.Adjust)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(self.tr("输入一个问题，按回车添加"))
        self.entry.setToolTip(self.tr("粘贴“问题一；问题二”或多行文字时，会分成多条"))
        self.add_button = QPushButton(self.tr("添加"))
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.note = set_role(QLabel(), HINT)
        self.note.setWordWrap(True)

        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list, 1)
        side = QVBoxLayout()
        side.addWidget(self.remove_button)
        side.addStretch(1)
        list_row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.raised_label)
        layout.addWidget(self.raised)
        layout.addLayout(entry_row)
        layout.addLayout(list_row, 1)
        layout.addWidget(self.note)
        self.set_raised([])

        self.entry.installEventFilter(self)   # 回车 adds the problem and goes no further (not to 保存)
        self.entry.textChanged.connect(self._entry_changed)
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.remove_button.setEnabled(False)

    # ----- public ----------------------------------------------------------------------------------------------
    def set_deadline_days(self, days: int) -> None:
        self.note.setText(self.tr("保存后每个问题将登记为一件诉求（办理期限 {0} 天）").format(days))

    def set_raised(self, demands: list[DemandInfo]) -> None:
        """The demands the saved visit raised: content, status and deadline; overdue in red, closed in green."""
        self.raised.clear()
        for demand in demands:
            status = DemandStatus(demand.status)
            item = QListWidgetItem(self.tr("【{1}，期限 {2:%Y-%m-%d}】{0}").format(demand.content, status,
                                                                              demand.deadline))
            if demand.overdue:
                item.setText(item.text().replace("】", self.tr("，已超期】"), 1))
                item.setForeground(QBrush(QColor(_OVERDUE)))
            elif not status.is_open:
                item.setForeground(QBrush(QColor(_CLOSED)))
            item.setToolTip(demand.outcome or demand.content)
            self.raised.addItem(item)
        self.raised_label.setVisible(bool(demands))
        self.raised.setVisible(bool(demands))
        self.entry.setPlaceholderText(self.tr("如有新的问题，输入后按回车添加") if demands
                                      else self.tr("输入一个问题，按回车添加"))

    def problems(self) -> tuple[str, ...]:
        listed = [self.list.item(row).text() for row in range(self.list.count())]
        return tuple(listed + split_problems(self.entry.text()))

    def add_text(self, text: str) -> int:
        """Add the problems in `text` (split at ；, ; and line breaks); returns how many."""
        pieces = split_problems(text)
        for piece in pieces:
            self.list.addItem(piece)
        if pieces:
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()
        return len(pieces)

    def add_entry(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        self.add_text(text)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    # ----- behaviour -------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.entry and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.add_entry()
            return True
        return super().eventFilter(watched, event)

    def _entry_changed(self, text: str) -> None:
        """Several lines pasted at once are several problems: add them right away."""
        if "\n" in text:
            self.add_entry()
        else:
            self.changed.emit()
