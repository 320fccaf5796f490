"""The About box text: the product, its version, and the licence of every font and library it ships.

Kept free of Qt so that the Debian package's copyright file (installer/build_deb.py) is written from the same
list the About box shows.
"""

import html
import re

from . import APP_NAME, __version__

ABOUT_HTML = """
<h3 style="color:#C8161D">{app}</h3>
<p>版本 {version}</p>
<p>街道党工委的离线桌面程序：党组织与党员花名册、三会一课、新业态企业与走访的登记、导入、导出与打印。数据只保存在本机。</p>
<p><b>随程序附带的字体</b></p>
<ul>
<li>文泉驿微米黑 WenQuanYi Micro Hei — Apache-2.0 或 GPL-3+（含字体例外）</li>
<li>文鼎 PL 细上海宋 AR PL UMing — Arphic Public License</li>
<li>花園明朝 HanaMinA / HanaMinB — SIL Open Font License 1.1 或 花園フォント许可</li>
</ul>
<p>许可全文见程序文件夹中 resources/fonts/（安装版在 _internal/resources/fonts/）下的 LICENSE 文件。</p>
<p><b>使用的开源软件</b></p>
<ul>
<li>LGPL-3.0：Qt、PySide6（以独立的动态库随程序附带，源代码见 download.qt.io）</li>
<li>MIT：SQLAlchemy、Alembic、Mako、openpyxl、et_xmlfile、python-calamine、platformdirs、charset-normalizer</li>
<li>BSD：reportlab、rl_accel；BSD-3-Clause：MarkupSafe</li>
<li>MIT-CMU（HPND）：Pillow</li>
<li>Apache-2.0 / BSD-3-Clause：pypdfium2、PDFium</li>
<li>PSF License：Python、typing_extensions</li>
</ul>
"""


def about_html() -> str:
    return ABOUT_HTML.format(app=APP_NAME, version=__version__)


def about_plain_text() -> str:
    """The About box as plain text: a line per paragraph, "  - " per list item."""
    text = re.sub(r"<li>", "  - ", about_html())
    text = re.sub(r"</(p|h3|li)>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.rstrip() for line in text.strip().splitlines() if line.strip()) + "\n"
