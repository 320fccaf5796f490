"""The printed 走访记录表: every field in a boxed form, the problems with their demands' state, photos, signatures."""

import re

import pytest

from dangjian_desktop.domain.meetings import Photo
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.reports.visit_pdf import ProblemLine, problem_text, write_visit_pdf
from meeting_samples import image_bytes, image_count, numbered_content, page_texts, squeezed
from work_samples import ENTERPRISE, STREET, font_names, sample_sheet


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    path = tmp_path_factory.mktemp("visit") / "走访记录表.pdf"
    photos = (Photo(1, "座谈.jpg", "与站点负责人座谈", image_bytes("JPEG", (1600, 1200))),
              Photo(2, "站点.png", "站点外景", image_bytes("PNG", (600, 900), "pink")),
              Photo(3, "休息点.jpg", "", image_bytes("JPEG", (800, 600), "green")))
    reports = []
    pages = write_visit_pdf(path, sample_sheet(photos=photos),
                            progress=Progress(lambda done, total, label: reports.append((done, total, label))))
    return path, pages, page_texts(path), reports


def test_every_field_is_printed(printed):
    _path, _pages, texts, _reports = printed
    text = squeezed("\n".join(texts))
    for expected in ("走访记录表", "编号：17", "企业名称", ENTERPRISE, "统一社会信用代码", "91440300708461136T", "行业",
                     "快递", "地址", "朝阳区幸福里路88号院3号楼一层", "走访时间", "2026年11月12日（星期四）", "走访方式",
                     "实地", "党建指导员", "王敏", "接待人", "站长刘赟", "经营情况", "站点现有快递员46人，其中35岁以下31人。",
                     "党建工作情况", "站点尚未建立党组织，有党员3名。", "走访情况（发现）", "负责人支持党建工作",
                     "下步打算", "下月联合开展一次主题党日活动。", "指导员（签字）", "企业负责人（签字）", "日期："):
        assert expected in text, expected


def test_problems_are_numbered_with_where_their_demands_stand(printed):
    _path, _pages, texts, _reports = printed
    text = squeezed("\n".join(texts))
    assert "发现问题（4件，已转入诉求台账）" in text
    assert "1．快递员午休无固定休息场所（办理中，办理期限2026-12-12）" in text
    assert "2．快递车辆进小区难（已办结2026-11-20：已与物业协商，发放通行证）" in text
    assert "3．子女入学咨询（不予受理：不属于街道职责）" in text
    assert "4．希望开展技能培训（已受理，办理期限2026-11-01，已超期）" in text


def test_header_page_numbers_photos_and_embedded_fonts(printed):
    path, pages, texts, _reports = printed
    assert pages == len(texts) == 2           # the photos go to a second page, their heading with them
    for number, text in enumerate(texts, start=1):
        assert STREET in text and "走访记录表" in text
        assert f"第 {number} 页 共 {pages} 页" in text
    assert "走访照片" in texts[1] and "图1 与站点负责人座谈" in texts[1] and "图3" in texts[1]
    assert image_count(path) == 3
    assert font_names(path) == {("UMingCN-0", True), ("WenQuanYiMicroHei-0", True)}


def test_progress_runs_to_the_end(printed):
    _path, _pages, _texts, reports = printed
    assert reports[-1][0] == reports[-1][1] and reports[-1][2] == "完成"
    assert any(label == "正在处理照片…" for _done, _total, label in reports)


def test_a_visit_without_problems_or_photos_fits_one_page(tmp_path):
    path = tmp_path / "v.pdf"
    assert write_visit_pdf(path, sample_sheet(problems=(), visit_id=None, follow_up="")) == 1
    text = squeezed(page_texts(path)[0])
    assert "发现问题无" in text and "编号" not in text and "走访照片" not in text


def test_long_texts_run_over_pages_and_nothing_is_lost(tmp_path):
    path = tmp_path / "long.pdf"
    pages = write_visit_pdf(path, sample_sheet(findings=numbered_content(12)))
    texts = page_texts(path)
    assert pages == len(texts) >= 3
    numbers = re.findall(r"第(\d{4})句", squeezed("\n".join(texts)))
    assert numbers == [f"{n:04d}" for n in range(1, 73)]
    assert all(STREET in text for text in texts)


def test_rare_characters_print_with_the_fallback_fonts(tmp_path):
    path = tmp_path / "rare.pdf"
    write_visit_pdf(path, sample_sheet(officer_name="李䶮", met_person="张堃、陈喆"))
    text = squeezed(page_texts(path)[0])
    assert "李䶮" in text and "张堃、陈喆" in text


def test_problem_text_for_each_state():
    assert problem_text(2, ProblemLine("停车难", "已受理", None)) == "2．停车难（已受理）"
    assert problem_text(1, ProblemLine("停车难", "办理中", None, overdue=True)).endswith("，已超期）")


def test_cancelling_leaves_no_file(tmp_path):
    with pytest.raises(Cancelled):
        write_visit_pdf(tmp_path / "x.pdf", sample_sheet(), progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []
