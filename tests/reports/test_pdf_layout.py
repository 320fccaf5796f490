import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak

from dangjian_desktop.reports.fonts import BODY_FONT
from dangjian_desktop.reports.layout import (
    A4_LANDSCAPE, A4_PORTRAIT, build_pdf, form_styles, paginate_rows, paragraph, title_block, wrap_lines,
)

SIZE = 9.5


def _check_lines(text: str, width: float) -> list[str]:
    lines = wrap_lines(text, BODY_FONT, SIZE, width)
    for line in lines:
        assert len(line) == 1 or stringWidth(line, BODY_FONT, SIZE) <= width + 1e-6, line
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    return lines


def test_short_text_stays_on_one_line():
    assert wrap_lines("幸福里社区", BODY_FONT, SIZE, 100) == ["幸福里社区"]
    assert wrap_lines("", BODY_FONT, SIZE, 100) == [""]


def test_chinese_wraps_between_characters_and_obeys_line_breaking_rules():
    lines = _check_lines("北京市朝阳区某某街道办事处城市管理办公室（综合行政执法协调科），副主任科员。", 80)
    assert len(lines) > 2
    assert not any(line[0] in "，。）》、" for line in lines)
    assert not any(line[-1] in "（《“" for line in lines)


def test_latin_words_and_numbers_stay_whole_and_landlines_break_after_the_hyphen():
    assert _check_lines("Apple Inc. Beijing Branch", 60) == ["Apple Inc.", "Beijing", "Branch"]
    assert _check_lines("0571-88886666", 50) == ["0571-", "88886666"]
    assert len(_check_lines("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 30)) > 1      # too long: cut by characters


def test_existing_line_breaks_are_kept():
    assert wrap_lines("第一行\n第二行", BODY_FONT, SIZE, 200) == ["第一行", "第二行"]


def test_paginate_rows_fills_pages_and_repeats_nothing():
    pages = paginate_rows([10] * 25, header_height=15, first_room=80, room=116)
    assert pages[0] == (0, 6)                       # 15 + 6×10 ≤ 80 on the first page (title above)
    assert pages[1] == (6, 16)                      # 15 + 10×10 ≤ 116 on the next
    assert pages[-1][1] == 25
    assert all(a[1] == b[0] for a, b in zip(pages, pages[1:]))


def test_paginate_rows_with_no_rows_or_a_huge_row():
    assert paginate_rows([], 15, 80, 100) == [(0, 0)]
    assert paginate_rows([10, 500, 10], 15, 80, 100) == [(0, 1), (1, 2), (2, 3)]


def test_portrait_form_has_header_and_page_numbers_on_every_page(tmp_path):
    styles = form_styles()
    story = [*title_block("支部党员大会会议记录", "2025年第2次"), paragraph("会议内容：学习 <党章> & 讨论。", styles.body),
             PageBreak(), paragraph("第二页正文", styles.body)]
    path = tmp_path / "form.pdf"
    pages = build_pdf(path, story, header="幸福里社区党委", title="会议记录", layout=A4_PORTRAIT)
    reader = PdfReader(path)
    assert pages == len(reader.pages) == 2
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert "幸福里社区党委" in text
        assert f"第 {number} 页 共 2 页" in text
    assert "学习 <党章> & 讨论" in texts[0]
    assert reader.metadata.title == "会议记录"
    assert list(tmp_path.iterdir()) == [path]       # the temporary file was renamed, not left behind


class _Boom(Flowable):
    def wrap(self, *args):
        return 10, 10

    def draw(self):
        raise RuntimeError("boom")


def test_a_failed_build_leaves_neither_the_file_nor_a_temporary_one(tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        build_pdf(path, [paragraph("正文", form_styles().body), _Boom()], header="某党委", title="x",
                  layout=A4_LANDSCAPE)
    assert path.read_bytes() == b"old"              # an earlier file is kept untouched
    assert list(tmp_path.iterdir()) == [path]
