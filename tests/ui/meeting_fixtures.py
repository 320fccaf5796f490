"""Helpers shared by the meeting GUI tests: a branch with eight members built through the services, and real
clicks on the widgets the tests drive (the status segments of the attendance table, combo popups)."""

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QStyle, QStyleOptionComboBox, \
    QWidget

from dangjian_desktop.domain.enums import MemberCategory
from dangjian_desktop.domain.meetings import AttendanceStatus
from dangjian_desktop.services.members import save_member
from dangjian_desktop.ui.models.attendance_model import STATUS, STATUSES
from dangjian_desktop.ui.widgets.attendance_editor import AttendanceEditor

NAMES = ("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十")


def add_branch_members(db, branch_id, make_member, names=NAMES, *, first_sequence=1, probationary=()):
    """Members of one branch who joined the party in 2010 (so they are on every roster of recent years)."""
    ids = {}
    for offset, name in enumerate(names):
        extra = {}
        if name in probationary:
            joined = date(date.today().year - 1, 1, 10)
            extra = dict(category=MemberCategory.PROBATIONARY, birth=date(1995, 2, 3), joined_on=joined,
                         confirmed_on=None)
        ids[name] = save_member(db, make_member(branch_id, first_sequence + offset, name=name, **extra)).id
    return ids


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII with key presses, Chinese as the input method commits it."""
    for chunk, ascii_only in _runs(text):
        if ascii_only:
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _runs(text: str):
    runs: list[tuple[str, bool]] = []
    for char in text:
        ascii_only = char.isascii()
        if runs and runs[-1][1] == ascii_only:
            runs[-1] = (runs[-1][0] + char, ascii_only)
        else:
            runs.append((char, ascii_only))
    return runs


def status_point(editor: AttendanceEditor, row: int, status: AttendanceStatus) -> QPoint:
    """Where a user clicks to mark the person in `row` with `status`."""
    rect = editor.table.visualRect(editor.model.index(row, STATUS))
    return editor.delegate.segment_rects(rect)[STATUSES.index(status)].center()


def click_status(qtbot, editor: AttendanceEditor, row: int, status: AttendanceStatus) -> None:
    editor.table.scrollTo(editor.model.index(row, STATUS))
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=status_point(editor, row, status))


def row_of(editor: AttendanceEditor, name: str) -> int:
    return next(r for r in range(editor.model.rowCount()) if editor.model.attendee(r).name == name)


def reason_editor(qtbot, editor: AttendanceEditor) -> QLineEdit:
    """The reason cell editor that opens after a click on 请假 or 缺席."""
    qtbot.waitUntil(lambda: editor.table.state() == QAbstractItemView.State.EditingState)
    return editor.table.viewport().findChild(QLineEdit)


def pick_in_combo(qtbot, combo: QComboBox, text: str, click=None) -> None:
    """Open the combo's list with a click on its arrow and click the item, with `click(widget, pos)`
    (default: qtbot's)."""
    click = click or (lambda widget, pos=QPoint(): qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos))
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    arrow = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxArrow, combo)
    click(combo, arrow.center())
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(2 * QApplication.doubleClickInterval())   # the popup ignores a release right after it opened
    row = combo.findText(text)
    assert row >= 0, text
    index = view.model().index(row, combo.modelColumn())
    view.scrollTo(index)
    click(view.viewport(), view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())
    QApplication.processEvents()
    assert combo.currentText() == text
