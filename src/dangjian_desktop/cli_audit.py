"""The audit sub-command: check the audit log's hash chain, export the log to Excel, or list it as text.
Like every command it acts — and is logged — under the operating-system user's name."""

import argparse
from datetime import date

from .cli import EXIT_OK, EXIT_REJECTED, CommandError, say
from .cli_meetings import date_options, date_range
from .services.database import Database


def add_audit_commands(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="审计日志：校验完整性（--verify）、导出 Excel（--export）或逐行列出（--list）")
    what = audit.add_mutually_exclusive_group(required=True)
    what.add_argument("--verify", action="store_true",
                      help="逐条核对整个审计日志的校验值：完好时退出码为 0，发现被改动、插入或删除的记录时为 1")
    what.add_argument("--export", metavar="FILE.xlsx", help="导出为 Excel 表")
    what.add_argument("--list", action="store_true", help="逐行列出（最新的在前）")
    date_options(audit, required=False)
    audit.add_argument("--user", metavar="NAME", help="只要这个用户的记录")
    audit.add_argument("--limit", type=int, metavar="N", help="最多列出 N 条（与 --list 一起使用）")
    audit.set_defaults(run=_audit)


def _audit(db: Database, args: argparse.Namespace) -> int:
    if args.limit is not None and (not args.list or args.limit < 1):
        raise CommandError("--limit 要与 --list 一起使用，并且是大于 0 的整数。")
    if args.verify:
        if args.date_from or args.date_to or args.user:
            raise CommandError("--verify 总是校验整个审计日志，不能与 --from、--to、--user 一起使用。")
        return _verify(db)
    first, last = date_range(args)
    if args.export:
        return _export(db, args.export, first, last, args.user)
    return _list(db, first, last, args.user, args.limit)


def _verify(db: Database) -> int:
    from .services.audit import verify_chain

    report = verify_chain(db)
    say(report.message)
    if report.ok:
        return EXIT_OK
    say("请保留现状，立即报告单位的安全管理员；可以与备份中的审计日志对照，查明被改动的内容。")
    return EXIT_REJECTED


def _export(db: Database, path: str, first: date | None, last: date | None, user: str | None) -> int:
    from .services.audit import export_audit_xlsx

    rows = export_audit_xlsx(db, path, date_from=first, date_to=last, user=user)
    say(f"已导出 {rows} 条审计日志到 {path}。")
    return EXIT_OK


def _list(db: Database, first: date | None, last: date | None, user: str | None, limit: int | None) -> int:
    from .services.audit import list_entries
    from .services.audit_details import readable_details

    entries = list_entries(db, first, last, user=user, limit=limit)
    for e in entries:
        content = readable_details(e.action, e.target, e.details)
        say(f"第 {e.id} 条  {e.at}  {e.user}（{e.role}，{e.machine}）  {e.action}  {e.target}"
            f"{'  ' + content if content else ''}  {e.result}")
    say(f"共 {len(entries)} 条。")
    return EXIT_OK
