"""企业名录 tab of 企业与走访: the census (一企一档) with its filters; new, edit, delete, a visit for the chosen
enterprise, its printed profile and the Excel export of the rows shown. The dashboard opens it on a set of
enterprises with `show_ids`."""

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QWidget

from ...domain.enterprises import Industry
from ...services.database import Database
from ...services.enterprises import EnterpriseInfo, delete_enterprise, list_enterprises
from ...services.officers import OfficerInfo, list_officers
from ..dialogs import ask_save_path
from ..dialogs.enterprise_dialog import EnterpriseDialog
from ..dialogs.pdf_preview import PdfPreviewDialog, preview_generated_pdf
from ..dialogs.visit_dialog import VisitDialog
from ..models.enterprise_model import UNASSIGNED_FILTER, Coverage, EnterpriseTableModel
from ..ops import BackgroundOp
from ..theme import PRIMARY, set_role
from ..widgets import choice_combo
from ..widgets.view_only import Editable, view_only
from .list_panel import ListPanel


def refill_officers(combo: QComboBox, fixed: int, officers: list[OfficerInfo], chosen: object) -> None:
    """The officers after the combo's `fixed` first choices (全部, 未配备), `chosen` chosen again while it is still
    there (else the first choice); quietly: the caller decides whether the filters need applying again."""
    combo.blockSignals(True)
    while combo.count() > fixed:
        combo.removeItem(fixed)
    for officer in officers:
        combo.addItem(officer.name if officer.active else combo.tr("{0}（不在任）").format(officer.name), officer.id)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)


class EnterpriseListPanel(Editable, ListPanel):
    """`set_editable(False)`: enterprises open read-only; no new, edit, delete, visit or Excel export."""

    STATE_KEY = "enterprise_list/header_state"
    UNIT = "家"
    LOADING = "正在读取企业名录……"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, EnterpriseTableModel(), parent)
        self.preview_dialog: PdfPreviewDialog | None = None
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
        self._lay_out(((self.tr("行业"), self.industry_filter), (self.tr("覆盖"), self.coverage_filter),
                       (self.tr("指导员"), self.officer_filter)),
                      (self.new_button, self.edit_button, self.delete_button, self.visit_button),
                      (self.print_button, self.export_button), scoped=True)
        for combo in (self.industry_filter, self.coverage_filter, self.officer_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.new_button.clicked.connect(self.new_enterprise)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.visit_button.clicked.connect(self.new_visit)
        self.print_button.clicked.connect(self.print_profile)
        self.export_button.clicked.connect(self.export_excel)
        self._update_buttons()

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> tuple[list[EnterpriseInfo], list[OfficerInfo]]:
        return list_enterprises(self.db), list_officers(self.db)

    def _apply(self, data: tuple[list[EnterpriseInfo], list[OfficerInfo]]) -> None:
        enterprises, officers = data
        chosen = self.officer_filter.currentData()
        refill_officers(self.officer_filter, 2, officers, chosen)
        self.model.set_records(enterprises)
        if self.officer_filter.currentData() != chosen:
            self._apply_filters()

    def _apply_filters(self) -> None:
        self.model.set_filters(industry=self.industry_filter.currentData(),
                               coverage=self.coverage_filter.currentData(), officer=self.officer_filter.currentData())

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.new_button.setEnabled(self.editable)
        for button in (self.edit_button, self.delete_button, self.visit_button):
            button.setEnabled(chosen and self.editable)
        self.print_button.setEnabled(chosen)
        self.export_button.setEnabled(self.model.visible_count > 0 and self.editable)

    def _menu_actions(self) -> list[tuple[str, Callable[[], object] | None, bool]]:
        return [(self.tr("编辑…"), self.open_selected, self.editable),
                (self.tr("新建走访…"), self.new_visit, self.editable),
                ("", None, True), (self.tr("打印一企一档…"), self.print_profile, True), ("", None, True),
                (self.tr("删除…"), self.delete_selected, self.editable)]

    # ----- actions ---------------------------------------------------------------------------------------------
    def new_enterprise(self) -> EnterpriseDialog | None:
        return self._open_editor(lambda: EnterpriseDialog(self.db, self))

    def open_selected(self) -> EnterpriseDialog | None:
        info = self.selected()
        return None if info is None else self._open_editor(
            lambda: view_only(EnterpriseDialog(self.db, self, enterprise_id=info.id), self.editable))

    def new_visit(self) -> VisitDialog | None:
        """After 保存 the list reloads with the enterprise (not the visit) selected."""
        info = self.selected()
        return None if info is None else self._open_editor(
            lambda: VisitDialog(self.db, self, enterprise_id=info.id), lambda: info.id)

    def delete_selected(self) -> None:
        info = self.selected()
        if info is not None and self.editable and self._confirm(self.tr("删除企业"), self.tr(
                "确定删除“{0}”吗？\n企业档案、包联记录一并删除；删除后只能从备份中恢复。").format(info.record.name)):
            self._write(lambda: delete_enterprise(self.db, info.id))

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
