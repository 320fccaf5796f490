"""The Excel ledger of meetings: title, frozen bold header with filters, one typed row per meeting, atomic save."""

from datetime import date, datetime

import openpyxl
import pytest

from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.importexport.meeting_xlsx import LEDGER_COLUMNS, LedgerRow, write_meeting_ledger
from dangjian_desktop.importexport.xlsx_common import ExportFailed

HEADERS = ["序号", "所在党支部", "党小组", "会议类型", "第几次", "日期", "开始时间", "结束时间", "地点", "主持人", "记录人",
           "主题", "应到", "实到", "请假", "缺席", "是否达到法定人数", "状态"]


def _row(**fields) -> LedgerRow:
    values = dict(branch="幸福里社区第一党支部", group="", type="支部党员大会", sequence=1, held_on=date(2025, 3, 12),
                  start_time="14:30", end_time="16:00", location="党群服务中心", host="张三", recorder="李四",
                  topic="学习全会精神", expected=12, present=10, leave=1, absent=1, has_quorum=True, status="定稿")
    values.update(fields)
    return LedgerRow(**values)


ROWS = [
    _row(),
    _row(type="支部党员大会", sequence=2, held_on=date(2025, 6, 3), present=4, leave=5, absent=3, has_quorum=False,
         status="草稿"),
    _row(group="第一党小组", type="党小组会", sequence=1, held_on=date(2025, 4, 15), expected=5, present=5, leave=0,
         absent=0, has_quorum=None, topic="讨论\x07社区志愿服务 <计划> & 分工", start_time="", end_time=""),
]


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "台账.xlsx"
    write_meeting_ledger(path, ROWS, title="幸福里街道党工委三会一课台账（2025-01-01 至 2025-12-31）")
    book = openpyxl.load_workbook(path)
    yield book.active
    book.close()


def test_title_header_frozen_and_filtered(sheet):
    assert sheet.title == "三会一课台账"
    assert sheet["A1"].value == "幸福里街道党工委三会一课台账（2025-01-01 至 2025-12-31）"
    assert "A1:R1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == HEADERS == [name for name, _ in LEDGER_COLUMNS]
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:R5"
    assert sheet.column_dimensions["L"].width == 40
    assert sheet.print_title_rows == "$2:$2"


def test_one_typed_row_per_meeting(sheet):
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 3
    first = rows[0]
    assert first[:5] == [1, "幸福里社区第一党支部", None, "支部党员大会", 1]
    assert first[5] == datetime(2025, 3, 12) and sheet["F3"].number_format == "yyyy-mm-dd"
    assert first[6:12] == ["14:30", "16:00", "党群服务中心", "张三", "李四", "学习全会精神"]
    assert first[12:] == [12, 10, 1, 1, "是", "定稿"]
    assert rows[1][0] == 2 and rows[1][16:] == ["否", "草稿"]
    assert sheet["Q4"].font.bold and sheet["Q4"].font.color.rgb.endswith("C00000")   # no quorum stands out
    group = rows[2]
    assert group[2:4] == ["第一党小组", "党小组会"]
    assert group[11] == "讨论社区志愿服务 <计划> & 分工"           # control character dropped, the rest kept
    assert group[16] is None                                       # quorum only for a 支部党员大会


def test_empty_ledger_still_has_its_header(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_meeting_ledger(path, [], title="空台账")
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book.active[2]] == HEADERS and book.active.max_row == 2
    book.close()


def test_cancel_and_failure_leave_no_file(tmp_path):
    path = tmp_path / "x.xlsx"
    with pytest.raises(Cancelled):
        write_meeting_ledger(path, ROWS, title="t", progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportFailed, match="不存在"):
        write_meeting_ledger(tmp_path / "missing" / "x.xlsx", ROWS, title="t")


def test_an_existing_file_is_replaced_whole(tmp_path):
    path = tmp_path / "x.xlsx"
    write_meeting_ledger(path, ROWS, title="旧")
    write_meeting_ledger(path, ROWS[:1], title="新")
    book = openpyxl.load_workbook(path)
    assert book.active["A1"].value == "新" and book.active.max_row == 3
    book.close()
    assert [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]
