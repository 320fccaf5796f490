"""党建工作台 — offline desktop program for street-level party-affairs work."""

from importlib import metadata

try:
    __version__ = metadata.version("dangjian-desktop")
except metadata.PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

APP_NAME = "党建工作台"
