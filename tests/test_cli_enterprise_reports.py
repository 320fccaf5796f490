"""The enterprise forms and ledgers on the command line: real processes on a small known data file.

The data are of October–November 2026 and the commands judge 'today' by the clock, so the monthly reports here
print October (over whatever the date) and the demand ledger is asked with --as-of.
"""

import re

import openpyxl
import pytest
from enterprise_samples import MT, SF, build_world
from test_cli import assert_clean_failure, pdf_text, run_cli


@pytest.fixture
def world(db, street):
    return build_world(db, street)


def squeezed(path) -> str:
    return re.sub(r"\s+", "", pdf_text(path))


def test_report_visit(db, world, tmp_path):
    out = tmp_path / "走访记录表.pdf"
    result = run_cli(db.path, "report", "visit", world.visits["sf_november"], "-o", out)
    assert result.returncode == 0, result.stderr
    assert f"已生成走访记录表 {out}，共 1 页。" in result.stdout
    text = squeezed(out)
    assert "走访记录表" in text and SF in text and "1．骑手午休无固定休息场所" in text
    assert_clean_failure(run_cli(db.path, "report", "visit", "第一次", "-o", out))
    missing = run_cli(db.path, "report", "visit", "9999", "-o", tmp_path / "none.pdf")
    assert_clean_failure(missing)
    assert "已不存在" in missing.stderr and not (tmp_path / "none.pdf").exists()


def test_report_enterprise_by_a_unique_part_of_its_name(db, world, tmp_path):
    out = tmp_path / "一企一档.pdf"
    result = run_cli(db.path, "report", "enterprise", "美团", "-o", out)
    assert result.returncode == 0, result.stderr
    assert f"已生成“{MT}”的一企一档" in result.stdout
    text = squeezed(out)
    assert MT in text and "一企一档" in text and "010****6666" in text
    assert run_cli(db.path, "report", "enterprise", MT, "--full-phones", "-o", out).returncode == 0
    assert "01088886666" in squeezed(out)


def test_report_enterprise_refuses_unknown_and_ambiguous_names(db, world, tmp_path):
    ambiguous = run_cli(db.path, "report", "enterprise", "幸福里", "-o", tmp_path / "x.pdf")
    assert_clean_failure(ambiguous)
    assert "有 2 家企业的名称含有“幸福里”" in ambiguous.stderr and MT in ambiguous.stderr
    unknown = run_cli(db.path, "report", "enterprise", "京东", "-o", tmp_path / "x.pdf")
    assert_clean_failure(unknown)
    assert "找不到名称为或含有“京东”的企业" in unknown.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_report_officer_month(db, world, tmp_path):
    out = tmp_path / "月度.pdf"
    result = run_cli(db.path, "report", "officer-month", "--officer", "王敏", "--month", "2026-10", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "已生成王敏2026年10月的月度工作报告" in result.stdout
    text = squeezed(out)
    for expected in ("党建指导员月度工作报告（2026年10月）", "党建指导员：王敏（街道党建办）", "本月共走访1次（实地1次），走访企业1家。",
                     "现包联企业2家", "本月新收诉求1件，办结0件；", "第1页共"):
        assert expected in text, expected
    unknown = run_cli(db.path, "report", "officer-month", "--officer", "张三", "--month", "2026-10", "-o", out)
    assert_clean_failure(unknown)
    assert "找不到名为“张三”的党建指导员" in unknown.stderr
    bad = run_cli(db.path, "report", "officer-month", "--officer", "王敏", "--month", "2026-13", "-o", out)
    assert_clean_failure(bad)
    assert "2026-13" in bad.stderr and "2026-11" in bad.stderr


def test_report_street_month(db, world, tmp_path):
    out = tmp_path / "月报.pdf"
    result = run_cli(db.path, "report", "street-month", "--month", "2026-10", "-o", out)
    assert result.returncode == 0, result.stderr
    text = squeezed(out)
    for expected in ("新业态党建工作月报（2026年10月）", "本月全街道党建指导员共走访1次", "各党建指导员本月走访次数",
                     "三、两个覆盖", "各行业两个覆盖率", "四、下步工作"):
        assert expected in text, expected
    future = run_cli(db.path, "report", "street-month", "--month", "2099-01", "-o", out)
    assert_clean_failure(future)
    assert "2099年1月还没有到" in future.stderr
    assert_clean_failure(run_cli(db.path, "report", "street-month", "--month", "2026-10"))   # -o is required


def _rows(path):
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_export_the_three_ledgers(db, world, tmp_path):
    census = tmp_path / "企业名录.xlsx"
    result = run_cli(db.path, "export-enterprises", "-o", census)
    assert result.returncode == 0, result.stderr
    assert f"已导出 3 家企业到 {census}。" in result.stdout
    assert _rows(census)[1][:2] == ["企业名称", "统一社会信用代码"]
    assert run_cli(db.path, "export-enterprises", "-o", census, "--masked").returncode == 0
    assert "138****5678" in {row[14] for row in _rows(census)[2:]}

    visits = tmp_path / "走访台账.xlsx"
    result = run_cli(db.path, "export-visits", "-o", visits, "--from", "2026-11-01", "--to", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert "已导出 3 条走访记录" in result.stdout and len(_rows(visits)) == 5
    assert_clean_failure(run_cli(db.path, "export-visits", "-o", visits, "--from", "2026-12-01", "--to", "2026-11-01"))

    demands = tmp_path / "诉求台账.xlsx"
    result = run_cli(db.path, "export-demands", "-o", demands, "--overdue", "--as-of", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert "已导出 1 件超期诉求" in result.stdout
    assert [row[3] for row in _rows(demands)[2:]] == ["希望开展技能培训"]
    assert run_cli(db.path, "export-demands", "-o", demands, "--as-of", "2026-11-30").returncode == 0
    assert len(_rows(demands)) == 2 + 5
    assert_clean_failure(run_cli(db.path, "export-demands", "-o", demands, "--as-of", "30/11/2026"))
