"""Importing a visit ledger (走访台账): pick the file, see every row checked, then write all the visits — and a
demand for every problem found — in one go (or nothing), as the roster and meeting imports."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...services.audit import current_actor
from ...services.database import Database
from ...services.visit_import import (RowStatus, VisitImportPreview, commit_visit_import, preview_visit_import,
                                      save_problem_list)
from ..models.visit_import_model import VisitImportModel
from ..ops import BackgroundOp
from .file_import import FileImportDialog, start_file_import

_WIDTHS = (50, 64, 100, 90, 180, 70, 80, 230, 0)


def start_visit_import(parent: QWidget, db: Database,
                       on_done: Callable[[], None] | None = None) -> BackgroundOp | None:
    """Ask for a visit ledger, check it off the GUI thread, then open the preview; `on_done` runs after an import."""
    return start_file_import(parent, parent.tr("选择要导入的走访台账"),
                             lambda path, progress: preview_visit_import(db, path, progress=progress),
                             lambda preview: VisitImportDialog(parent, db, preview, on_done))


class VisitImportDialog(FileImportDialog):
    """Nothing is written until 导入; 取消 leaves the database untouched."""

    def __init__(self, parent: QWidget, db: Database, preview: VisitImportPreview,
                 on_done: Callable[[], None] | None = None):
        super().__init__(parent, on_done)
        self._db, self.preview = db, preview
        self.setWindowTitle(self.tr("导入走访台账 — {0}").format(preview.path.name))
        self.model = VisitImportModel(preview.rows, self)
        buttons = self._build_controls()
        self._set_table_model(_WIDTHS)
        hint = self.tr("“发现问题”中的每个问题都会登记为诉求台账中的一件诉求；已登记过的走访（冲突）不会重复导入。")
        self._lay_out_with_detail(hint, (), buttons, 660)

    # ----- hooks of ImportPreviewBase ------------------------------------------------------------------------------
    def _rows_to_write(self) -> int:
        return len(self.preview.rows_to_write())

    def _rejected_count(self) -> int:
        return len(self.preview.rejected_rows())

    def _will_write_text(self, count: int) -> str:
        demands = sum(len(row.record.problems) for row in self.preview.rows_to_write())
        text = self.tr("将写入 {0} 次走访，登记诉求 {1} 件。").format(count, demands)
        repeated = self.preview.count(RowStatus.CONFLICT)
        if repeated:
            text += self.tr("已登记过的 {0} 次走访跳过。").format(repeated)
        return text

    def _write_problem_list(self, preview: VisitImportPreview, target: Path) -> int:
        return save_problem_list(preview, target)

    # ----- actions ---------------------------------------------------------------------------------------------
    def _import(self) -> None:
        preview, skip = self.preview, self.skip_invalid.isChecked()
        user = current_actor(self._db).user
        self._run(lambda: BackgroundOp(
            self, self.tr("正在导入走访记录……"),
            lambda progress: commit_visit_import(self._db, preview, skip_invalid=skip, user=user, progress=progress),
            self._imported).run())
