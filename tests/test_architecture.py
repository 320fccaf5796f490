"""The layer rule (DESIGN §3): import-linter's contracts hold, and only ui/ imports PySide6."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dangjian_desktop"
QT_IMPORT = re.compile(r"^\s*(import\s+PySide6|from\s+PySide6[\s.])", re.M)


def lint_imports_command() -> list[str]:
    script = Path(sys.executable).with_name("lint-imports")
    if script.is_file():
        return [str(script), "--no-cache"]
    # importlinter.cli has no __main__; call its click command the way the console script does
    return [sys.executable, "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
            "--no-cache"]


def test_import_contracts_are_kept():
    result = subprocess.run(lint_imports_command(), cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"Layers: .* KEPT", output), output
    assert "Only ui imports PySide6 KEPT" in output
    assert re.search(r"Contracts: [2-9]\d* kept, 0 broken", output), output


def test_only_ui_imports_pyside6():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        if QT_IMPORT.search(path.read_text(encoding="utf-8")):
            offenders.append(str(relative))
    assert offenders == []
    assert any(QT_IMPORT.search(p.read_text(encoding="utf-8")) for p in (PACKAGE / "ui").rglob("*.py"))


def test_the_qt_pattern_finds_qt_imports():
    assert QT_IMPORT.search("x = 1\nfrom PySide6.QtWidgets import QWidget\n")
    assert QT_IMPORT.search("    import PySide6\n")
    assert not QT_IMPORT.search('"""Only ui/ imports PySide6."""\n')
