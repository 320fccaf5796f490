"""The monthly work reports (officer and street): four sections, the coverage table and charts, empty months."""

import re
from dataclasses import replace

import pytest

from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.reports.chart import Series, _scale_top, bar_chart
from dangjian_desktop.reports.work_report_pdf import report_title, write_work_report_pdf
from meeting_samples import page_texts, squeezed
from work_samples import STREET, empty_month, font_names, sample_report, visit_lines


@pytest.fixture(scope="module")
def street_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("street") / "月报.pdf"
    pages = write_work_report_pdf(path, sample_report())
    return path, pages, page_texts(path)


def test_street_title_sections_and_pages(street_report):
    path, pages, texts = street_report
    assert pages == len(texts)
    first = squeezed(texts[0])
    assert "新业态党建工作月报（2026年11月）" in first and "统计截至2026年11月30日" in first
    text = squeezed("\n".join(texts))
    positions = [text.index(heading) for heading in ("一、走访情况", "二、诉求办理", "三、两个覆盖", "四、下步工作")]
    assert positions == sorted(positions)
    for number, page in enumerate(texts, start=1):
        assert STREET in page and f"第 {number} 页 共 {pages} 页" in page
    assert all(embedded for _name, embedded in font_names(path))


def test_street_visits_with_the_officer_chart(street_report):
    _path, _pages, texts = street_report
    text = squeezed("\n".join(texts))
    assert "本月全街道党建指导员共走访3次（实地1次、电话1次、线上1次），走访企业1家。" in text
    assert "已落实包联的企业15家，按“每季度至少1次”的要求，2026年第4季度尚有2家未走访。" in text
    assert "各党建指导员本月走访次数" in text
    assert re.search(r"王敏.*李强.*张堃", text)            # the chart's labels, in the officers' order
    assert "指导员" in text and "第001次走访" in text         # the visit table, with its officer column


def test_street_demands_with_overdue_standing_out(street_report):
    _path, _pages, texts = street_report
    text = squeezed("\n".join(texts))
    assert "本月新收诉求2件，办结1件；截至2026年11月30日，在办2件，其中超期1件。" in text
    assert "希望开展技能培训街道人社所2026-11-07已受理超期" in text
    assert "滴滴出行城东服务站" in text


def test_coverage_table_rates_and_chart(street_report):
    _path, _pages, texts = street_report
    text = squeezed("\n".join(texts))
    assert "全街道新业态企业16家，组织覆盖5家（31.2%），工作覆盖10家（62.5%）。" in text
    assert "快递10440.0%770.0%98" in text
    assert "网约车00—0—00" in text               # an industry without enterprises: no rate to divide
    assert "合计16531.2%1062.5%1513" in text
    assert "各行业两个覆盖率" in text and "组织覆盖率" in text and "工作覆盖率" in text
    assert "填报人（签字）" in text and "审核人（签字）" in text


def test_officer_report(tmp_path):
    path = tmp_path / "officer.pdf"
    report = sample_report(officer_name="王敏", officer_unit="街道党建办", assigned=3, not_visited=0,
                           officer_visits=())
    write_work_report_pdf(path, report)
    text = squeezed("\n".join(page_texts(path)))
    assert report_title(report) == "党建指导员月度工作报告（2026年11月）"
    assert "党建指导员月度工作报告（2026年11月）" in text and "党建指导员：王敏（街道党建办）" in text
    assert "本月共走访3次" in text and "全街道" not in text
    assert "现包联企业3家，按“每季度至少1次”的要求，2026年第4季度均已走访。" in text
    assert "各党建指导员本月走访次数" not in text
    assert "包联企业16家" in text
    assert "报告人（签字）" in text


def test_an_empty_month_says_so(tmp_path):
    path = tmp_path / "empty.pdf"
    write_work_report_pdf(path, empty_month(sample_report(officer_name="王敏", assigned=0, not_visited=0,
                                                          coverage=(), total=replace(sample_report().total,
                                                                                     enterprises=0))))
    text = squeezed("\n".join(page_texts(path)))
    for expected in ("本月无走访记录。", "目前没有包联的企业。", "本月新收诉求0件，办结0件；", "本月无诉求办理记录。",
                     "目前没有包联的企业，无覆盖数据。", "四、下步工作"):
        assert expected in text, expected
    assert "走访日期" not in text and "提出日期" not in text
    street = tmp_path / "street.pdf"
    write_work_report_pdf(street, empty_month(sample_report()))
    text = squeezed("\n".join(page_texts(street)))
    assert "本月无走访记录。" in text and "各党建指导员本月走访次数" not in text   # no chart of zeros


def test_a_busy_month_runs_over_pages_with_every_visit(tmp_path):
    path = tmp_path / "busy.pdf"
    pages = write_work_report_pdf(path, sample_report(visits=visit_lines(200)))
    texts = page_texts(path)
    assert pages == len(texts) >= 8
    found = re.findall(r"第(\d{3})次走访", squeezed("\n".join(texts)))
    assert sorted(set(found)) == [f"{n:03d}" for n in range(1, 201)]


def test_a_street_with_many_officers_gets_a_chart_per_forty(tmp_path):
    path = tmp_path / "officers.pdf"
    write_work_report_pdf(path, sample_report(officer_visits=tuple((f"指导员{n:02d}", n % 7) for n in range(90))))
    text = squeezed("\n".join(page_texts(path)))
    assert text.count("各党建指导员本月走访次数（续）") == 2 and "指导员00" in text and "指导员89" in text


def test_chart_scale_and_labels():
    assert [_scale_top(values) for values in ([], [3], [4], [7], [23], [130])] == [4, 4, 4, 8, 40, 200]
    chart = bar_chart("标题", ["快递", "李䶮"], [Series("甲", [0.5, 1.0]), Series("乙", [0.25, 0])], 400, percent=True)
    strings = [shape.text for shape in chart.getContents() for shape in getattr(shape, "contents", [shape])
               if hasattr(shape, "text")]
    for expected in ("标题", "快递", "李䶮", "甲", "乙", "50.0%", "100.0%", "0%", "100%"):
        assert expected in strings, expected


def test_cancelling_leaves_no_file(tmp_path):
    with pytest.raises(Cancelled):
        write_work_report_pdf(tmp_path / "x.pdf", sample_report(), progress=Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []
