"""帮助 → 关于党建工作台: the product name, the version, and the licence of every bundled font and library.

The lists below are tied to the repository: a font file added to resources/fonts/ or a dependency added to
pyproject.toml without a line in the About box (and here) fails, and so does a line dropped from the About box."""

import html
import re
import tomllib
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from dangjian_desktop import APP_NAME, __version__
from dangjian_desktop.paths import resource_dir
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.about import ABOUT_HTML

ROOT = Path(__file__).resolve().parents[2]

# font file -> (name shown, licence shown, licence file beside it)
FONTS = {
    "wqy-microhei.ttc": ("文泉驿微米黑", "Apache-2.0 或 GPL-3+", "LICENSE-wqy-microhei.txt"),
    "uming.ttc": ("AR PL UMing", "Arphic Public License", "LICENSE-uming.txt"),
    "HanaMinA.ttf": ("HanaMinA", "SIL Open Font License 1.1", "LICENSE-hanazono.txt"),
    "HanaMinB.ttf": ("HanaMinB", "SIL Open Font License 1.1", "LICENSE-hanazono.txt"),
}
# distribution in pyproject.toml [project] dependencies -> (name shown, licence shown)
LIBRARIES = {
    "pyside6-essentials": ("PySide6", "LGPL-3.0"),
    "sqlalchemy": ("SQLAlchemy", "MIT"),
    "alembic": ("Alembic", "MIT"),
    "platformdirs": ("platformdirs", "MIT"),
    "openpyxl": ("openpyxl", "MIT"),
    "python-calamine": ("python-calamine", "MIT"),
    "reportlab": ("reportlab", "BSD"),
    "pillow": ("Pillow", "MIT-CMU（HPND）"),
    "pypdfium2": ("pypdfium2", "Apache-2.0 / BSD-3-Clause"),
}
# bundled too, though not named in pyproject.toml
BUNDLED = [("Qt", "LGPL-3.0"), ("Python", "PSF License"), ("PDFium", "Apache-2.0 / BSD-3-Clause"),
           ("Mako", "MIT"), ("MarkupSafe", "BSD-3-Clause"), ("rl_accel", "BSD"), ("charset-normalizer", "MIT"),
           ("et_xmlfile", "MIT"), ("typing_extensions", "PSF License")]


def about_text() -> str:
    return ABOUT_HTML.format(app=APP_NAME, version=__version__)


def item_naming(name: str) -> str:
    """The one <li> of the About box that names `name` (as a whole word), as plain text."""
    items = [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", about_text())]
    found = [item for item in items if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", item)]
    assert len(found) == 1, f"{name!r} is named in {len(found)} lines of the About box"
    return found[0]


def licence_of(item: str, name: str) -> str:
    """In `MIT：A、B；BSD：C` the licence in front of `name`."""
    for part in item.split("；"):
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", part):
            licence, sep, _names = part.partition("：")
            assert sep, f"no 'licence：' in front of {name} in {item!r}"
            return licence.strip()
    raise AssertionError(name)


def test_about_names_the_product_and_the_version():
    text = about_text()
    assert f"<h3 style=\"color:#C8161D\">{APP_NAME}</h3>" in text and APP_NAME == "党建工作台"
    with open(ROOT / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert __version__ == version
    assert f"版本 {version}" in text


def test_every_bundled_font_is_listed_with_its_licence():
    fonts = resource_dir() / "fonts"
    shipped = {path.name for path in fonts.iterdir() if path.suffix.lower() in {".ttf", ".ttc", ".otf", ".otc"}}
    assert shipped == set(FONTS), "a font file was added or removed: list it in ABOUT_HTML and in FONTS here"
    for name, licence, licence_file in FONTS.values():
        assert licence in item_naming(name), f"the licence of {name} is missing from the About box"
        assert (fonts / licence_file).is_file()
    assert "resources/fonts/" in about_text()


def test_every_library_is_listed_with_its_licence():
    with open(ROOT / "pyproject.toml", "rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    names = {re.match(r"[A-Za-z0-9._-]+", dependency).group(0).lower() for dependency in dependencies}
    assert names == set(LIBRARIES), "a dependency was added or removed: list it in ABOUT_HTML and in LIBRARIES here"
    for name, licence in [*LIBRARIES.values(), *BUNDLED]:
        assert licence_of(item_naming(name), name) == licence, f"{name}: expected licence {licence}"


def test_show_about_uses_the_product_name_and_this_text(ui_app, qtbot, db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((parent, title, text)))
    window = app_module.create_main_window(db)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith(APP_NAME)
    window.show_about()
    assert shown == [(window, f"关于{APP_NAME}", about_text())]


def test_the_about_box_fits_on_an_office_screen(ui_app, qtbot):
    """QMessageBox.about shows this rich text beside the application icon. On the 800-px-wide offscreen test screen
    QMessageBox wraps the text at its narrowest (400 px), so this is the tallest the box gets: it must still fit a
    1366×768 screen above a 40-px taskbar (there it is about 500×550)."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, f"关于{APP_NAME}", about_text())
    box.setIconPixmap(ui_app.windowIcon().pixmap(64, 64))
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.width() <= 1366 and box.height() <= 768 - 40, box.size()
