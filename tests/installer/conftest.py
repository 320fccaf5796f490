"""The bundle for the installer tests: DANGJIAN_BUNDLE (already built) or a fresh build by installer/build_bundle.py."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def load_installer_script(name: str):
    """installer/<name>.py as a module (installer/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle() -> Path:
    given = os.environ.get("DANGJIAN_BUNDLE")
    if given:
        path = Path(given).resolve()
        assert (path / "dangjian-desktop").is_file(), f"DANGJIAN_BUNDLE={given} has no dangjian-desktop program"
        return path
    done = subprocess.run([sys.executable, str(INSTALLER / "build_bundle.py"), "--skip-startup"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900)
    assert done.returncode == 0, f"build_bundle.py failed:\n{done.stdout[-5000:]}\n{done.stderr[-5000:]}"
    return ROOT / "dist" / "dangjian-desktop"
