"""The command-line face (DESIGN §8): stable sub-commands for administrators and batch jobs."""

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from . import APP_NAME, __version__
from .paths import default_database_path
from .services import members as member_service
from .services.database import Database, DatabaseError, open_database
from .services.errors import ServiceError
from .services.instance_lock import acquire_instance_lock
from .services.organizations import OrgNode, find_by_name
from .services.storage_errors import describe_storage_error
from .services.storage_location import location_warning

EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE = 0, 1, 2


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and help option (its built-in texts are English)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str):  # noqa: ANN201 - argparse's signature
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"错误：命令参数有误（{message}）。加 --help 查看用法。\n")


class CommandError(Exception):
    """Stops a command with a Chinese message on stderr and exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dangjian-desktop", description=f"{APP_NAME}：不带子命令时打开图形界面。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本并退出")
    parser.add_argument("--self-check", action="store_true",
                        help="自检：在临时文件夹中建库、构建主窗口、生成中文 PDF，报告各步用时（不打开您的数据）")
    parser.add_argument("--db", metavar="PATH", help="数据文件路径（默认在用户数据文件夹；也可用环境变量 DANGJIAN_DB）")
    commands = parser.add_subparsers(dest="command", metavar="子命令", parser_class=_Parser, title="子命令")

    commands.add_parser("demo", help="向空数据库载入演示街道（约30个党组织、800名党员和一年的会议记录）"
                        ).set_defaults(run=_demo)

    imp = commands.add_parser("import-members", help="从 Excel/CSV 导入花名册")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--branch", metavar="NAME", help="所有行都导入到这个党支部")
    imp.add_argument("--create-branches", action="store_true", help="自动创建组织树中没有的党支部")
    imp.add_argument("--skip-invalid", action="store_true", help="跳过被拒绝的行，导入其余行")
    imp.add_argument("--update-existing", action="store_true", help="身份证号已登记时用文件中的数据更新（默认跳过）")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.set_defaults(run=_import_members)

    exp = commands.add_parser("export-members", help="导出花名册为 Excel")
    exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    exp.add_argument("--branch", metavar="NAME", help="只导出这个党组织（含下级）")
    exp.add_argument("--masked", action="store_true", help="隐去身份证号和电话的中间几位")
    exp.set_defaults(run=_export_members)

    report = commands.add_parser("report", help="生成 PDF 报表（花名册、会议记录、签到表、台账、走访记录、一企一档、月度报告）")
    kinds = report.add_subparsers(dest="report", metavar="报表", required=True, parser_class=_Parser)
    roster = kinds.add_parser("roster", help="党员花名册")
    roster.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    roster.add_argument("--branch", metavar="NAME", help="只打印这个党组织（含下级）")
    roster.add_argument("--full-ids", action="store_true", help="打印完整的身份证号和电话（默认隐去中间几位）")
    roster.set_defaults(run=_report_roster)

    stats = commands.add_parser("stats", help="统计数字")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    stats.set_defaults(run=_stats)

    # These import this module's helpers, so not at the top.
    from .cli_audit import add_audit_commands
    from .cli_enterprise_reports import add_enterprise_report_commands
    from .cli_enterprises import add_enterprise_commands
    from .cli_meetings import add_meeting_commands
    from .cli_safety import add_safety_commands

    add_meeting_commands(commands, kinds)
    add_enterprise_commands(commands, kinds)
    add_enterprise_report_commands(commands, kinds)
    add_safety_commands(commands)
    add_audit_commands(commands)
    return parser


def say(text: str) -> None:
    print(text, flush=True)


def find_organization(db: Database, name: str | None, *, branch_only: bool = False) -> OrgNode | None:
    if not name:
        return None
    found = find_by_name(db, name, ("党支部",) if branch_only else None)
    if not found:
        raise CommandError(f"找不到名为“{name}”的{'党支部' if branch_only else '党组织'}。")
    if len(found) > 1:
        raise CommandError(f"有 {len(found)} 个名为“{name}”的党组织，请先在程序里改名以便区分。")
    return found[0]


def review_preview(preview, rejected: list, args: argparse.Namespace, what: str) -> int | None:
    """Print an import preview's problem lines and summary; the exit code when the import stops here.

    `错误 第R行 列名：原因` for each error of a rejected row, `提示 第R行 列名：说明` for everything else.
    """
    rejected_rows = {row.row_number for row in rejected}
    for row in preview.rows:
        for issue in row.issues:
            is_error = issue.kind == "错误" and row.row_number in rejected_rows
            say(f"{'错误' if is_error else '提示'} 第{row.row_number}行 {issue.column}：{issue.message}")
    say(f"共读取 {len(preview.rows)} 行（{preview.counts_text()}）。")
    if not preview.rows:
        raise CommandError(f"{args.file} 中没有{what}数据。")
    if rejected and not args.skip_invalid:
        say(f"有 {len(rejected)} 行被拒绝，未写入任何数据。改正后重新导入，或加 --skip-invalid 只导入其余行。")
        return EXIT_REJECTED
    if args.dry_run:
        say("试运行（--dry-run）：未写入任何数据。")
        return EXIT_OK
    return None


def import_reviewed(preview, rejected: list, args: argparse.Namespace, what: str, commit: Callable[[], str], *,
                    note: str = "") -> int:
    """The rest of an import-… command once its file is read: review the preview (review_preview), say `note`,
    and unless the review stops the import there, call `commit`, which writes the rows and returns what to say."""
    stop = review_preview(preview, rejected, args, what)
    if note:
        say(note)
    if stop is not None:
        return stop
    say(commit())
    return EXIT_OK


def add_ledger_import(commands: argparse._SubParsersAction, name: str, help_text: str,
                      run: Callable[[Database, argparse.Namespace], int]) -> None:
    """An import command for a ledger (see import_ledger): FILE, --skip-invalid and --dry-run."""
    command = commands.add_parser(name, help=help_text)
    command.add_argument("file", metavar="FILE")
    command.add_argument("--skip-invalid", action="store_true", help="跳过被拒绝的行，导入其余行")
    command.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    command.set_defaults(run=run)


def import_ledger(db: Database, args: argparse.Namespace, preview_import: Callable, commit_import: Callable,
                  what: str) -> int:
    """import-meetings and import-visits: a ledger import has no choice to make but --skip-invalid."""
    preview = preview_import(db, args.file)
    return import_reviewed(preview, preview.rejected_rows(), args, what,
                           lambda: commit_import(db, preview, skip_invalid=args.skip_invalid).summary)


def _import_members(db: Database, args: argparse.Namespace) -> int:
    from .services.member_import import UnusableImportFile, commit_member_import, preview_member_import

    branch = find_organization(db, args.branch, branch_only=True)
    try:
        preview = preview_member_import(db, args.file, branch_id=branch.id if branch else None)
    except UnusableImportFile as exc:
        raise CommandError(exc.message) from exc

    def commit() -> str:
        conflicts = [row.row_number for row in preview.rows if row.existing is not None]
        result = commit_member_import(db, preview, create_branches=args.create_branches,
                                      conflict_updates=conflicts if args.update_existing else (),
                                      skip_invalid=args.skip_invalid)
        created = "已创建党支部：" + "、".join(result.branches_created) + "\n" if result.branches_created else ""
        return f"{created}已导入 {result.created} 人，更新 {result.updated} 人，跳过 {result.skipped} 行。"

    return import_reviewed(preview, preview.rejected_rows(args.create_branches), args, "党员", commit)


def _export_members(db: Database, args: argparse.Namespace) -> int:
    from .services.rosters import export_roster_xlsx

    org = find_organization(db, args.branch)
    count = export_roster_xlsx(db, args.output, org_id=org.id if org else None, masked=args.masked)
    say(f"已导出 {count} 名党员到 {args.output}{'（已隐去身份证号和电话中间几位）' if args.masked else ''}。")
    return EXIT_OK


def _report_roster(db: Database, args: argparse.Namespace) -> int:
    from .services.rosters import write_roster_pdf

    org = find_organization(db, args.branch)
    pages = write_roster_pdf(db, args.output, org_id=org.id if org else None, masked=not args.full_ids)
    say(f"已生成花名册 {args.output}，共 {pages} 页。")
    return EXIT_OK


def _demo(db: Database, _args: argparse.Namespace) -> int:
    from .services.demo import load_demo
    from .services.meetings import list_meetings

    result = load_demo(db)
    meetings = len(list_meetings(db))
    say(f"已载入演示数据：{result.organizations} 个党组织，{result.members} 名党员，{meetings} 次会议记录。")
    return EXIT_OK


def _stats(db: Database, args: argparse.Namespace) -> int:
    numbers = asdict(member_service.stats(db))
    if args.json:
        say(json.dumps(numbers, ensure_ascii=False))
    else:
        labels = {"organizations": "党组织", "branches": "党支部", "members": "党员", "probationary": "预备党员",
                  "mobile": "流动党员", "lost_contact": "失联党员", "small_branches": "正式党员不足3人的支部"}
        for key, value in numbers.items():
            say(f"{labels[key]}：{value}")
    return EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    path = Path(args.db) if args.db else default_database_path()
    try:
        lock = acquire_instance_lock(path)   # one program per data file: the GUI may have it open
    except ServiceError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    with lock:
        warning = location_warning(path)
        if warning:
            print(f"注意：{warning}", file=sys.stderr)
        if getattr(args, "run_on_file", None):   # restore and check: they must work on a file that won't open
            return _reporting_failures(lambda: args.run_on_file(path, args), path)
        try:
            db = open_database(path)
        except DatabaseError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return EXIT_UNUSABLE
        try:
            return _reporting_failures(lambda: args.run(db, args), path)
        finally:
            db.close()


def _reporting_failures(work: Callable[[], int], path: Path) -> int:
    """Run a command; its refusals and storage failures become one Chinese line on stderr and exit code 2."""
    try:
        return work()
    except (CommandError, ServiceError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except (OSError, DBAPIError) as exc:
        message = describe_storage_error(exc, path)
        if message is None:
            if not isinstance(exc, OSError):
                raise
            message = f"无法读写文件 {exc.filename or ''}：{exc.strerror}"
        print(f"错误：{message}", file=sys.stderr)
        return EXIT_UNUSABLE
