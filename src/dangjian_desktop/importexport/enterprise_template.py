"""The blank templates for the census of enterprises and for visit ledgers: one example row each (skipped on
import) and a 填写说明 sheet explaining every column."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path

from ..domain.credit_code import credit_check_char
from ..domain.enterprises import Industry
from ..domain.visits import VisitWay
from .enterprise_sheet import CENSUS_COLUMNS, COUNT_KEYS
from .enterprise_sheet import REQUIRED_KEYS as CENSUS_REQUIRED
from .header import ColumnSpec
from .member_sheet import EXAMPLE_ROW_NOTE
from .visit_sheet import REQUIRED_KEYS as VISIT_REQUIRED
from .visit_sheet import VISIT_COLUMNS
from .xlsx_common import (
    DATE_FORMAT, TEXT_FORMAT, atomic_save, setup_print, write_guide_sheet, write_template_sheet,
)

CENSUS_SHEET = "企业名单"
VISIT_SHEET = "走访记录"
GUIDE_SHEET = "填写说明"
VALIDATION_ROWS = 5000

_EXAMPLE_CODE_17 = "91110105MA01ABCD1"
EXAMPLE_CREDIT_CODE = _EXAMPLE_CODE_17 + credit_check_char(_EXAMPLE_CODE_17)
_YES_NO = "填“是”或“否”（也可填 √/×、有/无），空白按“否”处理。"
_COUNT = "只填整数，如 35（写成“35人”也可以）；不清楚的留空。"

CENSUS_EXAMPLE: dict[str, object] = {
    "name": "××速运有限公司幸福里营业部", "credit_code": EXAMPLE_CREDIT_CODE, "industry": "快递", "brand": "××快递",
    "address": "××区××路88号", "community": "幸福里社区", "legal_rep": "张三", "legal_rep_is_member": "否",
    "employees": 36, "employees_under_35": 28, "party_members": 2, "party_org_name": "无", "party_work": "是",
    "officer_name": "王指导", "phone": "13800138000", "outlets": 3, "note": EXAMPLE_ROW_NOTE,
}
CENSUS_NOTES: dict[str, str] = {
    "name": "企业（网点、站点）全称。同一企业只填一行；已登记的企业默认跳过，也可在导入时选择用本行更新。",
    "credit_code": "18位统一社会信用代码（不含 I、O、Z、S、V），导入时核对第18位校验码。"
                   "本列已设为“文本”格式，请勿改成数字格式。",
    "industry": "、".join(Industry) + "。也可写 快递物流、餐饮外卖、即时配送 等常见叫法。",
    "brand": "品牌或所属平台，如 顺丰、美团、滴滴。",
    "address": "经营地址。",
    "community": "所在社区。",
    "legal_rep": "法定代表人（或负责人）姓名。",
    "legal_rep_is_member": _YES_NO,
    "employees": "从业人员总数。" + _COUNT,
    "employees_under_35": "其中35岁以下的人数，不能多于从业人员数。" + _COUNT,
    "party_members": "企业中的党员人数，不能多于从业人员数。" + _COUNT,
    "party_org_name": "企业自己的党组织（或所在的联合党支部）全称，须与系统组织树中的名称一致；"
                      "没有党组织的写“无”或留空。",
    "party_work": "未建党组织但开展了党的工作（如派驻党建指导员、开展党建活动）的填“是”。" + _YES_NO,
    "officer_name": "包联该企业的党建指导员姓名。系统中还没有的指导员，导入时可选择自动创建。"
                    "包联从导入当天开始；原由其他指导员包联的，从导入当天起更换。",
    "phone": "11位手机号，或带区号的座机号（如 010-12345678）。本列已设为“文本”格式。",
    "outlets": "站点、网点个数。" + _COUNT,
    "note": "其他需要说明的情况。",
}
CENSUS_GENERAL = (
    "1. 第1行是表头，请不要修改列名；不用的列可以删除，但列名前带 * 的列必须保留并填写。",
    f"2. 第2行灰色斜体的是示例行，备注为“{EXAMPLE_ROW_NOTE}”，导入时会自动跳过；也可以把它删除。",
    "3. 从第3行起每行填写一家企业，中间不要留空行。",
    ("4. 企业名称或统一社会信用代码已登记的，视为同一企业，默认跳过；选择“用本行更新”时只改写表中有的列，"
     "本行空白的格子保留原有内容。"),
    "5. 党组织须先在“组织与党员”中建立；“组织覆盖”“工作覆盖”由系统按党组织和是否开展党的工作自动得出，不用填写。",
    "6. 导入前系统会逐行检查并显示结果（正常 / 已修正 / 警告 / 拒绝 / 冲突），确认后才会保存。",
)

VISIT_EXAMPLE: dict[str, object] = {
    "officer_name": "王指导", "enterprise_name": "××速运有限公司幸福里营业部", "visited_on": date(2025, 3, 12),
    "way": "实地", "met_person": "站长 李四", "business_situation": "业务量平稳，快递员36人。",
    "party_work_situation": "有党员2名，已纳入新业态联合党支部管理。",
    "findings": "了解快递员权益保障和休息场所情况，宣传暖新驿站。",
    "problems": "快递员进小区难；电动车充电桩不足", "follow_up": "协调社区物业，两周内回复。", "note": EXAMPLE_ROW_NOTE,
}
VISIT_NOTES: dict[str, str] = {
    "officer_name": "走访的党建指导员姓名，须已在“企业与走访→党建指导员”中登记。",
    "enterprise_name": "被走访企业的全称，须已在企业名单（一企一档）中登记。",
    "visited_on": "走访的日期，如 2025-03-12、2025.3.12、2025年3月12日。不能晚于今天。",
    "way": "、".join(VisitWay) + "。空白按“实地”处理。",
    "met_person": "企业方接待人员，如 站长 李四。",
    "business_situation": "企业经营情况。",
    "party_work_situation": "企业党建工作情况。",
    "findings": "走访情况记录。走访情况、经营情况、党建工作情况三项至少填一项。",
    "problems": "走访中发现的问题或企业、员工的诉求。几个问题用分号“；”隔开（或在单元格内换行），"
                "每个问题都会登记为诉求台账中的一件诉求，办理期限按设置（默认30天）。没有问题的留空或写“无”。",
    "follow_up": "下步打算、整改措施。",
    "note": "其他说明，导入后附在走访情况之后。",
}
VISIT_GENERAL = (
    "1. 第1行是表头，请不要修改列名；不用的列可以删除，但列名前带 * 的列必须保留并填写。",
    f"2. 第2行灰色斜体的是示例行，备注为“{EXAMPLE_ROW_NOTE}”，导入时会自动跳过；也可以把它删除。",
    "3. 从第3行起每行填写一次走访，中间不要留空行。",
    "4. 同一位指导员同一天走访同一家企业的，视为同一次走访；已登记过的默认跳过，不会重复导入。",
    "5. 导入前系统会逐行检查并显示结果（正常 / 已修正 / 警告 / 拒绝 / 冲突），确认后才会保存。",
)


def write_enterprise_template(path: str | Path) -> None:
    """Write the blank census template (.xlsx). Raises ExportFailed (Chinese message) on failure."""
    formats: dict[str, str | None] = {key: None for key in COUNT_KEYS}  # counts typed as numbers
    lists = {"industry": list(Industry), "legal_rep_is_member": ["是", "否"], "party_work": ["是", "否"]}
    atomic_save(path, lambda temp: _write(temp, CENSUS_SHEET, CENSUS_COLUMNS, CENSUS_REQUIRED, CENSUS_EXAMPLE,
                                          formats, lists, "新业态企业名单导入模板 填写说明", CENSUS_GENERAL,
                                          CENSUS_NOTES))


def write_visit_template(path: str | Path) -> None:
    """Write the blank visit-ledger template (.xlsx). Raises ExportFailed (Chinese message) on failure."""
    atomic_save(path, lambda temp: _write(temp, VISIT_SHEET, VISIT_COLUMNS, VISIT_REQUIRED, VISIT_EXAMPLE,
                                          {"visited_on": DATE_FORMAT}, {"way": list(VisitWay)},
                                          "走访记录导入模板 填写说明", VISIT_GENERAL, VISIT_NOTES))


def _write(temp: Path, title: str, columns: Sequence[ColumnSpec], required: Collection[str],
           example: Mapping[str, object], formats: Mapping[str, str | None], lists: Mapping[str, list[str]],
           guide_title: str, general: Sequence[str], notes: Mapping[str, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = title
    write_template_sheet(ws, columns, required, example, lambda key: formats.get(key, TEXT_FORMAT),
                         Alignment(wrap_text=True, vertical="top"))
    setup_print(ws, "1:1")  # printed, both sheets fit the page width
    for index, column in enumerate(columns, 1):
        if column.key not in lists:
            continue
        values = lists[column.key]
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                              errorStyle="warning", showErrorMessage=True, errorTitle=column.label,
                              error=f"{column.label}应为：" + "、".join(values))
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
        ws.add_data_validation(rule)
    write_guide_sheet(book, GUIDE_SHEET, guide_title, 18, general, columns, required, notes)
    setup_print(book[GUIDE_SHEET], "1:1")
    book.save(temp)
