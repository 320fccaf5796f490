"""A street's new-economy census built through the services, for the enterprise, visit, demand and dashboard GUI
tests: 12 enterprises of every industry, 5 guidance officers (one no longer serving), their 包联, 14 visits of
this quarter and the last, and the demands those visits raised (one of them closed, one overdue).

    census = fill_census(db, street)        # street: the `street` fixture of tests/conftest.py
    census.enterprises["美团外卖城东站"]      # → id
"""

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dangjian_desktop.domain.credit_code import credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord, Industry
from dangjian_desktop.domain.enums import BranchKind, OrgLevel
from dangjian_desktop.domain.visits import DemandStatus, VisitRecord, VisitWay
from dangjian_desktop.services.demands import change_status, list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.organizations import OrgFields, create_organization
from dangjian_desktop.services.visits import save_visit

OFFICERS = (
    ("王建国", "街道党工委", "组织委员", "13812340001", True),
    ("李秀英", "街道党建工作办公室", "党建专干", "13812340002", True),
    ("陈志强", "区交通运输局", "党建指导员", "13812340003", True),
    ("刘芳", "区邮政管理局", "党建指导员", "13812340004", True),
    ("赵德明", "街道党工委", "原党建指导员", "", False),
)

# name, industry, brand, community, employees, under 35, party members, party org, party work, officer, code?
ENTERPRISES = (
    ("顺丰速运幸福里营业部", Industry.EXPRESS, "顺丰", "幸福里社区", 36, 22, 4, "顺丰速运幸福里营业部党支部", True,
     "王建国", True),
    ("中通快递城东网点", Industry.EXPRESS, "中通", "幸福里社区", 18, 12, 1, None, True, "王建国", True),
    ("韵达快递和平街网点", Industry.EXPRESS, "韵达", "和平街社区", 12, 9, 0, None, False, None, False),
    ("美团外卖城东站", Industry.FOOD_DELIVERY, "美团", "和平街社区", 65, 50, 3, "外卖配送行业联合党支部", True,
     "李秀英", True),
    ("饿了么蜂鸟配送和平站", Industry.FOOD_DELIVERY, "饿了么", "和平街社区", 42, 35, 2, "外卖配送行业联合党支部",
     True, "李秀英", True),
    ("滴滴出行城区服务站", Industry.RIDE_HAILING, "滴滴", "幸福里社区", 120, 48, 6, None, False, "陈志强", True),
    ("曹操出行城东分公司", Industry.RIDE_HAILING, "曹操出行", "东湖社区", 30, None, None, None, False, None, True),
    ("货拉拉城东服务中心", Industry.FREIGHT, "货拉拉", "东湖社区", 25, 11, 2, None, True, "陈志强", True),
    ("满帮运力服务站", Industry.FREIGHT, "满帮", "东湖社区", 14, 5, 1, None, False, "陈志强", True),
    ("星河直播电商基地", Industry.LIVE_COMMERCE, "抖音", "幸福里社区", 58, 52, 5, "星河直播电商基地党支部", True,
     "刘芳", True),
    ("闪送城东服务点", Industry.CITY_DELIVERY, "闪送", "和平街社区", 20, 16, 1, None, False, "刘芳", True),
    ("UU跑腿和平街站", Industry.CITY_DELIVERY, "UU跑腿", "和平街社区", 16, 13, 0, None, False, None, True),
)

