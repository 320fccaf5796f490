"""备份与恢复: the backups of the data file (newest first, with what each holds), back up now, restore one, save a
copy to a USB stick, restore from another file, open the folder. The rule they are kept by is said in plain words,
and when a copy was last saved off this PC.

Restoring replaces the open data file, so the page does not do it itself: it asks once and emits
`restore_requested(path)`; the application closes the data file, restores, reopens and builds a fresh window."""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHideEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox, QPushButton, \
    QVBoxLayout, QWidget

from ...services.backups import (BackupInfo, BackupReason, backup_folder, export_backup, last_offsite_copy,
                                 list_backups, make_backup)
from ...services.database import Database
from ..dialogs import ask_save_path
from ..models.backup_model import BackupTableModel, counts_text, size_text, time_text
from ..ops import BackgroundOp
from ..theme import ERROR, HEADING, HINT, PRIMARY, set_role
from ..widgets.list_table import list_table

BACKUP_FILTER = "党建工作台备份 (*.db)"
OPEN_FOLDER_KEY = "backup_page/last_restore_folder"
OFFSITE_DAYS = 7
RULE_TEXT = ("程序会自动备份：每次打开时，使用中每隔30分钟（数据有改动时），以及每次导入数据和恢复备份之前。"
             "备份放在数据文件旁边的 backups 文件夹里，每份都经过校验。最近两天的备份全部保留，之后每天、每周、"
             "每月各保留一份（保留最近12天、10周、9个月），更早的自动删除。")


def save_copy_elsewhere(parent: QWidget, db: Database, on_saved: Callable[[Path], None] | None = None) -> None:
    """Ask where (a USB stick, another disk), then save a verified copy of the data there and say so."""
    name = parent.tr("党建数据备份-{0:%Y%m%d-%H%M}.db").format(datetime.now())
    path = ask_save_path(parent, parent.tr("把备份另存到U盘或其他位置"), name, parent.tr(BACKUP_FILTER), ".db")
    if path is None:
        return

    def saved(target: Path) -> None:
        QMessageBox.information(parent, parent.tr("备份已另存"), parent.tr(
            "备份已保存并校验完好：\n{0}\n\n请把U盘取下后妥善保管，不要和这台电脑放在一起。").format(target))
        if on_saved is not None:
            on_saved(target)

    BackgroundOp(parent, parent.tr("正在保存备份……"), lambda _progress: export_backup(db, path), saved).run()


