"""The organisation tree and its dialogs: counts, selection, refusals with reasons, the org form, date field."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.domain.enums import OrgLevel
from dangjian_desktop.services.members import save_member
from dangjian_desktop.services.organizations import get_organization, list_organizations
from dangjian_desktop.ui.dialogs.move_dialog import OrgPickerDialog
from dangjian_desktop.ui.dialogs.org_dialog import OrgDialog
from dangjian_desktop.ui.models import ORG_ID_ROLE
from dangjian_desktop.ui.widgets.date_edit import DateEdit
from dangjian_desktop.ui.widgets.org_tree import OrgTree


@pytest.fixture
def tree(qtbot, ui_app, db, small_street):
    widget = OrgTree(db)
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


@pytest.fixture
def messages(monkeypatch):
    """Message boxes answered automatically; what they said is recorded."""
    shown = []

    def record(kind, answer):
        def box(_parent, title, text, *_args, **_kwargs):
            shown.append((kind, title, text))
            return answer
        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown


def item_texts(tree):
    model, found = tree.model(), {}

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            found[index.data(ORG_ID_ROLE)] = (index.data(), tree.isExpanded(index))
            walk(index)
    walk(tree.rootIndex())
    return found


def test_nodes_show_member_counts_of_their_subtree_and_open_down_to_branches(tree, small_street):
    street = small_street.street
    items = item_texts(tree)
    assert items[street.root] == ("测试街道党工委（6）", True)
    assert items[street.community] == ("幸福里社区党委（6）", True)
    assert items[street.branch1][0] == "幸福里社区第一党支部（3）"
    assert items[street.branch1][1] is False          # its 党小组 stay folded
    assert items[street.retired][0] == "退休党员党支部（0）"
    assert tree.current_org_id() == street.root


def test_members_of_a_group_are_counted_once(tree, db, small_street, make_member):
    street = small_street.street
    save_member(db, make_member(street.branch1, 30, name="小组成员", group_id=street.group1))
    tree.refresh()
    items = item_texts(tree)
    assert items[street.group1][0] == "第一党小组（1）"
    assert items[street.branch1][0] == "幸福里社区第一党支部（4）"
    assert items[street.root][0] == "测试街道党工委（7）"


def test_choosing_a_node_emits_its_id(qtbot, tree, small_street):
    with qtbot.waitSignal(tree.org_selected) as blocker:
        tree.select_org(small_street.street.branch2)
    assert blocker.args == [small_street.street.branch2]


def test_deleting_a_branch_with_members_is_refused_with_the_reason(tree, db, small_street, messages):
    branch = tree.node(small_street.street.branch2)
    tree.delete_node(branch)
    assert messages == [("warning", "无法完成", "“幸福里社区第二党支部”还有 3 名党员，请先把他们转到其他支部。")]
    assert get_organization(db, branch.id).name == "幸福里社区第二党支部"


def test_deleting_a_node_with_sub_organisations_names_them(tree, small_street, messages):
    tree.delete_node(tree.node(small_street.street.community))
    [(kind, _title, text)] = messages
    assert kind == "warning" and "下级组织" in text


def test_an_empty_branch_is_deleted_after_one_question(qtbot, tree, db, small_street, messages):
    retired = small_street.street.retired
    with qtbot.waitSignal(tree.organizations_changed):
        tree.delete_node(tree.node(retired))
    assert [kind for kind, _title, _text in messages] == ["question"]
    assert retired not in {n.id for n in list_organizations(db)}
    assert retired not in item_texts(tree)


def test_org_dialog_offers_only_levels_allowed_under_the_parent(qtbot, ui_app, db, street):
    dialog = OrgDialog(None, db, parent_node=get_organization(db, street.community))
    qtbot.addWidget(dialog)
    levels = [dialog.level_combo.itemData(i) for i in range(dialog.level_combo.count())]
    assert levels == [OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH]
    dialog.level_combo.setCurrentIndex(levels.index(OrgLevel.GENERAL_BRANCH))
    assert not dialog._form.isRowVisible(dialog.kind_combo)
    dialog.level_combo.setCurrentIndex(levels.index(OrgLevel.BRANCH))
    assert dialog._form.isRowVisible(dialog.kind_combo)


def test_org_dialog_checks_the_phone_and_creates_the_node(qtbot, ui_app, db, street):
    dialog = OrgDialog(None, db, parent_node=get_organization(db, street.community))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled()
    dialog.name_edit.setText("幸福里社区第三党支部")
    qtbot.keyClicks(dialog.phone_edit, "12345")
    assert dialog.phone_message.text().startswith("联系电话应为11位手机号")
    assert not save.isEnabled()
    dialog.phone_edit.setText("0531-86123456")
    dialog.founded_edit.setText("2019.7.1")
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    created = dialog.saved
    assert (created.name, created.level, created.founded_on, created.contact_phone) == (
        "幸福里社区第三党支部", OrgLevel.BRANCH, date(2019, 7, 1), "0531-86123456")


def test_org_dialog_shows_a_refusal_inside_and_stays_open(qtbot, ui_app, db, street):
    dialog = OrgDialog(None, db, parent_node=get_organization(db, street.community))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("幸福里社区第一党支部")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form_message.text() == "同一上级下已有名为“幸福里社区第一党支部”的组织。"


@pytest.mark.parametrize("typed, expected", [
    ("2025-3-1", date(2025, 3, 1)), ("2025.03.01", date(2025, 3, 1)), ("20250301", date(2025, 3, 1)),
    ("2025年3月1日", date(2025, 3, 1)), ("", None),
])
def test_date_edit_reads_what_people_type(qtbot, ui_app, typed, expected):
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.setText(typed)
    assert (edit.date(), edit.error(), edit.is_valid()) == (expected, "", True)


def test_date_edit_marks_unreadable_text_and_accepts_a_calendar_pick(qtbot, ui_app):
    edit = DateEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.changed):
        edit.setText("明年春天")
    assert edit.date() is None and not edit.is_valid()
    assert edit.line_edit().toolTip() == edit.error() and "无法识别" in edit.error()
    assert edit.line_edit().property("invalid") is True
    edit._calendar.clicked.emit(QDate(2024, 2, 29))
    assert (edit.date(), edit.text(), edit.is_valid()) == (date(2024, 2, 29), "2024-02-29", True)


def test_picker_lets_only_allowed_nodes_be_chosen_and_narrows_by_name(qtbot, ui_app, db, street):
    nodes = list_organizations(db)
    dialog = OrgPickerDialog(None, "转移支部", "转到哪个党支部？", nodes, lambda n: n.level == OrgLevel.BRANCH, "转移")
    qtbot.addWidget(dialog)
    enabled = {n.id for n in nodes if dialog._items[n.id].isEnabled()}
    assert enabled == {street.branch1, street.branch2, street.retired}
    dialog.choose(street.branch2)
    assert dialog.chosen_id() == street.branch2
    dialog.search.setText("退休")
    visible = {n.id for n in nodes if not dialog.tree.isRowHidden(
        dialog._items[n.id].row(), dialog._items[n.id].index().parent())}
    assert visible == {street.root, street.retired}
