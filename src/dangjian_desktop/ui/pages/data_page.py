"""数据与设置: import, template, export and print of the whole roster, and where the data file is."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from ...services.database import Database
from ...services.member_import import save_member_template
from ...services.members import stats
from ...services.rosters import export_roster_xlsx, roster_title, write_roster_pdf
from ..dialogs import ask_save_path
from ..dialogs.import_dialog import start_member_import
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..ops import BackgroundOp
from ..theme import HEADING, HINT, PRIMARY, set_role

EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"


class DataPage(QWidget):
    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.preview_dialog: PdfPreviewDialog | None = None
        self.summary = set_role(QLabel(), HINT)
        self.import_button = set_role(QPushButton(self.tr("导入花名册…")), PRIMARY)
        self.template_button = QPushButton(self.tr("下载导入模板…"))
        self.export_button = QPushButton(self.tr("导出全部花名册（Excel）…"))
        self.print_button = QPushButton(self.tr("打印全部花名册…"))
        self.masked_check = QCheckBox(self.tr("导出和打印时隐去身份证号、电话号码的中间几位（建议保持勾选）"))
        self.masked_check.setChecked(True)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.import_button.clicked.connect(self.import_roster)
        self.template_button.clicked.connect(self.save_template)
        self.export_button.clicked.connect(self.export_roster)
        self.print_button.clicked.connect(self.print_roster)
        self.open_folder_button.clicked.connect(self.open_data_folder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)
        layout.addWidget(set_role(QLabel(self.tr("数据与设置")), HEADING))
        layout.addWidget(self._roster_box())
        layout.addWidget(self._file_box())
        layout.addStretch(1)
        self.refresh()

    def _roster_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("花名册"))
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.addWidget(self.summary, 0, 0, 1, 2)
        rows = [
            (self.import_button, self.tr("从 Excel 表（.xlsx、.xls）或 CSV 文件导入党员。先逐行检查并预览，确认后才写入。")),
            (self.template_button, self.tr("保存一份空白的花名册模板，按列填好后再导入。")),
            (self.export_button, self.tr("把全部党员导出为一个 Excel 表，可以在 Excel 或 WPS 里打开。")),
            (self.print_button, self.tr("生成 A4 横向花名册，先预览，再打印或另存为 PDF。")),
        ]
        for row, (button, explanation) in enumerate(rows, start=1):
            button.setMinimumWidth(220)
            grid.addWidget(button, row, 0)
            grid.addWidget(set_role(QLabel(explanation, wordWrap=True), HINT), row, 1)
        grid.addWidget(self.masked_check, len(rows) + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _file_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("数据文件"))
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        path_row = QHBoxLayout()
        self.path_label = QLabel(str(self.db.path), wordWrap=True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_row.addWidget(self.path_label, 1)
        path_row.addWidget(self.open_folder_button)
        layout.addLayout(path_row)
        layout.addWidget(set_role(QLabel(self.tr(
            "全部数据都保存在上面这一个文件里。备份时，先退出程序，再把这个文件复制到U盘或其他位置。\n"
            "要使用别处的数据文件，可以在启动时指定：dangjian-desktop --db \"D:\\党建\\党建数据.db\"，"
            "或设置环境变量 DANGJIAN_DB。"), wordWrap=True), HINT))
        return box

    def refresh(self) -> None:
        counts = stats(self.db)
        self.summary.setText(self.tr("现有 {0:,} 个党组织、{1:,} 名党员。").format(counts.organizations, counts.members))

    # ------------------------------------------------------------------------------------------------ actions
    def import_roster(self) -> None:
        start_member_import(self, self.db, self._imported)

    def _imported(self, *_result: object) -> None:
        self.refresh()
        self.data_changed.emit()

    def save_template(self) -> None:
        path = ask_save_path(self, self.tr("保存导入模板"), self.tr("党员花名册导入模板.xlsx"), EXCEL_FILTER, ".xlsx")
        if path is None:
            return
        BackgroundOp(self, self.tr("正在保存模板……"), lambda _progress: save_member_template(path),
                     on_success=lambda _none: self._saved(path, self.tr("模板已保存到："))).run()

    def export_roster(self) -> None:
        name = self.tr("{0}花名册-{1:%Y%m%d}.xlsx").format(roster_title(self.db, None), date.today())
        path = ask_save_path(self, self.tr("导出花名册"), name, EXCEL_FILTER, ".xlsx")
        if path is None:
            return
        masked = self.masked_check.isChecked()
        BackgroundOp(self, self.tr("正在导出花名册……"),
                     lambda progress: export_roster_xlsx(self.db, path, masked=masked, progress=progress),
                     on_success=lambda rows: self._saved(path, self.tr("已导出 {0:,} 名党员到：").format(rows))).run()

    def print_roster(self) -> None:
        title = self.tr("{0}花名册").format(roster_title(self.db, None))
        masked = self.masked_check.isChecked()
        preview_generated_pdf(self, title, lambda path, progress: write_roster_pdf(
            self.db, path, masked=masked, progress=progress), lambda dialog: setattr(self, "preview_dialog", dialog))

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.db.path.parent)))

    # ------------------------------------------------------------------------------------------------ helpers
    def _saved(self, path: Path, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("完成"), f"{message}\n{path}",
                          QMessageBox.StandardButton.Ok, self)
        open_button = box.addButton(self.tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
