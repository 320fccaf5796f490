"""Meeting photos made ready for print: turned upright, scaled down to what a printed page shows, as JPEG.

A phone photo is 3–5 MB and 4000 px wide; a printed record shows it 8–12.5 cm wide, where 1000 px is already
200 dpi or more. Embedding the originals would make a 200-meeting binder gigabytes large. A photo that cannot be
decoded becomes a note in the record instead of stopping the whole document.

Pillow is a dependency of reportlab; it is imported inside the function, only when a record has photos.
"""

import io
from dataclasses import dataclass
from functools import cache

from dangjian_desktop.domain.meetings import Photo

PRINT_PIXELS = 1000      # longest side kept: 12.5 cm wide at 200 dpi; a 4000 px JPEG decodes at 1/4
JPEG_QUALITY = 85
_ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class PrintPhoto:
    file_name: str
    caption: str
    jpeg: bytes          # empty when the file could not be read
    width: int = 0       # pixels, after turning upright
    height: int = 0

    @property
    def readable(self) -> bool:
        return bool(self.jpeg)


def prepare_photo(photo: Photo) -> PrintPhoto:
    """The photo as a JPEG at most PRINT_PIXELS on its longest side, upright by its EXIF orientation, on white
    where it was transparent. A JPEG that needs none of that is kept byte for byte."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(photo.data)) as image:
            turn = _turns().get(image.getexif().get(_ORIENTATION_TAG, 1))
            if image.format == "JPEG" and turn is None and image.mode in ("RGB", "L") \
                    and max(image.size) <= PRINT_PIXELS:
                return PrintPhoto(photo.file_name, photo.caption, photo.data, *image.size)
            scale = min(1.0, PRINT_PIXELS / max(image.size))
            target = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image.draft("RGB", target)      # a JPEG decodes at 1/2, 1/4, 1/8 of its size: far faster
            image.thumbnail(target)
            printable = image.transpose(turn) if turn is not None else image
            if printable.mode != "RGB":
                rgba = printable.convert("RGBA")
                printable = Image.new("RGB", rgba.size, "white")
                printable.paste(rgba, mask=rgba.getchannel("A"))
            out = io.BytesIO()
            printable.save(out, "JPEG", quality=JPEG_QUALITY)
            return PrintPhoto(photo.file_name, photo.caption, out.getvalue(), *printable.size)
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for damaged files; one photo must not stop a binder
        return PrintPhoto(photo.file_name, photo.caption, b"")


@cache
def _turns() -> dict[int, int]:
    """EXIF orientation → the Pillow transpose that makes the picture upright (as ImageOps.exif_transpose)."""
    from PIL.Image import Transpose

    return {2: Transpose.FLIP_LEFT_RIGHT, 3: Transpose.ROTATE_180, 4: Transpose.FLIP_TOP_BOTTOM,
            5: Transpose.TRANSPOSE, 6: Transpose.ROTATE_270, 7: Transpose.TRANSVERSE, 8: Transpose.ROTATE_90}
