"""Hostile import files (issue 5, item 8): every one is built here, refused before parsing with a Chinese message
that names the file and says what to do, and never lets a library exception out of read_sheets."""

import io
import os
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, table

from dangjian_desktop.importexport import zip_guard
from dangjian_desktop.importexport.sheet_reader import UnusableFile, read_sheets
from dangjian_desktop.services.enterprise_import import preview_enterprise_import
from dangjian_desktop.services.meeting_import import preview_meeting_import
from dangjian_desktop.services.member_import import UnusableImportFile, preview_member_import
from dangjian_desktop.services.visit_import import preview_visit_import

from .builders import write_ods, write_xls, write_xlsx

MB = 1024 * 1024
ROWS = [["姓名", "公民身份号码"], ["张三", "110105194912310021"]]
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
          + "]>")
SHARED_STRINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + LAUGHS
                  + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                    'uniqueCount="1"><si><t>&lol9;</t></si></sst>')


# --- building zips by hand: forged directories, encrypted flags, one deflate body behind many entries ----------

@dataclass(frozen=True)
class Raw:
    name: str
    body: bytes                 # what follows the local header
    size: int                   # the inflated size the directory claims
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    compressed: int | None = None  # the compressed size the directory claims (default: len(body))


def build_zip(entries: list[Raw]) -> bytes:
    out, central = bytearray(), bytearray()
    for e in entries:
        name, offset = e.name.encode(), len(out)
        compressed = len(e.body) if e.compressed is None else e.compressed
        fields = (e.flags | 0x800, e.method, 0, 0x21, e.crc, compressed, e.size, len(name))
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields, 0) + name + e.body
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@cache
def zeros_entry(size: int) -> tuple[bytes, int, int]:
    """(raw deflate body, size, CRC) of `size` zero bytes — 51 MB of zeros deflate to ~230 KB in ~0.07 s."""
    return deflated(bytes(size)), size, zlib.crc32(bytes(size))


