"""The meeting sub-commands (三会一课, 主题党日): import past records, list them, check compliance, print, export."""

import argparse
import json
import re
from collections.abc import Callable
from datetime import date
from itertools import groupby

from .cli import EXIT_OK, CommandError, add_ledger_import, find_organization, import_ledger, say
from .services.database import Database

DAY_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


def add_meeting_commands(commands: argparse._SubParsersAction, reports: argparse._SubParsersAction) -> None:
    """Add the meeting sub-commands, and the meeting forms under `report`."""
    add_ledger_import(commands, "import-meetings", "从 Excel 导入以往的会议记录", _import_meetings)

    listing = commands.add_parser("list-meetings", help="列出会议记录（最新的在前）")
    _branch_option(listing, "只列这个党支部的会议（含其党小组会）")
    date_options(listing, required=False)
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(run=_list_meetings)

    grid = commands.add_parser("compliance", help="三会一课和主题党日落实情况（按月、季度、年）")
    grid.add_argument("--from", dest="month_from", required=True, metavar="YYYY-MM", help="起始月份")
    grid.add_argument("--to", dest="month_to", required=True, metavar="YYYY-MM", help="截止月份")
    _branch_option(grid, "只看这个党支部")
    grid.add_argument("--json", action="store_true", help="以 JSON 输出")
    grid.set_defaults(run=_compliance)

    export = commands.add_parser("export-meetings", help="导出会议台账为 Excel（每次会议一行）")
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    date_options(export, required=False)
    export.set_defaults(run=_export_meetings)

    for name, help_text, run in (("meeting", "会议记录（一次会议）", _report_meeting),
                                 ("signin", "签到表（会前打印，列出应到人员）", _report_signin)):
        form = reports.add_parser(name, help=help_text)
        form.add_argument("meeting_id", metavar="ID", help="会议编号（list-meetings 输出的 id）")
        form.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
        form.set_defaults(run=run)
    binder = reports.add_parser("binder", help="会议记录台账：封面、目录和日期范围内的全部记录")
    _branch_option(binder, "只收这个党支部的记录（含其党小组会；默认全部党支部）")
    date_options(binder, required=True)
    binder.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    binder.set_defaults(run=_report_binder)


def _branch_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--branch", metavar="NAME", help=help_text)


def date_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--from", dest="date_from", required=required, metavar="YYYY-MM-DD", help="从这一天起")
    parser.add_argument("--to", dest="date_to", required=required, metavar="YYYY-MM-DD", help="到这一天止")


def parse_option(text: str, pattern: re.Pattern, option: str, what: str, example: str) -> date:
    match = pattern.match(text.strip())
    if match:
        parts = [int(part) for part in match.groups()]
        try:
            return date(*parts, *([1] * (3 - len(parts))))
        except ValueError:
            pass
    raise CommandError(f"{option} 的{what}“{text}”不是有效的{what}，应写成 {example} 这样的格式。")


def date_range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    first, last = ((parse_option(text, DAY_PATTERN, option, "日期", "2025-03-01") if text is not None else None)
                   for text, option in ((args.date_from, "--from"), (args.date_to, "--to")))
    if first and last and first > last:
        raise CommandError(f"开始日期 {first} 晚于截止日期 {last}，请检查 --from 和 --to。")
    return first, last


def export_dated(db: Database, args: argparse.Namespace, export: Callable[..., int], counted: str) -> int:
    """An export command kept to --from/--to; `counted` follows the number exported: 次会议, 条走访记录."""
    first, last = date_range(args)
    rows = export(db, args.output, date_from=first, date_to=last)
    say(f"已导出 {rows} {counted}到 {args.output}。")
    return EXIT_OK


def _branch_ids(db: Database, args: argparse.Namespace) -> list[int] | None:
    branch = find_organization(db, args.branch, branch_only=True)
    return [branch.id] if branch else None


def _import_meetings(db: Database, args: argparse.Namespace) -> int:
    from .services.meeting_import import commit_meeting_import, preview_meeting_import

    return import_ledger(db, args, preview_meeting_import, commit_meeting_import, "会议记录")


