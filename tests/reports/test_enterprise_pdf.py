"""The printed 一企一档: census data and 两个覆盖, officer and 包联 history, visit and demand tables over pages."""

import re
from dataclasses import replace

import pytest

from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.reports.enterprise_pdf import write_enterprise_pdf
from meeting_samples import page_texts, squeezed
from work_samples import ENTERPRISE, STREET, font_names, sample_profile, visit_lines


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    path = tmp_path_factory.mktemp("profile") / "一企一档.pdf"
    pages = write_enterprise_pdf(path, sample_profile())
    return path, pages, page_texts(path)


def test_title_header_and_page_numbers(printed):
    path, pages, texts = printed
    assert pages == len(texts)
    assert ENTERPRISE in texts[0] and "新业态企业档案（一企一档）" in squeezed(texts[0])
    assert "截至2026年11月30日" in squeezed(texts[0])
    for number, text in enumerate(texts, start=1):
        assert STREET in text and "一企一档" in text and f"第 {number} 页 共 {pages} 页" in text
    assert all(embedded for _name, embedded in font_names(path))


def test_basic_data_and_both_coverages(printed):
    _path, _pages, texts = printed
    text = squeezed("\n".join(texts))
    for expected in ("一、基本情况", "统一社会信用代码91440300708461136T", "行业快递", "品牌/平台顺丰", "所属社区幸福里社区",
                     "地址朝阳区幸福里路88号", "法定代表人刘赟", "是否党员是", "从业人员数46人", "35岁以下31人",
                     "党员数3人", "站点数4个", "党组织顺丰朝阳分部新业态工作党支部", "党的工作未开展", "组织覆盖是",
                     "工作覆盖是", "备注2024年普查录入"):
        assert expected in text, expected


def test_phones_are_masked_unless_asked(printed, tmp_path):
    _path, _pages, texts = printed
    text = squeezed("\n".join(texts))
    assert "138****5678" in text and "13812345678" not in text
    assert "电话139****1111" in text
    full = tmp_path / "full.pdf"
    write_enterprise_pdf(full, sample_profile(), masked=False)
    text = squeezed("\n".join(page_texts(full)))
    assert "13812345678" in text and "13900001111" in text


def test_officer_and_assignment_history(printed):
    _path, _pages, texts = printed
    text = squeezed("\n".join(texts))
    assert "现由党建指导员王敏（街道党建办，电话139****1111）包联。" in text
    assert re.search(r"1王敏2025-03-01至今2李䶮2024-01-012025-03-01", text)


def test_visits_and_demands_with_overdue_marked(printed):
    _path, _pages, texts = printed
    text = squeezed("\n".join(texts))
    assert "共走访3次，最近一次为2026年11月30日；走访中提出诉求3件。" in text
    assert "第001次走访" in text and "第003次走访" in text
    assert "共2件：已办结1件，不予受理0件，在办1件，其中超期1件。" in text
    assert "12026-11-05走访快递车辆进小区难幸福里社区张三2026-12-05已办结2026-11-25已与物业协商，发放通行证" in text
    assert "2026-11-07已受理超期" in text


def test_a_long_visit_history_repeats_the_table_header_on_each_page(tmp_path):
    path = tmp_path / "long.pdf"
    pages = write_enterprise_pdf(path, sample_profile(visits=visit_lines(50)))
    texts = page_texts(path)
    assert pages == len(texts) >= 3
    found = re.findall(r"第(\d{3})次走访", squeezed("\n".join(texts)))
    assert sorted(set(found)) == [f"{n:03d}" for n in range(1, 51)]
    continued = [t for t in texts[1:] if "第0" in t and "三、走访记录" not in t]
    assert continued and all("走访日期" in t and "走访情况" in t for t in continued)


def test_an_enterprise_without_officer_visits_or_demands(tmp_path):
    path = tmp_path / "bare.pdf"
    bare = sample_profile(officer_name="", assignments=(), visits=(), demands=(),
                          record=replace(sample_profile().record, party_org_id=None, party_org_name="",
                                         employees=None, note=""))
    assert write_enterprise_pdf(path, bare) == 1
    text = squeezed(page_texts(path)[0])
    for expected in ("目前没有包联的党建指导员，请尽快落实包点联系。", "暂无走访记录。", "暂无诉求。",
                     "党组织未建立党组织", "组织覆盖否", "工作覆盖否", "从业人员数未填写"):
        assert expected in text, expected
    assert "备注" not in text


def test_cancelling_leaves_no_file(tmp_path):
    with pytest.raises(Cancelled):
        write_enterprise_pdf(tmp_path / "x.pdf", sample_profile(), progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []


def test_a_visit_longer_than_a_page_is_cut_across_pages_and_nothing_is_lost(tmp_path):
    path = tmp_path / "huge.pdf"
    first, *rest = visit_lines(2)
    huge = replace(first, findings="".join(f"第{n:04d}句。" for n in range(600)))
    pages = write_enterprise_pdf(path, sample_profile(visits=(huge, *rest)))
    texts = page_texts(path)
    assert pages == len(texts) >= 3
    assert re.findall(r"第(\d{4})句", squeezed("\n".join(texts))) == [f"{n:04d}" for n in range(600)]
    assert "第002次走访" in squeezed("\n".join(texts))