@cache
def believable_entry(blocks: int) -> tuple[bytes, int, int]:
    """(raw deflate body, size, CRC) of `blocks` MB that inflate ~35:1, like real sheet XML at its most repetitive.
    A 1 MB block repeated: deflate cannot look back further than 32 KB, so each repeat costs the same."""
    data = (b"<a>" + b"".join(bytes(99) + bytes([r]) for r in os.urandom(MB // 100))[3:] + bytes(MB % 100)) * blocks
    return deflated(data), len(data), zlib.crc32(data)


def raw(name: str, data: bytes, **changes) -> Raw:
    return Raw(name, deflated(data), len(data), zlib.crc32(data), **changes)


@cache
def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, ROWS)
    return buffer.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The package with some entries replaced or added (as Python's zipfile writes them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for item in src.infolist():
            if item.filename not in replace:
                dst.writestr(item.filename, src.read(item))
        for name, content in replace.items():
            dst.writestr(name, content)
    return out.getvalue()


def xlsx_entries() -> list[Raw]:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as archive:
        return [raw(i.filename, archive.read(i)) for i in archive.infolist()]


def with_dtd(entry: str, content: str | bytes | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as archive:
        original = archive.read(entry).decode("utf-8") if entry in archive.namelist() else ""
    if content is None:
        head, _, rest = original.partition("?>") if original.startswith("<?xml") else ("", "", original)
        content = f"{head}?>{LAUGHS}{rest}" if head else LAUGHS + rest
    return rewrite(xlsx_bytes(), {entry: content})


def ole_container(streams: tuple[str, ...]) -> bytes:
    """A minimal valid compound file (CFB v3): header, one FAT sector, one directory sector with the root storage
    and empty streams — how Excel and WPS wrap an .xlsx saved with an open password (EncryptionInfo and
    EncryptedPackage), whatever the file is named."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<5H6x7L", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 0x1000, end, 0)
              + struct.pack("<2L", end, 0) + struct.pack("<109L", 0, *[free] * 108))
    fat = struct.pack("<128L", fat_sector, end, *[free] * 126)

    def entry(name: str, kind: int, right: int, child: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<H2B3L", len(encoded), kind, 1, no_stream, right, child)
                + bytes(16 + 4 + 16) + struct.pack("<LQ", end, 0))

    names = ("Root Entry", *streams)
    entries = [entry("Root Entry", 5, no_stream, 1 if streams else no_stream)]
    entries += [entry(n, 2, i + 2 if i + 2 < len(names) else no_stream, no_stream) for i, n in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\0")
    assert len(header) == 512 and len(fat) == 512
    return header + fat + directory


# --- the hostile files ------------------------------------------------------------------------------------------

def with_entries(*extra: Raw) -> bytes:
    return build_zip([*xlsx_entries(), *extra])


def many_entries(count: int = 10_001) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(count - 1):
            archive.writestr(f"xl/x/{i}.xml", b"")
    return out.getvalue()


def forged_small_size() -> bytes:
    body, _size, crc = zeros_entry(60 * MB)  # 60 MB of zeros that the directory says are 1,000 bytes
    return with_entries(Raw("xl/worksheets/sheet2.xml", body, 1000, crc))


def forged_compressed_size() -> bytes:
    entries = xlsx_entries()
    sheet = next(e for e in entries if e.name == "xl/worksheets/sheet1.xml")
    padded = Raw(sheet.name, sheet.body + b"\0" * 64, sheet.size, sheet.crc)
    return build_zip([padded if e is sheet else e for e in entries])


def patched(at: int, new: bytes) -> bytes:
    data = bytearray(xlsx_bytes())
    data[at:at + len(new)] = new
    return bytes(data)


def changed(entry: str, **changes) -> bytes:
    """The xlsx with one entry's directory record changed."""
    return build_zip([Raw(**{**e.__dict__, **changes}) if e.name == entry else e for e in xlsx_entries()])


def encrypted_entry(where: str) -> bytes:
    data = changed("xl/workbook.xml", flags=1)
    if where == "local":  # only the local header says so: clear the flag in the central directory again
        cut = data.index(b"PK\x01\x02")
        data = data[:cut] + data[cut:].replace(struct.pack("<2H", 0x801, 8), struct.pack("<2H", 0x800, 8))
    return data


def dtd_across_chunk_boundary() -> bytes:
    filler = os.urandom(MB // 2 - 4).hex()  # random hex inflates ~2:1, far from any ratio limit
    content = f"<!--{filler}-->{LAUGHS}<worksheet/>"
    assert content.index("<!DOCTYPE") < MB < content.index("<!DOCTYPE") + 9
    return rewrite(xlsx_bytes(), {"xl/worksheets/sheet1.xml": content})


def ods_with(entry: str, change) -> bytes:
    buffer = io.BytesIO()
    write_ods(buffer, ROWS)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        content = archive.read(entry).decode("utf-8")
    return rewrite(buffer.getvalue(), {entry: change(content)})


def ods_encrypted() -> bytes:
    # how WPS/LibreOffice save an .ods with a password: the manifest describes each part's encryption
    crypt = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
             '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
             "</manifest:encryption-data>")
    data = ods_with("META-INF/manifest.xml", lambda text: text.replace(
        'manifest:media-type="text/xml"/>', f'manifest:media-type="text/xml">{crypt}</manifest:file-entry>'))
    return rewrite(data, {"content.xml": os.urandom(600)}, method=zipfile.ZIP_STORED)


def xls_with_filepass() -> bytes:
    # a BIFF8 workbook whose globals start with FILEPASS, as Excel/WPS save an .xls with an open password
    with tempfile.TemporaryDirectory() as folder:  # xlwt saves to a path only
        data = bytearray(write_xls(Path(folder) / "a.xls", ROWS).read_bytes())
    bof = data.index(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    data[bof + 20:bof + 22] = b"\x2f\x00"
    return bytes(data)


TRUNCATED = {f"truncated_at_{label}": (lambda cut=cut: xlsx_bytes()[:cut(len(xlsx_bytes()))], "损坏或不完整")
             for label, cut in {"10": lambda n: 10, "100": lambda n: 100, "third": lambda n: n // 3,
                                "half": lambda n: n // 2, "end_record": lambda n: n - 22,
                                "last_byte": lambda n: n - 1}.items()}

HOSTILE = {
    "ratio_bomb": (lambda: rewrite(xlsx_bytes(), {"xl/worksheets/sheet1.xml": bytes(2 * MB)}), "超过了 100:1 的上限"),
    # every entry under the 1 MB floor, together 18 MB at ~1000:1
    "overall_ratio_bomb": (lambda: rewrite(xlsx_bytes(), {f"customXml/item{i}.xml": bytes(900 * 1024)
                                                          for i in range(20)}), "的整体压缩比约"),
    "entry_51mb": (lambda: with_entries(Raw("xl/worksheets/sheet2.xml", *zeros_entry(51 * MB))),
                   "超过了单个部分 50 MB 的上限"),
    # 5 × 45 MB claimed at a believable 90:1, each within every per-entry limit: only the 200 MB total refuses it
    "total_claimed_225mb": (lambda: with_entries(*(Raw(f"xl/media/image{i}.bin", b"", 45 * MB, 0,
                                                       compressed=512 * 1024) for i in range(5))),
                            "超过了 200 MB 的上限"),
    # five honest 50 MB entries at ~35:1 (a 7 MB file): each at the per-entry limit, 250 MB together
    "total_real_250mb": (lambda: with_entries(*(Raw(f"xl/media/image{i}.bin", *believable_entry(50))
                                                for i in range(5))), "超过了 200 MB 的上限"),
    "10001_entries": (many_entries, "10,001 个部分"),
    "forged_small_size": (forged_small_size, "大小与实际内容不符"),
    "forged_compressed_size": (forged_compressed_size, "大小与实际内容不符"),
    "wrong_crc": (lambda: changed("xl/workbook.xml", crc=0), "损坏或不完整"),
    "laughs_in_shared_strings": (lambda: with_dtd("xl/sharedStrings.xml", SHARED_STRINGS), "<!ENTITY>"),
    "laughs_in_sheet": (lambda: with_dtd("xl/worksheets/sheet1.xml"), "XML 炸弹"),
    "laughs_in_workbook": (lambda: with_dtd("xl/workbook.xml"), "XML 炸弹"),
    "laughs_in_styles": (lambda: with_dtd("xl/styles.xml"), "XML 炸弹"),
    "laughs_in_content_types": (lambda: with_dtd("[Content_Types].xml"), "XML 炸弹"),
    "laughs_in_rels": (lambda: with_dtd("xl/_rels/workbook.xml.rels"), "XML 炸弹"),
    "external_entity": (lambda: with_dtd("xl/worksheets/sheet1.xml", '<!DOCTYPE x SYSTEM "file:///etc/passwd">'
                                         "<worksheet/>"), "XML 炸弹"),
    "laughs_in_oddly_named_part": (lambda: with_dtd("xl/worksheets/sheet1.dat", LAUGHS + "<worksheet/>"),
                                   "XML 炸弹"),
    "laughs_in_svg_image": (lambda: with_dtd("xl/media/image1.svg", LAUGHS + "<svg/>"), "删除这张图片"),
    "laughs_across_1mb_boundary": (dtd_across_chunk_boundary, "XML 炸弹"),
    "laughs_utf16": (lambda: with_dtd("xl/workbook.xml", ('<?xml version="1.0" encoding="UTF-16"?>' + LAUGHS
                                                          + "<workbook/>").encode("utf-16")), "XML 炸弹"),
    "laughs_in_ods": (lambda: ods_with("content.xml", lambda text: text.replace("?>", "?>" + LAUGHS, 1)),
                      "XML 炸弹"),
    "ole_encrypted_package": (lambda: ole_container(("EncryptionInfo", "EncryptedPackage")), "设置了打开密码"),
    "ole_encryption_info_only": (lambda: ole_container(("EncryptionInfo",)), "设置了打开密码"),
    "ods_encrypted": (ods_encrypted, "设置了打开密码"),
    "xls_encrypted": (xls_with_filepass, "设置了打开密码"),
    "zip_entry_encrypted": (lambda: encrypted_entry("both"), "设置了打开密码"),
    "zip_entry_encrypted_local_header_only": (lambda: encrypted_entry("local"), "设置了打开密码"),
    "unsupported_compression": (lambda: rewrite(xlsx_bytes(), {}, method=zipfile.ZIP_BZIP2), "压缩方式"),
    "broken_central_directory": (lambda: patched(xlsx_bytes().index(b"PK\x01\x02"), b"XX"), "损坏或不完整"),
    "broken_local_header": (lambda: patched(xlsx_bytes().index(b"PK\x03\x04", 4) + 2, b"\x09"), "损坏或不完整"),
    # the end record's central directory offset pointing past the end of the file
    "directory_past_end": (lambda: patched(len(xlsx_bytes()) - 6, struct.pack("<L", len(xlsx_bytes()) + 1000)),
                           "损坏或不完整"),
    "empty_zip": (lambda: b"PK\x05\x06" + bytes(18), "空的压缩包"),  # what zipfile writes for no entries
    "empty_file": (lambda: b"", "空文件"),
    "whitespace_file": (lambda: b" \r\n\t", "空文件"),
    **TRUNCATED,
}


def refusal(path) -> str:
    with pytest.raises(UnusableFile) as info:
        list(read_sheets(path))
    return info.value.message


def test_how_many_hostile_files_are_tried():
    # reported in the closing note of issue 5, with the real roster below and the fuzzed structures
    assert len(HOSTILE) == 40


@pytest.mark.parametrize("kind", HOSTILE)
def test_every_hostile_file_is_refused_before_parsing_with_a_message_naming_it_and_saying_what_to_do(
        tmp_path, monkeypatch, kind):
    import python_calamine

    def parse(*args, **kwargs):
        raise AssertionError("calamine was handed a hostile file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", parse)
    build, expected = HOSTILE[kind]
    path = tmp_path / "党员花名册.xlsx"
    path.write_bytes(build())
    message = refusal(path)
    assert "“党员花名册.xlsx”" in message
    assert expected in message
    assert "请" in message and "Error" not in message and "Traceback" not in message


def test_a_forged_directory_cannot_make_the_scan_inflate_more_than_it_claims(monkeypatch):
    produced = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self.inner = real(*args)

        def decompress(self, data, limit=0):
            out = self.inner.decompress(data, limit)
            produced.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    with pytest.raises(zip_guard.RefusedPackage) as info:
        zip_guard.check_package("a.xlsx", forged_small_size())  # claims 1,000 bytes, holds 60 MB of zeros
    assert "大小与实际内容不符" in info.value.message
    assert sum(produced) <= 2 * MB  # the xlsx parts, then at most one 1 MB piece of the forged entry


@pytest.mark.parametrize("mark", ["<!DOCTYPE", "<!ENTITY"])
def test_a_dtd_mark_split_between_two_pieces_is_still_found(mark):
    check, marks = zip_guard._check_dtd, zip_guard._ALL_MARKS
    for split in range(1, len(mark)):
        first, second = mark[:split].encode(), mark[split:].encode()
        with pytest.raises(zip_guard.RefusedPackage):
            check("a.xlsx", "x.xml", marks, check("a.xlsx", "x.xml", marks, b"", b"<a>" * 10 + first), second)
        with pytest.raises(zip_guard.RefusedPackage):  # and when the first piece is shorter than the mark
            check("a.xlsx", "x.xml", marks, check("a.xlsx", "x.xml", marks, b"", first), second)


def test_normal_workbooks_pass_and_tiny_entries_never_trip_the_ratio(tmp_path):
    # 900 KB of zeros (~1000:1) under the 1 MB floor, a 1-byte entry, an empty one, a stored one
    data = rewrite(xlsx_bytes(), {"customXml/item1.xml": bytes(900 * 1024), "docProps/one.xml": b"<",
                                  "docProps/empty.xml": b""})
    data = rewrite(data, {"docProps/stored.xml": b"<a/>"}, method=zipfile.ZIP_STORED)
    path = tmp_path / "正常.xlsx"
    path.write_bytes(data)
    assert [s.rows for s in read_sheets(path)] == [ROWS]
    listing = zip_guard.check_package("正常.xlsx", data)
    assert "xl/workbook.xml" in listing.names
    zip_guard._check_sizes("a.xlsx", "[Content_Types].xml", 1, 0)  # 1 byte "compressed to 0": no ratio to judge


def test_limits_are_the_ones_the_issue_sets():
    assert (zip_guard.MAX_ENTRIES, zip_guard.MAX_ENTRY_BYTES, zip_guard.MAX_TOTAL_BYTES, zip_guard.MAX_RATIO) == (
        10_000, 50 * MB, 200 * MB, 100)


def test_exactly_10_000_entries_and_an_entry_of_exactly_50_mb_pass():
    assert len(zip_guard.check_package("a.xlsx", many_entries(10_000)).names) == 10_000
    sheet = Raw("xl/worksheets/sheet2.xml", *believable_entry(50))
    assert sheet.size == 50 * MB
    assert sheet.name in zip_guard.check_package("a.xlsx", with_entries(sheet)).names


def test_zipfile_failures_of_any_kind_become_unusable_file(tmp_path, monkeypatch):
    for error in (struct.error("bad"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), OverflowError("big"),
                  EOFError(), NotImplementedError("zip64 spanning")):
        def broken(*args, error=error, **kwargs):
            raise error

        monkeypatch.setattr(zip_guard.zipfile, "ZipFile", broken)
        (tmp_path / "a.xlsx").write_bytes(xlsx_bytes())
        assert "损坏或不完整" in refusal(tmp_path / "a.xlsx")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 255)), min_size=1, max_size=6),
       region=st.sampled_from(["central", "local", "end"]))
def test_damaged_zip_structures_only_ever_raise_unusable_file(tmp_path_factory, flips, region):
    data = bytearray(xlsx_bytes())
    start = {"central": data.index(b"PK\x01\x02"), "local": 0, "end": len(data) - 22}[region]
    for offset, mask in flips:
        data[min(start + offset, len(data) - 1)] ^= mask
    path = tmp_path_factory.mktemp("zipfuzz") / "f.xlsx"
    path.write_bytes(bytes(data))
    try:
        for sheet in read_sheets(path):
            assert isinstance(sheet.rows, list)
    except UnusableFile as exc:
        assert "“f.xlsx”" in exc.message


# --- through the import services: refused with the message, the database untouched --------------------------------

def table_counts(db) -> dict[str, int]:
    with db.reading() as session:
        names = inspect(session.get_bind()).get_table_names()
        return {name: session.scalar(select(func.count()).select_from(table(name))) for name in names}


@pytest.mark.parametrize("kind", ["real_roster_with_laughs", "ratio_bomb", "ole_encrypted_package",
                                  "truncated_at_half"])
def test_roster_import_refuses_hostile_files_and_writes_nothing(db, street, roster, tmp_path, kind):
    write_roster, roster_row = roster
    real = write_roster(tmp_path / "real.xlsx", [roster_row(1, "张三"), roster_row(2, "李四")])
    assert len(preview_member_import(db, real).rows) == 2  # the roster itself imports
    before = table_counts(db)
    path = tmp_path / "花名册.xlsx"
    if kind == "real_roster_with_laughs":  # the same roster with one entity tucked into its sheet
        with zipfile.ZipFile(real) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        path.write_bytes(rewrite(real.read_bytes(), {"xl/worksheets/sheet1.xml": LAUGHS + sheet}))
        expected = "XML 炸弹"
    else:
        path.write_bytes(HOSTILE[kind][0]())
        expected = HOSTILE[kind][1]
    with pytest.raises(UnusableImportFile) as info:
        preview_member_import(db, path)
    assert "“花名册.xlsx”" in info.value.message and expected in info.value.message
    assert table_counts(db) == before


@pytest.mark.parametrize("preview", [preview_meeting_import, preview_enterprise_import, preview_visit_import])
def test_ledger_imports_refuse_hostile_files_and_write_nothing(db, street, tmp_path, preview):
    before = table_counts(db)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(with_dtd("xl/worksheets/sheet1.xml"))
    with pytest.raises(UnusableImportFile) as info:
        preview(db, path)
    assert "“台账.xlsx”" in info.value.message and "XML 炸弹" in info.value.message
    assert table_counts(db) == before