def _list_meetings(db: Database, args: argparse.Namespace) -> int:
    from .domain.meetings import MeetingType
    from .services.meetings import list_meetings

    first, last = date_range(args)
    meetings = list_meetings(db, branch_ids=_branch_ids(db, args), date_from=first, date_to=last)
    if args.json:
        say(json.dumps([{
            "id": m.id, "branch": m.branch_name, "org": m.org_name, "type": m.type, "sequence": m.sequence,
            "date": m.held_on.isoformat(), "topic": m.topic, "status": m.status, "expected": m.expected,
            "present": m.present, "leave": m.leave, "absent": m.absent,
            "quorum": None if m.type != MeetingType.PARTY_CONGRESS else not m.lacks_quorum,
        } for m in meetings], ensure_ascii=False))
        return EXIT_OK
    for m in meetings:
        org = m.branch_name if m.org_id == m.branch_id else f"{m.branch_name} {m.org_name}"
        number = f"第{m.sequence}次" if m.sequence else ""
        quorum = "，未达到法定人数" if m.lacks_quorum else ""
        say(f"{m.held_on:%Y-%m-%d}  编号 {m.id}  {org}  {m.type}{number}  {m.topic}  "
            f"（应到 {m.expected}，实到 {m.present}，请假 {m.leave}，缺席 {m.absent}{quorum}；{m.status}）")
    say(f"共 {len(meetings)} 次会议。")
    return EXIT_OK


def _width(text: str) -> int:
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _compliance(db: Database, args: argparse.Namespace) -> int:
    from .services.compliance import compliance_grid

    first = parse_option(args.month_from, MONTH_PATTERN, "--from", "月份", "2025-01")
    last = parse_option(args.month_to, MONTH_PATTERN, "--to", "月份", "2025-12")
    if first > last:
        raise CommandError(f"起始月份 {first:%Y-%m} 晚于截止月份 {last:%Y-%m}，请检查 --from 和 --to。")
    cells = compliance_grid(db, first, last, branch_ids=_branch_ids(db, args))
    if args.json:
        say(json.dumps([{"branch": c.branch, "branch_id": c.branch_id, "type": c.type, "period": c.period,
                         "required": c.required, "held": c.held, "met": c.met, "without_quorum": c.without_quorum}
                        for c in cells], ensure_ascii=False))
        return EXIT_OK
    for (_branch_id, branch), branch_cells in groupby(cells, key=lambda c: (c.branch_id, c.branch)):
        say(branch)
        for cell in branch_cells:
            if cell.met:
                state = "达标"
            else:
                state = f"缺 {cell.required - cell.held + cell.without_quorum} 次"
                state += f"（{cell.without_quorum} 次党员大会未达到法定人数）" if cell.without_quorum else ""
            say(f"  {pad(cell.period, 9)}{pad(cell.type, 14)}应开 {cell.required} 次  已开 {cell.held} 次  {state}")
    met = sum(cell.met for cell in cells)
    say(f"共 {len(cells)} 项，达标 {met} 项，未达标 {len(cells) - met} 项。")
    return EXIT_OK


def _meeting_id(text: str) -> int:
    if not text.strip().isdigit():
        raise CommandError(f"会议编号“{text}”应是数字（用 list-meetings 查看编号）。")
    return int(text)


def _report_meeting(db: Database, args: argparse.Namespace) -> int:
    from .services.meeting_reports import write_meeting_pdf

    pages = write_meeting_pdf(db, _meeting_id(args.meeting_id), args.output)
    say(f"已生成会议记录 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _report_signin(db: Database, args: argparse.Namespace) -> int:
    from .services.meeting_reports import write_signin_pdf
    from .services.meetings import get_meeting

    pages = write_signin_pdf(db, get_meeting(db, _meeting_id(args.meeting_id)), args.output)
    say(f"已生成签到表 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _report_binder(db: Database, args: argparse.Namespace) -> int:
    from .services.meeting_reports import write_binder_pdf

    first, last = date_range(args)
    pages = write_binder_pdf(db, args.output, branch_ids=_branch_ids(db, args), date_from=first, date_to=last)
    say(f"已生成会议记录台账 {args.output}（{first} 至 {last}），共 {pages} 页。")
    return EXIT_OK


def _export_meetings(db: Database, args: argparse.Namespace) -> int:
    from .services.meeting_reports import export_meetings_xlsx

    return export_dated(db, args, export_meetings_xlsx, "次会议")
