"""审计日志, the 审计员's page: every entry of the log in a time range (the last 30 days at first), filtered by user,
action and result and searched over every text; failed and refused actions in red; double-click shows an entry in
full with its hashes. 校验完整性 walks the whole hash chain and, when it is broken, names and selects the first
broken entry; 导出 Excel writes the rows shown (and is itself logged)."""

import html
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QWidget

from ...services.audit import ACTIONS, FAILED, REFUSED, SUCCEEDED, ChainReport, export_audit_xlsx, get_entry, \
    list_entries, verify_chain
from ...services.database import Database
from ...services.errors import ServiceError
from ..dialogs import ask_save_path
from ..dialogs.audit_entry_dialog import AuditEntryDialog
from ..models.audit_model import CONTENT, RED, TARGET, AuditLine, AuditTableModel, audit_lines
from ..ops import BackgroundOp, show_error
from ..theme import HINT, PRIMARY, SUBHEADING, set_role
from ..widgets.date_edit import DateEdit
from ..widgets import choice_combo
from .list_panel import ListPanel

DEFAULT_DAYS = 30
RELOAD_DELAY_MS = 400     # after the last keystroke in a date field


class AuditPage(ListPanel):
    """`data_changed` is never emitted (the log is read only; the other pages' signal contract); `loaded` each
    time the list arrived. `entry_dialog` and `chain_dialog` are the dialogs while open."""

    STATE_KEY = "audit_page/header_state"
    UNIT = "条"
    LOADING = "正在读取审计日志……"
    WIDE_COLUMNS = {TARGET: 240}

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(db, AuditTableModel(), parent)
        self._fixed_today = today
        self.entry_dialog: AuditEntryDialog | None = None
        self.chain_dialog: QMessageBox | None = None
        self.search.setPlaceholderText(self.tr("搜索用户、计算机、对象、内容"))
        self.date_from, self.date_to = DateEdit(), DateEdit()
        self.date_from.setDate(self.today() - timedelta(days=DEFAULT_DAYS))
        self.date_to.setDate(self.today())
        self._days = (self.date_from.date(), self.date_to.date())
        self.range_message = set_role(QLabel(), HINT)
        self.user_filter = choice_combo(((self.tr("全部"), None),))
        self.user_filter.setMinimumContentsLength(6)
        self.action_filter = choice_combo(((self.tr("全部"), None), *((action, action) for action in ACTIONS)))
        self.result_filter = choice_combo(((self.tr("全部"), None),
                                           *((result, result) for result in (SUCCEEDED, FAILED, REFUSED))))
        self.details_button = QPushButton(self.tr("查看详情…"))
        self.verify_button = set_role(QPushButton(self.tr("校验完整性")), PRIMARY)
        self.verify_button.setToolTip(self.tr("逐条核对整个审计日志的校验值，检查是否有记录被改动、插入或删除"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setToolTip(self.tr("导出列表中显示的记录（时间范围、筛选和搜索后的结果）"))
        self._lay_out(((self.tr("用户"), self.user_filter), (self.tr("操作"), self.action_filter),
                       (self.tr("结果"), self.result_filter)),
                      (self.details_button,), (self.verify_button, self.export_button))
        self.layout().insertLayout(0, self._heading())
        self.table.horizontalHeader().setSectionResizeMode(CONTENT, QHeaderView.ResizeMode.Stretch)
        self._range_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS, timeout=self._range_changed)
        for edit in (self.date_from, self.date_to):
            edit.changed.connect(self._range_timer.start)
        for combo in (self.user_filter, self.action_filter, self.result_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.details_button.clicked.connect(self.open_selected)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export_shown)
        self._update_buttons()
        self.refresh()       # a navigation page loads when it is built

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(set_role(QLabel(self.tr("审计日志")), SUBHEADING))
        row.addSpacing(16)
        row.addWidget(QLabel(self.tr("时间")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.date_to)
        row.addSpacing(8)
        row.addWidget(self.range_message)
        row.addStretch(1)
        return row

    def today(self) -> date:
        return self._fixed_today or date.today()

    # ----- loading ---------------------------------------------------------------------------------------------
    def _fetch(self) -> list[AuditLine]:
        date_from, date_to = self._days
        return audit_lines(list_entries(self.db, date_from, date_to))

    def _apply(self, lines: list[AuditLine]) -> None:
        self.model.set_records(lines)
        combo, chosen = self.user_filter, self.user_filter.currentData()
        users = self.model.users()
        if chosen is not None and chosen not in users:
            users.append(chosen)        # kept while the range holds none of their entries
        combo.blockSignals(True)        # the chosen user stays chosen: the filters need no new pass
        while combo.count() > 1:
            combo.removeItem(1)
        for user in users:
            combo.addItem(user, user)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _range_changed(self) -> None:
        """Reload for the days typed or picked; a range that cannot be read or is the wrong way round waits."""
        date_from, date_to = self.date_from.date(), self.date_to.date()
        if not (self.date_from.is_valid() and self.date_to.is_valid()):
            self.range_message.setText(self.tr("日期无法识别，请按 2025-03-01 的格式填写"))
            return
        if date_from and date_to and date_from > date_to:
            self.range_message.setText(self.tr("开始日期晚于结束日期，请重新选择"))
            return
        self.range_message.clear()
        if (date_from, date_to) != self._days:
            self._days = (date_from, date_to)
            self.refresh()

    def _apply_filters(self) -> None:
        self.model.set_filters(user=self.user_filter.currentData(), action=self.action_filter.currentData(),
                               result=self.result_filter.currentData())

    def _update_counts(self) -> None:
        super()._update_counts()
        failed = self.model.failed_count
        if failed:
            self.count_label.setText(self.tr("{0}，其中失败或拒绝 {1:,} 条").format(self.count_label.text(), failed))

    def _update_buttons(self) -> None:
        self.details_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(self.model.visible_count > 0)

    def _menu_actions(self) -> list[tuple[str, object, bool]]:
        return [(self.tr("查看详情…"), self.open_selected, True), ("", None, True),
                (self.tr("导出 Excel…"), self.export_shown, True)]

    # ----- actions ---------------------------------------------------------------------------------------------
    def open_selected(self) -> AuditEntryDialog | None:
        line = self.selected()
        if line is None:
            return None
        try:
            dialog = AuditEntryDialog(self, self.db, line.id)
        except ServiceError as exc:
            show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: setattr(self, "entry_dialog", None))
        self.entry_dialog = dialog
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        """The Delete key: entries cannot be deleted, and the user is told so."""
        if self.selected() is not None:
            QMessageBox.information(self, self.tr("审计日志"), self.tr("审计日志只能追加，任何人都不能删除或修改其中的记录。"))

    def verify(self) -> None:
        BackgroundOp(self, self.tr("正在校验审计日志……"), lambda progress: verify_chain(self.db, progress),
                     self._show_chain_report).run()

    def _show_chain_report(self, report: ChainReport) -> None:
        if report.ok:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("校验完整性"), report.message,
                              QMessageBox.StandardButton.Ok, self)
        else:
            self._jump_to(report.broken_id)
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("校验完整性"), "", QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setText(self.tr("<p style='color:{0}; font-weight:bold'>审计日志已被改动！</p><p style='color:{0}'>{1}</p>"
                                "<p>列表已转到这条记录。请保留现状，立即报告单位的安全管理员；"
                                "可以与备份中的审计日志对照，查明被改动的内容。</p>").format(RED, html.escape(report.message)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _code: setattr(self, "chain_dialog", None))
        self.chain_dialog = box
        box.open()

    def _jump_to(self, entry_id: int | None) -> None:
        """Show the entry: filters and search cleared, the time range widened to its day (or opened entirely when
        its time is unreadable), the list reloaded with it selected."""
        if entry_id is None:
            return
        try:
            day = date.fromisoformat(get_entry(self.db, entry_id).entry.at[:10])
        except (ServiceError, ValueError):
            day = None
        date_from, date_to = self._days
        if day is None:
            date_from = date_to = None
        else:
            date_from = min(date_from, day) if date_from else None
            date_to = max(date_to, day) if date_to else None
        for edit, value in ((self.date_from, date_from), (self.date_to, date_to)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)
        self._days = (date_from, date_to)
        self._clear_filters()
        self._reselect = entry_id
        self._load()

    def export_shown(self) -> None:
        ids = [line.id for line in self.model.visible_records()]
        if not ids:
            return
        name = self.tr("审计日志-{0:%Y%m%d}.xlsx").format(self.today())
        path = ask_save_path(self, self.tr("导出审计日志"), name, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if path is None:
            return
        date_from, date_to = self._days

        def done(rows: int) -> None:
            self.refresh()      # the export is in the log now
            QMessageBox.information(self, self.tr("导出完成"), self.tr("已导出 {0:,} 条审计日志到：\n{1}").format(rows, path))

        BackgroundOp(self, self.tr("正在导出审计日志……"),
                     lambda progress: export_audit_xlsx(self.db, path, date_from=date_from, date_to=date_to, ids=ids,
                                                        progress=progress), done).run()
