"""Build the PyInstaller one-folder bundle dist/dangjian-desktop/ and prove it works.

    python3 installer/build_bundle.py [--skip-startup] [--startup-limit-ms 1000] [--strict-startup]

Installs PyInstaller 6 if it is missing, builds from installer/dangjian-desktop.spec, prints the build time and the
bundle's size, runs the built program's `--self-check` (offscreen; the build fails if it fails) and measures the
start-up to the first window (the login dialog of a data file that has an account). Exit 0 on success, 1 with a
message on any failure.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "dangjian-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "dangjian-desktop"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10,<7"  # 6.10+ knows Python 3.11 and PySide6 6.9; built with 6.22
STARTUP_RUNS = 3


class BuildError(Exception):
    pass


def program(bundle: Path = BUNDLE) -> Path:
    """The program the shortcuts start (windowed on Windows)."""
    return bundle / ("dangjian-desktop.exe" if sys.platform == "win32" else "dangjian-desktop")


def console_program(bundle: Path = BUNDLE) -> Path:
    """The program as run from a terminal: it prints, and its exit code is seen (the spec's console build)."""
    return bundle / "dangjian-desktop.com" if sys.platform == "win32" else program(bundle)


def bundle_size(bundle: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files in the bundle; symlinks count as nothing."""
    total = count = 0
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print(f"PyInstaller is missing: pip install {PYINSTALLER_REQUIREMENT}", flush=True)
    done = subprocess.run([sys.executable, "-m", "pip", "install", PYINSTALLER_REQUIREMENT])
    if done.returncode != 0:
        raise BuildError(f"pip could not install {PYINSTALLER_REQUIREMENT}")


def build() -> float:
    ensure_pyinstaller()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", str(SPEC), "--distpath", str(DIST),
                           "--workpath", str(WORK), "--noconfirm", "--log-level", "WARN"], cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {done.returncode}); its messages are above")
    for built in {program(), console_program()}:
        if not built.is_file():
            raise BuildError(f"PyInstaller finished but {built} is not there")
    return elapsed


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("DANGJIAN_DB", "DANGJIAN_RESOURCES", "PYTHONPATH"):  # the bundle must stand on its own
        env.pop(name, None)
    return env


def self_check(bundle: Path = BUNDLE) -> str:
    done = subprocess.run([str(console_program(bundle)), "--self-check"], env=offscreen_env(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=300)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise BuildError(f"the bundle's --self-check failed (exit {done.returncode}):\n{output}")
    return output


def data_file_with_account(folder: Path) -> Path:
    """A data file whose first window is the login dialog — made with the source tree, as a real install has one."""
    sys.path.insert(0, str(ROOT / "src"))
    from dangjian_desktop.services.accounts import create_first_admin
    from dangjian_desktop.services.database import open_database

    path = folder / "startup.db"
    db = open_database(path)
    try:
        create_first_admin(db, "admin", "Dangjian#2025", "王管理")
    finally:
        db.close()
    return path


def first_paint_ms(db_path: Path, bundle: Path = BUNDLE) -> tuple[float, float, str]:
    """(first paint reported by the program, wall time of the whole process, window class), both in ms."""
    env = dict(offscreen_env(), DANGJIAN_EXIT_AFTER_FIRST_PAINT="1")
    started = time.perf_counter()
    done = subprocess.run([str(console_program(bundle)), "--db", str(db_path)], env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=120)
    wall = (time.perf_counter() - started) * 1000
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("first-paint "):  # first-paint N ms (WindowClass)
            parts = line.split()
            return float(parts[1]), wall, parts[-1].strip("()")
    raise BuildError(f"the bundle printed no first-paint line (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def measure_startup(limit_ms: float, strict: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dangjian-startup-"))
    try:
        db_path = data_file_with_account(folder)
        runs = [first_paint_ms(db_path) for _ in range(STARTUP_RUNS)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    paints = [run[0] for run in runs]
    walls = [run[1] for run in runs]
    print(f"start-up to the first window ({runs[0][2]}), {STARTUP_RUNS} runs: first paint "
          f"{', '.join(f'{p:.0f}' for p in paints)} ms (median {statistics.median(paints):.0f} ms); "
          f"whole process until exit {statistics.median(walls):.0f} ms median", flush=True)
    if statistics.median(paints) > limit_ms:
        message = f"start-up median {statistics.median(paints):.0f} ms is over the {limit_ms:.0f} ms goal"
        if strict:
            raise BuildError(message)
        print(f"WARNING: {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build dist/dangjian-desktop/ with PyInstaller and self-check it.")
    parser.add_argument("--skip-startup", action="store_true", help="do not measure the start-up time")
    parser.add_argument("--startup-limit-ms", type=float, default=1000.0, help="start-up goal (default 1000 ms)")
    parser.add_argument("--strict-startup", action="store_true", help="fail when the start-up goal is missed")
    args = parser.parse_args(argv)
    try:
        seconds = build()
        size, files = bundle_size(BUNDLE)
        print(f"bundle built in {seconds:.1f} s: {BUNDLE} — {size / 2**20:.1f} MiB in {files} files", flush=True)
        print(self_check().rstrip(), flush=True)
        if not args.skip_startup:
            measure_startup(args.startup_limit_ms, args.strict_startup)
    except (BuildError, subprocess.TimeoutExpired, OSError) as exc:
        print(f"build_bundle: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
