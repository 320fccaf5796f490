"""The documentation files of the .deb: the copyright file, the changelog and the manual page.

All three are written from what the program itself says — the About box's licence list, the version, and the
command line's own parser (sub-commands and their help) — so they cannot drift from the program.
"""

import argparse
import email.utils
import gzip
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dangjian_desktop import APP_NAME  # noqa: E402
from dangjian_desktop.about import about_plain_text  # noqa: E402
from dangjian_desktop.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE, build_parser  # noqa: E402


def _build_time() -> float:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    return float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def copyright_text(install_dir: str) -> str:
    year = time.gmtime(_build_time()).tm_year
    return (
        f"{APP_NAME} (dangjian-desktop)\n"
        f"Copyright © {year} 党建工作台项目组. All rights reserved; the program's own code is not free software.\n\n"
        "The package also carries other people's fonts and libraries under their own licences (the same list as\n"
        f"帮助 → 关于党建工作台). The font licences in full are in {install_dir}/_internal/resources/fonts/.\n"
        "The libraries' licences are the standard texts named below; on Debian the Apache-2.0, GPL-3, LGPL-3 and\n"
        "BSD texts are in /usr/share/common-licenses/.\n\n"
        + about_plain_text()
    )


def changelog_entry(package: str, version: str, maintainer: str) -> str:
    """A Debian changelog entry of a native package, dated by the build."""
    when = _build_time()
    return (f"{package} ({version}) stable; urgency=medium\n\n"
            f"  * {APP_NAME} {version}.\n\n"
            f" -- {maintainer}  {email.utils.formatdate(when)}\n")


def _roff(text: str) -> str:
    """Escapes for roff: backslashes, and a leading dot or quote that would start a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def manual_page(version: str) -> str:
    parser = build_parser()
    date = time.strftime("%Y-%m-%d", time.gmtime(_build_time()))
    lines = [f'.TH DANGJIAN-DESKTOP 1 "{date}" "{APP_NAME} {version}" "{APP_NAME}"',
             ".ad l", ".SH 名称", f"dangjian\\-desktop \\- {APP_NAME}：街道党建工作的离线桌面程序",
             ".SH 用法", ".B dangjian\\-desktop", "[\\fI选项\\fR] [\\fI子命令\\fR [\\fI参数\\fR ...]]",
             ".SH 说明", _roff(parser.description or ""),
             _roff("子命令在命令行里完成批量工作，不打开窗口。每个子命令加 --help 显示它的参数。"),
             ".SH 选项"]
    commands: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands = {choice.dest: choice.help or "" for choice in action._choices_actions}
        elif action.option_strings:
            flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in action.option_strings)
            value = f" \\fI{action.metavar}\\fR" if action.metavar else ""
            lines += [".TP", flags + value, _roff(action.help or "")]
    lines.append(".SH 子命令")
    for name, help_text in commands.items():
        lines += [".TP", f"\\fB{_roff(name)}\\fR", _roff(help_text)]
    lines += [".SH 退出状态",
              ".TP", str(EXIT_OK), "成功。",
              ".TP", str(EXIT_REJECTED),
              _roff("数据被拒绝（例如导入文件中有错误的行）或检查未通过；消息写明行、字段和原因。"),
              ".TP", str(EXIT_UNUSABLE), _roff("命令无法进行：参数有误、数据文件打不开或正被另一个程序使用。"),
              ".SH 文件",
              ".TP", "\\fI~/.local/share/dangjian\\-desktop/dangjian.db\\fR",
              _roff("数据文件（可用 --db 或环境变量 DANGJIAN_DB 指定别的位置）；同一文件夹下的 backups/ 是自动备份。"),
              ".SH 环境变量", ".TP", "\\fBDANGJIAN_DB\\fR", "数据文件路径。"]
    return "\n".join(lines) + "\n"


def gzipped(text: str) -> bytes:
    """gzip -9n: no file name, no time stamp, so the same text gives the same bytes."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
