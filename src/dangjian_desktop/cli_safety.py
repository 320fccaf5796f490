"""The data-safety sub-commands: save a verified backup, restore one (after backing up the current data), check."""

import argparse
from pathlib import Path

from .cli import EXIT_OK, EXIT_REJECTED, say
from .services.database import Database


def add_safety_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help="把数据保存为一份经过校验的备份（可存到 U 盘等位置）")
    backup.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="备份文件路径；给出文件夹时在其中生成带日期的文件名")
    backup.set_defaults(run=_backup)

    restore = commands.add_parser("restore", help="从备份恢复数据（恢复前先自动备份当前数据）")
    restore.add_argument("file", metavar="FILE", help="备份文件")
    restore.set_defaults(run_on_file=_restore)

    check = commands.add_parser("check", help="全面检查数据文件（结构和记录之间的引用）")
    check.set_defaults(run_on_file=_check)


def _backup(db: Database, args: argparse.Namespace) -> int:
    from .services.backups import export_backup

    target = export_backup(db, Path(args.output))
    say(f"已备份数据到 {target}（{target.stat().st_size / 1024:,.0f} KB，已校验完好）。请把它保存在这台电脑以外的地方。")
    return EXIT_OK


def _restore(path: Path, args: argparse.Namespace) -> int:
    """Works on a data file that no longer opens: the data file is opened only after the restore."""
    from .services.backups import log_restore, restore_backup
    from .services.database import open_database

    backup = Path(args.file)
    safety = restore_backup(path, backup)
    restored = open_database(path)
    try:
        log_restore(restored, backup, safety)
    finally:
        restored.close()
    kept = f"恢复前的数据已备份到 {safety.path}，需要时可以用它恢复回去。" if safety else ""
    say(f"已从 {backup} 恢复数据。{kept}")
    return EXIT_OK


def _check(path: Path, _args: argparse.Namespace) -> int:
    """Exit 0 healthy, 1 with a Chinese report of the problems — a file that will not open at all included."""
    from .services.database import DatabaseError, open_database
    from .services.integrity import full_check

    try:
        db = open_database(path)
    except DatabaseError as exc:
        problems = [str(exc)]
    else:
        try:
            report = full_check(db)
        finally:
            db.close()
        problems = report.problems
    if not problems:
        say(f"数据文件 {path} 检查完毕：结构完好，记录之间的引用完整。")
        return EXIT_OK
    say(f"数据文件 {path} 检查发现 {len(problems)} 个问题：")
    for number, problem in enumerate(problems, 1):
        say(f"  {number}. {problem}")
    say("建议：在“备份与恢复”中从最近一份完好的备份恢复（dangjian-desktop restore 备份文件），"
        "恢复前会自动备份当前数据。")
    return EXIT_REJECTED
