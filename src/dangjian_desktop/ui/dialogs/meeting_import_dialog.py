"""Importing past meetings from Excel: pick the file, see every row checked, decide, then write it all in one go
(or nothing) — the same flow as the roster import."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...services.database import Database
from ...services.meeting_import import MeetingImportPreview, RowStatus, commit_meeting_import, \
    preview_meeting_import
from ...services.member_import import save_problem_list
from ..models.meeting_import_model import MeetingImportModel
from ..ops import BackgroundOp
from . import ask_save_path
from .file_import import WITHOUT_ODS_FILTER, FileImportDialog, start_file_import

_WIDTHS = (56, 70, 200, 100, 100, 220, 50, 50, 0, 120)


def start_meeting_import(parent: QWidget, db: Database,
                         on_done: Callable[[], None] | None = None) -> BackgroundOp | None:
    """Ask for a file, check it off the GUI thread, then open the preview; `on_done` runs after an import."""
    return start_file_import(parent, parent.tr("选择要导入的会议记录表"),
                             lambda path, progress: preview_meeting_import(db, path, progress=progress),
                             lambda preview: MeetingImportDialog(parent, db, preview, on_done), WITHOUT_ODS_FILTER)


class MeetingImportDialog(FileImportDialog):
    """Nothing is written until 导入; 取消 leaves the database untouched."""

    def __init__(self, parent: QWidget, db: Database, preview: MeetingImportPreview,
                 on_done: Callable[[], None] | None = None):
        super().__init__(parent, on_done)
        self._db, self.preview = db, preview
        self.setWindowTitle(self.tr("导入会议记录 — {0}").format(preview.path.name))
        self.model = MeetingImportModel(preview.rows, self)
        buttons = self._build_controls()
        self.model.choices_changed.connect(self._update_state)
        self._set_table_model(_WIDTHS)
        self._lay_out_with_detail(self.tr("导入的记录都是草稿：出席人员按会议当天的花名册核对，请逐条查看后定稿。"), (),
                                  buttons, 660)

    def _rows_to_write(self) -> int:
        imports = self.model.chosen()
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
        preview, imports, skip = self.preview, self.model.chosen(), self.skip_invalid.isChecked()
        self._run(lambda: BackgroundOp(
            self, self.tr("正在导入会议记录……"),
            lambda progress: commit_meeting_import(self._db, preview, skip_invalid=skip, conflict_imports=imports,
                                                   progress=progress),
            self._imported).run())
