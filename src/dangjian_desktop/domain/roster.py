"""The standard roster columns (DESIGN §4): one list used by import, export, print and the table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RosterColumn:
    key: str                      # MemberRecord attribute
    label: str                    # header as printed and exported
    aliases: tuple[str, ...] = ()  # other headers real rosters use
    width: int = 12               # Excel column width in characters


ROSTER_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "姓名", ("党员姓名",), 10),
    RosterColumn("sex", "性别", (), 6),
    RosterColumn("ethnicity", "民族", (), 8),
    RosterColumn("birth_date", "出生日期", ("出生年月", "出生年月日", "生日"), 12),
    RosterColumn("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证", "证件号码"), 22),
    RosterColumn("education", "学历", ("文化程度", "最高学历"), 10),
    RosterColumn("category", "人员类别", ("党员类别", "类别", "党员身份"), 10),
    RosterColumn("branch_name", "所在党支部", ("党支部", "所在支部", "支部名称", "所属支部", "所属党支部"), 24),
    RosterColumn("group_name", "党小组", ("所在党小组",), 12),
    RosterColumn("joined_on", "入党时间", ("入党日期", "入党年月"), 12),
    RosterColumn("confirmed_on", "转正时间", ("转正日期", "转正年月"), 12),
    RosterColumn("status", "党籍状态", (), 10),
    RosterColumn("work_unit", "工作单位及职务", ("工作单位", "单位及职务", "工作单位及职务（职称）"), 26),
    RosterColumn("phone", "联系电话", ("手机号码", "手机号", "手机", "电话", "联系方式"), 14),
    RosterColumn("address", "现居住地", ("家庭住址", "居住地址", "现住址", "住址"), 26),
    RosterColumn("is_mobile", "是否流动党员", ("流动党员",), 8),
    RosterColumn("mobile_direction", "流动方向", ("流出/流入",), 8),
    RosterColumn("mobile_place", "流出/流入地", ("流出地", "流入地", "流动去向"), 16),
    RosterColumn("mobile_reason", "外出原因", ("流动原因",), 12),
    RosterColumn("is_lost_contact", "是否失联", ("失联",), 8),
    RosterColumn("dual_report_community", "双报到社区", ("双报到",), 14),
    RosterColumn("note", "备注", (), 16),
)

COLUMN_BY_KEY = {c.key: c for c in ROSTER_COLUMNS}
FIELD_LABELS = {c.key: c.label for c in ROSTER_COLUMNS} | {"age": "年龄", "party_age": "党龄"}
BOOLEAN_KEYS = frozenset({"is_mobile", "is_lost_contact"})
DATE_KEYS = frozenset({"birth_date", "joined_on", "confirmed_on"})
