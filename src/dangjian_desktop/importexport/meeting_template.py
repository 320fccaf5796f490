"""The blank template for importing past meetings: one example row (skipped on import) and a sheet of notes."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from ..domain.meetings import MeetingType
from .meeting_sheet import MEETING_COLUMNS, REQUIRED_KEYS
from .member_sheet import EXAMPLE_ROW_NOTE
from .xlsx_common import DATE_FORMAT, TEXT_FORMAT, atomic_save, write_guide_sheet, write_template_sheet

DATA_SHEET = "会议记录"
GUIDE_SHEET = "填写说明"
VALIDATION_ROWS = 5000
# 应到/实到人数 are computed from the names; a ledger that has them is checked against them, the template asks none
TEMPLATE_COLUMNS = tuple(c for c in MEETING_COLUMNS if c.key not in ("expected_count", "present_count"))
_FORMATS = {"held_on": DATE_FORMAT, "start_time": "hh:mm", "end_time": "hh:mm"}

EXAMPLE_VALUES: dict[str, object] = {
    "branch_name": "××社区第一党支部", "type": "支部党员大会", "held_on": date(2024, 3, 5),
    "start_time": time(14, 30), "end_time": time(16, 0), "location": "社区党群服务中心会议室", "host": "张三",
    "recorder": "李四", "topic": "学习贯彻全国两会精神", "content": "1. 书记传达全国两会精神；\n2. 党员交流学习体会。",
    "resolution": "同意王五同志按期转正。", "vote_result": "应到表决 8 人，实到 7 人，同意 7 票。",
    "present": "张三、李四、王五、周八、吴九、郑十、冯十一", "leave": "赵六（出差）", "absent": "孙七（生病）",
    "observers": "入党积极分子陈某", "guidance_staff": "街道党工委组织委员", "note": EXAMPLE_ROW_NOTE,
}

_NAMES = "人名之间用顿号“、”或逗号、分号、空格隔开。"
COLUMN_NOTES: dict[str, str] = {
    "branch_name": "党支部全称，须与系统组织树中的名称一致。党小组会也填所属党支部。",
    "group_name": "仅党小组会填写，写该支部下的党小组名称（必填）；其他会议不填。",
    "type": "、".join(MeetingType) + "。也可写 支委会、党员大会、主题党日活动 等常见叫法。",
    "held_on": "会议召开的日期，如 2024-03-05、2024.3.5、2024年3月5日。不能晚于今天。",
    "start_time": "如 14:30、14：30、下午2:30。",
    "end_time": "如 16:00。须晚于开始时间。",
    "location": "会议地点。",
    "host": "主持人姓名。",
    "recorder": "记录人姓名。",
    "lecturer": "党课必填：讲课人姓名。",
    "topic": "会议主题或议题。",
    "content": "会议内容、发言要点。单元格内换行用 Alt+Enter。",
    "resolution": "会议形成的决议。",
    "vote_result": "表决情况（如有）。",
    "present": "出席的党员姓名，须是该支部在会议当天的党员。" + _NAMES + "全体出席可写“全体党员”。",
    "leave": "请假的党员，原因写在姓名后的括号里：赵六（出差）、钱七(病假)。" + _NAMES,
    "absent": "缺席的党员，写法同请假人员。没写到的应到党员按“缺席（未登记）”处理。",
    "observers": "列席人员（如入党积极分子、上级领导），照原样保存。",
    "guidance_staff": "到会指导的人员，照原样保存。",
    "note": "其他说明，导入后附在会议内容之后。",
}

GENERAL_NOTES = (
    "1. 第1行是表头，请不要修改列名；不用的列可以删除，但列名前带 * 的列必须保留并填写。",
    f"2. 第2行灰色斜体的是示例行，备注为“{EXAMPLE_ROW_NOTE}”，导入时会自动跳过；也可以把它删除。",
    "3. 从第3行起每行填写一次会议，中间不要留空行。",
    "4. 出席、请假、缺席人员按会议当天该支部（党小组会为该党小组）的党员名单核对：名单中没有的姓名、"
    "同一人写了两次、支部里有同名党员无法区分的，该行不能导入。",
    "5. 同一组织同一天已有同类会议记录的，视为重复，默认跳过，不会重复导入。",
    "6. 导入的会议记录都是草稿，“第几次”按日期顺序自动编排；请逐条核对后定稿。",
    "7. 导入前系统会逐行检查并显示结果（正常 / 已修正 / 警告 / 拒绝 / 冲突），确认后才会保存。",
)


def write_meeting_template(path: str | Path) -> None:
    """Write the blank meeting template (.xlsx). Raises ExportFailed (Chinese message) on failure."""
    atomic_save(path, _write_template)


def _write_template(temp: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    write_template_sheet(ws, TEMPLATE_COLUMNS, REQUIRED_KEYS, EXAMPLE_VALUES,
                         lambda key: _FORMATS.get(key, TEXT_FORMAT), Alignment(wrap_text=True, vertical="top"))
    letter = get_column_letter(next(i for i, c in enumerate(TEMPLATE_COLUMNS, 1) if c.key == "type"))
    rule = DataValidation(type="list", formula1='"' + ",".join(MeetingType) + '"', allow_blank=True,
                          errorStyle="warning", showErrorMessage=True, errorTitle="会议类型",
                          error="会议类型应为：" + "、".join(MeetingType))
    rule.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(rule)
    write_guide_sheet(book, GUIDE_SHEET, "会议记录导入模板 填写说明", 16, GENERAL_NOTES, TEMPLATE_COLUMNS,
                      REQUIRED_KEYS, COLUMN_NOTES)
    book.save(temp)
