"""The printed forms and Excel ledgers of the enterprise work on the command line: 走访记录表, 一企一档, the monthly
work reports, and the census, visit and demand ledgers."""

import argparse

from .cli import EXIT_OK, CommandError, say
from .cli_meetings import DAY_PATTERN, MONTH_PATTERN, date_options, export_dated, parse_option
from .services.database import Database


def add_enterprise_report_commands(commands: argparse._SubParsersAction, reports: argparse._SubParsersAction) -> None:
    """Add the forms under `report`, and the export-enterprises / -visits / -demands commands."""
    visit = reports.add_parser("visit", help="走访记录表（一次走访）")
    visit.add_argument("visit_id", metavar="ID", help="走访记录的编号")
    _output(visit, "FILE.pdf")
    visit.set_defaults(run=_report_visit)

    enterprise = reports.add_parser("enterprise", help="一企一档（企业的基本情况、包联、走访和诉求）")
    enterprise.add_argument("name", metavar="NAME", help="企业名称，或名称中独有的一段文字")
    enterprise.add_argument("--full-phones", action="store_true", help="打印完整的电话号码（默认隐去中间几位）")
    _output(enterprise, "FILE.pdf")
    enterprise.set_defaults(run=_report_enterprise)

    officer = reports.add_parser("officer-month", help="党建指导员月度工作报告")
    officer.add_argument("--officer", required=True, metavar="NAME", help="党建指导员姓名")
    _month_option(officer)
    _output(officer, "FILE.pdf")
    officer.set_defaults(run=_report_officer_month)

    street = reports.add_parser("street-month", help="新业态党建工作月报（全街道）")
    _month_option(street)
    _output(street, "FILE.pdf")
    street.set_defaults(run=_report_street_month)

    census = commands.add_parser("export-enterprises", help="导出新业态企业名录为 Excel（可改后重新导入）")
    _output(census, "FILE.xlsx")
    census.add_argument("--masked", action="store_true", help="隐去电话中间几位（这样的文件不能再导入电话）")
    census.set_defaults(run=_export_enterprises)

    visits = commands.add_parser("export-visits", help="导出走访台账为 Excel")
    _output(visits, "FILE.xlsx")
    date_options(visits, required=False)
    visits.set_defaults(run=_export_visits)

    demands = commands.add_parser("export-demands", help="导出诉求台账为 Excel（超期的标红）")
    _output(demands, "FILE.xlsx")
    demands.add_argument("--overdue", action="store_true", help="只导出超期未办结的诉求")
    demands.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天判断是否超期（默认今天）")
    demands.set_defaults(run=_export_demands)


def _output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-o", "--output", required=True, metavar=what, help="保存到这个文件")


def _month_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-11")


def _report_visit(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import write_visit_pdf

    if not args.visit_id.strip().isdigit():
        raise CommandError(f"走访记录编号“{args.visit_id}”应是数字。")
    pages = write_visit_pdf(db, int(args.visit_id), args.output)
    say(f"已生成走访记录表 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _report_enterprise(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import write_enterprise_pdf
    from .services.enterprises import find_enterprise, list_enterprises

    found = find_enterprise(db, args.name)
    if found is None:
        matches = [e.record.name for e in list_enterprises(db) if args.name.strip() in e.record.name]
        if not matches:
            raise CommandError(f"找不到名称为或含有“{args.name}”的企业。")
        shown = "、".join(matches[:5]) + ("等" if len(matches) > 5 else "")
        raise CommandError(f"有 {len(matches)} 家企业的名称含有“{args.name}”（{shown}），请写出完整的企业名称。")
    pages = write_enterprise_pdf(db, found.id, args.output, masked=not args.full_phones)
    say(f"已生成“{found.record.name}”的一企一档 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _report_officer_month(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import write_officer_month_pdf
    from .services.officers import list_officers

    month = parse_option(args.month, MONTH_PATTERN, "--month", "月份", "2026-11")
    officers = [o for o in list_officers(db) if o.name == " ".join(args.officer.split())]
    if not officers:
        raise CommandError(f"找不到名为“{args.officer}”的党建指导员。")
    pages = write_officer_month_pdf(db, officers[0].id, month, args.output)
    say(f"已生成{officers[0].name}{month.year}年{month.month}月的月度工作报告 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _report_street_month(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import write_street_month_pdf

    month = parse_option(args.month, MONTH_PATTERN, "--month", "月份", "2026-11")
    pages = write_street_month_pdf(db, month, args.output)
    say(f"已生成{month.year}年{month.month}月新业态党建工作月报 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _export_enterprises(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import export_enterprises_xlsx

    rows = export_enterprises_xlsx(db, args.output, masked=args.masked)
    say(f"已导出 {rows} 家企业到 {args.output}{'（已隐去电话中间几位）' if args.masked else ''}。")
    return EXIT_OK


def _export_visits(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import export_visits_xlsx

    return export_dated(db, args, export_visits_xlsx, "条走访记录")


def _export_demands(db: Database, args: argparse.Namespace) -> int:
    from .services.enterprise_reports import export_demands_xlsx

    as_of = parse_option(args.as_of, DAY_PATTERN, "--as-of", "日期", "2026-11-30") if args.as_of else None
    rows = export_demands_xlsx(db, args.output, as_of=as_of, overdue_only=args.overdue)
    say(f"已导出 {rows} 件{'超期' if args.overdue else ''}诉求到 {args.output}。")
    return EXIT_OK
