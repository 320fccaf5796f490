"""GUI test fixtures (QT_QPA_PLATFORM=offscreen is set by tests/conftest.py before Qt loads).

`ui_app` is pytest-qt's QApplication set up as the program sets it up (fonts, Chinese Qt texts, stylesheet),
with QSettings written to a temporary folder instead of the user's own settings. `small_street` fills the
`street` tree of tests/conftest.py with a few members through the services.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QSettings

from dangjian_desktop.domain.dates import add_years
from dangjian_desktop.domain.enums import MemberCategory
from dangjian_desktop.services.members import save_member
from dangjian_desktop.ui.app import prepare_application


@pytest.fixture(scope="session")
def ui_app(qapp, tmp_path_factory):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    prepare_application(qapp)
    return qapp


@dataclass(frozen=True)
class SmallStreet:
    """The `street` tree with members: branch1 has 3 正式党员; branch2 has 2 (one of them lost contact) and a
    预备党员 whose year ends today; the retired branch has none."""

    street: object
    members: int
    probationary_name: str
    lost_name: str


@pytest.fixture
def small_street(db, street, make_member) -> SmallStreet:
    for sequence in (1, 2, 3):
        save_member(db, make_member(street.branch1, sequence, name=f"一支部{sequence}"))
    save_member(db, make_member(street.branch2, 4, name="二支部正式"))
    joined = add_years(date.today(), -1)
    save_member(db, make_member(street.branch2, 5, name="预备张", category=MemberCategory.PROBATIONARY,
                                birth=date(1995, 2, 3), joined_on=joined, confirmed_on=None))
    save_member(db, make_member(street.branch2, 6, name="失联李", is_lost_contact=True))
    return SmallStreet(street, 6, "预备张", "失联李")
