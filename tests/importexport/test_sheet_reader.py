"""sheet_reader: every kind of file users bring, and every way it can be unusable — never a library traceback."""

import shutil
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_desktop.importexport.sheet_reader import UnusableFile, read_sheet, read_sheets

from .builders import write_csv, write_ods, write_xls, write_xlsx

ROWS = [["姓名", "公民身份号码", "入党时间"], ["张三", "110105194912310021", date(1975, 7, 1)]]


def test_xlsx_rows_are_numbered_from_a1_even_with_blank_rows_above(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [[None], [None], ["标题"], [], ["姓名", 1.5, date(2020, 1, 2)]])
    sheet = read_sheet(path)
    assert sheet.rows[2][0] == "标题"
    assert sheet.rows[4] == ["姓名", 1.5, date(2020, 1, 2)]


def test_numbers_arrive_as_floats_so_an_id_typed_as_number_is_visible_as_such(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["身份证号", "电话"], [110105194912310021, 13812345678]])
    row = read_sheet(path).rows[1]
    assert isinstance(row[0], float) and row[1] == 13812345678.0


def test_first_non_empty_visible_sheet_is_used(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "空表"
    hidden = book.create_sheet("隐藏")
    hidden["A1"] = "下拉列表数据"
    hidden.sheet_state = "hidden"
    book.create_sheet("花名册")["B2"] = "姓名"
    book.save(tmp_path / "a.xlsx")
    sheet = read_sheet(tmp_path / "a.xlsx")
    assert sheet.name == "花名册" and sheet.rows[1][1] == "姓名"
    assert [s.name for s in read_sheets(tmp_path / "a.xlsx")] == ["花名册", "隐藏"]


def test_xls_written_by_xlwt(tmp_path):
    sheet = read_sheet(write_xls(tmp_path / "a.xls", ROWS))
    assert sheet.rows[1][:2] == ["张三", "110105194912310021"]
    assert sheet.rows[1][2] == date(1975, 7, 1)


def test_type_is_decided_by_content_not_extension(tmp_path):
    xlsx = write_xlsx(tmp_path / "a.xlsx", ROWS)
    shutil.copy(xlsx, tmp_path / "really_xlsx.xls")
    shutil.copy(write_xls(tmp_path / "b.xls", ROWS), tmp_path / "really_xls.xlsx")
    assert read_sheet(tmp_path / "really_xlsx.xls").rows[1][0] == "张三"
    assert read_sheet(tmp_path / "really_xls.xlsx").rows[1][0] == "张三"


def test_ods(tmp_path):
    sheet = read_sheet(write_ods(tmp_path / "a.ods", [["姓名", "公民身份号码"], ["李四", "11010519491231002X"]]))
    assert sheet.rows[1] == ["李四", "11010519491231002X"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    rows = [["姓名", "公民身份号码", "现居住地"], ["王𠈌" if encoding in ("utf-8", "gb18030", "utf-8-sig") else "王堃",
                                              "110105194912310021", "北京市东城区"]]
    sheet = read_sheet(write_csv(tmp_path / "a.csv", rows, encoding))
    assert sheet.rows[0] == rows[0]
    assert sheet.rows[1] == rows[1]


def test_csv_tab_separated_utf16_as_excel_unicode_text(tmp_path):
    path = write_csv(tmp_path / "a.txt", [["姓名", "公民身份号码"], ["张三", "1101"]], "utf-16", delimiter="\t")
    assert read_sheet(path).rows[1] == ["张三", "1101"]


def test_csv_quoted_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('姓名,工作单位及职务\r\n张三,"某公司,主任"\r\n', encoding="utf-8")
    assert read_sheet(path).rows[1] == ["张三", "某公司,主任"]


def unusable(path) -> str:
    with pytest.raises(UnusableFile) as info:
        read_sheet(path)
    assert info.value.message == str(info.value)
    return info.value.message


def test_missing_file(tmp_path):
    assert "找不到文件" in unusable(tmp_path / "不存在.xlsx")


def test_a_folder(tmp_path):
    (tmp_path / "目录.xlsx").mkdir()
    assert "文件夹" in unusable(tmp_path / "目录.xlsx")


def test_empty_file(tmp_path):
    (tmp_path / "空.xlsx").write_bytes(b"")
    assert "空文件" in unusable(tmp_path / "空.xlsx")


def test_workbook_without_data(tmp_path):
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "空表.xlsx")
    message = unusable(tmp_path / "空表.xlsx")
    assert "空表.xlsx" in message and "没有任何数据" in message


def test_blank_csv(tmp_path):
    (tmp_path / "a.csv").write_text(",,\r\n , \r\n", encoding="utf-8")
    assert "没有任何数据" in unusable(tmp_path / "a.csv")


def test_text_file_renamed_xlsx(tmp_path):
    (tmp_path / "名单.xlsx").write_text("姓名,身份证号\n张三,1101\n", encoding="utf-8")
    message = unusable(tmp_path / "名单.xlsx")
    assert "名单.xlsx" in message and "不是 Excel 文件" in message


def test_truncated_xlsx(tmp_path):
    data = write_xlsx(tmp_path / "a.xlsx", ROWS).read_bytes()
    (tmp_path / "半截.xlsx").write_bytes(data[: len(data) // 2])
    message = unusable(tmp_path / "半截.xlsx")
    assert "半截.xlsx" in message and "损坏" in message


def test_xlsx_with_a_damaged_sheet_part(tmp_path):
    source = write_xlsx(tmp_path / "a.xlsx", ROWS)
    damaged = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    assert "坏.xlsx" in unusable(damaged)


def test_html_saved_as_xls(tmp_path):
    (tmp_path / "导出.xls").write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>",
                                      encoding="utf-8")
    assert "网页" in unusable(tmp_path / "导出.xls")


def test_pdf(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"%PDF-1.4\n...")
    assert "PDF" in unusable(tmp_path / "a.xlsx")


def test_plain_zip_and_word_document(tmp_path):
    with zipfile.ZipFile(tmp_path / "包.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "压缩包" in unusable(tmp_path / "包.xlsx")
    with zipfile.ZipFile(tmp_path / "文档.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "Word" in unusable(tmp_path / "文档.xlsx")


def test_password_protected_workbook(tmp_path):
    # Excel saves an encrypted .xlsx as an OLE container holding EncryptionInfo and EncryptedPackage streams.
    fake = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(1024))
    fake[600:600 + 32] = "EncryptedPackage".encode("utf-16-le")
    (tmp_path / "加密.xlsx").write_bytes(bytes(fake))
    message = unusable(tmp_path / "加密.xlsx")
    assert "加密.xlsx" in message and "密码" in message


def test_damaged_ole_container(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert "a.xls" in unusable(tmp_path / "a.xls")


def test_binary_garbage_named_csv(tmp_path):
    (tmp_path / "a.csv").write_bytes(bytes(range(256)) * 4)
    assert "a.csv" in unusable(tmp_path / "a.csv")


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    # 6 MB of zeros deflate ~1000:1, over the 100:1 limit (tests/importexport/test_hostile_files.py has the rest)
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (6 * 1024 * 1024))
    assert "压缩炸弹" in unusable(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10_000), flips=st.lists(st.integers(0, 10_000), max_size=8),
       suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".ods"]))
