"""The audit log in words: the Chinese name of every logged column, and an entry's details as one readable line.

The triggers log data changes under the tables' column names (db/audit_schema.py); this module turns
{"name": ["张三", "李四"], "phone": ["138****5678", "139****0000"]} into
"姓名：张三 → 李四；联系电话：138****5678 → 139****0000". The names come from the forms and sheets that already
name these columns — the roster, the census, the meeting and visit ledgers — with the rest written here; a column
nobody names shows as it is. Explicit entries (logins, exports…) already use Chinese keys; in every entry a pair
[old, new] is a change.
"""

import json
from functools import cache

from ..db.audit_schema import TABLE_LABELS
from ..domain.enterprises import ENTERPRISE_LABELS
from ..domain.roster import BOOLEAN_KEYS, FIELD_LABELS

DATA_ACTIONS = ("新增", "修改", "删除")   # what the triggers write
EMPTY = "（空）"
ARROW = " → "
SEPARATOR = "；"

# Columns many tables share (links to other records, bookkeeping), unless the table names them otherwise.
_COMMON = {
    "id": "编号", "name": "名称", "note": "备注", "status": "状态", "phone": "联系电话", "sort_order": "排列顺序",
    "created_at": "创建时间", "started_on": "开始日期", "ended_on": "结束日期", "file_name": "文件名",
    "caption": "说明", "data": "图片", "at": "时间", "action": "操作", "user": "操作人", "post": "职务",
    "member_id": "党员编号", "branch_id": "党支部编号", "group_id": "党小组编号", "org_id": "党组织编号",
    "parent_id": "上级组织编号", "meeting_id": "会议编号", "officer_id": "党建指导员编号", "enterprise_id": "企业编号",
    "visit_id": "走访编号", "demand_id": "诉求编号", "theme_id": "街道主题编号", "key": "设置项", "value": "设置值",
}
# Columns stored as 0/1.
_YES_NO = BOOLEAN_KEYS | {"legal_rep_is_member", "party_work", "active", "voting"}

_WRITTEN_HERE = {
    "organization": {"level": "层级", "kind": "党组织类型", "founded_on": "成立日期", "secretary": "书记",
                     "contact_person": "联系人"},
    "member": {"joined_branch_on": "转入本支部日期"},
    "meeting": {"sequence": "第几次", "planned_at": "计划时间", "leave_count": "请假人数", "absent_count": "缺席人数",
                "voting_expected": "有表决权的应到人数", "voting_present": "有表决权的实到人数"},
    "meeting_attendance": {"name": "姓名", "status": "出席情况", "reason": "原因", "voting": "有表决权"},
    "guidance_officer": {"name": "姓名", "unit": "单位", "active": "在任"},
    "street_theme": {"month": "月份", "theme": "主题", "outline": "内容提要", "planned_on": "计划日期"},
    "demand": {"source": "来源", "content": "诉求内容", "category": "类别", "raised_by": "提出人",
               "raised_on": "提出日期", "responsible_unit": "责任单位", "responsible_person": "责任人",
               "deadline": "办理期限", "outcome": "办理结果", "closed_on": "办结日期"},
    "meeting_event": {"note": "说明"},
    "demand_event": {"note": "说明"},
}


@cache
def _labels() -> dict[str, dict[str, str]]:
    """Table label (党员, 企业 …) → column → Chinese name. Built on first use: the ledger sheets' modules are
    imported only when the audit log is read."""
    from ..importexport.meeting_sheet import COLUMN_LABELS as MEETING_LABELS
    from ..importexport.visit_sheet import COLUMN_LABELS as VISIT_LABELS

    from_sheets = {"member": FIELD_LABELS, "enterprise": ENTERPRISE_LABELS, "meeting": MEETING_LABELS,
                   "visit": VISIT_LABELS}
    return {label: from_sheets.get(table, {}) | _WRITTEN_HERE.get(table, {}) for table, label in TABLE_LABELS.items()}


def field_label(table: str, column: str) -> str:
    """The Chinese name of a column of the table called `table` (its label: 党员, 企业 …)."""
    return _labels().get(table, {}).get(column) or _COMMON.get(column, column)


def _value(value: object, yes_no: bool = False) -> str:
    if value.__class__ is str:   # most values: checked first, a 100,000-entry log is read at once
        return value or EMPTY
    if value is None:
        return EMPTY
    if isinstance(value, bool) or (yes_no and value in (0, 1)):
        return "是" if value else "否"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _part(name: str, value: object, yes_no: bool) -> str:
    if value.__class__ is not list:
        return f"{name}：{_value(value, yes_no)}"
    if len(value) == 2:
        return f"{name}：{_value(value[0], yes_no)}{ARROW}{_value(value[1], yes_no)}"
    return f"{name}：{'、'.join(_value(item, yes_no) for item in value)}"


def readable_details(action: str, target: str, details: str, separator: str = SEPARATOR) -> str:
    """The details of an entry as "名称：值；…" — for a 修改 each field as "旧值 → 新值"; text that is not JSON
    as it is. `separator` "\n" puts each field on its own line."""
    try:
        values = json.loads(details) if details else {}
    except ValueError:
        return details
    if not isinstance(values, dict):
        return _value(values)
    if action not in DATA_ACTIONS:
        return separator.join(_part(key, value, False) for key, value in values.items())
    table = target.split(" ", 1)[0]
    return separator.join(_part(field_label(table, column), value, column in _YES_NO)
                          for column, value in values.items())
