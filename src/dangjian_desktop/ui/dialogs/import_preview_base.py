"""What the roster and meeting import previews share: the table and buttons, the status counts, the
skip-rejected rule that decides whether 导入 is allowed, saving the problem list, and running each step off the
GUI thread with the buttons locked."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QPushButton, QTableView, QWidget

from ..models.preview_rows import status_counts_html
from ..ops import BackgroundOp
from ..widgets import FieldMessage
from . import ask_save_path


class ImportPreviewBase(QDialog):
    """Subclasses set `self.preview` and `self.model`, call `_build_controls()` and fill in the hooks below."""

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

    # ----- shared widgets ----------------------------------------------------------------------------------------
    def _build_controls(self, stretch: int = 1) -> QHBoxLayout:
        """The problems-only box, table, skip box, notes and buttons; returns the row of buttons."""
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
