"""What every import preview (roster, meetings, census, visits) shares: the counts, table and buttons and their
layout, the skip-rejected rule that decides whether 导入 is allowed, saving the problem list, running each step off
the GUI thread with the buttons locked, and the end of a successful import."""

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, \
    QPushButton, QTableView, QVBoxLayout, QWidget

from ..models.preview_rows import status_counts_html
from ..ops import BackgroundOp
from ..widgets import FieldMessage
from . import ask_save_path


class ImportPreviewBase(QDialog):
    """Subclasses set `self.preview` and `self.model`, call `_build_controls()`, `_show_model()` and `_lay_out()`,
    fill in the hooks below and finish an import with `_imported(result)`; `on_done` runs after it."""

    def __init__(self, parent: QWidget, on_done: Callable[[], None] | None):
        super().__init__(parent)
        self._on_done = on_done
        self.result_summary = None

    # ----- hooks -------------------------------------------------------------------------------------------------
    def _rejected_count(self) -> int:
        raise NotImplementedError

    def _offer_skip(self, rejected: int) -> bool:
        """Whether the “skip rejected rows” box is shown."""
        return rejected > 0

    def _rows_to_write(self) -> int:
        raise NotImplementedError

    def _will_write_text(self, count: int) -> str:
        raise NotImplementedError

    def _write_problem_list(self, preview, target: Path) -> int:  # noqa: ANN001 - the subclass's preview
        raise NotImplementedError

    def _ask_save_path(self, title: str, suggested: str, file_filter: str, suffix: str) -> Path | None:
        """Ask where to save; a subclass may route this through its own module (tests replace it there)."""
        return ask_save_path(self, title, suggested, file_filter, suffix)

    def _locked_while_busy(self) -> tuple[QWidget, ...]:
        return self.import_button, self.save_problems, self.cancel_button

    def _unlocked_after(self) -> tuple[QWidget, ...]:
        return self.cancel_button, self.save_problems

    def _done_message(self, result) -> str:  # noqa: ANN001 - the subclass's result
        return result.summary

    # ----- shared widgets ----------------------------------------------------------------------------------------
    def _build_controls(self, stretch: int = 1) -> QHBoxLayout:
        """The counts, problems-only box, table, skip box, notes and buttons; returns the row of buttons."""
        self.counts = QLabel(wordWrap=True)
        self.problems_only = QCheckBox(self.tr("只看有问题的行"))
        self.problems_only.toggled.connect(lambda on: self.model.set_problems_only(on))
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_problems)
        buttons.addWidget(self.saved_note, 1)
        buttons.addStretch(stretch)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        return buttons

    def _show_model(self, widths: Sequence[int]) -> None:
        """Show `self.model` with these column widths (0: leave as is), the problems column taking the rest and the
        choice column hidden while no row offers a choice."""
        model = self.model
        self.table.setModel(model)
        for column, width in enumerate(widths):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(model.ISSUES_COLUMN, QHeaderView.ResizeMode.Stretch)
        if model.CHOICE_COLUMN is not None:
            self.table.setColumnHidden(model.CHOICE_COLUMN, model.conflict_count() == 0)

    def _lay_out(self, top: QHBoxLayout, below_table: Sequence[QWidget], buttons: QHBoxLayout) -> None:
        """From top to bottom: the counts, `top` ended by the problems-only box, the table, `below_table`, the skip
        box, the note and `buttons`."""
        top.addWidget(self.problems_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for widget in (*below_table, self.skip_invalid, self.note):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def _counts_html(self) -> str:
        preview = self.preview
        text = status_counts_html(self.tr("共 {0} 行").format(len(preview.rows)), preview.count)
        if preview.unknown_headers:
            text += "<br>" + self.tr("未识别的列（不会导入）：{0}").format("、".join(preview.unknown_headers))
        return text

    # ----- state -------------------------------------------------------------------------------------------------
    def _update_state(self) -> None:
        rejected = self._rejected_count()
        self.skip_invalid.setVisible(self._offer_skip(rejected))
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
            self.note.show_message(self._will_write_text(to_write), "fixed")
            enabled = True
        self.import_button.setEnabled(enabled)

    def _run(self, start: Callable[[], BackgroundOp]) -> None:
        """Start an op with this dialog's buttons disabled until it ends."""
        for widget in self._locked_while_busy():
            widget.setEnabled(False)
        op = start()
        op.finished.connect(self._op_finished)

    def _op_finished(self) -> None:
        for widget in self._unlocked_after():
            widget.setEnabled(True)
        self._update_state()

    # ----- actions -----------------------------------------------------------------------------------------------
    def _save_problem_list(self) -> None:
        target = self._ask_save_path(self.tr("保存问题清单"), self.preview.path.stem + self.tr("-问题清单.xlsx"),
                                     self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if target is None:
            return
        preview = self.preview
        self._run(lambda: BackgroundOp(
            self, self.tr("正在保存问题清单……"), lambda _progress: self._write_problem_list(preview, target),
            lambda count: self.saved_note.show_message(
                self.tr("已保存问题清单（{0} 条）：{1}").format(count, target), "fixed")).run())

    def _import(self) -> None:
        raise NotImplementedError

    def _imported(self, result) -> None:  # noqa: ANN001 - the subclass's result
        self.result_summary = result
        self.accept()
        if self._on_done is not None:
            self._on_done()
        QMessageBox.information(self.parentWidget() or self, self.tr("导入完成"), self._done_message(result))