# enterprise, officer, days ago, way, met, findings, problems
VISITS = (
    ("顺丰速运幸福里营业部", "王建国", 3, VisitWay.ON_SITE, "张经理", "营业部运转正常，党员亮身份上岗。",
     ("快递员午间无处热饭", "希望协调小区门禁通行")),
    ("顺丰速运幸福里营业部", "王建国", 100, VisitWay.ON_SITE, "张经理", "指导支部开展主题党日。", ()),
    ("中通快递城东网点", "王建国", 10, VisitWay.PHONE, "周站长", "电话了解党员流动情况。", ()),
    ("美团外卖城东站", "李秀英", 5, VisitWay.ON_SITE, "孙站长", "骑手对停车点意见较多。",
     ("商圈电动车停放点不足",)),
    ("美团外卖城东站", "李秀英", 95, VisitWay.ONLINE, "孙站长", "线上座谈，了解骑手权益保障情况。",
     ("骑手意外险参保不全",)),
    ("饿了么蜂鸟配送和平站", "李秀英", 20, VisitWay.ON_SITE, "钱站长", "站点新设党员先锋岗。", ()),
    ("滴滴出行城区服务站", "陈志强", 40, VisitWay.ON_SITE, "吴经理", "司机党员多为流动党员，尚未组建党组织。",
     ("司机子女入学咨询渠道不畅",)),
    ("货拉拉城东服务中心", "陈志强", 15, VisitWay.PHONE, "郑主管", "电话了解货运司机党员情况。", ()),
    ("满帮运力服务站", "陈志强", 120, VisitWay.ON_SITE, "冯站长", "站点规模较小，动员党员亮身份。", ()),
    ("星河直播电商基地", "刘芳", 2, VisitWay.ON_SITE, "何总", "指导主播开展直播助农。",
     ("主播技能培训需求",)),
    ("星河直播电商基地", "刘芳", 60, VisitWay.ON_SITE, "何总", "检查支部三会一课台账。", ()),
    ("闪送城东服务点", "刘芳", 30, VisitWay.ONLINE, "林组长", "线上了解骑手休息场所需求。",
     ("缺少户外休息驿站",)),
    ("饿了么蜂鸟配送和平站", "赵德明", 200, VisitWay.ON_SITE, "钱站长", "上年度最后一次走访。", ()),
    ("曹操出行城东分公司", "陈志强", 8, VisitWay.PHONE, "许经理", "摸排司机中的党员。", ()),
)


def credit_code(sequence: int) -> str:
    first17 = f"91330102MA2{sequence:06d}"
    return first17 + credit_check_char(first17)


@dataclass(frozen=True)
class Census:
    today: date
    officers: dict[str, int]
    enterprises: dict[str, int]
    orgs: dict[str, int]
    visits: list[int]


def fill_census(db, street, today: date | None = None) -> Census:
    """The census, visits and demands described above. Assignments start 2 years before `today`; the 滴滴 visit's
    demand is overdue, the 美团 visit of last quarter raised a demand that was closed."""
    today = today or date.today()
    officers = {name: save_officer(db, OfficerInfo(None, name, unit, post, phone, active))
                for name, unit, post, phone, active in OFFICERS}
    committee = create_organization(db, street.root, OrgFields("新业态行业党委", OrgLevel.INDUSTRY_COMMITTEE))
    orgs = {}
    for name, kind in (("顺丰速运幸福里营业部党支部", BranchKind.STANDALONE),
                       ("外卖配送行业联合党支部", BranchKind.JOINT), ("星河直播电商基地党支部", BranchKind.STANDALONE)):
        orgs[name] = create_organization(db, committee.id, OrgFields(name, OrgLevel.BRANCH, kind)).id
    enterprises = {}
    started = today - timedelta(days=730)
    for sequence, (name, industry, brand, community, employees, young, members, org, work, officer, coded) in \
            enumerate(ENTERPRISES, start=1):
        record = EnterpriseRecord(
            name, credit_code(sequence) if coded else "", industry.value, brand, f"城东区{community}建设路{sequence}号",
            community, f"法人{sequence}", sequence % 3 == 0, employees, young, members, orgs.get(org), org or "",
            work, sequence % 4 + 1, f"0571-8888{sequence:04d}")
        enterprises[name] = save_enterprise(db, record, officer_id=officers.get(officer), assigned_on=started)
    visits = []
    for enterprise, officer, days, way, met, findings, problems in VISITS:
        record = VisitRecord(officers[officer], enterprises[enterprise], today - timedelta(days=days), way.value,
                             met, "经营正常", "党员亮身份", findings, "下次走访时了解落实情况", problems=problems)
        visits.append(save_visit(db, record, user="测试", today=today))
    closed = next(d for d in list_demands(db, as_of=today) if d.content == "骑手意外险参保不全")
    change_status(db, closed.id, DemandStatus.DONE.value, outcome="协调平台为全部骑手补缴意外险",
                  closed_on=today - timedelta(days=70), user="测试")
    return Census(today, officers, enterprises, orgs, visits)


def import_dialog_opener(qtbot, monkeypatch, db, chosen_file, start, dialog_class):
    """A function opening an import preview as the user does: `start(parent, db, on_done)` with `chosen_file`
    picked in the file dialog. The dialog's `reports` collect the messages shown and "on_done"; the parent lives as
    long as the function."""
    parent = QWidget()
    qtbot.addWidget(parent)
    reports = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(chosen_file), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: reports.append(text))

    def open_it():
        start(parent, db, lambda: reports.append("on_done"))
        qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(dialog_class)), timeout=20_000)
        dialog = next(d for d in parent.findChildren(dialog_class) if d.isVisible())
        dialog.reports = reports
        return dialog

    return open_it
