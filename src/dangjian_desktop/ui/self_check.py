"""`dangjian-desktop --self-check`: an installed copy proves it works, step by step, without a screen.

It opens a temporary data file and applies the migrations, writes a branch and a member (the audit triggers
and their SQL functions included), builds the main window offscreen, and prints a roster PDF with Chinese
names from the bundled fonts — timing each step. Exit 0 when every step passed; otherwise 1, naming the step
that failed and why. The user's own data file is never opened.
"""

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from .. import APP_NAME, __version__

PDF_NAMES = ("高䶮", "王堃", "李喆")   # a CJK Extension A character needs the fallback font


class _Check:
    """The steps run in order; the first failure ends the check."""

    def __init__(self, out: TextIO):
        self.out = out
        self.steps: list[tuple[str, Callable[[], str]]] = []

    def step(self, title: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
        def register(work: Callable[[], str]) -> Callable[[], str]:
            self.steps.append((title, work))
            return work
        return register

    def run(self) -> int:
        started = time.perf_counter()
        for number, (title, work) in enumerate(self.steps, 1):
            began = time.perf_counter()
            try:
                detail = work()
            except Exception as exc:  # noqa: BLE001 - every failure is reported with its step
                self.say(f"[{number}/{len(self.steps)}] {title}：失败")
                self.say(f"自检失败：第 {number} 步“{title}”出错：{type(exc).__name__}: {exc}")
                self.say("".join(traceback.format_exception(exc)).rstrip())
                return 1
            elapsed = (time.perf_counter() - began) * 1000
            self.say(f"[{number}/{len(self.steps)}] {title}：通过，{elapsed:.0f} ms{f'（{detail}）' if detail else ''}")
        self.say(f"自检通过：共 {len(self.steps)} 步，{time.perf_counter() - started:.2f} s。")
        return 0

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def _output() -> TextIO:
    """stdout; a Windows build without a console has none, so the report goes to a file in the temp folder."""
    if sys.stdout is not None:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        return sys.stdout
    return open(Path(tempfile.gettempdir()) / "dangjian-self-check.txt", "w", encoding="utf-8")  # noqa: SIM115


def run_self_check() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # before Qt starts: the check needs no screen
    out = _output()
    folder = Path(tempfile.mkdtemp(prefix="dangjian-self-check-"))
    check = _Check(out)
    check.say(f"{APP_NAME} {__version__} 自检（临时文件夹 {folder}）")
    state: dict = {}

    @check.step("打开临时数据文件并升级数据结构")
    def _open() -> str:
        from ..db.engine import SCHEMA_HEAD, current_revision
        from ..services.database import open_database

        state["db"] = db = open_database(folder / "自检.db")
        revision = current_revision(db.engine)
        if revision != SCHEMA_HEAD:
            raise RuntimeError(f"数据版本是 {revision}，应为 {SCHEMA_HEAD}")
        return f"数据版本 {revision}"

    @check.step("写入党组织和党员（含审计日志）")
    def _write() -> str:
        from ..domain.idcard import check_digit
        from ..domain.member import MemberRecord
        from ..services.audit import verify_chain
        from ..services.members import save_member
        from ..services.organizations import OrgFields, create_organization, create_root

        db = state["db"]
        root = create_root(db, "自检街道党工委")
        state["branch"] = branch = create_organization(db, root.id, OrgFields("自检党支部", "党支部"))
        for sequence, name in enumerate(PDF_NAMES, 1):
            first17 = f"11010519800517{sequence:03d}"
            number = first17 + check_digit(first17)
            save_member(db, MemberRecord(name=name, id_number=number, branch_id=branch.id, sex="男" if sequence % 2
                                         else "女", birth_date=date(1980, 5, 17), joined_on=date(2010, 7, 1),
                                         confirmed_on=date(2011, 7, 1), phone="13812345678"))
        report = verify_chain(db)
        if not report.ok:
            raise RuntimeError(report.message)
        return f"审计日志 {report.checked} 条"

    @check.step("在后台构建主窗口")
    def _window() -> str:
        import PySide6
        from PySide6.QtWidgets import QApplication

        from .app import create_main_window, prepare_application

        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        prepare_application(app)
        window = create_main_window(state["db"])
        window.show_organization(state["branch"].id)   # builds the roster page, its tree and its table
        image = window.grab()
        window.auto_backups.stop()
        window.close()
        if image.isNull():
            raise RuntimeError("主窗口无法绘制")
        return f"{image.width()}×{image.height()}，PySide6 {PySide6.__version__}"

    @check.step("用内置字体生成含中文的 PDF")
    def _pdf() -> str:
        from ..services.rosters import write_roster_pdf

        path = folder / "自检花名册.pdf"
        pages = write_roster_pdf(state["db"], path)
        data = path.read_bytes()
        if not data.startswith(b"%PDF") or b"/FontFile2" not in data:
            raise RuntimeError("PDF 不完整，或没有嵌入字体")
        return f"{pages} 页，{len(data) / 1024:.0f} KB，字体已嵌入"

    try:
        return check.run()
    finally:
        if "db" in state:
            state["db"].close()
        shutil.rmtree(folder, ignore_errors=True)
        if out is not sys.stdout:
            out.close()
