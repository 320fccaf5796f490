"""工具 → 数据检查: the full check of the data file (structure and references) off the GUI thread, then what it found
in plain Chinese, with the way to 备份与恢复 when something is wrong."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ...services.database import Database
from ...services.integrity import CheckReport, full_check
from ..ops import BackgroundOp
from ..theme import ERROR, HINT, PRIMARY, SUBHEADING, set_role


class CheckResultDialog(QDialog):
    """"检查完毕：数据完好", or the problems one per line with 转到备份与恢复 (calls `go_to_backups`) and 关闭."""

    def __init__(self, parent: QWidget, report: CheckReport, go_to_backups: Callable[[], None]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("数据检查"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        buttons = QDialogButtonBox()
        close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.addItems([f"{number}. {problem}" for number, problem in enumerate(report.problems, 1)])
        if report.ok:
            self.headline = set_role(QLabel(self.tr("检查完毕：数据完好。")), SUBHEADING)
            layout.addWidget(self.headline)
            layout.addWidget(set_role(QLabel(self.tr("数据文件的结构完好，各项记录之间的对应关系完整。")), HINT))
            self.problem_list.hide()
            close_button.setDefault(True)
        else:
            self.headline = set_role(QLabel(self.tr("检查发现 {0} 个问题：").format(len(report.problems))), ERROR)
            layout.addWidget(self.headline)
            layout.addWidget(self.problem_list, 1)
            layout.addWidget(set_role(QLabel(self.tr(
                "建议：到“备份与恢复”中，选择问题出现之前的一份备份恢复（一般选最近的一份）。恢复之前，程序会先自动"
                "备份现在的数据。如果问题一再出现，请检查这台电脑的磁盘。"), wordWrap=True), HINT))
            self.backups_button = set_role(buttons.addButton(self.tr("转到备份与恢复"),
                                                             QDialogButtonBox.ButtonRole.AcceptRole), PRIMARY)
            self.backups_button.setDefault(True)
            buttons.accepted.connect(self.accept)
            self.accepted.connect(go_to_backups)
            self.resize(self.fontMetrics().horizontalAdvance("汉") * 48, self.fontMetrics().height() * 22)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 30)


def start_data_check(parent: QWidget, db: Database, go_to_backups: Callable[[], None]) -> None:
    """Check in the background, then open the result (window-modal, not blocking the program)."""
    def show(report: CheckReport) -> None:
        dialog = CheckResultDialog(parent, report, go_to_backups)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    BackgroundOp(parent, parent.tr("正在检查数据……"), lambda _progress: full_check(db), show).run()
