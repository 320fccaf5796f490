"""示范数据: a fictional street with ~30 party organisations, ~800 members and a year of meetings, for trying the
program out (the meetings are invented in services.demo_meetings; the 新业态企业, 党建指导员, visits and demands in
services.demo_enterprises).

Everything is generated from a fixed seed, so the demo is the same every time (dates relative to `today`).
Names, ID numbers and phones are invented; every member passes the roster checks of domain.member.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..db.models import Enterprise, GuidanceOfficer, Member, Organization
from ..domain.dates import add_years
from ..domain.enums import BranchKind, MemberCategory, MobileDirection, OrgLevel
from ..domain.idcard import check_digit
from ..domain.member import MemberRecord, check_member
from ..domain.progress import NO_PROGRESS, Progress
from . import audit
from .database import Database
from .demo_enterprise_street import DEMO_SCALE, EnterpriseScale
from .demo_enterprises import write_demo_enterprises
from .demo_meetings import DemoBranch, write_demo_meetings
from .errors import RuleViolation
from .members import Stats, member_values, stats
from .organizations import OrgFields, add_organization, add_root, get_root

SEED = 20240701
DEFAULT_ROOT_NAME = "清河路街道党工委"
NOT_EMPTY_MESSAGE = ("当前数据文件里已经有党组织、党员或企业，示范数据只能载入到空的数据文件中。"
                     "请新建一个数据文件后再载入示范数据。")

# Region codes of Jinan: the city districts where most members were born, and the outer districts and counties
# that riders and other 流入党员 come from (their 流入地 names the same place as their ID number).
CITY_REGIONS = (("370102", 8), ("370103", 2), ("370104", 2), ("370105", 2), ("370112", 3))
HOME_COUNTIES = {"370114": "章丘区", "370115": "济阳区", "370116": "莱芜区", "370117": "钢城区",
                 "370124": "平阴县", "370126": "商河县"}
OUTFLOW_PLACES = ("江苏省苏州市工业园区", "广东省深圳市宝安区", "上海市浦东新区", "浙江省杭州市余杭区",
                  "北京市朝阳区", "天津市滨海新区", "山东省青岛市黄岛区", "广东省东莞市")
# Community → its residential compounds (addresses, 双报到社区).
COMMUNITIES = {
    "明湖": ("明湖东路18号院", "泉景花园", "明湖小区"),
    "杨柳巷": ("杨柳巷南区", "杨柳巷北区", "柳园新村"),
    "文华苑": ("文华苑小区", "文华东苑", "清河路36号院"),
}
ETHNICITIES = (("汉族", 940), ("回族", 30), ("满族", 15), ("蒙古族", 7), ("朝鲜族", 4), ("壮族", 4))
SURNAMES = "王王王张张张李李李刘刘陈陈杨杨赵赵孙孙徐徐马马于董高周吴郭胡朱林何罗宋郑谢韩唐冯曹袁许沈彭吕苏卢蒋蔡贾丁魏薛叶" \
           "田任姜范方石姚谭邹金陆郝孔白崔毛邱秦江史顾侯邵孟段尹常武乔贺葛"
GIVEN = {  # (sex, generation) → characters for given names
    ("男", "old"): "建国德振志明文华庆军长福永顺新民祥春立胜忠",
    ("女", "old"): "秀桂淑玉兰英珍芬凤华荣丽霞敏琴萍翠云",
    ("男", "young"): "伟强磊军勇杰涛斌超明刚辉鹏飞鑫波宁浩凯健俊帆旭宇晨阳峰亮林成彬宏博睿",
    ("女", "young"): "芳娜敏静丽艳娟霞玲燕梅琳雪婷慧颖倩佳欣怡蕾璐洁晶丹莉琴彤悦涵萱",
}
# Names with rare characters, one each, so printing can be checked (DESIGN §9): (branch key, name).
RARE_NAMES = (("mh1", "高䶮"), ("mh_ret", "陈𠈌宇"), ("yl1", "王堃"), ("rider", "张喆"), ("office", "周赟"))
PHONE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
                  "176 177 178 180 181 182 183 185 186 187 188 189 198 199").split()

EDU_COMMUNITY = (("研究生", 1), ("大学本科", 5), ("大学专科", 4), ("中等专科", 1), ("高中", 2))
EDU_RETIRED = (("大学本科", 1), ("大学专科", 2), ("中等专科", 2), ("高中", 3), ("初中", 3), ("小学及以下", 1))
EDU_WORKER = (("大学本科", 1), ("大学专科", 3), ("中等专科", 3), ("高中", 4), ("初中", 2))
EDU_OFFICE = (("研究生", 2), ("大学本科", 6), ("大学专科", 2))


@dataclass(frozen=True)
class Profile:
    """What the members of one kind of branch look like."""

    ages: tuple[int, int]
    male: float
    education: tuple[tuple[str, int], ...]
    jobs: tuple[str, ...]          # 工作单位及职务; "{c}" is the member's community, "{s}" the street
    probationary: float            # share of 预备党员
    inflow: float = 0.0            # share of 流入党员 (relation kept in their home county)
    outflow: float = 0.0           # share of 流出党员 (left to work elsewhere)
    dual_report: float = 0.0       # share reporting to the community they live in (双报到)
    grid_note: float = 0.0         # share noted as 兼职网格员


PROFILES = {
    "community": Profile((24, 62), 0.45, EDU_COMMUNITY, (
        "{c}社区居委会社区工作者", "{c}社区居委会社区工作者", "{s}办事处科员", "清河路小学教师", "市第五人民医院护士",
        "区税务局第三税务所科员", "泉景物业服务有限公司项目经理", "鲁信银行明湖支行客户经理", "个体经营", "灵活就业",
        "清河路幼儿园教师", "区市场监管局明湖市场监管所科员"), 0.1, outflow=0.05),
    "retired": Profile((58, 85), 0.5, EDU_RETIRED, (
        "退休", "退休", "原清河机械厂退休职工", "原明湖纺织厂退休职工", "原区第二中学退休教师", "原市供销社退休职工",
        "原区人民医院退休医生", "原{s}办事处退休干部"), 0.0, outflow=0.04),
    "courier": Profile((21, 48), 0.9, EDU_WORKER, (
        ("泉运快递清河路营业部快递员",) * 5 + ("顺邦速运明湖网点快递员",) * 3
        + ("泉运快递清河路营业部站长", "邮政清河路揽投部投递员", "顺邦速运明湖网点网点负责人")),
        0.14, inflow=0.4, dual_report=0.1, grid_note=0.15),
    "rider": Profile((20, 45), 0.88, EDU_WORKER, (
        ("速享外卖清河路站点外卖骑手",) * 6 + ("邻送跑腿明湖站骑手",) * 3
        + ("速享外卖清河路站点站长", "速享外卖清河路站点调度员")), 0.15, inflow=0.45, grid_note=0.2),
    "ridehail": Profile((26, 52), 0.92, EDU_WORKER, (
        ("泉城出行网约车司机",) * 5 + ("畅途约车网约车司机",) * 3 + ("泉城出行清河路车队队长",)),
        0.12, inflow=0.35, dual_report=0.1),
    "freight": Profile((25, 55), 0.9, EDU_WORKER, (
        ("鲁通货运物流有限公司货车司机",) * 4
        + ("鲁通货运物流有限公司调度员", "鲁通货运物流有限公司仓库主管", "鲁通货运物流有限公司装卸工")),
        0.1, inflow=0.3),
    "ecommerce": Profile((21, 35), 0.4, EDU_OFFICE, (
        "泉e优选直播电商有限公司主播", "泉e优选直播电商有限公司运营主管", "泉e优选直播电商有限公司选品专员"), 0.2),
    "office": Profile((24, 55), 0.5, EDU_OFFICE, (
        "明湖数码科技有限公司软件工程师", "明湖数码科技有限公司项目经理", "泉城联合会计师事务所审计师",
        "清河律师事务所律师", "鲁源广告传媒有限公司设计师", "众信人力资源有限公司招聘专员", "明湖商务大厦物业经理"),
        0.1, dual_report=0.35),
    "smallfirm": Profile((25, 60), 0.55, EDU_WORKER, (
        "好邻居便利店店主", "明湖餐饮店店长", "柳园家政服务部负责人", "文华汽车修理厂技师", "清河路眼镜店店员",
        "杨柳巷理发店店主"), 0.08, dual_report=0.3),
    "firm": Profile((28, 55), 0.6, EDU_OFFICE, (
        "山东清源智能科技有限公司工程师", "山东清源智能科技有限公司行政主管"), 0.0),
    "sorting": Profile((22, 52), 0.75, EDU_WORKER, (
        ("泉运快递济南分拨中心分拣员",) * 4
        + ("泉运快递济南分拨中心班组长", "泉运快递济南分拨中心操作主管", "泉运快递济南分拨中心安全员")),
        0.12, inflow=0.3, dual_report=0.1),
    "flow": Profile((22, 55), 0.7, EDU_WORKER, (
        "建筑工地施工员", "家政服务员", "个体商户", "外卖骑手", "快递员", "网约车司机", "餐馆厨师"),
        0.1, inflow=0.8),
    "youth": Profile((23, 40), 0.45, EDU_OFFICE, (
        "明湖数码科技有限公司产品经理", "清河路小学教师", "市第五人民医院医生", "鲁信银行明湖支行柜员",
        "{s}青年志愿服务队队长"), 0.12, dual_report=0.5),
}


@dataclass(frozen=True)
class OrgPlan:
    """One node of the demo tree; a 党支部 has `size` members of `profile`, spread over its 党小组."""

    name: str  # "{s}" is the street's name
    level: OrgLevel
    founded: date
    kind: str = ""
    key: str = ""
    profile: str = ""
    size: int = 0
    community: str = ""
    groups: tuple[str, ...] = ()
    probationary: int | None = None  # an exact number of 预备党员 instead of the profile's share
    children: tuple["OrgPlan", ...] = ()


def _branch(name, founded, key, profile, size, community="", kind=BranchKind.STANDALONE, **extra) -> OrgPlan:
    return OrgPlan(name, OrgLevel.BRANCH, founded, str(kind), key, profile, size, community, **extra)


def _community(name: str, founded: date, *branches: OrgPlan) -> OrgPlan:
    return OrgPlan(f"{name}社区党委", OrgLevel.COMMUNITY_COMMITTEE, founded, community=name, children=branches)


TREE = (
    _community("明湖", date(2002, 6, 18),
               _branch("明湖社区第一党支部", date(2002, 6, 18), "mh1", "community", 68, "明湖",
                       groups=("第一党小组", "第二党小组")),
               _branch("明湖社区第二党支部", date(2008, 4, 9), "mh2", "community", 42, "明湖"),
               _branch("明湖社区离退休党支部", date(2002, 6, 18), "mh_ret", "retired", 95, "明湖")),
    _community("杨柳巷", date(2004, 3, 26),
               _branch("杨柳巷社区第一党支部", date(2004, 3, 26), "yl1", "community", 66, "杨柳巷"),
               _branch("杨柳巷社区第二党支部", date(2004, 3, 26), "yl2", "retired", 110, "杨柳巷",
                       groups=("东片党小组", "西片党小组")),
               _branch("杨柳巷社区第三党支部", date(2013, 7, 1), "yl3", "community", 33, "杨柳巷")),
    _community("文华苑", date(2009, 11, 12),
               _branch("文华苑社区第一党支部", date(2009, 11, 12), "wh1", "community", 80, "文华苑"),
               _branch("文华苑社区第二党支部", date(2009, 11, 12), "wh2", "retired", 58, "文华苑")),
    OrgPlan("{s}两新组织党委", OrgLevel.NEW_ORG_COMMITTEE, date(2018, 5, 20), children=(
        _branch("快递新业态工作党支部", date(2021, 7, 1), "courier", "courier", 38, kind=BranchKind.NEW_ECONOMY),
        _branch("外卖配送新业态工作党支部", date(2021, 9, 15), "rider", "rider", 45, kind=BranchKind.NEW_ECONOMY,
                groups=("云端党小组",)),
        _branch("网约车新业态工作党支部", date(2022, 4, 20), "ridehail", "ridehail", 22, kind=BranchKind.NEW_ECONOMY),
        _branch("货运物流新业态工作党支部", date(2022, 8, 10), "freight", "freight", 17, kind=BranchKind.NEW_ECONOMY),
        _branch("直播电商新业态工作党支部", date(2024, 3, 18), "ecommerce", "ecommerce", 3,
                kind=BranchKind.NEW_ECONOMY, probationary=1),
        _branch("明湖商务楼宇联合党支部", date(2019, 6, 28), "office", "office", 19, kind=BranchKind.JOINT),
        _branch("小微企业联合党支部", date(2020, 10, 16), "smallfirm", "smallfirm", 9, kind=BranchKind.JOINT),
        _branch("山东清源智能科技有限公司党支部", date(2017, 12, 8), "firm", "firm", 2),
    )),
    OrgPlan("{s}快递物流行业党委", OrgLevel.INDUSTRY_COMMITTEE, date(2021, 3, 30), children=(
        OrgPlan("泉运快递济南分拨中心党总支", OrgLevel.GENERAL_BRANCH, date(2016, 9, 9), children=(
            _branch("泉运快递分拨中心第一党支部", date(2016, 9, 9), "sort1", "sorting", 26),
            _branch("泉运快递分拨中心第二党支部", date(2019, 5, 15), "sort2", "sorting", 14),
        )),
    )),
    _branch("{s}流动党员党支部", date(2015, 7, 1), "flow", "flow", 28, kind=BranchKind.MOBILE),
    _branch("{s}青年志愿服务功能型党支部", date(2020, 5, 4), "youth", "youth", 15, kind=BranchKind.FUNCTIONAL),
)


def _walk(plans: tuple[OrgPlan, ...]):
    for plan in plans:
        yield plan
        yield from _walk(plan.children)


BRANCHES = tuple(plan for plan in _walk(TREE) if plan.level is OrgLevel.BRANCH)


class _Generator:
    """Invents people; every value drawn from one seeded random source, in a fixed order."""

    def __init__(self, today: date, street: str):
        self.rng = random.Random(SEED)
        self.today = today
        self.street = street
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def weighted(self, pairs):
        values, weights = zip(*pairs)
        return self.rng.choices(values, weights)[0]

    def name(self, sex: str, age: int) -> str:
        pool = GIVEN[(sex, "old" if age >= 55 else "young")]
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))

    def id_number(self, region: str, birth: date, sex: str) -> str:
        while True:
            sequence = self.rng.randint(1, 99) * 10 + self.rng.randrange(1 if sex == "男" else 0, 10, 2)
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + check_digit(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10 ** 8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def landline(self) -> str:
        return f"0531-{self.rng.randint(8200, 8899)}{self.rng.randrange(10 ** 4):04d}"

    def address(self, community: str) -> str:
        rng = self.rng
        return (f"{self.street}{community}社区{rng.choice(COMMUNITIES[community])}{rng.randint(1, 24)}号楼"
                f"{rng.randint(1, 4)}单元{rng.randint(1, 7)}0{rng.randint(1, 4)}室")

    def party_dates(self, birth: date, probationary: bool) -> tuple[date, date | None]:
        """入党时间 after the 18th birthday; 转正 one year and a few days later, or none for a 预备党员."""
        if probationary:
            return self.today - timedelta(days=self.rng.randint(20, 340)), None
        earliest = add_years(birth, 18) + timedelta(days=30)
        latest = min(add_years(birth, 50), self.today - timedelta(days=400))
        joined = earliest + timedelta(days=int((latest - earliest).days * self.rng.triangular(0, 1, 0.25)))
        return joined, add_years(joined, 1) + timedelta(days=self.rng.randint(0, 25))

    def movement(self, profile: Profile, age: int) -> tuple[str, dict]:
        """(ID region code, 流动 fields): a 流入党员 comes from a county of the city; a 流出党员 went elsewhere."""
        rng = self.rng
        draw = rng.random()
        if draw < profile.inflow:
            region = rng.choice(sorted(HOME_COUNTIES))
            return region, dict(is_mobile=True, mobile_direction=MobileDirection.INFLOW.value,
                                mobile_place=f"济南市{HOME_COUNTIES[region]}", mobile_reason="外出务工")
        region = self.weighted(CITY_REGIONS)
        if draw < profile.inflow + profile.outflow:
            reason = "随子女居住" if age >= 60 else rng.choice(("外出务工", "外出务工", "外出经商"))
            return region, dict(is_mobile=True, mobile_direction=MobileDirection.OUTFLOW.value,
                                mobile_place=rng.choice(OUTFLOW_PLACES), mobile_reason=reason,
                                is_lost_contact=rng.random() < 0.3)
        return region, {}

    def member(self, plan: OrgPlan, profile: Profile, probationary: bool) -> MemberRecord:
        rng = self.rng
        low, high = profile.ages
        age = rng.randint(low, min(high, 38) if probationary else high)
        sex = "男" if rng.random() < profile.male else "女"
        birth = add_years(self.today, -age) - timedelta(days=rng.randint(1, 364))
        joined, confirmed = self.party_dates(birth, probationary)
        region, mobile = self.movement(profile, age)
        lost = mobile.get("is_lost_contact", False)
        community = plan.community or rng.choice(sorted(COMMUNITIES))
        phone = "" if age >= 78 and rng.random() < 0.2 else self.mobile()
        notes = [note for note, wanted in (
            ("半年以上联系不上，已通过亲属和原单位查找", lost),
            ("无手机，联系其子女", not phone),
            ("兼职网格员", rng.random() < profile.grid_note)) if wanted]
        return MemberRecord(
            name=self.name(sex, age), id_number=self.id_number(region, birth, sex),
            category=(MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL).value,
            sex=sex, ethnicity=self.weighted(ETHNICITIES), birth_date=birth, education=self.weighted(profile.education),
            joined_on=joined, confirmed_on=confirmed, phone=phone, address=self.address(community),
            work_unit=rng.choice(profile.jobs).format(c=community, s=self.street),
            dual_report_community=f"{community}社区" if not plan.community and rng.random() < profile.dual_report else "",
            note="；".join(notes), joined_branch_on=min(max(joined, plan.founded), self.today), **mobile)

    def branch_members(self, plan: OrgPlan) -> list[MemberRecord]:
        profile = PROFILES[plan.profile]
        count = plan.probationary if plan.probationary is not None else round(plan.size * profile.probationary)
        probationary = set(self.rng.sample(range(plan.size), count))
        members = [self.member(plan, profile, i in probationary) for i in range(plan.size)]
        rare = dict(RARE_NAMES).get(plan.key)
        if rare:
            members[0] = replace(members[0], name=rare)
        for record in members:
            checked = check_member(record, self.today)
            if checked.issues:
                raise AssertionError(f"示范数据不合规（程序错误）：{record.name} {checked.issues}")
        return members

    def leaders(self, members: list[MemberRecord], count: int = 2) -> list[MemberRecord]:
        """书记 and 联系人: settled full members with a phone."""
        eligible = [m for m in members if m.category == MemberCategory.FULL and not m.is_mobile and m.phone]
        return self.rng.sample(eligible, min(count, len(eligible)))


def _plan_members(plan: OrgPlan, members: dict[str, list[MemberRecord]]) -> list[MemberRecord]:
    return [m for node in _walk((plan,)) if node.level is OrgLevel.BRANCH for m in members[node.key]]


class _Builder:
    """Creates the organisations through the organisation service and collects the member rows."""

    def __init__(self, session: Session, generator: _Generator, members: dict[str, list[MemberRecord]],
                 progress: Progress):
        self.session, self.generator, self.members, self.progress = session, generator, members, progress
        self.rows: list[dict] = []
        self.branches: list[DemoBranch] = []

    def create(self, parent_id: int, plan: OrgPlan) -> None:
        self.progress.check()
        leaders = self.generator.leaders(_plan_members(plan, self.members))
        secretary, contact = leaders[0], leaders[-1]
        phone = self.generator.landline() if plan.level is OrgLevel.COMMUNITY_COMMITTEE else contact.phone
        node = self._add(parent_id, OrgFields(plan.name.format(s=self.generator.street), plan.level, plan.kind,
                                              plan.founded, secretary.name, contact.name, phone))
        if plan.level is OrgLevel.BRANCH:
            self._add_members(node, plan, secretary)
        for child in plan.children:
            self.create(node, child)

    def _add(self, parent_id: int, fields: OrgFields) -> int:
        return add_organization(self.session, parent_id, fields).id

    def _add_members(self, branch_id: int, plan: OrgPlan, secretary: MemberRecord) -> None:
        members = self.members[plan.key]
        groups = []
        for index, group in enumerate(plan.groups):
            leader = self.generator.leaders(members[index::len(plan.groups)], 1)
            leader_name = leader[0].name if leader else ""
            groups.append((self._add(branch_id, OrgFields(
                group, OrgLevel.GROUP, founded_on=plan.founded, secretary=leader_name)), leader_name))
        placed = tuple(replace(record, branch_id=branch_id, group_id=groups[index % len(groups)][0] if groups else None)
                       for index, record in enumerate(members))
        self.rows.extend(member_values(record) for record in placed)
        self.branches.append(DemoBranch(plan.key, plan.profile, plan.community, branch_id, secretary.id_number,
                                        tuple(groups), placed))
        self.progress.report(len(self.rows), sum(p.size for p in BRANCHES), "正在建立示范组织…")


def is_empty(db: Database) -> bool:
    """No members, enterprises or officers and at most the street's 党工委: the demo may be loaded."""
    with db.reading() as session:
        if any(session.scalar(select(func.count()).select_from(model))
               for model in (Member, Enterprise, GuidanceOfficer)):
            return False
        parents = session.scalars(select(Organization.parent_id).limit(2)).all()
    return len(parents) == 0 or parents == [None]


