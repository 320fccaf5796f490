"""工作概况: the numbers on a known census, and every number opening the list behind it."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.domain.compliance import Frequency
from dangjian_desktop.domain.visits import VisitFrequency
from dangjian_desktop.services.coverage import dashboard
from dangjian_desktop.services.demands import list_demands
from dangjian_desktop.services.visit_rules import VisitRules, save_visit_rules
from dangjian_desktop.ui.models.dashboard_models import OfficerMonthModel
from dangjian_desktop.ui.pages.dashboard_panel import DashboardPanel, gather_overview

from enterprise_fixtures import fill_census

AS_OF = date(2026, 5, 20)   # mid second quarter: of the assigned enterprises only 满帮 was last visited in Q1


@pytest.fixture
def census(db, street):
    return fill_census(db, street, today=AS_OF)


@pytest.fixture
def panel(ui_app, qtbot, db, census):
    widget = DashboardPanel(db)
    qtbot.addWidget(widget)
    widget.show_overview(gather_overview(db, AS_OF))
    widget.resize(1200, 720)
    widget.show()
    return widget


def cards(panel) -> dict[str, tuple[str, str]]:
    return {key: (card.number.text(), card.detail.text()) for key, card in panel.cards.items()}


def table_texts(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def click_cell(qtbot, table, row: int, column: int) -> None:
    index = table.model().index(row, column)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_the_cards_show_the_census_as_of_the_day(panel):
    assert panel.period_label.text() == "本季度（2026-Q2）· 每季度至少走访1次"
    assert panel.as_of_label.text() == "截至 2026年05月20日"
    assert cards(panel) == {
        "enterprises": ("12", "新业态企业（家）"),
        "with_party_org": ("4", "覆盖率 33.3%"),     # 顺丰, 美团, 饿了么, 星河
        "with_party_work": ("6", "覆盖率 50.0%"),    # and 中通, 货拉拉 (party work without an organisation)
        "unassigned": ("3", "占企业总数 25.0%"),      # 韵达, 曹操, UU跑腿
        "not_visited": ("1", "已包联，本季度尚未走访"),  # 满帮: last visited in January
        "open": ("6", "已受理、办理中"),
        "overdue": ("1", "已过办理期限"),             # 滴滴's, raised 40 days ago
        "near": ("1", "7 天内到期"),                  # 闪送's, due today
    }
    assert "color" in panel.cards["overdue"].number.styleSheet()
    assert panel.cards["near"].number.styleSheet() == ""
    assert panel.empty_note.isHidden() and panel.no_officers.isHidden()


def test_clicking_a_card_opens_exactly_the_enterprises_behind_it(panel, qtbot, census):
    names = census.enterprises
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        qtbot.mouseClick(panel.cards["unassigned"], Qt.MouseButton.LeftButton)
    ids, caption = signal.args
    assert sorted(ids) == sorted(names[n] for n in ("韵达快递和平街网点", "曹操出行城东分公司", "UU跑腿和平街站"))
    assert caption == "未配备党建指导员的企业"
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        qtbot.mouseClick(panel.cards["not_visited"], Qt.MouseButton.LeftButton)
    assert signal.args == [[names["满帮运力服务站"]], "已配备党建指导员、本季度尚未走访的企业"]
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        qtbot.mouseClick(panel.cards["with_party_org"], Qt.MouseButton.LeftButton)
    assert sorted(signal.args[0]) == sorted(names[n] for n in ("顺丰速运幸福里营业部", "美团外卖城东站",
                                                               "饿了么蜂鸟配送和平站", "星河直播电商基地"))
    assert signal.args[1] == "已建立党组织的企业（组织覆盖）"
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        qtbot.mouseClick(panel.cards["enterprises"], Qt.MouseButton.LeftButton)
    assert sorted(signal.args[0]) == sorted(names.values()) and signal.args[1] == "全部企业"


def test_the_demand_cards_open_the_demands(panel, qtbot, db):
    demands = {d.content: d for d in list_demands(db, as_of=AS_OF)}
    with qtbot.waitSignal(panel.open_demands) as signal:
        qtbot.mouseClick(panel.cards["overdue"], Qt.MouseButton.LeftButton)
    assert signal.args == [[demands["司机子女入学咨询渠道不畅"].id], "超期诉求"]
    with qtbot.waitSignal(panel.open_demands) as signal:
        qtbot.mouseClick(panel.cards["near"], Qt.MouseButton.LeftButton)
    assert signal.args == [[demands["缺少户外休息驿站"].id], "临期诉求（7 天内到期）"]
    with qtbot.waitSignal(panel.open_demands) as signal:
        qtbot.mouseClick(panel.cards["open"], Qt.MouseButton.LeftButton)
    assert sorted(signal.args[0]) == sorted(d.id for d in demands.values() if d.status != "已办结")


def test_the_industry_table_and_its_cells(panel, qtbot, census):
    rows = table_texts(panel.industry_table)
    assert rows[0] == ["快递", "3", "1（33.3%）", "2（66.7%）", "2", "2"]
    assert rows[2] == ["网约车", "2", "0（0.0%）", "0（0.0%）", "1", "1"]
    assert rows[6] == ["其他互联网平台", "0", "0", "0", "0", "0"]
    assert rows[-1] == ["合计", "12", "4（33.3%）", "6（50.0%）", "9", "8"]
    assert panel.industry_model.index(7, 0).data(Qt.ItemDataRole.FontRole).bold()
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        click_cell(qtbot, panel.industry_table, 0, 2)
    assert signal.args == [[census.enterprises["顺丰速运幸福里营业部"]], "快递行业已建立党组织的企业（组织覆盖）"]
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        click_cell(qtbot, panel.industry_table, 3, 5)   # 货运物流, 本期已走访: 货拉拉 yes, 满帮 not this quarter
    assert signal.args == [[census.enterprises["货拉拉城东服务中心"]], "货运物流行业本季度已走访的企业"]
    with qtbot.assertNotEmitted(panel.open_enterprises):
        click_cell(qtbot, panel.industry_table, 0, 0)    # the industry's name is not a number


def test_the_officer_table_opens_their_enterprises_and_visits(panel, qtbot, census):
    assert table_texts(panel.officer_table) == [["王建国", "2", "2", "0"], ["李秀英", "2", "1", "0"],
                                                ["陈志强", "3", "2", "1"], ["刘芳", "2", "1", "0"]]
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        click_cell(qtbot, panel.officer_table, 2, OfficerMonthModel.DUE)
    assert signal.args == [[census.enterprises["满帮运力服务站"]], "陈志强包联、本季度尚未走访够次数的企业"]
    with qtbot.waitSignal(panel.open_enterprises) as signal:
        click_cell(qtbot, panel.officer_table, 2, OfficerMonthModel.ASSIGNED)
    assert sorted(signal.args[0]) == sorted(census.enterprises[n] for n in ("滴滴出行城区服务站", "货拉拉城东服务中心",
                                                                            "满帮运力服务站"))
    with qtbot.waitSignal(panel.open_visits) as signal:
        click_cell(qtbot, panel.officer_table, 2, OfficerMonthModel.VISITS)
    assert signal.args == [census.officers["陈志强"], date(2026, 5, 1), AS_OF]


def test_enter_opens_the_current_cell(panel, qtbot, census):
    table = panel.officer_table
    panel.activateWindow()
    qtbot.waitActive(panel)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, OfficerMonthModel.VISITS))
    with qtbot.waitSignal(panel.open_visits) as signal:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert signal.args[0] == census.officers["王建国"]


def test_the_officers_sort_in_the_model(panel):
    model = panel.officer_model
    model.sort(OfficerMonthModel.DUE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "陈志强"
    model.sort(OfficerMonthModel.ASSIGNED, Qt.SortOrder.AscendingOrder)
    assert model.index(3, 0).data() == "陈志强"
    model.sort(-1)
    assert [model.index(r, 0).data() for r in range(4)] == ["王建国", "李秀英", "陈志强", "刘芳"]


def test_the_rule_changes_the_period_and_the_words(ui_app, qtbot, db, census):
    save_visit_rules(db, VisitRules(VisitFrequency(Frequency.MONTH, 2), 30))
    widget = DashboardPanel(db)
    qtbot.addWidget(widget)
    widget.show_overview(gather_overview(db, AS_OF))
    assert widget.period_label.text() == "本月（2026-05）· 每月至少走访2次"
    assert widget.cards["not_visited"].detail.text() == "已包联，本月走访不足2次"
    assert widget.cards["not_visited"].number.text() == "9"   # nobody was visited twice in May


def test_refresh_counts_as_of_today(ui_app, qtbot, db, street):
    fill_census(db, street)
    widget = DashboardPanel(db)
    qtbot.addWidget(widget)
    assert widget.cards["enterprises"].number.text() == "–"   # nothing loads before refresh()
    widget.refresh()
    board = dashboard(db)
    assert widget.cards["enterprises"].number.text() == "12"
    assert widget.cards["not_visited"].number.text() == str(len(board.not_visited_ids))
    assert widget.cards["overdue"].number.text() == str(len(board.overdue_demand_ids))
    assert widget.overview.board.as_of == date.today()


def test_an_empty_street_says_what_to_do(ui_app, qtbot, db, street):
    widget = DashboardPanel(db)
    qtbot.addWidget(widget)
    widget.refresh()
    assert not widget.empty_note.isHidden()
    assert widget.cards["enterprises"].number.text() == "0"
    assert widget.cards["with_party_org"].detail.text() == "覆盖率 0.0%"
    assert table_texts(widget.industry_table)[-1] == ["合计", "0", "0", "0", "0", "0"]
    assert widget.officer_table.isHidden() and not widget.no_officers.isHidden()


def test_a_reassigned_enterprise_counts_for_its_new_officer(ui_app, qtbot, db, census):
    from dangjian_desktop.services.officers import assign_officers

    assign_officers(db, census.officers["刘芳"], AS_OF - timedelta(days=1),
                   enterprise_ids=[census.enterprises["满帮运力服务站"]])
    overview = gather_overview(db, AS_OF)
    assert overview.officer_enterprises[census.officers["刘芳"]].count(census.enterprises["满帮运力服务站"]) == 1
    assert census.enterprises["满帮运力服务站"] not in overview.officer_enterprises[census.officers["陈志强"]]
