"""Draw the application icon into resources/icons: app-{16…256}.png and a multi-size app.ico, and the small
chevron the stylesheet uses for drop-down lists (chevron-down.png and @2x).

The icon is a party-red rounded square with a white 党 in the bundled 黑体-style font (WenQuanYi Micro Hei).
Each size is drawn directly (not scaled down) so the small ones stay crisp. The .ico holds every size as PNG
(readable by Windows Vista and later), written by hand so neither Pillow nor a Qt ICO plugin is needed.

    QT_QPA_PLATFORM=offscreen python scripts/make_icons.py
"""

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#C8161D")
GOLD = QColor("#F2C14E")


def draw_icon(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    inset = max(size * 0.03, 0.5)
    square = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED)
    painter.drawRoundedRect(square, size * 0.18, size * 0.18)
    if size >= 48:   # a thin gold line under the character; at small sizes it would only blur
        painter.setBrush(GOLD)
        painter.drawRect(QRectF(size * 0.26, size * 0.80, size * 0.48, max(size * 0.03, 1.5)))
    font = QFont(family)
    font.setBold(True)
    font.setPixelSize(round(size * (0.70 if size >= 48 else 0.80)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_box = QRectF(square)
    if size >= 48:
        text_box.setBottom(size * 0.82)
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "党")
    painter.end()
    return image


def draw_chevron(scale: int) -> QImage:
    """A 12×12 (× scale) grey chevron pointing down, for QComboBox::down-arrow."""
    size = 12 * scale
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#646A73"), 1.6 * scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPolyline([QPointF(2.5 * scale, 4.5 * scale), QPointF(6 * scale, 8 * scale),
                          QPointF(9.5 * scale, 4.5 * scale)])
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (one per size)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size   # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - fonts and painting need the application object to exist
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    if font_id < 0:
        print(f"无法加载字体 {FONT}", file=sys.stderr)
        return 1
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    ICONS.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for size in SIZES:
        pngs[size] = png_bytes(draw_icon(size, family))
        (ICONS / f"app-{size}.png").write_bytes(pngs[size])
    (ICONS / "app.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "chevron-down.png").write_bytes(png_bytes(draw_chevron(1)))
    (ICONS / "chevron-down@2x.png").write_bytes(png_bytes(draw_chevron(2)))
    print(f"wrote {len(SIZES)} icon sizes, app.ico and the chevron to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
