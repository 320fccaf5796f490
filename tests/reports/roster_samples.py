"""Sample members for the report tests (and for measuring): valid ID numbers, rare-character names, long unit
names. A plain module, not conftest.py: tests/conftest.py exists too, and `import conftest` would be ambiguous."""

import random
from datetime import date

from dangjian_desktop.domain.idcard import check_digit
from dangjian_desktop.domain.member import MemberRecord

RARE_NAMES = ("李䶮", "王𠈌", "张堃", "陈喆", "刘赟")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌晓东海燕"
_ETHNICITIES = ("汉族", "汉族", "汉族", "回族", "满族", "蒙古族", "维吾尔族", "土家族")
_EDUCATION = ("大学本科", "大学专科", "研究生", "高中", "中等专科", "硕士研究生", "初中")
_BRANCHES = (
    "幸福里社区第一党支部",
    "顺丰速运（北京）有限公司朝阳分部新业态工作党支部",
    "美团外卖骑手联合党支部",
    "退休党员党支部",
)
_UNITS = (
    "幸福里社区居委会 主任",
    "北京市朝阳区某某街道办事处城市管理办公室（综合行政执法协调科） 副主任科员",
    "美团外卖 骑手",
    "退休",
    "京东物流华北区域分拣中心（亦庄） 站点负责人兼党建联络员",
    "",
)


def make_id_number(birth: date, serial: int, region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def make_member(name: str, serial: int, *, birth: date = date(1985, 3, 12), phone: str = "13812345678",
                **fields) -> MemberRecord:
    sex = "男" if serial % 2 else "女"
    joined = fields.pop("joined_on", date(birth.year + 22, 7, 1))
    return MemberRecord(
        name=name, id_number=make_id_number(birth, serial), sex=sex, birth_date=birth, phone=phone,
        ethnicity=fields.pop("ethnicity", "汉族"), education=fields.pop("education", "大学本科"),
        branch_name=fields.pop("branch_name", _BRANCHES[0]), work_unit=fields.pop("work_unit", _UNITS[0]),
        joined_on=joined, confirmed_on=fields.pop("confirmed_on", date(joined.year + 1, 7, 1)), **fields,
    )


def sample_members(count: int, seed: int = 7) -> list[MemberRecord]:
    """count members, the rare names first, with a mix of long branch and unit names."""
    rng = random.Random(seed)
    members = []
    for i in range(count):
        name = RARE_NAMES[i] if i < len(RARE_NAMES) else rng.choice(_SURNAMES) + "".join(
            rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        birth = date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
        members.append(make_member(
            name, i + 1, birth=birth, phone=f"13{rng.randint(0, 999999999):09d}",
            ethnicity=rng.choice(_ETHNICITIES), education=rng.choice(_EDUCATION),
            branch_name=_BRANCHES[i % len(_BRANCHES)], work_unit=_UNITS[i % len(_UNITS)],
            joined_on=date(min(birth.year + rng.randint(18, 35), 2023), rng.randint(1, 12), 1),
            note="流动党员（流出至上海）" if i % 17 == 3 else "",
        ))
    return members

