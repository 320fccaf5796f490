"""The roster as a file: Excel export read back by the importer, and the printed 花名册 (PDF text)."""

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from dangjian_desktop.domain.masking import mask_id_number, mask_phone
from dangjian_desktop.services.database import open_database
from dangjian_desktop.services.member_import import RowStatus, commit_member_import, preview_member_import
from dangjian_desktop.services.members import list_members, save_member
from dangjian_desktop.services.rosters import export_roster_xlsx, roster_title, write_roster_pdf

# Compared after the round trip: everything a roster carries (not ids, 党小组 — the new tree has none — or
# 进入支部时间, which is not a roster column).
COMPARED = ("name", "id_number", "sex", "ethnicity", "birth_date", "education", "category", "branch_name",
            "joined_on", "confirmed_on", "status", "work_unit", "phone", "address", "is_mobile", "mobile_direction",
            "mobile_place", "mobile_reason", "is_lost_contact", "dual_report_community", "note")


@pytest.fixture
def stored(db, street, make_member):
    members = [
        make_member(street.branch1, 13, name="张三", group_id=street.group1, note="党小组长"),  # ID ends in X
        make_member(street.branch1, 2, name="李四", birth=date(1955, 12, 31), ethnicity="回族", education="高中",
                    work_unit="退休", address="幸福里3号楼", phone="0531-88886666"),
        make_member(street.branch2, 3, name="王堃", category="预备党员", joined_on=date(2024, 11, 1),
                    confirmed_on=None, is_mobile=True, mobile_direction="流出", mobile_place="上海市浦东新区",
                    mobile_reason="务工"),
        make_member(street.retired, 4, name="赵六", is_lost_contact=True, dual_report_community="幸福里社区",
                    status="停止党籍"),
    ]
    return [save_member(db, m) for m in members]


def comparable(record):
    return tuple(getattr(record, name) for name in COMPARED)


def test_export_then_import_into_a_fresh_database_gives_the_same_members(db, stored, tmp_path):
    assert {m.category for m in stored} == {"正式党员", "预备党员"}
    assert any(m.id_number.endswith("X") for m in stored)
    path = tmp_path / "花名册.xlsx"
    assert export_roster_xlsx(db, path, masked=False) == 4
    fresh = open_database(tmp_path / "fresh.db")
    try:
        preview = preview_member_import(fresh, path)
        assert preview.unknown_headers == []
        assert preview.count(RowStatus.REJECTED) == 4  # the branches are not in the new tree yet
        assert {name for name, _count in preview.unknown_branches} == {
            "幸福里社区第一党支部", "幸福里社区第二党支部", "退休党员党支部"}
        result = commit_member_import(fresh, preview, create_branches=True)
        assert (result.created, result.skipped) == (4, 0)
        imported = sorted(map(comparable, list_members(fresh)))
    finally:
        fresh.close()
    assert imported == sorted(map(comparable, stored))


def test_export_of_one_branch(db, street, stored, tmp_path):
    path = tmp_path / "一支部.xlsx"
    assert export_roster_xlsx(db, path, org_id=street.branch1, masked=False) == 2
    text = sheet_text(path)
    assert "张三" in text and "李四" in text and "王堃" not in text
    assert "幸福里社区第一党支部" in text


def sheet_text(path):
    book = openpyxl.load_workbook(path)
    return " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
                    if c is not None)


def test_masked_export_hides_the_numbers_and_keeps_ids_as_text(db, stored, tmp_path):
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    export_roster_xlsx(db, masked, masked=True)
    export_roster_xlsx(db, full, masked=False)
    masked_text, full_text = sheet_text(masked), sheet_text(full)
    for member in stored:
        assert mask_id_number(member.id_number) in masked_text
        assert member.id_number not in masked_text
        assert member.id_number in full_text
        assert mask_phone(member.phone) in masked_text
    id_cells = [c for sheet in openpyxl.load_workbook(full) for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value in {m.id_number for m in stored}]
    assert len(id_cells) == 4 and all(c.data_type == "s" for c in id_cells)
    number_cells = [c for sheet in openpyxl.load_workbook(full) for row in sheet.iter_rows() for c in row
                    if isinstance(c.value, (int, float)) and c.value > 10 ** 10]
    assert number_cells == []  # no ID or phone stored as a number (Excel would drop digits)


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_roster_pdf_holds_the_title_and_masked_numbers(db, stored, tmp_path):
    path = tmp_path / "花名册.pdf"
    pages = write_roster_pdf(db, path)
    assert pages >= 1 and len(PdfReader(path).pages) == pages
    text = pdf_text(path)
    assert roster_title(db, None) == "测试街道党工委"
    assert "测试街道党工委" in text
    for member in stored:
        assert member.name in text
        assert mask_id_number(member.id_number) in text
        assert member.id_number not in text


def test_roster_pdf_with_full_numbers(db, stored, tmp_path):
    path = tmp_path / "完整.pdf"
    write_roster_pdf(db, path, masked=False)
    text = pdf_text(path)
    for member in stored:
        assert member.id_number in text


def test_roster_pdf_of_one_branch_is_headed_with_its_name(db, street, stored, tmp_path):
    path = tmp_path / "二支部.pdf"
    write_roster_pdf(db, path, org_id=street.branch2)
    text = pdf_text(path)
    assert roster_title(db, street.branch2) == "幸福里社区第二党支部"
    assert "幸福里社区第二党支部" in text
    assert "王堃" in text and "张三" not in text


def test_roster_title_without_a_tree(db):
    assert roster_title(db, None) == "全部党组织"

