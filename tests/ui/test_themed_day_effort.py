"""Issue 3 §8: the effort to record a 主题党日 for a 30-member branch from the street's theme of the month.

The test drives the real window with real mouse clicks and key presses along the shortest path a user takes,
and counts every click and key press itself (typing a text — the place — is counted apart, as typing content).
Goal: fewer than 15 clicks and key presses.
"""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from dangjian_desktop.domain.meetings import AttendanceStatus, MeetingType
from dangjian_desktop.services.meetings import get_meeting, list_meetings
from dangjian_desktop.services.themes import Theme, save_theme
from dangjian_desktop.ui.app import create_main_window
from dangjian_desktop.ui.dialogs.new_meeting_dialog import NewMeetingDialog
from dangjian_desktop.ui.models import ORG_ID_ROLE
from meeting_fixtures import add_branch_members, pick_in_combo, type_text

GOAL = 15
TODAY = date.today()


@dataclass
class Effort:
    """Every user action goes through here, so the count is what was done, not what was planned."""

    qtbot: object
    clicks: int = 0
    keys: int = 0
    typed: int = 0

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos if pos is not None else QPoint())
        self.clicks += 1

    def key(self, widget: QWidget, key: Qt.Key) -> None:
        self.qtbot.keyClick(widget, key)
        self.keys += 1

    def type(self, widget: QWidget, text: str) -> None:
        type_text(self.qtbot, widget, text)
        self.typed += len(text)

    @property
    def total(self) -> int:
        return self.clicks + self.keys


def test_a_themed_day_for_thirty_members_takes_fewer_than_15_clicks(qtbot, ui_app, db, street, make_member):
    names = [f"党员{number:02d}" for number in range(1, 31)]
    add_branch_members(db, street.branch1, make_member, names)
    theme = save_theme(db, Theme(None, f"{TODAY:%Y-%m}", "学习贯彻党的二十届四中全会精神",
                                 "一、集中学习全会公报\n二、党员交流发言\n三、重温入党誓词", TODAY.replace(day=1)))
    window = create_main_window(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    effort = Effort(qtbot)

    # 1. 组织生活 in the navigation
    navigation = window.navigation
    item = navigation.findItems("组织生活", Qt.MatchFlag.MatchExactly)[0]
    effort.click(navigation.viewport(), navigation.visualItemRect(item).center())
    records = window.meetings_page.records
    assert window.current_page() is window.meetings_page

    # 2. the branch in the tree
    tree = records.tree
    index = tree.model().match(tree.model().index(0, 0), ORG_ID_ROLE, street.branch1, 1,
                               Qt.MatchFlag.MatchRecursive)[0]
    tree.scrollTo(index)
    with qtbot.waitSignal(records.meetings_loaded):
        effort.click(tree.viewport(), tree.visualRect(index).center())

    # 3. 新建会议记录: the branch, 主题党日 and the theme's date are already chosen
    effort.click(records.new_button)
    chooser = records.findChild(NewMeetingDialog)
    qtbot.waitUntil(chooser.isVisible)
    assert chooser.type.currentData() == MeetingType.THEMED_DAY
    assert chooser.day.date() == theme.planned_on
    effort.click(chooser.ok_button)

    # 4. the editor opens prefilled from the theme, all 30 present
    qtbot.waitUntil(lambda: records.editor is not None and records.editor.isVisible())
    editor = records.editor
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)   # a window's popups close when another activates
    record = editor.record()
    assert (record.topic, record.theme_id, record.held_on) == (theme.theme, theme.id, theme.planned_on)
    assert record.content == theme.outline
    assert record.expected == 30 and record.present == 30

    # 5. 主持人 and 记录人 from the attendees, the place typed
    for combo, name in ((editor.fields.names["host"], "党员01"), (editor.fields.names["recorder"], "党员02")):
        pick_in_combo(qtbot, combo, name, click=effort.click)
    effort.click(editor.fields.lines["location"])
    effort.type(editor.fields.lines["location"], "社区党群服务中心")

    # 6. 保存
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(records.meetings_loaded):
        effort.click(editor.save_button)

    saved = get_meeting(db, list_meetings(db)[0].id)
    assert (saved.type, saved.topic, saved.host, saved.recorder, saved.location) == (
        MeetingType.THEMED_DAY, theme.theme, "党员01", "党员02", "社区党群服务中心")
    assert saved.count(AttendanceStatus.PRESENT) == 30 and saved.theme_id == theme.id
    print(f"\n主题党日（30 名党员，按街道主题）：点击 {effort.clicks} 次，按键 {effort.keys} 次，"
          f"共 {effort.total} 次（目标 < {GOAL}）；另输入文字 {effort.typed} 个字")
    assert effort.total < GOAL
