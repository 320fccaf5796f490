"""One audit entry in full: who did what, when, on which computer, with what result, its details field by field,
the details exactly as stored, and its place in the hash chain (its own hash and the previous entry's)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, \
    QVBoxLayout, QWidget

from ...services.audit import get_entry
from ...services.audit_details import readable_details
from ...services.database import Database
from ..models.audit_model import FAILED_RESULTS, RED
from ..theme import HINT, set_role


def _read_only_text(text: str, lines: int, most: int) -> QPlainTextEdit:
    """Between `lines` and `most` lines high; a longer text scrolls."""
    box = QPlainTextEdit(text)
    box.setReadOnly(True)
    spacing = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(spacing * lines + 16)
    box.setMaximumHeight(spacing * most + 16)
    return box


def _hash_field(value: str) -> QLineEdit:
    """A hash in a fixed-width font, selectable for copying."""
    field = QLineEdit(value or "（无：这是第一条记录）")
    field.setReadOnly(True)
    field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance("0" * 64) + 20)
    return field


class AuditEntryDialog(QDialog):
    """Raises ServiceError (the entry cannot be read: no permission, or it is gone) before showing anything."""

    def __init__(self, parent: QWidget | None, db: Database, entry_id: int):
        super().__init__(parent)
        chained = get_entry(db, entry_id)
        entry = chained.entry
        self.setWindowTitle(self.tr("审计日志第 {0} 条").format(entry.id))
        form = QFormLayout()
        form.setVerticalSpacing(8)
        for label, value in ((self.tr("序号"), str(entry.id)), (self.tr("时间"), entry.at),
                             (self.tr("用户"), entry.user), (self.tr("角色"), entry.role),
                             (self.tr("计算机"), entry.machine), (self.tr("操作"), entry.action),
                             (self.tr("对象"), entry.target)):
            shown = QLabel(value, wordWrap=True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        self.result_label = QLabel(entry.result)
        if entry.result in FAILED_RESULTS:
            self.result_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        form.addRow(self.tr("结果"), self.result_label)
        self.content = _read_only_text(readable_details(entry.action, entry.target, entry.details, "\n"), 4, 14)
        form.addRow(self.tr("内容"), self.content)
        self.raw = _read_only_text(entry.details, 2, 5)
        self.raw.setToolTip(self.tr("记录中保存的原始内容，校验值由它和上面各项一起算出"))
        form.addRow(self.tr("原始内容"), self.raw)
        self.previous_hash = _hash_field(chained.prev_hash)
        self.own_hash = _hash_field(chained.hash)
        form.addRow(self.tr("上一条的校验值"), self.previous_hash)
        form.addRow(self.tr("本条的校验值"), self.own_hash)
        hint = set_role(QLabel(self.tr("每条记录的校验值由它的全部内容和上一条的校验值算出：任何一条被改动、插入或删除，"
                                       "“校验完整性”都会发现。"), wordWrap=True), HINT)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(760, self.sizeHint().height())
