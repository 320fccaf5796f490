"""The first start on an empty data file: name the street's 党工委, or load the demo street to look around."""

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...domain.progress import Cancelled
from ...services.database import Database
from ...services.errors import RuleViolation
from ...services.organizations import create_root
from ..ops import BackgroundOp, show_error
from ..theme import ERROR, HEADING, HINT, PRIMARY, set_role


class FirstStartDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("欢迎使用党建工作台"))
        intro = QLabel(self.tr(
            "党建工作台帮助街道党工委管理党组织和党员花名册：建立组织树，登记、导入、导出和打印花名册。"
            "所有数据只保存在这台电脑上，不需要联网。"), wordWrap=True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("例如：泉城路街道党工委"))
        self.name_edit.textChanged.connect(self._clear_error)
        self.name_edit.returnPressed.connect(self.create_street)
        self.error_label = set_role(QLabel(wordWrap=True), ERROR)
        self.error_label.hide()
        self.start_button = set_role(QPushButton(self.tr("开始使用")), PRIMARY)
        self.start_button.clicked.connect(self.create_street)
        self.demo_button = QPushButton(self.tr("载入演示数据（约800名党员）"))
        self.demo_button.clicked.connect(self.load_demo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(set_role(QLabel(self.tr("欢迎使用党建工作台")), HEADING))
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("请填写本街道党工委的名称：")))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(set_role(QLabel(self.tr("以后可以在“组织与党员”里改名，并添加社区党委、党支部和党员。"),
                                         wordWrap=True), HINT))
        layout.addSpacing(8)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        layout.addWidget(set_role(QLabel(self.tr(
            "只想先看看？载入演示数据：一个虚构的街道，约30个党组织、800名党员，几秒钟就能载入。"), wordWrap=True), HINT))
        self.start_button.setDefault(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 40)

    def create_street(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self._show_error(self.tr("请填写街道党工委的名称，例如“泉城路街道党工委”。"))
            return
        try:
            create_root(self.db, name)
        except RuleViolation as exc:
            self._show_error(exc.message)
            return
        self.accept()

    def load_demo(self) -> None:
        from ...services.demo import load_demo   # the demo generator is only needed here

        self._set_busy(True)
        BackgroundOp(self, self.tr("正在载入演示数据……"), lambda progress: load_demo(self.db, progress),
                     on_success=lambda _stats: self.accept(),
                     on_failure=self._demo_failed).run()

    def _demo_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, Cancelled):
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name_edit, self.start_button, self.demo_button):
            widget.setEnabled(not busy)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.name_edit.setProperty("invalid", True)
        self.name_edit.style().polish(self.name_edit)
        self.name_edit.setFocus()

    def _clear_error(self) -> None:
        if self.error_label.isVisible():
            self.error_label.hide()
            self.name_edit.setProperty("invalid", False)
            self.name_edit.style().polish(self.name_edit)
