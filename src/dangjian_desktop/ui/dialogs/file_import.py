"""What the census and visit-ledger imports add to ImportPreviewBase: asking for the file and checking it off the
GUI thread before the preview opens, a line under the table giving the chosen row's problems in full (the table
cuts long ones), and the end of a successful import."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QHeaderView, QLabel, QMessageBox, QWidget

from ...domain.progress import Progress
from ..models.meeting_import_model import issues_text
from ..ops import BackgroundOp
from ..theme import HINT, set_role
from .import_preview_base import ImportPreviewBase

FILE_FILTER = "Excel 文件 (*.xlsx *.xls *.ods *.csv)"


def start_file_import(parent: QWidget, caption: str, read: Callable[[Path, Progress], object],
                      show: Callable[[object], None]) -> BackgroundOp | None:
    """Ask for a file, `read(path, progress)` it on the worker thread, then `show(preview)` it."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", parent.tr(FILE_FILTER))
    if not path:
        return None
    chosen = Path(path)
    return BackgroundOp(parent, parent.tr("正在读取并检查“{0}”……").format(chosen.name),
                        lambda progress: read(chosen, progress), show).run()


class FileImportDialog(ImportPreviewBase):
    """Subclasses set `self.model`, build their widgets with `_build_controls()` and `_build_detail()`, show the
    model with `_set_table_model(widths, issues_column)` and finish an import with `_imported(result)`."""

    def __init__(self, parent: QWidget, on_done: Callable[[], None] | None):
        super().__init__(parent)
        self._on_done = on_done
        self.result_summary = None

    def _build_detail(self) -> QLabel:
        self.detail = set_role(QLabel(self.tr("选中一行，可在这里看到它的全部问题说明。")), HINT)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_only.toggled.connect(lambda _on: self._show_detail(self.table.currentIndex()))
        return self.detail

    def _set_table_model(self, widths: tuple[int, ...], issues_column: int) -> None:
        """Show `self.model` with these column widths (0: leave as is), the problems column taking the rest."""
        self.table.setModel(self.model)
        for column, width in enumerate(widths):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(issues_column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def _show_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.detail.setText(self.tr("选中一行，可在这里看到它的全部问题说明。"))
            return
        row = self.model.row_at(index.row())
        self.detail.setText(self.tr("第 {0} 行（{1}）：{2}").format(
            row.row_number, row.status.label, issues_text(row) or self.tr("没有问题")))

    def _imported(self, result) -> None:  # noqa: ANN001 - the subclass's result, with a `summary`
        self.result_summary = result
        self.accept()
        if self._on_done is not None:
            self._on_done()
        QMessageBox.information(self.parentWidget() or self, self.tr("导入完成"), result.summary)
