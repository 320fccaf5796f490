"""What the 会议记录 tab prints, exports and imports: the record, the sign-in sheet, the 台账 binder, the Excel
ledger, the import of past records and its template. Everything long runs through BackgroundOp."""

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton

from ...services.database import Database
from ...services.errors import ServiceError
from ...services.meeting_import import save_meeting_template
from ...services.meeting_reports import export_meetings_xlsx, write_binder_pdf, write_meeting_pdf, write_signin_pdf
from ...services.meetings import MeetingSummary, get_meeting
from ...services.organizations import get_root
from ..dialogs import ask_save_path
from ..dialogs.ledger_dialog import LedgerDialog, LedgerScope
from ..dialogs.meeting_import_dialog import start_meeting_import
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..ops import BackgroundOp, show_error

if TYPE_CHECKING:
    from .meeting_records import MeetingRecordsTab


def record_title(summary: MeetingSummary) -> str:
    return f"{summary.org_name}{summary.type}记录-{summary.held_on:%Y%m%d}"


class MeetingOutputs(QObject):
    """The print/export/import buttons of the tab and what they do; `preview_dialog` is the open preview."""

    def __init__(self, tab: "MeetingRecordsTab", db: Database):
        super().__init__(tab)
        self._tab, self._db = tab, db
        self.preview_dialog: PdfPreviewDialog | None = None
        self.record_button = QPushButton(self.tr("打印会议记录…"))
        self.signin_button = QPushButton(self.tr("打印签到表…"))
        self.signin_button.setToolTip(self.tr("选中记录的签到表；新会议的签到表可在“新建会议记录”的窗口中打印"))
        self.binder_button = QPushButton(self.tr("打印台账…"))
        self.binder_button.setToolTip(self.tr("一段时间内的全部会议记录，带封面和目录，供检查时装订"))
        self.export_button = QPushButton(self.tr("导出台账 Excel…"))
        self.import_button = QPushButton(self.tr("导入历史记录…"))
        self.template_button = QPushButton(self.tr("下载导入模板…"))
        self.record_button.clicked.connect(self.print_record)
        self.signin_button.clicked.connect(self.print_signin)
        self.binder_button.clicked.connect(self.print_binder)
        self.export_button.clicked.connect(self.export_ledger)
        self.import_button.clicked.connect(self.import_meetings)
        self.template_button.clicked.connect(self.save_template)

    def button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in (self.record_button, self.signin_button, self.binder_button, self.export_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(self.template_button)
        return row

    def selection_changed(self, summary: MeetingSummary | None) -> None:
        self.record_button.setEnabled(summary is not None)
        self.signin_button.setEnabled(summary is not None)

    def _preview(self, title: str, render) -> None:  # noqa: ANN001 - render(path, progress)
        preview_generated_pdf(self._tab, title, render, lambda dialog: setattr(self, "preview_dialog", dialog))

    # ----- one record ------------------------------------------------------------------------------------------
    def print_record(self) -> None:
        summary = self._tab.selected_summary()
        if summary is not None:
            self._preview(record_title(summary), lambda path, progress: write_meeting_pdf(
                self._db, summary.id, path, progress=progress))

    def print_signin(self) -> None:
        summary = self._tab.selected_summary()
        if summary is None:
            return
        try:
            record = get_meeting(self._db, summary.id)
        except ServiceError as exc:
            show_error(self._tab, exc)
            return
        title = self.tr("{0}{1}签到表-{2:%Y%m%d}").format(summary.org_name, summary.type, summary.held_on)
        self._preview(title, lambda path, _progress: write_signin_pdf(self._db, record, path))

    # ----- ledgers ---------------------------------------------------------------------------------------------
    def _ask_scope(self, title: str, go_text: str) -> LedgerScope | None:
        name, branch_ids = self._tab.scope()
        first, last = self._tab.date_range()
        year = date.today().year
        root = get_root(self._db)
        dialog = LedgerDialog(self._tab, title, go_text, org_name=name, branch_ids=branch_ids,
                              date_from=first or date(year, 1, 1), date_to=last or date(year, 12, 31),
                              all_name=root.name if root else self.tr("全部党支部"))
        return dialog.scope() if dialog.exec() else None

    def print_binder(self) -> None:
        scope = self._ask_scope(self.tr("打印台账"), self.tr("生成预览"))
        if scope is None:
            return
        title = self.tr("{0}组织生活台账-{1:%Y%m%d}-{2:%Y%m%d}").format(scope.title, scope.date_from, scope.date_to)
        self._preview(title, lambda path, progress: write_binder_pdf(
            self._db, path, branch_ids=scope.branch_ids, date_from=scope.date_from, date_to=scope.date_to,
            progress=progress))

    def export_ledger(self) -> None:
        scope = self._ask_scope(self.tr("导出台账 Excel"), self.tr("选择保存位置…"))
        if scope is None:
            return
        name = self.tr("{0}会议台账-{1:%Y%m%d}.xlsx").format(scope.title, date.today())
        path = ask_save_path(self._tab, self.tr("导出会议台账"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        BackgroundOp(self._tab, self.tr("正在导出会议台账……"),
                     lambda progress: export_meetings_xlsx(self._db, path, branch_ids=scope.branch_ids,
                                                           date_from=scope.date_from, date_to=scope.date_to,
                                                           progress=progress),
                     lambda rows: QMessageBox.information(self._tab, self.tr("导出完成"), self.tr(
                         "已导出 {0:,} 次会议到：\n{1}").format(rows, path))).run()

    # ----- import ----------------------------------------------------------------------------------------------
    def import_meetings(self) -> None:
        start_meeting_import(self._tab, self._db, lambda: self._tab.records_imported())

    def save_template(self) -> None:
        path = ask_save_path(self._tab, self.tr("保存会议记录导入模板"), self.tr("会议记录导入模板.xlsx"),
                             self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        BackgroundOp(self._tab, self.tr("正在保存模板……"), lambda _progress: save_meeting_template(path),
                     lambda _result: QMessageBox.information(self._tab, self.tr("模板已保存"), self.tr(
                         "已保存到：\n{0}\n\n按模板填好后，用“导入历史记录…”导入。").format(path))).run()
