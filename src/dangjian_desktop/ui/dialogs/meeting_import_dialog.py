"""Importing past meetings from Excel: pick the file, see every row checked, decide, then write it all in one go
(or nothing) — the same flow as the roster import."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, \
    QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget

from ...services.database import Database
from ...services.meeting_import import MeetingImportPreview, MeetingImportResult, RowStatus, \
    commit_meeting_import, preview_meeting_import, save_meeting_problem_list
from ..models.import_preview_model import STATUS_COLOURS
from ..models.meeting_import_model import CHOICE, ISSUES, MeetingImportModel, issues_text
from ..ops import BackgroundOp
from ..theme import HINT, set_role
from ..widgets import FieldMessage
from . import ask_save_path

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


class MeetingImportDialog(QDialog):
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
        self.problems_only = QCheckBox(self.tr("只看有问题的行"))
        self.model = MeetingImportModel(preview.rows, self)
        self.problems_only.toggled.connect(self.model.set_problems_only)
        self.model.choices_changed.connect(self._update_state)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
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
        self.skip_invalid = QCheckBox()
        self.skip_invalid.toggled.connect(self._update_state)
        self.note = FieldMessage()
        self.save_problems = QPushButton(self.tr("保存问题清单…"))
        self.save_problems.clicked.connect(self._save_problem_list)
        self.saved_note = FieldMessage()
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._import)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.draft_note, 1)
        top.addWidget(self.problems_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_problems)
        buttons.addWidget(self.saved_note, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
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
        parts = [self.tr("共 {0} 行").format(len(self.preview.rows))]
        for status in RowStatus:
            colour = STATUS_COLOURS[status][1]
            parts.append(f'<span style="color:{colour}">{status.label} <b>{self.preview.count(status)}</b></span>')
        text = "　".join(parts)
        if self.preview.unknown_headers:
            text += "<br>" + self.tr("未识别的列（不会导入）：{0}").format("、".join(self.preview.unknown_headers))
        self.counts.setText(text)

    def _rows_to_write(self) -> int:
        imports = self.model.imports()
        return sum(1 for r in self.preview.rows if r.status is not RowStatus.REJECTED
                   and (r.status is not RowStatus.CONFLICT or r.row_number in imports))

    def _update_state(self) -> None:
        rejected = len(self.preview.rejected_rows())
        self.skip_invalid.setVisible(rejected > 0)
        self.skip_invalid.setText(self.tr("跳过被拒绝的行（{0} 行），只导入其余行").format(rejected))
        to_write = self._rows_to_write()
        if rejected and not self.skip_invalid.isChecked():
            self.note.show_message(self.tr(
                "有 {0} 行被拒绝，所以现在不能导入。请在文件中改正后重新导入，或勾选“跳过被拒绝的行”。").format(rejected))
            enabled = False
        elif to_write == 0:
            self.note.show_message(self.tr("没有需要写入的行。"), "warning")
            enabled = False
        else:
            self.note.show_message(self.tr("将写入 {0} 条会议记录（草稿）。").format(to_write), "fixed")
            enabled = True
        self.import_button.setEnabled(enabled)

    def _busy(self, op: BackgroundOp) -> None:
        """Buttons disabled while an op runs."""
        for widget in (self.import_button, self.save_problems, self.cancel_button):
            widget.setEnabled(False)
        op.finished.connect(self._op_finished)

    def _op_finished(self) -> None:
        self.cancel_button.setEnabled(True)
        self.save_problems.setEnabled(True)
        self._update_state()

    def _save_problem_list(self) -> None:
        target = ask_save_path(self, self.tr("保存问题清单"), self.preview.path.stem + self.tr("-问题清单.xlsx"),
                               self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if target is None:
            return
        preview = self.preview
        self._busy(BackgroundOp(
            self, self.tr("正在保存问题清单……"), lambda _progress: save_meeting_problem_list(preview, target),
            lambda count: self.saved_note.show_message(
                self.tr("已保存问题清单（{0} 条）：{1}").format(count, target), "fixed")).run())

    def _import(self) -> None:
        preview, imports, skip = self.preview, self.model.imports(), self.skip_invalid.isChecked()
        self._busy(BackgroundOp(
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
