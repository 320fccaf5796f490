"""主题党日 (五统三联): the theme dialog, the list of street themes, and which branches recorded the month's."""

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from dangjian_desktop.domain.meetings import MeetingType
from dangjian_desktop.services.meetings import new_meeting, save_meeting
from dangjian_desktop.services.themes import Theme, list_themes, save_theme
from dangjian_desktop.ui.dialogs.theme_dialog import ThemeDialog, first_free_month
from dangjian_desktop.ui.pages.themes_panel import ThemesPanel

TODAY = date.today()
MONTH = f"{TODAY:%Y-%m}"


def uptake_texts(panel) -> dict[str, tuple[str, ...]]:
    model = panel.uptake_model
    return {model.index(row, 0).data(): tuple(model.index(row, c).data() for c in range(1, 4))
            for row in range(model.rowCount())}


def select_branch_named(panel, name) -> None:
    row = panel.uptake_model.row_where(lambda uptake: uptake.branch_name == name)
    panel.uptake_table.selectRow(row)


@pytest.fixture
def themed(db, small_street):
    """This month's street theme; 幸福里社区第一党支部 has recorded its 主题党日 from it."""
    theme = save_theme(db, Theme(None, MONTH, "学习贯彻党的二十届三中全会精神", "一、重温入党誓词\n二、集中学习", TODAY))
    record = new_meeting(db, small_street.street.branch1, MeetingType.THEMED_DAY, TODAY)
    save_meeting(db, replace(record, held_on=TODAY))
    return theme


# ------------------------------------------------------------------------------------------------- the dialog
def test_the_dialog_creates_a_theme(ui_app, qtbot, db):
    dialog = ThemeDialog(None, db)
    qtbot.addWidget(dialog)
    assert dialog.month() == MONTH                        # no theme yet: this month
    assert not dialog.save_button.isEnabled()
    dialog.theme_edit.insert("我为群众办实事")
    dialog.outline_edit.setPlainText("一、集中学习\n二、志愿服务")
    dialog.planned_edit.setDate(TODAY.replace(day=1))
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert list_themes(db) == [Theme(dialog.saved.id, MONTH, "我为群众办实事", "一、集中学习\n二、志愿服务",
                                     TODAY.replace(day=1))]


def test_the_dialog_says_what_is_wrong_beside_the_fields(ui_app, qtbot, db):
    save_theme(db, Theme(None, MONTH, "已有的主题"))
    dialog = ThemeDialog(None, db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.month() != MONTH                        # this month is taken: the next free one
    dialog.year_combo.set_value(TODAY.year)
    dialog.month_combo.setCurrentIndex(TODAY.month - 1)
    assert dialog.month_message.isVisible() and "已有的主题" in dialog.month_message.text()
    dialog.theme_edit.insert("新主题")
    dialog.theme_edit.clear()
    assert dialog.theme_message.isVisible() and "请填写" in dialog.theme_message.text()
    dialog.theme_edit.insert("新主题")
    dialog.month_combo.setCurrentIndex(TODAY.month % 12)  # the month after this one (January after December)
    assert not dialog.month_message.isVisible()
    dialog.planned_edit.setDate(TODAY.replace(day=1))     # not in the chosen month
    assert dialog.planned_message.isVisible() and "计划日期应在" in dialog.planned_message.text()
    assert not dialog.save_button.isEnabled()
    dialog.planned_edit.setText("2025年13月1日")
    assert dialog.planned_message.isVisible() and not dialog.save_button.isEnabled()
    dialog.planned_edit.setText("")
    assert dialog.save_button.isEnabled()


def test_the_first_free_month_skips_the_months_with_a_theme():
    assert first_free_month({"2025-11", "2025-12"}, date(2025, 11, 5)) == (2026, 1)
    assert first_free_month(set(), date(2025, 11, 5)) == (2025, 11)


# -------------------------------------------------------------------------------------------------- the panel
def test_the_panel_lists_themes_and_the_months_uptake(ui_app, qtbot, db, small_street, themed):
    panel = ThemesPanel(db)
    qtbot.addWidget(panel)
    assert panel.themes_model.rowCount() == 1
    assert panel.current_theme() == themed
    assert "学习贯彻党的二十届三中全会精神" in panel.theme_label.text()
    assert panel.count_label.text() == "已记录 1 / 共 3 个支部（其中按街道主题 1 个）"
    shown = uptake_texts(panel)
    assert shown["幸福里社区第一党支部"] == ("已记录", f"{TODAY:%Y-%m-%d}", "是")
    assert shown["幸福里社区第二党支部"] == ("未记录", "", "")
    panel.missing_only.setChecked(True)
    assert set(uptake_texts(panel)) == {"幸福里社区第二党支部", "退休党员党支部"}
    assert panel.count_label.text().startswith("已记录 1 / 共 3")


def test_a_branch_without_a_record_can_be_asked_to_record(ui_app, qtbot, db, small_street, themed):
    panel = ThemesPanel(db)
    qtbot.addWidget(panel)
    select_branch_named(panel, "幸福里社区第一党支部")
    assert not panel.record_button.isEnabled()            # already recorded
    select_branch_named(panel, "退休党员党支部")
    assert panel.record_button.isEnabled()
    with qtbot.waitSignal(panel.record_requested) as signal:
        panel.record_button.click()
    assert signal.args == [small_street.street.retired, MONTH]


def test_new_edit_and_delete_from_the_panel(ui_app, qtbot, db, small_street, monkeypatch):
    panel = ThemesPanel(db)
    qtbot.addWidget(panel)
    assert panel.no_themes.isVisibleTo(panel) and not panel.edit_button.isEnabled()

    def fill_and_save(dialog):
        dialog.theme_edit.setText("红色物业")
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(ThemeDialog, "exec", fill_and_save)
    with qtbot.waitSignal(panel.themes_changed):
        panel.new_button.click()
    assert panel.current_theme().theme == "红色物业"
    assert panel.count_label.text() == "已记录 0 / 共 3 个支部（其中按街道主题 0 个）"

    def rename(dialog):
        dialog.theme_edit.setText("红色物业，共建美好家园")
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(ThemeDialog, "exec", rename)
    panel.edit_button.click()
    assert [t.theme for t in list_themes(db)] == ["红色物业，共建美好家园"]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.themes_changed):
        panel.delete_button.click()
    assert list_themes(db) == [] and panel.themes_model.rowCount() == 0
    assert panel.current_theme() is None and panel.uptake_model.rowCount() == 0
