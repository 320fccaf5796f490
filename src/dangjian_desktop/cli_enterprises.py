"""The enterprise and visit sub-commands: import the census and visit ledgers, coverage figures, the 诉求台账."""

import argparse
import json
from dataclasses import fields
from datetime import date

from .cli import EXIT_OK, add_ledger_import, import_ledger, import_reviewed, say
from .cli_meetings import DAY_PATTERN, pad, parse_option
from .services.database import Database

COVERAGE_LABELS = {"with_party_org": "组织覆盖", "with_party_work": "工作覆盖", "with_officer": "包点联系",
                   "visited_within_frequency": "按期走访"}


def add_enterprise_commands(commands: argparse._SubParsersAction, reports: argparse._SubParsersAction) -> None:
    """Add the enterprise and visit sub-commands (their printed forms are in cli_enterprise_reports)."""
    census = commands.add_parser("import-enterprises", help="从 Excel/CSV 导入新业态企业名单（摸底表）")
    census.add_argument("file", metavar="FILE")
    census.add_argument("--create-officers", action="store_true", help="自动创建系统中还没有的党建指导员")
    census.add_argument("--skip-invalid", action="store_true", help="跳过被拒绝的行，导入其余行")
    census.add_argument("--update-existing", action="store_true",
                        help="企业名称或信用代码已登记时用文件中的数据更新（默认跳过）")
    census.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    census.set_defaults(run=_import_enterprises)

    add_ledger_import(commands, "import-visits", "从 Excel/CSV 导入走访台账（发现的问题逐一登记为诉求）", _import_visits)

    coverage = commands.add_parser("coverage", help="两个覆盖、包点联系和按期走访的企业数（总体和分行业）")
    _as_of_option(coverage)
    coverage.add_argument("--json", action="store_true", help="以 JSON 输出")
    coverage.set_defaults(run=_coverage)

    demands = commands.add_parser("demands", help="列出诉求台账（最新的在前）")
    demands.add_argument("--overdue", action="store_true", help="只列逾期未办结的诉求")
    _as_of_option(demands)
    demands.add_argument("--json", action="store_true", help="以 JSON 输出")
    demands.set_defaults(run=_demands)


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="按这一天计算（默认今天）")


def _as_of(args: argparse.Namespace) -> date | None:
    return parse_option(args.as_of, DAY_PATTERN, "--as-of", "日期", "2025-03-31") if args.as_of is not None else None


def _import_enterprises(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_import import commit_enterprise_import, preview_enterprise_import

    preview = preview_enterprise_import(db, args.file)
    note = ""
    if preview.unknown_officers:
        names = "、".join(f"{name}（{rows} 行）" for name, rows in preview.unknown_officers)
        note = f"未登记的党建指导员：{names}。" + ("导入时将自动创建。" if args.create_officers
                                           else "加 --create-officers 可自动创建，这些行才能导入。")

    def commit() -> str:
        conflicts = [row.row_number for row in preview.rows if row.existing_id is not None]
        return commit_enterprise_import(db, preview, create_officers=args.create_officers,
                                        conflict_updates=conflicts if args.update_existing else (),
                                        skip_invalid=args.skip_invalid).summary

    return import_reviewed(preview, preview.rejected_rows(args.create_officers), args, "企业", commit, note=note)


def _import_visits(db: Database, args: argparse.Namespace) -> int:
    from .services.visit_import import commit_visit_import, preview_visit_import

    return import_ledger(db, args, preview_visit_import, commit_visit_import, "走访")


def _coverage(db: Database, args: argparse.Namespace) -> int:
    from .services.coverage import CoverageCounts, dashboard

    board = dashboard(db, _as_of(args))
    keys = [f.name for f in fields(CoverageCounts)]
    if args.json:
        numbers: dict[str, object] = {key: getattr(board.overall, key) for key in keys}
        numbers["by_industry"] = {industry: {key: getattr(counts, key) for key in keys}
                                  for industry, counts in board.by_industry.items()}
        say(json.dumps(numbers, ensure_ascii=False))
        return EXIT_OK
    say(f"截至 {board.as_of:%Y-%m-%d}（走访要求：{board.frequency_label}，本期 {board.period.start:%Y-%m-%d} 至 "
        f"{board.period.end:%Y-%m-%d}）")
    say((pad("行业", 16) + pad("企业数", 8) + "".join(pad(label, 18) for label in COVERAGE_LABELS.values())).rstrip())
    for name, counts in (("合计", board.overall), *board.by_industry.items()):
        cells = [_share(getattr(counts, key), counts.enterprises) for key in keys[1:-1]]
        cells.append(_share(counts.visited_within_frequency, counts.with_officer))
        say((pad(name, 16) + pad(str(counts.enterprises), 8) + "".join(pad(cell, 18) for cell in cells)).rstrip())
    say("按期走访的比例以包点联系的企业为基数。")
    return EXIT_OK


def _share(count: int, base: int) -> str:
    return f"{count}（{count / base:.1%}）" if base else f"{count}（—）"


def _demands(db: Database, args: argparse.Namespace) -> int:
    from .services.demands import list_demands

    as_of = _as_of(args)
    items = list_demands(db, as_of=as_of, overdue_only=args.overdue, raised_to=as_of)
    if args.json:
        say(json.dumps([{
            "id": d.id, "source": d.source, "content": d.content, "category": d.category, "status": d.status,
            "raised": d.raised_on.isoformat(), "raised_by": d.raised_by, "deadline": d.deadline.isoformat(),
            "overdue": d.overdue, "enterprise": d.enterprise_name, "responsible_unit": d.responsible_unit,
            "responsible_person": d.responsible_person, "outcome": d.outcome,
            "closed": d.closed_on.isoformat() if d.closed_on else None,
        } for d in items], ensure_ascii=False))
        return EXIT_OK
    for d in items:
        state = f"{d.status}（已逾期）" if d.overdue else d.status
        owner = "、".join(filter(None, (d.responsible_unit, d.responsible_person))) or "未指定责任单位"
        where = f"{d.enterprise_name}：" if d.enterprise_name else ""
        say(f"编号 {d.id}  {d.raised_on:%Y-%m-%d} {d.source}  {where}{d.content}  [{d.category}]  "
            f"{owner}  期限 {d.deadline:%Y-%m-%d}  {state}")
    overdue = sum(d.overdue for d in items)
    say(f"共 {len(items)} 件诉求" + (f"，其中逾期 {overdue} 件。" if overdue else "。"))
    return EXIT_OK
