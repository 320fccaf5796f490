"""Starting an import — asking for the file, checking it off the GUI thread, then opening the preview — and what
the meeting, census and visit-ledger previews add to ImportPreviewBase: a line under the table giving the chosen
row's problems in full (the table cuts long ones)."""

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QWidget

from ...domain.progress import Progress
from ..models.preview_rows import issues_text
from ..ops import BackgroundOp
from ..theme import HINT, set_role
from .import_preview_base import ImportPreviewBase

FILE_FILTER = "Excel 文件 (*.xlsx *.xls *.ods *.csv)"
WITHOUT_ODS_FILTER = "Excel 文件 (*.xlsx *.xls *.csv)"   # what the roster and meeting imports have always offered


def start_file_import(parent: QWidget, caption: str, read: Callable[[Path, Progress], object],
                      dialog_for: Callable[[object], QDialog], file_filter: str = FILE_FILTER) -> BackgroundOp | None:
    """Ask for a file, `read(path, progress)` it on the worker thread, then open `dialog_for(preview)`, deleted
    when closed."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", parent.tr(file_filter))
    if not path:
        return None

    def show(preview: object) -> None:
        dialog = dialog_for(preview)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return check_file(parent, Path(path), read, show)


def check_file(parent: QWidget, path: Path, read: Callable[[Path, Progress], object],
               show: Callable[[object], None]) -> BackgroundOp:
    """`read(path, progress)` on the worker thread behind a progress dialog, then `show` what it gave."""
    return BackgroundOp(parent, parent.tr("正在读取并检查“{0}”……").format(path.name),
                        lambda progress: read(path, progress), show).run()


class FileImportDialog(ImportPreviewBase):
    """Subclasses show their model with `_set_table_model(widths)` and lay out with
    `_lay_out_with_detail(hint, boxes, buttons, height)`, which adds the problem line under the table."""

    def _set_table_model(self, widths: Sequence[int]) -> None:
        self._show_model(widths)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def _lay_out_with_detail(self, hint: str, boxes: Sequence[QWidget], buttons: QHBoxLayout, height: int) -> None:
        """`hint` beside the problems-only box, the problem line and `boxes` under the table; then the counts and
        the state are filled in."""
        self.detail = set_role(QLabel(wordWrap=True), HINT)
        self._show_detail(QModelIndex())
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_only.toggled.connect(lambda _on: self._show_detail(self.table.currentIndex()))
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(hint), HINT), 1)
        self._lay_out(top, (self.detail, *boxes), buttons)
        self.resize(1180, height)
        self.counts.setText(self._counts_html())
        self._update_state()

    def _show_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.detail.setText(self.tr("选中一行，可在这里看到它的全部问题说明。"))
            return
        row = self.model.row_at(index.row())
        self.detail.setText(self.tr("第 {0} 行（{1}）：{2}").format(
            row.row_number, row.status.label, issues_text(row) or self.tr("没有问题")))
