"""企业名录 tab of 企业与走访: the census (一企一档) with its filters; new, edit, delete, a visit for the chosen
enterprise, its printed profile and the Excel export of the rows shown. The dashboard opens it on a set of
enterprises with `show_ids`."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ...domain.enterprises import Industry
from ...services.database import Database
from ...services.enterprises import EnterpriseInfo, delete_enterprise, list_enterprises
from ...services.errors import ServiceError
from ...services.officers import OfficerInfo, list_officers
from ..dialogs import ask_save_path
from ..dialogs.enterprise_dialog import EnterpriseDialog
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..dialogs.visit_dialog import VisitDialog
from ..models.enterprise_model import UNASSIGNED_FILTER, Coverage, EnterpriseTableModel
from ..ops import BackgroundOp, show_error
from ..theme import PRIMARY, set_role
from ..widgets.list_table import widget_shortcut
from .list_panel import ListPanel

Editor = EnterpriseDialog | VisitDialog


def choice_combo(items: tuple[tuple[str, object], ...]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


class EnterpriseListPanel(ListPanel):
    STATE_KEY = "enterprise_list/header_state"
    UNIT = "家"
    LOADING = "正在读取企业名录……"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, EnterpriseTableModel(), parent)
        self.editor: Editor | None = None
        self.preview_dialog: PdfPreviewDialog | None = None
        self._caption = ""                  # what show_ids restricts the list to, for the bar above the table
        self.search.setPlaceholderText(self.tr("搜索企业名称、品牌、地址、社区、信用代码、指导员"))
        self.industry_filter = choice_combo(((self.tr("全部"), None),) + tuple((str(i), str(i)) for i in Industry))
        self.coverage_filter = choice_combo(((self.tr("全部"), None),) + tuple((str(c), c) for c in Coverage))
        self.officer_filter = choice_combo(((self.tr("全部"), None), (self.tr("未配备"), UNASSIGNED_FILTER)))
        self.officer_filter.setMinimumContentsLength(6)
        self.new_button = set_role(QPushButton(self.tr("新建企业")), PRIMARY)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.visit_button = QPushButton(self.tr("新建走访"))
        self.visit_button.setToolTip(self.tr("为选中的企业登记一次走访"))
        self.print_button = QPushButton(self.tr("打印一企一档…"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setToolTip(self.tr("导出列表中显示的企业（搜索和筛选后的结果）"))
        self.scope_bar = self._scope_bar()
        self._lay_out(((self.tr("行业"), self.industry_filter), (self.tr("覆盖"), self.coverage_filter),
                       (self.tr("指导员"), self.officer_filter)),
                      (self.new_button, self.edit_button, self.delete_button, self.visit_button),
                      (self.print_button, self.export_button), (self.scope_bar,))
        for combo in (self.industry_filter, self.coverage_filter, self.officer_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.model.counts_changed.connect(self._update_scope_text)
        self.new_button.clicked.connect(self.new_enterprise)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.visit_button.clicked.connect(self.new_visit)
        self.print_button.clicked.connect(self.print_profile)
        self.export_button.clicked.connect(self.export_excel)
        widget_shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        self._update_buttons()

    def _scope_bar(self) -> QFrame:
        bar = QFrame(objectName="scopeBar")
        bar.setStyleSheet("QFrame#scopeBar { background: #F4F5F7; border: 1px solid #E3E5E8; border-radius: 4px; }")
        self.scope_label = QLabel()
        self.show_all_button = QPushButton(self.tr("显示全部"))
        self.show_all_button.clicked.connect(self.show_all)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.scope_label, 1)
        row.addWidget(self.show_all_button)
        bar.setVisible(False)
        return bar

    # ----- public ----------------------------------------------------------------------------------------------
    def show_ids(self, ids: list[int], caption: str) -> None:
        """Only these enterprises (filters and search cleared), under the bar “仅显示：caption（N 家）”."""
        self._caption = caption
        self._clear_filters()
        self.model.set_only_ids(ids)
        self.scope_bar.setVisible(True)
        self._update_scope_text()
        self._load()

    def show_all(self) -> None:
        self._caption = ""
        self.scope_bar.setVisible(False)
        self.model.set_only_ids(None)

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> tuple[list[EnterpriseInfo], list[OfficerInfo]]:
        return list_enterprises(self.db), list_officers(self.db)

    def _apply(self, data: tuple[list[EnterpriseInfo], list[OfficerInfo]]) -> None:
        enterprises, officers = data
        combo = self.officer_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 2:
            combo.removeItem(2)
        for officer in officers:
            combo.addItem(officer.name if officer.active else self.tr("{0}（不在任）").format(officer.name),
                          officer.id)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)
        self.model.set_records(enterprises)
        if combo.currentData() != chosen:
            self._apply_filters()

    def _clear_filters(self) -> None:
        for combo in (self.industry_filter, self.coverage_filter, self.officer_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_search("")
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.model.set_filters(industry=self.industry_filter.currentData(),
                               coverage=self.coverage_filter.currentData(), officer=self.officer_filter.currentData())

    def _update_scope_text(self) -> None:
        if self._caption:
            self.scope_label.setText(self.tr("仅显示：{0}（{1:,} 家）").format(self._caption, self.model.total_count))

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.edit_button, self.delete_button, self.visit_button, self.print_button):
            button.setEnabled(chosen)
        self.export_button.setEnabled(self.model.visible_count > 0)

    def _menu_actions(self) -> list[tuple[str, Callable[[], object] | None, bool]]:
        return [(self.tr("编辑…"), self.open_selected, True), (self.tr("新建走访…"), self.new_visit, True),
                ("", None, True), (self.tr("打印一企一档…"), self.print_profile, True), ("", None, True),
                (self.tr("删除…"), self.delete_selected, True)]

    # ----- actions ---------------------------------------------------------------------------------------------
    def new_enterprise(self) -> EnterpriseDialog:
        dialog = EnterpriseDialog(self.db, self)
        return self._open_editor(dialog, lambda: dialog.saved_id)

    def open_selected(self) -> EnterpriseDialog | None:
        info = self.selected()
        if info is None:
            return None
        return self._open_editor(EnterpriseDialog(self.db, self, enterprise_id=info.id), lambda: info.id)

    def new_visit(self) -> VisitDialog | None:
        info = self.selected()
        if info is None:
            return None
        return self._open_editor(VisitDialog(self.db, self, enterprise_id=info.id), lambda: info.id)

    def _open_editor(self, dialog: Editor, select_id: Callable[[], int | None]) -> Editor:
        """Window-modal; after 保存 the list reloads, selecting the enterprise `select_id()` names."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._changed(select_id()))
        dialog.finished.connect(lambda _code: setattr(self, "editor", None))
        self.editor = dialog
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除企业"),
            self.tr("确定删除“{0}”吗？\n企业档案、包联记录一并删除；删除后只能从备份中恢复。").format(info.record.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_enterprise(self.db, info.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self._changed()

    def print_profile(self) -> None:
        info = self.selected()
        if info is None:
            return
        from ...services.enterprise_reports import write_enterprise_pdf

        preview_generated_pdf(self, self.tr("一企一档-{0}").format(info.record.name),
                              lambda path, progress: write_enterprise_pdf(self.db, info.id, path, progress=progress),
                              lambda dialog: setattr(self, "preview_dialog", dialog))

    def export_excel(self) -> None:
        ids = [info.id for info in self.model.visible_records()]
        if not ids:
            return
        name = self.tr("新业态企业名录-{0:%Y%m%d}.xlsx").format(date.today())
        path = ask_save_path(self, self.tr("导出企业名录"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        from ...services.enterprise_reports import export_enterprises_xlsx

        BackgroundOp(self, self.tr("正在导出企业名录……"),
                     lambda progress: export_enterprises_xlsx(self.db, path, ids=ids, progress=progress),
                     lambda rows: QMessageBox.information(self, self.tr("导出完成"), self.tr(
                         "已导出 {0:,} 家企业到：\n{1}").format(rows, path))).run()
