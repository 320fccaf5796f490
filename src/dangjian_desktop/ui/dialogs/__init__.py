"""Dialogs, and the one way the program asks where to save a file."""

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

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
