"""Importing a roster: pick the file, see every row checked, decide, then write it all in one go (or nothing)."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.enums import OrgLevel
from ...domain.progress import Progress
from ...services.database import Database
from ...services.member_import import ImportPreview, ImportResult, RowStatus, commit_member_import, \
    preview_member_import, save_problem_list
from ...services.organizations import list_organizations
from ..models.import_preview_model import ImportPreviewModel
from ..ops import BackgroundOp
from .file_import import WITHOUT_ODS_FILTER, check_file, start_file_import
from .import_preview_base import ImportPreviewBase

_WIDTHS = (56, 70, 90, 170, 200, 0, 130)


def start_member_import(parent: QWidget, db: Database, on_done: Callable[[], None] | None = None, *,
                        branch_id: int | None = None) -> BackgroundOp | None:
    """Ask for a file, check it off the GUI thread, then open the preview; `on_done` runs after an import."""
    return start_file_import(parent, parent.tr("选择要导入的花名册"), _reader(db, branch_id),
                             lambda preview: ImportPreviewDialog(parent, db, preview, on_done, branch_id=branch_id),
                             WITHOUT_ODS_FILTER)


def _reader(db: Database, branch_id: int | None) -> Callable[[Path, Progress], ImportPreview]:
    return lambda path, progress: preview_member_import(db, path, branch_id=branch_id, progress=progress)


class ImportPreviewDialog(ImportPreviewBase):
    """Nothing is written until 导入; 取消 leaves the database untouched."""

    def __init__(self, parent: QWidget, db: Database, preview: ImportPreview,
                 on_done: Callable[[], None] | None = None, *, branch_id: int | None = None):
        super().__init__(parent, on_done)
        self._db = db
        self.setWindowTitle(self.tr("导入党员 — {0}").format(preview.path.name))
        self.branch_combo = QComboBox()
        self.branch_combo.addItem(self.tr("按文件中的“所在党支部”列"), None)
        for node in list_organizations(db):
            if node.level == OrgLevel.BRANCH:
                self.branch_combo.addItem(self.tr("全部编入：{0}").format(node.name), node.id)
        self.branch_combo.setCurrentIndex(max(self.branch_combo.findData(branch_id), 0))
        self.branch_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.branch_combo.setMinimumContentsLength(24)
        self.branch_combo.currentIndexChanged.connect(self._branch_changed)
        buttons = self._build_controls(stretch=0)

        self.unknown_box = QGroupBox(self.tr("组织树中没有的党支部"))
        self.unknown_label = QLabel()
        self.unknown_label.setWordWrap(True)
        self.create_branches = QCheckBox(self.tr("创建这些支部（放在街道党工委下）"))
        self.create_branches.toggled.connect(self._update_state)
        box = QVBoxLayout(self.unknown_box)
        box.addWidget(self.unknown_label)
        box.addWidget(self.create_branches)

        self.conflict_box = QGroupBox(self.tr("已登记的党员"))
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        update_all = QPushButton(self.tr("全部更新"))
        update_all.clicked.connect(lambda: self.model.set_all_chosen(True))
        skip_all = QPushButton(self.tr("全部跳过"))
        skip_all.clicked.connect(lambda: self.model.set_all_chosen(False))
        row = QHBoxLayout(self.conflict_box)
        row.addWidget(self.conflict_label, 1)
        row.addWidget(update_all)
        row.addWidget(skip_all)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("所在党支部：")))
        top.addWidget(self.branch_combo)
        top.addStretch(1)
        self._lay_out(top, (self.unknown_box, self.conflict_box), buttons)
        self.resize(1080, 680)
        self.set_preview(preview)

    # ----- content -----------------------------------------------------------------------------------------------
    def set_preview(self, preview: ImportPreview) -> None:
        old = getattr(self, "model", None)
        self.preview = preview
        self.model = ImportPreviewModel(preview.rows, self)
        self.model.set_problems_only(self.problems_only.isChecked())
        self.model.choices_changed.connect(self._update_state)
        self._show_model(_WIDTHS)
        if old is not None:
            old.deleteLater()

        self.counts.setText(self._counts_html())

        unknown = preview.unknown_branches
        self.unknown_box.setVisible(bool(unknown))
        listed = "、".join(self.tr("{0}（{1} 行）").format(name, count) for name, count in unknown[:12])
        if len(unknown) > 12:
            listed += self.tr(" 等 {0} 个").format(len(unknown))
        self.unknown_label.setText(self.tr("文件里这些党支部在组织树中找不到，相关的行暂被拒绝：{0}").format(listed))
        conflicts = self.model.conflict_count()
        self.conflict_box.setVisible(conflicts > 0)
        self.conflict_label.setText(self.tr(
            "有 {0} 行的身份证号已登记在库中。默认跳过这些行；在表格“已登记的处理”一列勾选，则用该行更新已有记录。"
        ).format(conflicts))
        self._update_state()

    def _rows_to_write(self) -> int:
        create, updates = self.create_branches.isChecked(), self.model.chosen()
        return sum(1 for r in self.preview.rows
                   if r.accepted(create) and (r.existing is None or r.row_number in updates))

    def _rejected_count(self) -> int:
        return len(self.preview.rejected_rows(self.create_branches.isChecked()))

    def _offer_skip(self, rejected: int) -> bool:
        return rejected > 0 or self.preview.count(RowStatus.REJECTED) > 0

    def _will_write_text(self, count: int) -> str:
        return self.tr("将写入 {0} 名党员。").format(count)

    def _write_problem_list(self, preview: ImportPreview, target: Path) -> int:
        return save_problem_list(preview, target)

    def _locked_while_busy(self) -> tuple[QWidget, ...]:
        return self.import_button, self.save_problems, self.branch_combo

    def _unlocked_after(self) -> tuple[QWidget, ...]:
        return self.cancel_button, self.save_problems, self.branch_combo

    def _branch_changed(self) -> None:
        self._run(lambda: check_file(self, self.preview.path, _reader(self._db, self.branch_combo.currentData()),
                                     self.set_preview))

    # ----- actions ---------------------------------------------------------------------------------------------
    def _import(self) -> None:
        preview, create = self.preview, self.create_branches.isChecked()
        updates, skip = self.model.chosen(), self.skip_invalid.isChecked()
        self.cancel_button.setEnabled(False)
        self._run(lambda: BackgroundOp(
            self, self.tr("正在导入……"),
            lambda progress: commit_member_import(self._db, preview, create_branches=create,
                                                  conflict_updates=updates, skip_invalid=skip, progress=progress),
            self._imported).run())

    def _done_message(self, result: ImportResult) -> str:
        text = self.tr("新增 {0} 人，更新 {1} 人，跳过 {2} 行。").format(result.created, result.updated, result.skipped)
        if result.branches_created:
            text += "\n" + self.tr("新建党支部：{0}").format("、".join(result.branches_created))
        return text
