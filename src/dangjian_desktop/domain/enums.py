"""Fixed vocabularies. Identifiers are English (glossary), values are the Chinese terms users see."""

from enum import StrEnum


class OrgLevel(StrEnum):
    """A node's place in the tree, from the street's 党工委 down to a 党小组."""

    WORK_COMMITTEE = "街道党工委"
    COMMUNITY_COMMITTEE = "社区党委"
    INDUSTRY_COMMITTEE = "行业党委"
    NEW_ORG_COMMITTEE = "两新组织党委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    GROUP = "党小组"


# Which levels may sit directly under which. The street is the only root.
ALLOWED_CHILDREN: dict[OrgLevel, tuple[OrgLevel, ...]] = {
    OrgLevel.WORK_COMMITTEE: (
        OrgLevel.COMMUNITY_COMMITTEE,
        OrgLevel.INDUSTRY_COMMITTEE,
        OrgLevel.NEW_ORG_COMMITTEE,
        OrgLevel.GENERAL_BRANCH,
        OrgLevel.BRANCH,
    ),
    OrgLevel.COMMUNITY_COMMITTEE: (OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH),
    OrgLevel.INDUSTRY_COMMITTEE: (OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH),
    OrgLevel.NEW_ORG_COMMITTEE: (OrgLevel.GENERAL_BRANCH, OrgLevel.BRANCH),
    OrgLevel.GENERAL_BRANCH: (OrgLevel.BRANCH,),
    OrgLevel.BRANCH: (OrgLevel.GROUP,),
    OrgLevel.GROUP: (),
}


class BranchKind(StrEnum):
    """How a 党支部 was formed."""

    STANDALONE = "单独组建"
    JOINT = "联合党支部"
    MOBILE = "流动党支部"
    FUNCTIONAL = "功能型党支部"
    NEW_ECONOMY = "新业态工作党支部"


class MemberCategory(StrEnum):
    FULL = "正式党员"
    PROBATIONARY = "预备党员"


class PartyStatus(StrEnum):
    NORMAL = "正常"
    SUSPENDED = "停止党籍"
    LEFT = "出党"
    DECEASED = "去世"


class MobileDirection(StrEnum):
    OUTFLOW = "流出"
    INFLOW = "流入"


class Sex(StrEnum):
    MALE = "男"
    FEMALE = "女"


EDUCATION_LEVELS = (
    "研究生", "大学本科", "大学专科", "中等专科", "高中", "初中", "小学及以下",
)
