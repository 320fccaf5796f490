"""roster_xlsx: the exported roster, the problem list, and that a roster reads back as it was written."""

import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_desktop.domain.member import MemberRecord, check_member
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.domain.roster import ROSTER_COLUMNS
from dangjian_desktop.importexport.member_sheet import RowStatus, read_member_sheet
from dangjian_desktop.importexport.roster_xlsx import (
    ExportFailed, roster_title, write_problem_list, write_roster_xlsx,
)

from .builders import make_id

TODAY = date(2025, 6, 30)


def members() -> list[MemberRecord]:
    raw = [
        MemberRecord("张三", make_id(date(1985, 3, 12), "001"), joined_on=date(2008, 7, 1),
                     confirmed_on=date(2009, 7, 1), branch_name="第一党支部", group_name="第一党小组",
                     ethnicity="汉族", education="大学本科", work_unit="某公司 职员", phone="13812345678",
                     address="北京市东城区某街道1号", dual_report_community="某社区", note="入党介绍人：李某"),
        MemberRecord("王𠈌", make_id(date(1990, 12, 1), "022"), category="预备党员", joined_on=date(2025, 1, 5),
                     phone="010-12345678", is_mobile=True, mobile_direction="流出", mobile_place="上海市浦东新区",
                     mobile_reason="务工", branch_name="流动党员党支部"),
        MemberRecord("李堃", next(make_id(date(1970, 1, 1), f"{n:03d}") for n in range(1000)
                                 if make_id(date(1970, 1, 1), f"{n:03d}").endswith("X")),
                     joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1), is_lost_contact=True,
                     status="停止党籍"),
    ]
    checked = [check_member(m, TODAY) for m in raw]
    assert all(not c.has_error for c in checked), [c.issues for c in checked]
    return [c.record for c in checked]


def comparable(record: MemberRecord) -> MemberRecord:
    """The fields a roster carries: ids and the date of joining the branch are not columns."""
    return replace(record, id=None, branch_id=None, group_id=None, joined_branch_on=None)


def test_round_trip(tmp_path):
    path = tmp_path / "花名册.xlsx"
    written = members()
    write_roster_xlsx(path, written, org_name="某某社区党委", as_of=TODAY, masked=False)
    sheet = read_member_sheet(path, today=TODAY)
    assert sheet.header_row == 2 and sheet.unknown_headers == []
    assert [r.status for r in sheet.rows] == [RowStatus.OK] * 3, [r.issues for r in sheet.rows]
    assert [r.record for r in sheet.rows] == [comparable(m) for m in written]
    assert [r.row_number for r in sheet.rows] == [3, 4, 5]


def test_layout_and_formats(tmp_path):
    import openpyxl

    path = tmp_path / "花名册.xlsx"
    write_roster_xlsx(path, members(), org_name="某某社区党委", as_of=date(2025, 1, 5), masked=False)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "某某社区党委党员花名册（截至2025年01月05日）" == roster_title("某某社区党委", date(2025, 1, 5))
    assert "A1:V1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == [c.label for c in ROSTER_COLUMNS]
    assert ws["A2"].font.b and ws["A2"].fill.fgColor.rgb.endswith("F2F2F2")
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:V5"
    assert ws.column_dimensions["E"].width == 22
    id_cell, phone_cell = ws["E3"], ws["N3"]
    assert id_cell.data_type == "s" and id_cell.number_format == "@"
    assert phone_cell.value == "13812345678" and phone_cell.number_format == "@"
    assert ws["J3"].is_date and ws["J3"].number_format == "yyyy-mm-dd"
    assert ws["J3"].value.date() == date(2008, 7, 1)
    assert [ws["P3"].value, ws["P4"].value, ws["T5"].value] == ["否", "是", "是"]
    assert ws["K4"].value is None  # a probationary member has no 转正时间
    assert ws.print_title_rows == "$2:$2"


def test_masked_export_contains_no_full_id_or_phone(tmp_path):
    path = tmp_path / "脱敏.xlsx"
    written = members()
    write_roster_xlsx(path, written, org_name="某某社区党委", as_of=TODAY, masked=True)
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    for member in written:
        assert member.id_number not in xml
        assert member.id_number[:6] + "********" + member.id_number[14:] in xml
        if member.phone:
            assert member.phone not in xml
    assert "138****5678" in xml


def test_cancel_leaves_no_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"old")
    many = members() * 400
    progress = Progress(is_cancelled=lambda: calls.append(1) or len(calls) > 1)
    calls: list[int] = []
    with pytest.raises(Cancelled):
        write_roster_xlsx(path, many, org_name="某", as_of=TODAY, masked=False, progress=progress)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.xlsx"]


def test_a_failure_midway_leaves_no_temp_file(tmp_path, monkeypatch):
    from dangjian_desktop.importexport import roster_xlsx

    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(roster_xlsx, "mask_id_number", boom)
    with pytest.raises(RuntimeError):
        write_roster_xlsx(tmp_path / "a.xlsx", members(), org_name="某", as_of=TODAY, masked=True)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_export_failed(tmp_path):
    with pytest.raises(ExportFailed, match="不存在"):
        write_roster_xlsx(tmp_path / "没有" / "a.xlsx", members(), org_name="某", as_of=TODAY, masked=False)


