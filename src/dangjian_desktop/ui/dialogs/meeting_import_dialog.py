"""Importing past meetings from Excel: pick the file, see every row checked, decide, then write it all in one go
(or nothing) — the same flow as the roster import."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QVBoxLayout, QWidget

from ...services.database import Database
from ...services.meeting_import import MeetingImportPreview, MeetingImportResult, RowStatus, \
    commit_meeting_import, preview_meeting_import
from ...services.member_import import save_problem_list
from ..models.meeting_import_model import CHOICE, ISSUES, MeetingImportModel, issues_text
from ..ops import BackgroundOp
from ..theme import HINT, set_role
from . import ask_save_path
from .import_preview_base import ImportPreviewBase

FILE_FILTER = "Excel 文件 (*.xlsx *.xls *.csv)"
_WIDTHS = (56, 70, 200, 100, 100, 220, 50, 50, 0, 120)


def start_meeting_import(parent: QWidget, db: Database,
                         on_done: Callable[[], None] | None = None) -> BackgroundOp | None:
    """Ask for a file, check it off the GUI thread, then open the preview; `on_done` runs after an import."""
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("选择要导入的会议记录表"), "", parent.tr(FILE_FILTER))
    if not path:
        return None

    def show(preview: MeetingImportPreview) -> None:
        dialog = MeetingImportDialog(parent, db, preview, on_done)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return BackgroundOp(parent, parent.tr("正在读取并检查“{0}”……").format(Path(path).name),
                        lambda progress: preview_meeting_import(db, path, progress=progress), show).run()


class MeetingImportDialog(ImportPreviewBase):
    """Nothing is written until 导入; 取消 leaves the database untouched."""

    def __init__(self, parent: QWidget, db: Database, preview: MeetingImportPreview,
                 on_done: Callable[[], None] | None = None):
        super().__init__(parent)
        self._db, self._on_done, self.preview = db, on_done, preview
        self.result_summary: MeetingImportResult | None = None
        self.setWindowTitle(self.tr("导入会议记录 — {0}").format(preview.path.name))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.draft_note = set_role(QLabel(self.tr("导入的记录都是草稿：出席人员按会议当天的花名册核对，请逐条查看后定稿。")),
                                   HINT)
        self.model = MeetingImportModel(preview.rows, self)
        buttons = self._build_controls()
        self.model.choices_changed.connect(self._update_state)
        self.table.setModel(self.model)
        for column, width in enumerate(_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(ISSUES, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(CHOICE, self.model.conflict_count() == 0)
        self.detail = set_role(QLabel(self.tr("选中一行，可在这里看到它的全部问题说明。")), HINT)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.problems_only.toggled.connect(lambda _on: self._show_detail(self.table.currentIndex()))

        top = QHBoxLayout()
        top.addWidget(self.draft_note, 1)
        top.addWidget(self.problems_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.resize(1180, 660)
        self._show_counts()
        self._update_state()

    def _show_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.detail.setText(self.tr("选中一行，可在这里看到它的全部问题说明。"))
            return
        row = self.model.row_at(index.row())
        self.detail.setText(self.tr("第 {0} 行（{1}）：{2}").format(
            row.row_number, row.status.label, issues_text(row) or self.tr("没有问题")))

    def _show_counts(self) -> None:
        self.counts.setText(self._counts_html())

    def _rows_to_write(self) -> int:
        imports = self.model.imports()
        return sum(1 for r in self.preview.rows if r.status is not RowStatus.REJECTED
                   and (r.status is not RowStatus.CONFLICT or r.row_number in imports))

    def _rejected_count(self) -> int:
        return len(self.preview.rejected_rows())

    def _will_write_text(self, count: int) -> str:
        return self.tr("将写入 {0} 条会议记录（草稿）。").format(count)

    def _write_problem_list(self, preview: MeetingImportPreview, target: Path) -> int:
        return save_problem_list(preview, target)

    def _ask_save_path(self, title: str, suggested: str, file_filter: str, suffix: str) -> Path | None:
        return ask_save_path(self, title, suggested, file_filter, suffix)  # looked up here: tests replace it

    def _import(self) -> None:
        preview, imports, skip = self.preview, self.model.imports(), self.skip_invalid.isChecked()
        self._run(lambda: BackgroundOp(
            self, self.tr("正在导入会议记录……"),
            lambda progress: commit_meeting_import(self._db, preview, skip_invalid=skip, conflict_imports=imports,
                                                   progress=progress),
            self._imported).run())

    def _imported(self, result: MeetingImportResult) -> None:
        self.result_summary = result
        self.accept()
        if self._on_done is not None:
            self._on_done()
        QMessageBox.information(self.parentWidget() or self, self.tr("导入完成"), result.summary)
