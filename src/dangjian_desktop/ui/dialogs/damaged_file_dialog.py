"""At start-up, when the data file is damaged: what happened in plain words, the newest backups that are whole
(checked off the GUI thread; the newest preselected), and 从这份备份恢复 / 选择其他备份文件… / 退出.

A restore keeps the damaged file as it was (its name says 恢复前_已损坏), so nothing is lost by choosing."""

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, \
    QVBoxLayout, QWidget

from ...services.backups import BackupInfo, good_backups, restore_backup
from ..models.backup_model import BackupTableModel, time_text
from ..ops import BackgroundOp
from ..theme import ERROR, HEADING, HINT, PRIMARY, set_role
from ..widgets.list_table import list_table

SHOWN_BACKUPS = 5
DETAIL_CHARS = 100   # of SQLite's own report, which can run to hundreds of lines (all of it in the tooltip)


def _first_line(problems: list[str]) -> str:
    text = " ".join(problems[0].split()) if problems else ""
    return text if len(text) <= DETAIL_CHARS else text[:DETAIL_CHARS] + "……"


class DamagedFileDialog(QDialog):
    """Accepted after a successful restore (`safety` is then the kept copy of the damaged file, or None), rejected
    on 退出."""

    def __init__(self, db_path: Path, problems: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.safety: BackupInfo | None = None
        self.setWindowTitle(self.tr("数据文件已损坏"))
        self.model = BackupTableModel(self)
        self.table = list_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status_label = set_role(QLabel(self.tr("正在查找完好的备份……"), wordWrap=True), HINT)
        self.restore_button = set_role(QPushButton(self.tr("从这份备份恢复")), PRIMARY)
        self.other_button = QPushButton(self.tr("选择其他备份文件…"))
        self.quit_button = QPushButton(self.tr("退出"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other_file)
        self.quit_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(10)
        layout.addWidget(set_role(QLabel(self.tr("数据文件已损坏")), HEADING))
        layout.addWidget(QLabel(self.tr(
            "数据文件 {0} 已经损坏，程序不能继续使用它。这通常是使用中突然断电、强行关机或磁盘出错造成的。\n\n"
            "不用担心：程序会经常自动备份。请从下面选一份备份恢复，一般选最新的一份（已为您选好）。"
            "恢复时，损坏的文件会原样保存在备份文件夹里，不会删除。").format(self.db_path), wordWrap=True))
        details = set_role(QLabel(self.tr("检查结果（供专业人员参考）：{0}").format(_first_line(problems)),
                                  wordWrap=True), HINT)
        details.setToolTip("\n".join(problems))
        layout.addWidget(details)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.setMinimumSize(self.fontMetrics().horizontalAdvance("汉") * 52, self.fontMetrics().height() * 26)
        self._update_buttons()
        self._search()

    def _search(self) -> None:
        BackgroundOp(self, self.tr("正在查找完好的备份……"),
                     lambda progress: good_backups(self.db_path, SHOWN_BACKUPS, progress), self._found).run()

    def _found(self, backups: list[BackupInfo]) -> None:
        self.model.set_records(backups)
        if backups:
            self.status_label.setText(self.tr("找到 {0} 份完好的备份（最新的在最上面）：").format(len(backups)))
            self.table.selectRow(0)
        else:
            self.status_label.setText(self.tr(
                "备份文件夹里没有找到完好的备份。如果您曾把备份另存到U盘或其他位置，请点“选择其他备份文件…”找到它。"))
            set_role(self.status_label, ERROR)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is not None:
            self._restore(info.path, self.tr("{0} 的备份").format(time_text(info)))

    def restore_other_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), str(self.db_path.parent),
                                                      self.tr("党建工作台备份 (*.db);;所有文件 (*)"))
        if chosen:
            self._restore(Path(chosen), chosen)

    def _restore(self, backup: Path, described: str) -> None:
        def restored(safety: BackupInfo | None) -> None:
            self.safety = safety
            kept = self.tr("\n\n损坏的文件已原样保存为：\n{0}").format(safety.path) if safety else ""
            QMessageBox.information(self, self.tr("已恢复"), self.tr("数据已从{0}恢复。{1}\n\n程序将继续启动。")
                                    .format(described, kept))
            self.accept()

        BackgroundOp(self, self.tr("正在恢复数据……"), lambda _progress: restore_backup(self.db_path, backup),
                     restored).run()
