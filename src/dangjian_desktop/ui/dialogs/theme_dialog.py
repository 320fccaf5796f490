"""One month's street-wide 主题党日 (五统三联): month, theme, outline and the planned date."""

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from ...services.database import Database
from ...services.errors import ServiceError
from ...services.themes import Theme, list_themes, save_theme
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit
from .rules_dialog import NumberCombo


def _month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def first_free_month(taken: set[str], today: date) -> tuple[int, int]:
    """This month if it has no theme yet, else the next month without one."""
    year, month = today.year, today.month
    for _ in range(24):
        if _month_key(year, month) not in taken:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year, month


class ThemeDialog(QDialog):
    """New theme (`theme` None) or edit one. After 保存 succeeds `saved` holds the stored theme."""

    def __init__(self, parent: QWidget | None, db: Database, theme: Theme | None = None):
        super().__init__(parent)
        self._db, self._theme = db, theme
        self.saved: Theme | None = None
        self._others = {t.month: t for t in list_themes(db) if theme is None or t.id != theme.id}
        self.setWindowTitle(self.tr("新建主题党日主题") if theme is None else self.tr("编辑主题党日主题"))
        today = date.today()
        self.year_combo = NumberCombo(range(today.year - 3, today.year + 3), self.tr(" 年"))
        self.month_combo = QComboBox()
        for month in range(1, 13):
            self.month_combo.addItem(self.tr("{0} 月").format(month), month)
        self.month_message = FieldMessage()
        self.theme_edit = QLineEdit()
        self.theme_edit.setPlaceholderText(self.tr("如：学习贯彻党的二十届三中全会精神"))
        self.theme_message = FieldMessage()
        self.outline_edit = QPlainTextEdit()
        self.outline_edit.setPlaceholderText(self.tr("活动的环节和内容，如：\n一、重温入党誓词\n二、集中学习\n三、志愿服务"))
        self.outline_edit.setTabChangesFocus(True)
        self.planned_edit = DateEdit()
        self.planned_message = FieldMessage()
        self.form_message = FieldMessage()

        month_row = QWidget()
        month_layout = QHBoxLayout(month_row)
        month_layout.setContentsMargins(0, 0, 0, 0)
        month_layout.addWidget(self.year_combo)
        month_layout.addWidget(self.month_combo)
        month_layout.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("月份"), with_message(month_row, self.month_message))
        form.addRow(self.tr("主题"), with_message(self.theme_edit, self.theme_message))
        form.addRow(self.tr("活动提纲"), self.outline_edit)
        form.addRow(self.tr("计划日期"), with_message(self.planned_edit, self.planned_message))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.form_message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        if theme is not None:
            year, month = (int(part) for part in theme.month.split("-"))
            self.theme_edit.setText(theme.theme)
            self.outline_edit.setPlainText(theme.outline)
            self.planned_edit.setDate(theme.planned_on)
        else:
            year, month = first_free_month(set(self._others), today)
        self.year_combo.set_value(year)
        self.month_combo.setCurrentIndex(month - 1)
        for signal in (self.year_combo.currentIndexChanged, self.month_combo.currentIndexChanged,
                       self.theme_edit.textChanged, self.planned_edit.changed):
            signal.connect(self._validate)
        self._validate()

    def month(self) -> str:
        return _month_key(self.year_combo.value(), self.month_combo.currentData())

    def _validate(self) -> None:
        month = self.month()
        clash = self._others.get(month)
        self.month_message.show_message(
            self.tr("{0} 已经设置了主题“{1}”，请直接编辑它").format(month, clash.theme) if clash else "")
        theme_ok = bool(self.theme_edit.text().strip())
        self.theme_message.show_message("" if theme_ok or not self.theme_edit.isModified()
                                        else self.tr("请填写本月主题党日的主题"))
        planned, planned_error = self.planned_edit.date(), self.planned_edit.error()
        if not planned_error and planned is not None and f"{planned:%Y-%m}" != month:
            planned_error = self.tr("计划日期应在 {0} 年 {1} 月内").format(self.year_combo.value(),
                                                                    self.month_combo.currentData())
        self.planned_message.show_message(planned_error)
        self.form_message.clear_message()
        self.save_button.setEnabled(clash is None and theme_ok and not planned_error)

    def theme(self) -> Theme:
        return Theme(self._theme.id if self._theme else None, self.month(), self.theme_edit.text().strip(),
                     self.outline_edit.toPlainText().strip(), self.planned_edit.date())

    def _save(self) -> None:
        try:
            self.saved = save_theme(self._db, self.theme())
        except ServiceError as exc:
            self.form_message.show_message(exc.message)
            return
        self.accept()
