"""The blank roster template users fill in, with one example row and a sheet explaining every column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain.enums import EDUCATION_LEVELS, MemberCategory, MobileDirection, PartyStatus, Sex
from ..domain.idcard import check_digit
from ..domain.roster import BOOLEAN_KEYS, DATE_KEYS, ROSTER_COLUMNS
from .member_sheet import EXAMPLE_ROW_NOTE
from .xlsx_common import DATE_FORMAT, TEXT_FORMAT, atomic_save, write_guide_sheet, write_template_sheet

DATA_SHEET = "党员信息"
GUIDE_SHEET = "填写说明"
MARKED_REQUIRED = frozenset({"name", "id_number", "category", "joined_on"})  # a row without them is rejected
VALIDATION_ROWS = 5000

_EXAMPLE_ID_17 = "11010519850312001"
EXAMPLE_ID = _EXAMPLE_ID_17 + check_digit(_EXAMPLE_ID_17)
EXAMPLE_VALUES: dict[str, object] = {
    "name": "张三", "sex": "男", "ethnicity": "汉族", "birth_date": date(1985, 3, 12), "id_number": EXAMPLE_ID,
    "education": "大学本科", "category": "正式党员", "branch_name": "××社区第一党支部", "group_name": "第一党小组",
    "joined_on": date(2008, 7, 1), "confirmed_on": date(2009, 7, 1), "status": "正常",
    "work_unit": "××公司 职员", "phone": "13800138000", "address": "××区××街道××小区1号楼",
    "is_mobile": "否", "is_lost_contact": "否", "dual_report_community": "××社区", "note": EXAMPLE_ROW_NOTE,
}

_YES_NO = "填“是”或“否”（也可填 √/×、Y/N），空白按“否”处理。"
COLUMN_NOTES: dict[str, str] = {
    "name": "党员姓名，不要加空格。生僻字请直接输入。",
    "sex": "男 或 女。可不填：导入时按身份证号自动得出；填了而与身份证号不符时以身份证号为准。",
    "ethnicity": "如 汉族、回族。",
    "birth_date": "可不填：导入时按身份证号自动得出。",
    "id_number": "18位公民身份号码，末位可以是 X。本列已设为“文本”格式，请勿改成数字格式，"
                 "否则 Excel 会把后几位变成 0。15位旧号码会自动升级为18位。",
    "education": "研究生、大学本科、大学专科、中等专科、高中、初中、小学及以下。",
    "category": "正式党员 或 预备党员。",
    "branch_name": "所在党支部的全称，须与系统中党组织名称一致。",
    "group_name": "没有党小组可不填。",
    "joined_on": "入党时间（接收为预备党员的支部大会日期）。",
    "confirmed_on": "转正时间。正式党员必填，预备党员不填；须在入党时间满1年之后。",
    "status": "正常、停止党籍、出党、去世。不填按“正常”处理。",
    "work_unit": "如 ××公司 职员。",
    "phone": "11位手机号，或带区号的座机号（如 010-12345678）。本列已设为“文本”格式。",
    "address": "现居住地址。",
    "is_mobile": _YES_NO + "填了“流动方向”的，视为流动党员。",
    "mobile_direction": "流出 或 流入（流动党员填写）。",
    "mobile_place": "流出到或流入自哪里（流动党员填写）。",
    "mobile_reason": "如 务工、经商、上学（流动党员填写）。",
    "is_lost_contact": _YES_NO + "失去联系超过6个月的填“是”。",
    "dual_report_community": "到居住地社区报到的社区名称。",
    "note": "其他需要说明的情况。",
}

GENERAL_NOTES = (
    "1. 第1行是表头，请不要修改列名；不用的列可以删除，但“姓名”“公民身份号码”两列必须保留。列名前带 * 的必须填写。",
    f"2. 第2行灰色斜体的是示例行，备注为“{EXAMPLE_ROW_NOTE}”，导入时会自动跳过；也可以把它删除。",
    "3. 从第3行起每行填写一名党员，中间不要留空行，不要合并单元格。",
    "4. 身份证号、联系电话两列已设为“文本”格式。从别的表格复制时请用“选择性粘贴→数值”，"
    "避免身份证号被改成 1.10105E+17 这样的数字（后几位已经丢失，无法导入）。",
    "5. 日期可以写成 1985-03-12、1985.03.12、1985/3/12、1985年3月12日、19850312，或使用 Excel 的日期格式；"
    "只写到月份（如 2008.07、2008年7月）的按当月1日处理。",
    "6. 性别和出生日期以身份证号为准，可以不填。",
    "7. 表格下方的“填表人”“审核人”等签名行不会被导入。",
    "8. 导入前系统会逐行检查并显示结果（正常 / 已修正 / 警告 / 不能导入），确认后才会保存。",
)


def write_member_template(path: str | Path) -> None:
    """Write the blank roster template (.xlsx). Raises ExportFailed (Chinese message) on failure."""
    atomic_save(path, _write_template)


def _write_template(temp: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    write_template_sheet(ws, ROSTER_COLUMNS, MARKED_REQUIRED, EXAMPLE_VALUES, _format_of)
    _add_validations(ws, DataValidation)
    write_guide_sheet(book, GUIDE_SHEET, "党员花名册导入模板 填写说明", 18, GENERAL_NOTES, ROSTER_COLUMNS,
                      MARKED_REQUIRED, COLUMN_NOTES)
    book.save(temp)


def _format_of(key: str) -> str | None:
    if key in ("id_number", "phone"):
        return TEXT_FORMAT
    if key in DATE_KEYS:
        return DATE_FORMAT
    return None


def _add_validations(ws, DataValidation) -> None:  # noqa: N803 - the openpyxl class, imported lazily
    from openpyxl.utils import get_column_letter

    lists = {
        "sex": (list(Sex), "stop"),
        "category": (list(MemberCategory), "stop"),
        "status": (list(PartyStatus), "stop"),
        "mobile_direction": (list(MobileDirection), "stop"),
        "education": (list(EDUCATION_LEVELS), "warning"),
    } | {key: (["是", "否"], "stop") for key in BOOLEAN_KEYS}
    for index, column in enumerate(ROSTER_COLUMNS, 1):
        if column.key not in lists:
            continue
        values, style = lists[column.key]
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                              errorStyle=style, showErrorMessage=True,
                              errorTitle=column.label, error=f"{column.label}应为：" + "、".join(values))
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
        ws.add_data_validation(rule)