class BackupPage(QWidget):
    """`restore_requested(path)` after the user confirmed restoring that backup file; `loaded` after each reload."""

    restore_requested = Signal(Path)
    loaded = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._reload_when_shown = False
        self.model = BackupTableModel(self)
        self.table = list_table(self.model, sortable=True, context_menu=True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.offsite_label = QLabel(wordWrap=True)
        self.count_label = set_role(QLabel(), HINT)
        self.message_label = set_role(QLabel(), HINT)
        self.backup_button = set_role(QPushButton(self.tr("立即备份")), PRIMARY)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.save_copy_button = QPushButton(self.tr("另存到U盘或其他位置…"))
        self.restore_file_button = QPushButton(self.tr("从其他文件恢复…"))
        self.folder_button = QPushButton(self.tr("打开备份文件夹"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.save_copy_button.clicked.connect(self.save_copy)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.folder_button.clicked.connect(self.open_folder)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(set_role(QLabel(self.tr("备份与恢复")), HEADING))
        layout.addWidget(set_role(QLabel(self.tr(RULE_TEXT), wordWrap=True), HINT))
        layout.addWidget(self.offsite_label)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.save_copy_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        layout.addLayout(buttons)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addStretch(1)
        counts.addWidget(self.message_label)
        layout.addLayout(counts)
        layout.addWidget(self.table, 1)
        self._update_buttons()
        self.refresh()

    # ----- loading ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        BackgroundOp(self, self.tr("正在读取备份……"),
                     lambda _progress: (list_backups(self.db), last_offsite_copy(self.db)), self._apply).run()

    def _apply(self, data: tuple[list[BackupInfo], datetime | None]) -> None:
        backups, offsite = data
        self.model.set_records(backups)
        total = sum(info.size for info in backups)
        self.count_label.setText(self.tr("共 {0:,} 份备份，占用 {1}").format(len(backups), size_text(total))
                                 if backups else self.tr("还没有备份"))
        self._show_offsite(offsite)
        self.loaded.emit()

    def _show_offsite(self, saved: datetime | None) -> None:
        if saved is None:
            text, late = self.tr("还没有把备份另存到这台电脑以外的地方。电脑损坏或丢失时，只有另存的备份能找回数据："
                                 "请每周至少一次点“另存到U盘或其他位置…”。"), True
        else:
            days = (date.today() - saved.date()).days
            ago = self.tr("今天") if days <= 0 else self.tr("{0} 天前").format(days)
            text = self.tr("上次另存到其他位置：{0:%Y-%m-%d %H:%M}（{1}）。"
                           "建议每周至少另存一次，放在这台电脑以外的地方。").format(saved, ago)
            late = days >= OFFSITE_DAYS
        self.offsite_label.setText(text)
        set_role(self.offsite_label, ERROR if late else HINT)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Automatic backups are taken in the background: the list is read again each time the page is shown."""
        if self._reload_when_shown:
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._reload_when_shown = True
        super().hideEvent(event)

    # ----- actions ---------------------------------------------------------------------------------------------
    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def backup_now(self) -> None:
        BackgroundOp(self, self.tr("正在备份……"), lambda _progress: make_backup(self.db, BackupReason.MANUAL),
                     self._backed_up).run()

    def _backed_up(self, info: BackupInfo) -> None:
        self.message_label.setText(self.tr("已备份并校验完好（{0:%H:%M:%S}）").format(info.taken_at))
        self.refresh()

    def save_copy(self) -> None:
        save_copy_elsewhere(self, self.db, lambda _target: self.refresh())

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self._restorable(info):
            return
        held = counts_text(info.counts)
        question = self.tr("确定要把数据恢复到 {0} 的备份吗？\n\n这份备份中有：{1}。\n\n"
                           "恢复之前，程序会先自动备份现在的数据；如果恢复后发现不对，还可以从那份备份恢复回来。")
        if self._confirm(question.format(time_text(info), held or self.tr("（没有记录）"))):
            self.restore_requested.emit(info.path)

    def restore_from_file(self) -> None:
        settings = QSettings()
        folder = settings.value(OPEN_FOLDER_KEY) or str(backup_folder(self.db.path))
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("选择要恢复的备份文件"), folder,
                                                      self.tr("党建工作台备份 (*.db);;所有文件 (*)"))
        if not chosen:
            return
        path = Path(chosen)
        settings.setValue(OPEN_FOLDER_KEY, str(path.parent))
        question = self.tr("确定要用文件\n{0}\n中的数据替换现在的数据吗？\n\n恢复之前，程序会先检查这个文件是否完好，"
                           "并自动备份现在的数据；如果恢复后发现不对，还可以从那份备份恢复回来。")
        if self._confirm(question.format(path)):
            self.restore_requested.emit(path)

    def open_folder(self) -> None:
        folder = backup_folder(self.db.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ----- helpers ---------------------------------------------------------------------------------------------
    @staticmethod
    def _restorable(info: BackupInfo) -> bool:
        return info.reason != BackupReason.DAMAGED_BEFORE_RESTORE

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("恢复数据"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and self._restorable(info))

    def _context_menu(self, pos: QPoint) -> None:
        info = self.selected()
        if not self.table.indexAt(pos).isValid() or info is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("恢复这份备份…"), self.restore_selected).setEnabled(self._restorable(info))
        menu.addAction(self.tr("打开备份文件夹"), self.open_folder)
        menu.exec(self.table.viewport().mapToGlobal(pos))
