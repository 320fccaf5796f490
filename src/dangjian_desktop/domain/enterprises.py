"""新业态企业 (一企一档): the census record, its industries and the 两个覆盖 it derives."""

from dataclasses import dataclass, replace
from enum import StrEnum

from .contact import normalize_phone
from .credit_code import check_credit_code
from .member import FieldIssue, Severity


class Industry(StrEnum):
    EXPRESS = "快递"
    FOOD_DELIVERY = "外卖"
    RIDE_HAILING = "网约车"
    FREIGHT = "货运物流"
    LIVE_COMMERCE = "直播电商"
    CITY_DELIVERY = "同城配送"
    OTHER_PLATFORM = "其他互联网平台"


# What census sheets write instead of our names (after blanks are removed).
INDUSTRY_ALIASES: dict[str, Industry] = {
    "快递物流": Industry.EXPRESS, "快递业": Industry.EXPRESS, "邮政快递": Industry.EXPRESS,
    "外卖配送": Industry.FOOD_DELIVERY, "外卖平台": Industry.FOOD_DELIVERY, "餐饮外卖": Industry.FOOD_DELIVERY,
    "网约车平台": Industry.RIDE_HAILING, "出行": Industry.RIDE_HAILING, "网络预约出租汽车": Industry.RIDE_HAILING,
    "货运": Industry.FREIGHT, "物流": Industry.FREIGHT, "网络货运": Industry.FREIGHT, "货运平台": Industry.FREIGHT,
    "电商直播": Industry.LIVE_COMMERCE, "直播": Industry.LIVE_COMMERCE, "电子商务": Industry.LIVE_COMMERCE,
    "电商": Industry.LIVE_COMMERCE, "即时配送": Industry.CITY_DELIVERY, "跑腿": Industry.CITY_DELIVERY,
    "同城跑腿": Industry.CITY_DELIVERY, "其他": Industry.OTHER_PLATFORM, "互联网平台": Industry.OTHER_PLATFORM,
}


def industry_of(text: str) -> tuple[Industry, bool]:
    """(industry, rewritten?) for what a user wrote; ValueError (Chinese) when it names none."""
    name = "".join(text.split())
    if name in Industry.__members__.values():
        return Industry(name), False
    if name in INDUSTRY_ALIASES:
        return INDUSTRY_ALIASES[name], True
    choices = "、".join(Industry)
    raise ValueError(f"行业“{text}”不是可选的行业，请填写：{choices}")


@dataclass(frozen=True)
class EnterpriseRecord:
    """One enterprise of the census. Counts are None when unknown (not the same as 0)."""

    name: str
    credit_code: str = ""
    industry: str = Industry.EXPRESS.value
    brand: str = ""                        # 品牌/平台: 顺丰, 美团, 滴滴 …
    address: str = ""
    community: str = ""                    # 所属社区
    legal_rep: str = ""                    # 法定代表人
    legal_rep_is_member: bool = False      # 法定代表人是否党员
    employees: int | None = None           # 从业人员数
    employees_under_35: int | None = None  # 其中35岁以下
    party_members: int | None = None       # 党员数
    party_org_id: int | None = None        # its own 党组织 (a node of the tree), or none
    party_org_name: str = ""               # the node's name, for display and for import matching
    party_work: bool = False               # 是否开展党的工作 (without an organisation of its own)
    outlets: int | None = None             # 站点/网点数
    phone: str = ""
    note: str = ""

    @property
    def org_covered(self) -> bool:
        """组织覆盖: the enterprise has a party organisation."""
        return self.party_org_id is not None

    @property
    def work_covered(self) -> bool:
        """工作覆盖: it has a party organisation, or party work is carried out without one."""
        return self.org_covered or self.party_work

    def with_changes(self, **changes: object) -> "EnterpriseRecord":
        return replace(self, **changes)


ENTERPRISE_LABELS = {
    "name": "企业名称", "credit_code": "统一社会信用代码", "industry": "行业", "brand": "品牌/平台",
    "address": "地址", "community": "所属社区", "legal_rep": "法定代表人", "legal_rep_is_member": "法定代表人是否党员",
    "employees": "从业人员数", "employees_under_35": "35岁以下人数", "party_members": "党员数",
    "party_org_id": "党组织", "party_org_name": "党组织", "party_work": "是否开展党的工作", "outlets": "站点数",
    "phone": "联系电话", "note": "备注",
}


def check_enterprise(record: EnterpriseRecord) -> tuple[EnterpriseRecord, list[FieldIssue]]:
    """Normalise what can be normalised and say what is wrong, field by field, in plain Chinese."""
    issues: list[FieldIssue] = []
    name = " ".join(record.name.split())
    if not name:
        issues.append(FieldIssue("name", "企业名称不能为空", Severity.ERROR))
    code = record.credit_code
    if code.strip():
        code, error = check_credit_code(code)
        if error:
            issues.append(FieldIssue("credit_code", error, Severity.ERROR))
    else:
        code = ""
        issues.append(FieldIssue("credit_code", "未填写统一社会信用代码，请向企业核实后补上", Severity.WARNING))
    try:
        industry, _ = industry_of(record.industry)
    except ValueError as exc:
        industry = record.industry
        issues.append(FieldIssue("industry", str(exc), Severity.ERROR))
    for key in ("employees", "employees_under_35", "party_members", "outlets"):
        value = getattr(record, key)
        if value is not None and value < 0:
            issues.append(FieldIssue(key, f"{ENTERPRISE_LABELS[key]}不能是负数", Severity.ERROR))
    issues.extend(_count_issues(record))
    phone, error = normalize_phone(record.phone)
    if error:
        issues.append(FieldIssue("phone", error, Severity.ERROR))
    return record.with_changes(name=name, credit_code=code, industry=str(industry), phone=phone), issues


def _count_issues(record: EnterpriseRecord) -> list[FieldIssue]:
    issues = []
    total = record.employees
    if total is None:
        return issues
    for key in ("employees_under_35", "party_members"):
        value = getattr(record, key)
        if value is not None and value > total >= 0:
            issues.append(FieldIssue(key, f"{ENTERPRISE_LABELS[key]}（{value}）不能多于从业人员数（{total}）",
                                     Severity.ERROR))
    return issues
