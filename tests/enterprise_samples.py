"""A small known enterprise world built through the services, for the report, ledger and command-line tests
(a plain module, like reports/meeting_samples: `import conftest` would be ambiguous).

November 2026, looked at on 2026-12-05:
- 王敏 (街道党建办) answers for 顺丰 (组织覆盖: a 党支部) since 2026-01-01, and for 美团 (工作覆盖 only) from
  2026-01-01 until 李强 takes it over on 2026-11-15. 滴滴 (neither) has no officer.
- Visits: 王敏 → 顺丰 10-08 (raises 技能培训, deadline 11-07: overdue at the end of November) and 11-05 (raises
  午休场所 and 车辆进小区; the second is closed on 11-25); 王敏 → 美团 11-10 by phone; 李强 → 美团 11-20 online
  (raises 子女入学, declined on 11-22). A member raises 停车难 about 滴滴 on 11-18 (no visit).
"""

from dataclasses import dataclass
from datetime import date

from dangjian_desktop.domain.credit_code import credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.demands import DemandDraft, add_demand, change_status, list_demands
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, assign_officers, save_officer
from dangjian_desktop.services.visits import save_visit

TODAY = date(2026, 12, 5)
NOVEMBER = date(2026, 11, 1)
SF, MT, DD = "顺丰速运幸福里营业部", "美团外卖幸福里站", "滴滴出行城东服务站"


def credit_code(serial: int) -> str:
    first17 = f"91110105MA{serial:07d}"
    return first17 + credit_check_char(first17)


@dataclass(frozen=True)
class World:
    wang: int
    li: int
    sf: int
    mt: int
    dd: int
    visits: dict[str, int]       # sf_october, sf_november, mt_phone, mt_online
    demands: dict[str, int]      # training, lunch, access, school, parking


def build_world(db, street) -> World:
    wang = save_officer(db, OfficerInfo(None, "王敏", unit="街道党建办", post="组织委员", phone="13900001111"))
    li = save_officer(db, OfficerInfo(None, "李强", unit="区交通局", phone="13700002222"))
    sf = save_enterprise(db, EnterpriseRecord(
        SF, credit_code(1), "快递", brand="顺丰", address="幸福里路88号", community="幸福里社区", legal_rep="刘赟",
        legal_rep_is_member=True, employees=46, employees_under_35=31, party_members=3, party_org_id=street.branch1,
        outlets=2, phone="13812345678", note="2024年普查录入"), officer_id=wang, assigned_on=date(2026, 1, 1))
    mt = save_enterprise(db, EnterpriseRecord(
        MT, credit_code(2), "外卖", brand="美团", address="幸福里路120号", community="幸福里社区", employees=80,
        party_members=2, party_work=True, phone="01088886666"), officer_id=wang, assigned_on=date(2026, 1, 1))
    dd = save_enterprise(db, EnterpriseRecord(DD, credit_code(3), "网约车", address="城东大道9号", employees=12))
    assign_officers(db, li, date(2026, 11, 15), enterprise_ids=[mt])

    def visit(officer, enterprise, day, way, problems=(), **texts):
        record = VisitRecord(officer, enterprise, day, way, met_person="站长刘赟", findings="了解经营和党建情况。",
                             problems=tuple(problems), **texts)
        return save_visit(db, record, user="测试", today=TODAY)

    visits = {
        "sf_october": visit(wang, sf, date(2026, 10, 8), "实地", ["希望开展技能培训"]),
        "sf_november": visit(wang, sf, date(2026, 11, 5), "实地", ["骑手午休无固定休息场所", "快递车辆进小区难"],
                             business_situation="业务量较上月增长约15%。", party_work_situation="党支部按时开展主题党日。",
                             follow_up="协调社区党群服务中心设立休息点。"),
        "mt_phone": visit(wang, mt, date(2026, 11, 10), "电话"),
        "mt_online": visit(li, mt, date(2026, 11, 20), "线上", ["子女入学咨询"]),
    }
    by_content = {d.content: d.id for d in list_demands(db)}
    demands = {"training": by_content["希望开展技能培训"], "lunch": by_content["骑手午休无固定休息场所"],
               "access": by_content["快递车辆进小区难"], "school": by_content["子女入学咨询"]}
    change_status(db, demands["access"], "已办结", outcome="已与物业协商，发放通行证", closed_on=date(2026, 11, 25))
    change_status(db, demands["school"], "不予受理", outcome="不属于街道职责，已告知咨询渠道",
                  closed_on=date(2026, 11, 22))
    demands["parking"] = add_demand(db, DemandDraft("网约车司机停车难", date(2026, 11, 18), "党员反映", "停车通行",
                                                    raised_by="党员张三", responsible_unit="城管科",
                                                    responsible_person="赵六", enterprise_id=dd))
    return World(wang, li, sf, mt, dd, visits, demands)