def test_damaged_files_never_raise_anything_but_unusable_file(tmp_path_factory, cut, flips, suffix):
    base = tmp_path_factory.getbasetemp() / "fuzz_source.xlsx"
    if not base.exists():
        write_xlsx(base, ROWS)
    data = bytearray(base.read_bytes())
    for position in flips:
        data[position % len(data)] ^= 0x5A
    data = data[: max(len(data) - cut, 0)]
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(bytes(data))
    try:
        for sheet in read_sheets(path):
            assert isinstance(sheet.rows, list)
    except UnusableFile as exc:
        assert exc.message


def test_calamine_failure_inside_sheet_becomes_unusable_file(tmp_path, monkeypatch):
    import python_calamine

    class Broken:
        def __init__(self, *args, **kwargs):
            raise python_calamine.CalamineError("boom")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", Broken)
    message = unusable(write_xlsx(tmp_path / "a.xlsx", ROWS))
    assert "a.xlsx" in message and "boom" not in message



def test_vertical_merges_are_filled_down_but_row_wide_headings_are_not(tmp_path):
    rows = [["党员花名册", None, None], ["第一党支部", None, None], ["张三", "第一党支部", None],
            ["李四", None, None], ["王五", None, None]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, merges=("A1:C1", "A2:C2", "B3:B5"))
    sheet = read_sheet(path)
    assert [r[1] for r in sheet.rows[2:5]] == ["第一党支部"] * 3
    assert set(sheet.rows[0][1:]) <= {""} and set(sheet.rows[1][1:]) <= {""}