def load_demo(db: Database, progress: Progress = NO_PROGRESS, today: date | None = None,
              enterprise_scale: EnterpriseScale = DEMO_SCALE) -> Stats:
    """Fill an empty data file with the demo street; an existing 党工委 is kept (with its name) as the top.
    `enterprise_scale` sizes the census and its visits and demands (the benchmark asks for a big street)."""
    today = today or date.today()
    if not is_empty(db):
        raise RuleViolation(NOT_EMPTY_MESSAGE)
    root = get_root(db)
    street = root.name.removesuffix("党工委") if root else ""
    generator = _Generator(today, street if street not in ("", "街道") else DEFAULT_ROOT_NAME.removesuffix("党工委"))
    members = {}
    for done, plan in enumerate(BRANCHES):
        progress.check()
        progress.report(done, len(BRANCHES), "正在生成示范党员…")
        members[plan.key] = generator.branch_members(plan)
    # One transaction: 取消 or a failure leaves the file as it was. One audit entry, not one per demo row.
    with audit.rows_summarised(db), db.transaction() as session:
        audit.record(session, audit.AuditAction.DEMO, generator.street)
        root_id = root.id if root else add_root(session, DEFAULT_ROOT_NAME).id
        builder = _Builder(session, generator, members, progress)
        for plan in TREE:
            builder.create(root_id, plan)
        progress.check()
        progress.report(0, 1, "正在写入党员…")
        session.execute(insert(Member), builder.rows)
        ids = dict(session.execute(select(Member.id_number, Member.id)).all())
        branches = [replace(branch, members=tuple(m.with_changes(id=ids[m.id_number]) for m in branch.members))
                    for branch in builder.branches]
        write_demo_meetings(session, branches, today, progress)
        write_demo_enterprises(session, branches, generator, generator.street, COMMUNITIES, today, progress,
                               enterprise_scale)
    return stats(db)
