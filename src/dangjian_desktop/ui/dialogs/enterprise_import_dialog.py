"""Importing the census of new-economy enterprises (企业普查表): pick the file, see every row checked, decide about
registered enterprises and unknown guidance officers, then write it all in one go (or nothing) — as the roster."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...services.database import Database
from ...services.enterprise_import import (EnterpriseImportPreview, commit_enterprise_import,
                                           preview_enterprise_import, save_problem_list)
from ..models.enterprise_import_model import EnterpriseImportModel
from ..ops import BackgroundOp
from .file_import import FileImportDialog, start_file_import

_WIDTHS = (50, 64, 190, 160, 80, 140, 84, 0, 110)
LISTED_OFFICERS = 12


def start_enterprise_import(parent: QWidget, db: Database,
                            on_done: Callable[[], None] | None = None) -> BackgroundOp | None:
    """Ask for a census file, check it off the GUI thread, then open the preview; `on_done` runs after an import."""
    return start_file_import(parent, parent.tr("选择要导入的企业普查表"),
                             lambda path, progress: preview_enterprise_import(db, path, progress=progress),
                             lambda preview: EnterpriseImportDialog(parent, db, preview, on_done))


class EnterpriseImportDialog(FileImportDialog):
    """Nothing is written until 导入; 取消 leaves the database untouched."""

    def __init__(self, parent: QWidget, db: Database, preview: EnterpriseImportPreview,
                 on_done: Callable[[], None] | None = None):
        super().__init__(parent, on_done)
        self._db, self.preview = db, preview
        self.setWindowTitle(self.tr("导入企业普查表 — {0}").format(preview.path.name))
        self.model = EnterpriseImportModel(preview.rows, self)
        buttons = self._build_controls()
        self.model.choices_changed.connect(self._update_state)
        self._set_table_model(_WIDTHS)
        conflicts = self.model.conflict_count()

        self.officer_box = QGroupBox(self.tr("未登记的党建指导员"))
        self.officer_label = QLabel(wordWrap=True)
        self.create_officers = QCheckBox(self.tr("创建这些党建指导员（导入时一并登记，单位、职务等以后在“党建指导员”中补充）"))
        self.create_officers.toggled.connect(self._update_state)
        box = QVBoxLayout(self.officer_box)
        box.addWidget(self.officer_label)
        box.addWidget(self.create_officers)
        unknown = preview.unknown_officers
        self.officer_box.setVisible(bool(unknown))
        listed = "、".join(self.tr("{0}（{1} 行）").format(name, rows) for name, rows in unknown[:LISTED_OFFICERS])
        if len(unknown) > LISTED_OFFICERS:
            listed += self.tr(" 等 {0} 人").format(len(unknown))
        self.officer_label.setText(self.tr("文件里这些党建指导员还没有登记，相关的行暂被拒绝：{0}").format(listed))

        self.conflict_box = QGroupBox(self.tr("已登记的企业"))
        conflict_label = QLabel(self.tr(
            "有 {0} 行的企业名称或统一社会信用代码已登记。默认跳过这些行；在表格“已登记的处理”一列勾选，"
            "则用该行更新已登记的企业（本行空白的格子保留原有内容）。").format(conflicts), wordWrap=True)
        self.update_all_button = QPushButton(self.tr("全部更新"))
        self.update_all_button.clicked.connect(lambda: self.model.set_all_chosen(True))
        self.skip_all_button = QPushButton(self.tr("全部跳过"))
        self.skip_all_button.clicked.connect(lambda: self.model.set_all_chosen(False))
        row = QHBoxLayout(self.conflict_box)
        row.addWidget(conflict_label, 1)
        row.addWidget(self.update_all_button)
        row.addWidget(self.skip_all_button)
        self.conflict_box.setVisible(conflicts > 0)

        self._lay_out_with_detail(self.tr("文件中填了党建指导员的企业，从导入当天起由该指导员包联。"),
                                  (self.officer_box, self.conflict_box), buttons, 700)

    # ----- hooks of ImportPreviewBase ------------------------------------------------------------------------------
    def _chosen_rows(self) -> list:
        create, updates = self.create_officers.isChecked(), self.model.chosen()
        return [r for r in self.preview.rows
                if r.accepted(create) and (r.existing_id is None or r.row_number in updates)]

    def _rows_to_write(self) -> int:
        return len(self._chosen_rows())

    def _rejected_count(self) -> int:
        return len(self.preview.rejected_rows(self.create_officers.isChecked()))

    def _will_write_text(self, count: int) -> str:
        rows = self._chosen_rows()
        updated = sum(1 for r in rows if r.existing_id is not None)
        text = self.tr("将写入 {0} 家企业（新增 {1} 家，更新 {2} 家）。").format(count, count - updated, updated)
        if self.create_officers.isChecked():
            new = {r.officer_name for r in rows if r.unknown_officer}
            if new:
                text += self.tr("并登记 {0} 名党建指导员。").format(len(new))
        return text

    def _write_problem_list(self, preview: EnterpriseImportPreview, target: Path) -> int:
        return save_problem_list(preview, target)

    def _locked_while_busy(self) -> tuple[QWidget, ...]:
        return self.import_button, self.save_problems, self.cancel_button, self.create_officers

    def _unlocked_after(self) -> tuple[QWidget, ...]:
        return self.cancel_button, self.save_problems, self.create_officers

    # ----- actions ---------------------------------------------------------------------------------------------
    def _import(self) -> None:
        preview, create = self.preview, self.create_officers.isChecked()
        updates, skip = self.model.chosen(), self.skip_invalid.isChecked()
        self._run(lambda: BackgroundOp(
            self, self.tr("正在导入企业……"),
            lambda progress: commit_enterprise_import(self._db, preview, create_officers=create,
                                                      conflict_updates=updates, skip_invalid=skip,
                                                      progress=progress),
            self._imported).run())