def test_target_that_cannot_be_replaced(tmp_path):
    (tmp_path / "a.xlsx").mkdir()  # as unwritable as a file held open by Excel on Windows
    with pytest.raises(ExportFailed):
        write_roster_xlsx(tmp_path / "a.xlsx", members(), org_name="某", as_of=TODAY, masked=False)
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_control_characters_pasted_into_text_do_not_break_the_export(tmp_path):
    record = replace(members()[0], note="第一行\x0b第二行\x07", work_unit="某\x1f公司")
    write_roster_xlsx(tmp_path / "a.xlsx", [record], org_name="某", as_of=TODAY, masked=False)
    back = read_member_sheet(tmp_path / "a.xlsx", today=TODAY).rows[0].record
    assert back.note == "第一行第二行" and back.work_unit == "某公司"


def test_empty_roster(tmp_path):
    write_roster_xlsx(tmp_path / "a.xlsx", [], org_name="某", as_of=TODAY, masked=False)
    assert read_member_sheet(tmp_path / "a.xlsx", today=TODAY).rows == []


def test_progress_reports_reach_the_total(tmp_path):
    reports = []
    write_roster_xlsx(tmp_path / "a.xlsx", members() * 200, org_name="某", as_of=TODAY, masked=False,
                      progress=Progress(on_report=lambda d, t, s: reports.append((d, t))))
    assert reports[0] == (0, 600) and (500, 600) in reports and reports[-1] == (600, 600)


def test_problem_list(tmp_path):
    import openpyxl

    problems = [(5, "公民身份号码", "错误", "与第4行身份证号重复"), (7, "联系电话", "已修正", "联系电话已整理为 13812345678"),
                (9, "出生日期", "警告", "出生日期与身份证号不一致\x0b")]
    write_problem_list(tmp_path / "问题清单.xlsx", problems)
    ws = openpyxl.load_workbook(tmp_path / "问题清单.xlsx").active
    assert [c.value for c in ws[1]] == ["行号", "列名", "类别", "说明"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["D"].width == 70
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        [5, "公民身份号码", "错误", "与第4行身份证号重复"], [7, "联系电话", "已修正", "联系电话已整理为 13812345678"],
        [9, "出生日期", "警告", "出生日期与身份证号不一致"]]
    assert ws["C2"].font.color.rgb.endswith("C00000")


def test_importing_the_modules_does_not_load_openpyxl_or_calamine():
    code = ("import sys, dangjian_desktop.importexport.roster_xlsx, dangjian_desktop.importexport.member_sheet;"
            "print(sorted(m for m in ('openpyxl', 'python_calamine') if m in sys.modules))")
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(src)})
    assert out.stdout.strip() == "[]"


CJK = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文堃喆赟䶮𠈌"
free_text = st.text(alphabet=CJK + "（）：，、。·-/ ABCxyz0123456789\n", min_size=0, max_size=12).map(str.strip)


@st.composite
def roster_members(draw):
    from dangjian_desktop.domain.enums import PartyStatus

    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2000, 12, 31)))
    probationary = draw(st.booleans())
    if probationary:
        joined, confirmed = draw(st.dates(min_value=date(2024, 7, 1), max_value=TODAY)), None
    else:
        joined = draw(st.dates(min_value=date(birth.year + 19, 1, 1), max_value=date(2021, 12, 31)))
        confirmed = joined + timedelta(days=draw(st.integers(366, 900)))
    direction = draw(st.sampled_from(["", "流出", "流入"]))
    raw = MemberRecord(
        name=draw(st.text(alphabet=CJK, min_size=2, max_size=4)),
        id_number=make_id(birth, f"{draw(st.integers(0, 999)):03d}"),
        category="预备党员" if probationary else "正式党员",
        joined_on=joined, confirmed_on=confirmed,
        status=draw(st.sampled_from(list(PartyStatus))),
        phone=draw(st.sampled_from(["", "13812345678", "19900001111", "010-12345678", "0755-1234567"])),
        is_mobile=draw(st.booleans()) or bool(direction), mobile_direction=direction,
        is_lost_contact=draw(st.booleans()),
        **{key: draw(free_text) for key in ("branch_name", "group_name", "ethnicity", "education", "work_unit",
                                            "address", "mobile_place", "mobile_reason", "dual_report_community",
                                            "note")},
    )
    checked = check_member(raw, TODAY)
    assert not checked.has_error, checked.issues
    return checked.record


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written=st.lists(roster_members(), min_size=1, max_size=4, unique_by=lambda m: m.id_number))
def test_any_roster_reads_back_as_written(tmp_path_factory, written):
    path = tmp_path_factory.mktemp("rt") / "花名册.xlsx"
    write_roster_xlsx(path, written, org_name="某某社区党委", as_of=TODAY, masked=False)
    sheet = read_member_sheet(path, today=TODAY)
    assert [r.record for r in sheet.rows] == written
    assert all(r.status in (RowStatus.OK, RowStatus.WARNING) for r in sheet.rows)


def test_export_failed_reads_well_wherever_it_is_caught(tmp_path):
    with pytest.raises(OSError) as info:
        write_problem_list(tmp_path / "没有" / "问题.xlsx", [])
    assert isinstance(info.value, ExportFailed)
    assert str(info.value) == info.value.message == info.value.strerror
    assert info.value.filename.endswith("问题.xlsx")
