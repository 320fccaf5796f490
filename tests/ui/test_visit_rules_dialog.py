"""走访与诉求设置: the visit frequency and the demand deadline, checked as typed, saved to the data file."""

import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.domain.compliance import Frequency
from dangjian_desktop.domain.visits import VisitFrequency
from dangjian_desktop.services.visit_rules import VisitRules, load_visit_rules, save_visit_rules
from dangjian_desktop.ui.dialogs.visit_rules_dialog import VisitRulesDialog


@pytest.fixture
def dialog(ui_app, qtbot, db):
    widget = VisitRulesDialog(None, db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_defaults_are_shown(dialog):
    assert dialog.frequency_combo.currentText() == "每季度"
    assert dialog.minimum_combo.value() == 1
    assert dialog.days_edit.text() == "30"
    assert dialog.save_button.isEnabled() and not dialog.days_message.isVisible()


def test_saving_changes_the_rules(dialog, qtbot, db):
    dialog.frequency_combo.setCurrentIndex(dialog.frequency_combo.findData(Frequency.MONTH.value))
    dialog.minimum_combo.set_value(2)
    dialog.days_edit.clear()
    qtbot.keyClicks(dialog.days_edit, "15")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == VisitRulesDialog.DialogCode.Accepted
    assert load_visit_rules(db) == VisitRules(VisitFrequency(Frequency.MONTH, 2), 15) == dialog.saved


def test_zero_days_are_refused_beside_the_field(dialog, qtbot, db):
    dialog.days_edit.clear()
    assert dialog.days_message.isVisible() and "请填写办理期限的天数" in dialog.days_message.text()
    qtbot.keyClicks(dialog.days_edit, "0")
    assert dialog.days_message.isVisible()
    assert dialog.days_message.text() == "办理期限应在 1 至 365 天之间。"
    assert not dialog.save_button.isEnabled()
    dialog.buttons.accepted.emit()   # even if 保存 were reached another way
    assert dialog.isVisible() and dialog.saved is None
    assert load_visit_rules(db) == VisitRules()
    qtbot.keyClicks(dialog.days_edit, "7")   # "07": a week
    assert not dialog.days_message.isVisible() and dialog.save_button.isEnabled()
    assert dialog.deadline_days() == 7


def test_letters_cannot_be_typed_and_over_a_year_is_refused(dialog, qtbot):
    dialog.days_edit.clear()
    qtbot.keyClicks(dialog.days_edit, "x-")
    dialog.days_edit.insert("三十")   # typing (QTest cannot type Chinese)
    assert dialog.days_edit.text() == ""
    qtbot.keyClicks(dialog.days_edit, "400")
    assert "1 至 365" in dialog.days_message.text() and not dialog.save_button.isEnabled()


def test_restore_defaults_only_fills_them_in(ui_app, qtbot, db):
    save_visit_rules(db, VisitRules(VisitFrequency(Frequency.YEAR, 3), 60))
    widget = VisitRulesDialog(None, db)
    qtbot.addWidget(widget)
    assert (widget.frequency_combo.currentText(), widget.minimum_combo.value(), widget.days_edit.text()) == \
        ("每年", 3, "60")
    widget.buttons.button(widget.buttons.StandardButton.RestoreDefaults).click()
    assert (widget.frequency_combo.currentText(), widget.minimum_combo.value(), widget.days_edit.text()) == \
        ("每季度", 1, "30")
    assert load_visit_rules(db).deadline_days == 60
    widget.reject()
    assert load_visit_rules(db).deadline_days == 60
