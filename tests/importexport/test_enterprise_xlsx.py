"""The census, visit and demand ledgers as Excel files: columns, cell types, highlights, all-or-nothing saving."""

from datetime import date, datetime

import openpyxl
import pytest

from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.importexport.enterprise_xlsx import (
    CENSUS_COLUMNS, CensusRow, DemandLedgerRow, VisitLedgerRow, write_census_xlsx, write_demand_ledger,
    write_visit_ledger,
)
from dangjian_desktop.importexport.xlsx_common import ExportFailed

# What the census import reads (issue 4), in its order
IMPORT_COLUMNS = ["企业名称", "统一社会信用代码", "行业", "品牌/平台", "地址", "所属社区", "法定代表人", "法定代表人是否党员",
                  "从业人员数", "35岁以下人数", "党员数", "党组织", "是否开展党的工作", "党建指导员", "联系电话"]
SF = EnterpriseRecord("顺丰速运幸福里营业部", "91440300708461136T", "快递", "顺丰", "幸福里路88号", "幸福里社区", "刘赟", True,
                      46, 31, 3, 5, "幸福里社区第一党支部", False, 2, "13812345678", "普查录入")
DD = EnterpriseRecord("滴滴出行城东服务站", "", "网约车", phone="01088886666")


def sheet_rows(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_census_has_the_import_columns_first_then_the_derived_ones(tmp_path):
    path = tmp_path / "企业名录.xlsx"
    write_census_xlsx(path, [CensusRow(SF, "王敏", date(2026, 11, 5)), CensusRow(DD)], title="幸福里街道新业态企业名录")
    sheet, rows = sheet_rows(path)
    assert sheet.title == "企业名录" and rows[0][0] == "幸福里街道新业态企业名录"
    header = rows[1]
    assert header[:15] == IMPORT_COLUMNS
    assert header[15:] == ["站点数", "备注", "组织覆盖", "工作覆盖", "最近走访"]
    assert rows[2] == ["顺丰速运幸福里营业部", "91440300708461136T", "快递", "顺丰", "幸福里路88号", "幸福里社区", "刘赟", "是",
                       46, 31, 3, "幸福里社区第一党支部", "否", "王敏", "13812345678", 2, "普查录入", "是", "是",
                       datetime(2026, 11, 5)]
    # unknown counts stay empty (not 0); 工作覆盖 needs an organisation or party work
    assert rows[3] == ["滴滴出行城东服务站", None, "网约车", None, None, None, None, "否", None, None, None, None, "否",
                       None, "01088886666", None, None, "否", "否", None]
    assert sheet["B3"].number_format == "@" and sheet["O3"].number_format == "@"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:T4" and sheet.print_title_rows == "$2:$2"
    assert len(CENSUS_COLUMNS) == len(header)


def test_census_masks_phones_only_when_asked(tmp_path):
    path = tmp_path / "masked.xlsx"
    write_census_xlsx(path, [CensusRow(SF)], title="名录", masked=True)
    assert sheet_rows(path)[1][2][14] == "138****5678"


def test_visit_ledger_joins_the_problems_raised(tmp_path):
    path = tmp_path / "走访台账.xlsx"
    write_visit_ledger(path, [
        VisitLedgerRow("王敏", "顺丰速运幸福里营业部", date(2026, 11, 5), "实地", "站长刘赟", "业务增长。", "按时开展主题党日。",
                       "了解情况。", ("骑手午休无固定休息场所", "快递车辆进小区难"), "设立休息点。"),
        VisitLedgerRow("李强", "美团外卖幸福里站", date(2026, 11, 20), "线上")], title="走访台账")
    sheet, rows = sheet_rows(path)
    assert rows[1] == ["党建指导员", "企业名称", "走访日期", "走访方式", "接待人", "经营情况", "党建工作情况", "走访情况",
                       "发现问题", "下步打算"]
    assert rows[2] == ["王敏", "顺丰速运幸福里营业部", datetime(2026, 11, 5), "实地", "站长刘赟", "业务增长。",
                       "按时开展主题党日。", "了解情况。", "骑手午休无固定休息场所；快递车辆进小区难", "设立休息点。"]
    assert rows[3] == ["李强", "美团外卖幸福里站", datetime(2026, 11, 20), "线上", None, None, None, None, None, None]
    assert sheet["C3"].number_format == "yyyy-mm-dd" and sheet["I3"].alignment.wrap_text


def test_demand_ledger_highlights_overdue_rows(tmp_path):
    path = tmp_path / "诉求台账.xlsx"
    write_demand_ledger(path, [
        DemandLedgerRow("走访", "顺丰速运幸福里营业部", "希望开展技能培训", "技能培训", "站长刘赟", date(2026, 10, 8), "街道人社所",
                        "张三", date(2026, 11, 7), "已受理", overdue=True),
        DemandLedgerRow("党员反映", "", "网约车司机停车难", "停车通行", "党员张三", date(2026, 11, 18), "城管科", "赵六",
                        date(2026, 12, 18), "已办结", "已划定临时停车区", date(2026, 11, 28))], title="诉求台账")
    sheet, rows = sheet_rows(path)
    assert rows[1] == ["序号", "来源", "企业", "诉求内容", "类别", "提出人", "提出日期", "责任单位", "责任人", "办理期限", "状态",
                       "办理结果", "办结日期", "是否超期"]
    assert rows[2][:3] == [1, "走访", "顺丰速运幸福里营业部"] and rows[2][-1] == "是"
    assert rows[3] == [2, "党员反映", None, "网约车司机停车难", "停车通行", "党员张三", datetime(2026, 11, 18), "城管科", "赵六",
                       datetime(2026, 12, 18), "已办结", "已划定临时停车区", datetime(2026, 11, 28), "否"]
    assert all(cell.fill.fgColor.rgb.endswith("FBE4E5") for cell in sheet[3])
    assert sheet["N3"].font.bold and sheet["N3"].font.color.rgb.endswith("C00000")
    assert sheet["A4"].fill.fill_type is None and not sheet["N4"].font.bold


def test_an_empty_ledger_still_has_its_title_and_header(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_demand_ledger(path, [], title="诉求台账")
    _sheet, rows = sheet_rows(path)
    assert len(rows) == 2 and rows[1][0] == "序号"


def test_cancelling_or_a_missing_folder_leaves_no_file(tmp_path):
    rows = [CensusRow(SF)] * 500
    with pytest.raises(Cancelled):
        write_census_xlsx(tmp_path / "x.xlsx", rows, title="名录", progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportFailed, match="不存在"):
        write_visit_ledger(tmp_path / "nowhere" / "x.xlsx", [], title="走访台账")
