"""Where the program finds its bundled resources and where it keeps the user's data."""

import os
import sys
from pathlib import Path

APP_DIR_NAME = "dangjian-desktop"


def resource_dir() -> Path:
    """resources/ of a source checkout, or of a PyInstaller bundle (sys._MEIPASS), or DANGJIAN_RESOURCES."""
    override = os.environ.get("DANGJIAN_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def default_database_path() -> Path:
    """DANGJIAN_DB if set, else dangjian.db in the per-user data folder."""
    override = os.environ.get("DANGJIAN_DB")
    if override:
        return Path(override)
    return user_data_dir() / "dangjian.db"
