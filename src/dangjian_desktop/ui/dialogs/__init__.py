"""Dialogs, the one way the program asks where to save a file, and the one way it asks before dropping edits."""

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

LAST_FOLDER_KEY = "files/last_save_folder"


def ask_save_path(parent: QWidget, caption: str, file_name: str, file_filter: str, suffix: str) -> Path | None:
    """A save dialog opened in the folder used last time (else 文档); the suffix is added if the user left it out."""
    settings = QSettings()
    folder = settings.value(LAST_FOLDER_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getSaveFileName(parent, caption, str(Path(folder) / file_name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    settings.setValue(LAST_FOLDER_KEY, str(path.parent))
    return path


def discard_confirmed(parent: QWidget, what: str) -> bool:
    """取消 on a form with unsaved edits: True when the user chose to drop them (the default keeps them)."""
    answer = QMessageBox.question(
        parent, parent.tr("放弃修改"), parent.tr("{0}还没有保存，确定放弃所做的修改吗？").format(what),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard
