import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from dangjian_desktop.reports import fonts
from dangjian_desktop.reports.fonts import BODY_FONT, FALLBACK_FONTS, HEADING_FONT, font_runs, markup, needs_fallback
from dangjian_desktop.reports.layout import form_styles

HANA_A, HANA_B = FALLBACK_FONTS


def test_bundled_fonts_have_their_licences_beside_them():
    folder = fonts.font_file(BODY_FONT).parent
    for name in fonts.FONT_FILES:
        assert fonts.font_file(name).is_file()
    for licence in ("LICENSE-uming.txt", "LICENSE-wqy-microhei.txt", "LICENSE-hanazono.txt", "README.md"):
        assert (folder / licence).read_text(encoding="utf-8").strip()


def test_common_text_needs_no_fallback():
    assert not needs_fallback("")
    assert not needs_fallback("张三 Zhang San 110105194912310021")
    assert not needs_fallback("幸福里社区第一党支部（流动党员）")
    assert not needs_fallback("第一行\n第二行\t")      # control characters are no reason for a fallback


def test_rare_names_print_in_the_body_font():
    # AR PL UMing has these, even the Ext-B 𠈌
    for name in ("李䶮", "王𠈌", "张堃", "陈喆", "刘赟"):
        assert font_runs(name) == [(BODY_FONT, name)]


def test_heading_font_falls_back_to_hanamin_for_ext_a_and_ext_b():
    assert needs_fallback("王𠈌", HEADING_FONT)
    assert font_runs("王𠈌", HEADING_FONT) == [(HEADING_FONT, "王"), (HANA_A, "𠈌")]
    assert font_runs("李䶮明", HEADING_FONT) == [(HEADING_FONT, "李"), (HANA_A, "䶮"), (HEADING_FONT, "明")]


def test_characters_beyond_the_body_font_use_the_first_fallback_that_has_them():
    assert font_runs("王𪚥") == [(BODY_FONT, "王"), (HANA_A, "𪚥")]       # Ext-B, in HanaMinA
    assert font_runs("赵𡒄明") == [(BODY_FONT, "赵"), (HANA_B, "𡒄"), (BODY_FONT, "明")]   # only HanaMinB
    assert font_runs("𡒄𡒄") == [(HANA_B, "𡒄𡒄")]                           # one run, not one per character


def test_a_character_no_font_has_stays_in_the_run_before_it():
    runs = font_runs("张\U000F0000三")    # a private-use plane character
    assert "".join(text for _, text in runs) == "张\U000F0000三"
    assert all(font == BODY_FONT for font, _ in runs)


def test_markup_escapes_and_marks_fallback_runs():
    assert markup("") == ""
    assert markup("A&B <c> 王") == "A&amp;B &lt;c&gt; 王"
    assert markup("<王𠈌>", HEADING_FONT) == f'&lt;王<font face="{HANA_A}">𠈌</font>&gt;'
    assert markup("<b>赵𡒄</b>") == f'&lt;b&gt;赵<font face="{HANA_B}">𡒄</font>&lt;/b&gt;'


def test_markup_makes_a_paragraph_with_the_fallback_font():
    style = form_styles().title     # heading font
    para = Paragraph(markup("王𠈌 & 李䶮", style.fontName), style)
    assert para.wrap(400, 100)[1] > 0
    assert {frag.fontName for frag in para.frags} == {HEADING_FONT, HANA_A}
    assert "".join(frag.text for frag in para.frags) == "王𠈌 & 李䶮"


@pytest.mark.parametrize("text", ["张三", "王𠈌"])
def test_font_runs_rejoin_to_the_text(text):
    for base in (BODY_FONT, HEADING_FONT):
        assert "".join(run for _, run in font_runs(text, base)) == text


def test_fallback_fonts_are_only_loaded_when_needed():
    code = (
        "from dangjian_desktop.reports import fonts\n"
        "fonts.register_fonts(); fonts.font_runs('张三 李䶮 陈喆')\n"
        "print(sorted(fonts._coverage))\n"
        "fonts.font_runs('王𠈌', fonts.HEADING_FONT)\n"
        "print(sorted(fonts._coverage))\n"
    )
    src = Path(fonts.__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env,
                         encoding="utf-8").stdout.splitlines()
    assert out[0] == str(sorted([BODY_FONT, HEADING_FONT]))
    assert HANA_A in out[1] and HANA_B not in out[1]
