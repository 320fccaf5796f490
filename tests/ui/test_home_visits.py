"""首页's 走访与诉求 group: enterprises due for a visit, demands overdue or near their deadline, each opening its list."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.coverage import dashboard
from dangjian_desktop.services.demands import DemandDraft, add_demand, list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visits import save_visit
from dangjian_desktop.ui.pages.home_page import SHOWN_PER_GROUP, HomePage

from enterprise_fixtures import fill_census

TODAY = date.today()


def tree_texts(tree) -> list[str]:
    shown = []
    for row in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(row)
        shown.append(group.text(0))
        shown.extend(group.child(i).text(0) for i in range(group.childCount()))
    return shown


def find(tree, start: str):
    return next(item for item in tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
                if item.text(0).startswith(start))


@pytest.fixture
def page(ui_app, qtbot, db, street):
    fill_census(db, street)
    home = HomePage(db)
    qtbot.addWidget(home)
    return home


def test_the_overdue_demand_is_listed_and_opens(page, qtbot, db):
    overdue = next(d for d in list_demands(db) if d.content == "司机子女入学咨询渠道不畅")
    shown = tree_texts(page.visit_tree)
    assert "超期诉求（1 件）" in shown
    assert "已超期 10 天 · 司机子女入学咨询渠道不畅（滴滴出行城区服务站）" in shown
    assert "临期诉求（1 件）" in shown
    assert "今天到期 · 缺少户外休息驿站（闪送城东服务点）" in shown
    item = find(page.visit_tree, "已超期 10 天")
    assert "办理期限" in item.toolTip(0)
    with qtbot.waitSignal(page.open_demands) as signal:
        page.visit_tree.itemActivated.emit(item, 0)
    assert signal.args == [[overdue.id], "司机子女入学咨询渠道不畅"]
    with qtbot.waitSignal(page.open_demands) as signal:
        page.visit_tree.itemActivated.emit(find(page.visit_tree, "超期诉求"), 0)
    assert signal.args == [[overdue.id], "超期诉求"]
    assert page.visit_tree.topLevelItem(0).isExpanded()


def test_the_enterprises_due_follow_the_dashboard(page, qtbot, db):
    due = dashboard(db).not_visited_ids
    shown = tree_texts(page.visit_tree)
    if not due:
        assert not any("尚未走访的企业" in text for text in shown)
        return
    assert shown[0] == f"本季度尚未走访的企业（{len(due)} 家）"
    with qtbot.waitSignal(page.open_enterprises) as signal:
        page.visit_tree.itemActivated.emit(page.visit_tree.topLevelItem(0), 0)
    assert sorted(signal.args[0]) == sorted(due)
    assert signal.args[1] == "已配备党建指导员、本季度尚未走访的企业"


@pytest.fixture
def crowded(ui_app, qtbot, db, street):
    """Seven assigned enterprises never visited or visited long ago, and seven overdue demands."""
    officer = save_officer(db, OfficerInfo(None, "王建国", "街道党工委", "组织委员", "", True))
    ids = {}
    for number in range(7):
        name = f"第{number}快递网点"
        ids[name] = save_enterprise(db, EnterpriseRecord(name), officer_id=officer,
                                    assigned_on=TODAY - timedelta(days=800))
    for number, days in ((2, 400), (5, 500)):   # visited long ago: 5 before 2; the others never
        save_visit(db, VisitRecord(officer, ids[f"第{number}快递网点"], TODAY - timedelta(days=days),
                                   findings="了解情况"))
    for number in range(7):
        add_demand(db, DemandDraft(f"诉求{number}：快递员进小区难，门禁不让电动车进入，需协调物业",
                                   TODAY - timedelta(days=60 + number), enterprise_id=ids["第0快递网点"]))
    return ids


def test_a_long_group_names_the_longest_unvisited_first_and_opens_all(crowded, qtbot, db):
    page = HomePage(db)
    qtbot.addWidget(page)
    group = page.visit_tree.topLevelItem(0)
    assert group.text(0) == "本季度尚未走访的企业（7 家）"
    children = [group.child(i).text(0) for i in range(group.childCount())]
    assert len(children) == SHOWN_PER_GROUP + 1
    assert children[:SHOWN_PER_GROUP] == ["第0快递网点（王建国，从未走访）", "第1快递网点（王建国，从未走访）",
                                          "第3快递网点（王建国，从未走访）", "第4快递网点（王建国，从未走访）",
                                          "第6快递网点（王建国，从未走访）"]
    assert children[-1] == "…… 共 7 项，双击查看全部"
    with qtbot.waitSignal(page.open_enterprises) as signal:
        page.visit_tree.itemActivated.emit(group.child(SHOWN_PER_GROUP), 0)
    assert sorted(signal.args[0]) == sorted(crowded.values())
    with qtbot.waitSignal(page.open_enterprises) as signal:
        page.visit_tree.itemActivated.emit(group.child(0), 0)
    assert signal.args == [[crowded["第0快递网点"]], "第0快递网点"]

    demands = page.visit_tree.topLevelItem(1)
    assert demands.text(0) == "超期诉求（7 件）"
    first = demands.child(0).text(0)
    assert first.startswith("已超期 36 天 · 诉求6：快递员进小区难，门禁不让电动") and first.endswith("…（第0快递网点）")


def test_nothing_to_do_says_so(ui_app, qtbot, db, street):
    page = HomePage(db)
    qtbot.addWidget(page)
    assert page.visit_tree.topLevelItemCount() == 0
    assert not page.visit_tree.isVisibleTo(page) and page.visit_status.isVisibleTo(page)
    assert page.visit_status.text() == "没有待走访的企业，也没有超期或临期的诉求。"
