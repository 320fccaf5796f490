"""The 台账 binder: cover, a table of contents whose page numbers are right, every record from a new page."""

import re
from datetime import date

import pytest

from dangjian_desktop.domain.meetings import MeetingType
from dangjian_desktop.domain.progress import Cancelled, Progress
from dangjian_desktop.reports.binder_pdf import BinderCover, write_binder_pdf
from meeting_samples import BRANCH, image_count, numbered_content, page_texts, sample_photos, sample_record, squeezed

COVER = BinderCover("幸福里街道党工委", "全部党支部", date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 5))


def _records():
    """Eight records: short ones, one running to several pages, one with photos, a 党小组会 and drafts."""
    records = {}
    for number in range(1, 9):
        fields = dict(id=number, sequence=number, topic=f"议题甲{number:02d}", held_on=date(2025, number, 10),
                      status="定稿" if number % 3 else "草稿")
        if number == 3:
            fields["content"] = numbered_content(30)
        if number == 5:
            fields["photos"] = sample_photos()
        if number == 6:
            fields.update(type=MeetingType.GROUP, org_name="第一党小组")
        records[number] = sample_record(**fields)
    return records


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    records = _records()
    path = tmp_path_factory.mktemp("binder") / "台账.pdf"
    reports = []
    pages = write_binder_pdf(path, COVER, list(records), records.__getitem__,
                             progress=Progress(lambda done, total, label: reports.append((done, total))))
    return records, path, pages, page_texts(path), reports


def _contents_pages(texts):
    return [i for i, text in enumerate(texts) if "目录" in squeezed(text) and "页码" in text]


def test_cover_names_the_street_the_scope_and_the_dates(binder):
    _records, _path, pages, texts, _reports = binder
    cover = squeezed(texts[0])
    for expected in ("幸福里街道党工委", "三会一课台账", "党组织：全部党支部", "2025年1月1日至2025年12月31日",
                     "记录份数：8份", "打印日期：2026年1月5日"):
        assert expected in cover, expected
    assert "第 1 页" not in texts[0]                    # the cover is bare, but counted
    assert f"第 2 页 共 {pages} 页" in texts[1]


def test_contents_give_the_page_where_each_record_starts(binder):
    records, _path, pages, texts, _reports = binder
    contents = _contents_pages(texts)
    assert contents == [1]
    toc = texts[1]
    after_contents = contents[-1] + 1
    starts = []
    for number, record in records.items():
        row = re.search(rf"{number}\s+{record.held_on:%Y-%m-%d}.*?第{record.sequence}次\s+{record.topic}\s+(\d+)",
                        toc, re.S)
        assert row, record.topic
        printed = int(row.group(1))
        first = next(i for i, text in enumerate(texts) if i >= after_contents and record.topic in text) + 1
        assert printed == first, record.topic
        title = "第一党小组党小组会记录" if record.type == MeetingType.GROUP else f"{BRANCH}支部党员大会记录"
        assert title in texts[first - 1]
        starts.append(first)
    assert starts == sorted(starts) and starts[0] == after_contents + 1
    assert starts[3] - starts[2] >= 3              # the long record took several pages
    assert pages == len(texts)


def test_pages_are_numbered_through_and_carry_each_records_header(binder):
    records, _path, pages, texts, _reports = binder
    for number, text in enumerate(texts[1:], start=2):
        assert f"第 {number} 页 共 {pages} 页" in text
    record_pages = texts[2:]
    assert all("第" in text and "次" in text for text in record_pages)
    drafts = [text for text in record_pages if "记录状态：草稿" in squeezed(text)]
    assert len(drafts) == sum(1 for r in records.values() if r.status == "草稿")


def test_photos_and_everything_else_are_there(binder):
    records, path, _pages, texts, _reports = binder
    assert image_count(path) == 2
    joined = squeezed("\n".join(texts))
    assert [int(n) for n in re.findall(r"第(\d{4})句", joined)] == list(range(1, 181))
    for record in records.values():
        assert joined.count(record.topic) == 2          # in the contents and on the record


def test_progress_reaches_the_end(binder):
    *_rest, reports = binder
    done = [d for d, _t in reports]
    assert done == sorted(done)
    assert reports[-1][0] == reports[-1][1] == 16


def test_cancel_while_laying_out_leaves_no_file(tmp_path):
    records = _records()
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 12          # after reading the records, during the layout

    with pytest.raises(Cancelled):
        write_binder_pdf(tmp_path / "x.pdf", COVER, list(records), records.__getitem__,
                         progress=Progress(is_cancelled=cancelled))
    assert list(tmp_path.iterdir()) == []
