"""数据与设置: import, template, export and print of the whole roster; import of the enterprise census and of visit
ledgers with their templates, and the visit and demand rules; where the data file is."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from ...services.database import Database
from ...services.enterprise_import import save_enterprise_template
from ...services.member_import import save_member_template
from ...services.members import stats
from ...services.rosters import export_roster_xlsx, roster_title, write_roster_pdf
from ...services.visit_import import save_visit_template
from ..dialogs import ask_save_path
from ..dialogs.enterprise_import_dialog import start_enterprise_import
from ..dialogs.import_dialog import start_member_import
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..dialogs.visit_import_dialog import start_visit_import
from ..dialogs.visit_rules_dialog import VisitRulesDialog
from ..ops import BackgroundOp
from ..theme import HEADING, HINT, PRIMARY, set_role
from ..widgets.full_numbers import restrict_full_numbers
from ..widgets.scroll_page import scrolling_content

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
        restrict_full_numbers(self.masked_check, self.db, True)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.import_button.clicked.connect(self.import_roster)
        self.template_button.clicked.connect(self.save_template)
        self.export_button.clicked.connect(self.export_roster)
        self.print_button.clicked.connect(self.print_roster)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        self.census_import_button = QPushButton(self.tr("导入企业普查表…"))
        self.visit_import_button = QPushButton(self.tr("导入走访台账…"))
        self.census_template_button = QPushButton(self.tr("保存普查表模板…"))
        self.visit_template_button = QPushButton(self.tr("保存走访台账模板…"))
        self.visit_rules_button = QPushButton(self.tr("走访与诉求设置…"))
        self.census_import_button.clicked.connect(self.import_census)
        self.visit_import_button.clicked.connect(self.import_visits)
        self.census_template_button.clicked.connect(
            lambda: self._save_template(self.tr("企业普查表导入模板.xlsx"), save_enterprise_template))
        self.visit_template_button.clicked.connect(
            lambda: self._save_template(self.tr("走访台账导入模板.xlsx"), save_visit_template))
        self.visit_rules_button.clicked.connect(self.edit_visit_rules)

        layout = QVBoxLayout(scrolling_content(self))   # a low window scrolls the page instead of squeezing it
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)
        layout.addWidget(set_role(QLabel(self.tr("数据与设置")), HEADING))
        layout.addWidget(self._roster_box())
        layout.addWidget(self._enterprise_box())
        layout.addWidget(self._file_box())
        layout.addStretch(1)
        self.refresh()

    def _roster_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("花名册"))
        grid = QGridLayout(box)
        grid.addWidget(self.summary, 0, 0, 1, 2)
        rows = [
            (self.import_button, self.tr("从 Excel 表（.xlsx、.xls）或 CSV 文件导入党员。先逐行检查并预览，确认后才写入。")),
            (self.template_button, self.tr("保存一份空白的花名册模板，按列填好后再导入。")),
            (self.export_button, self.tr("把全部党员导出为一个 Excel 表，可以在 Excel 或 WPS 里打开。")),
            (self.print_button, self.tr("生成 A4 横向花名册，先预览，再打印或另存为 PDF。")),
        ]
        self._add_button_rows(grid, rows, first_row=1)
        grid.addWidget(self.masked_check, len(rows) + 1, 0, 1, 2)
        return box

    def _enterprise_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("企业与走访"))
        grid = QGridLayout(box)
        self._add_button_rows(grid, [
            (self.census_import_button, self.tr(
                "从 Excel 表导入新业态企业普查（摸底）表：企业名称、统一社会信用代码、行业、党组织、党建指导员等。"
                "已登记的企业可选择跳过或更新，未登记的党建指导员经同意后一并创建。")),
            (self.visit_import_button, self.tr(
                "导入原有的走访台账；“发现问题”中用“；”隔开的每个问题都登记为一件诉求。")),
            (self.census_template_button, self.tr("保存一份空白的企业普查表模板，附填写说明。")),
            (self.visit_template_button, self.tr("保存一份空白的走访台账模板，附填写说明。")),
            (self.visit_rules_button, self.tr("走访频次（默认每季度至少走访1次）和诉求办理期限（默认30天）。")),
        ])
        return box

    @staticmethod
    def _add_button_rows(grid: QGridLayout, rows: list[tuple[QPushButton, str]], first_row: int = 0) -> None:
        """Each button with its explanation beside it."""
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        for row, (button, explanation) in enumerate(rows, start=first_row):
            button.setMinimumWidth(220)
            grid.addWidget(button, row, 0)
            grid.addWidget(set_role(QLabel(explanation, wordWrap=True), HINT), row, 1)
        grid.setColumnStretch(1, 1)

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
            "全部数据都保存在上面这一个文件里。程序会自动备份；要把数据另存到U盘，请到“备份与恢复”。\n"
            "要使用别处的数据文件，可以在启动时指定：dangjian-desktop --db \"D:\\党建\\党建数据.db\"，"
            "或设置环境变量 DANGJIAN_DB。"), wordWrap=True), HINT))
        return box

    def set_editable(self, editable: bool) -> None:
        """False for a role that may only look: no imports (nor their templates) and no Excel export."""
        for button in (self.import_button, self.template_button, self.export_button, self.census_import_button,
                       self.visit_import_button, self.census_template_button, self.visit_template_button):
            button.setEnabled(editable)

    def set_rules_editable(self, editable: bool) -> None:
        """走访与诉求设置 is a setting: for the administrator."""
        self.visit_rules_button.setEnabled(editable)

    def refresh(self) -> None:
        counts = stats(self.db)
        self.summary.setText(self.tr("现有 {0:,} 个党组织、{1:,} 名党员。").format(counts.organizations, counts.members))

    # ------------------------------------------------------------------------------------------------ actions
    def import_roster(self) -> None:
        start_member_import(self, self.db, self._imported)

    def import_census(self) -> None:
        start_enterprise_import(self, self.db, self._imported)

    def import_visits(self) -> None:
        start_visit_import(self, self.db, self._imported)

    def _imported(self, *_result: object) -> None:
        self.refresh()
        self.data_changed.emit()

    def save_template(self) -> None:
        self._save_template(self.tr("党员花名册导入模板.xlsx"), save_member_template)

    def _save_template(self, file_name: str, write: Callable[[Path], None]) -> None:
        path = ask_save_path(self, self.tr("保存导入模板"), file_name, EXCEL_FILTER, ".xlsx")
        if path is None:
            return
        BackgroundOp(self, self.tr("正在保存模板……"), lambda _progress: write(path),
                     on_success=lambda _none: self._saved(path, self.tr("模板已保存到："))).run()

    def edit_visit_rules(self) -> VisitRulesDialog:
        """The rules apply to the dashboard, 首页 and new demands: the other pages reload after a change."""
        dialog = VisitRulesDialog(self, self.db)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.data_changed)
        dialog.open()
        return dialog

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
