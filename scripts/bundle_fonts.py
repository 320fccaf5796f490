"""Copy the bundled CJK fonts and their licences from Debian packages into resources/fonts/.

Needs: fonts-arphic-uming, fonts-wqy-microhei, fonts-hanazono (apt-get install …).
The fonts are copied whole, never subset: members' names may contain any character.

    python scripts/bundle_fonts.py
"""

import gzip
import shutil
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "resources" / "fonts"
DOC = Path("/usr/share/doc")

FONTS = {
    "uming.ttc": Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    "wqy-microhei.ttc": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    "HanaMinA.ttf": Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
    "HanaMinB.ttf": Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
}

# Each licence file: the package's copyright file plus whatever full licence text it only points to.
LICENCES = {
    "LICENSE-uming.txt": [
        DOC / "fonts-arphic-uming/copyright",
        DOC / "fonts-arphic-uming/license/zh_CN.utf-8/ARPHICPL.txt.gz",
    ],
    "LICENSE-wqy-microhei.txt": [
        DOC / "fonts-wqy-microhei/copyright",
        Path("/usr/share/common-licenses/Apache-2.0"),
    ],
    "LICENSE-hanazono.txt": [
        DOC / "fonts-hanazono/copyright",
    ],
}


def _read_text(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8")


def main() -> int:
    missing = [str(p) for p in FONTS.values() if not p.is_file()]
    missing += [str(p) for parts in LICENCES.values() for p in parts if not p.is_file()]
    if missing:
        print("缺少文件（请先安装 fonts-arphic-uming fonts-wqy-microhei fonts-hanazono）：", file=sys.stderr)
        print("\n".join(missing), file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, source in FONTS.items():
        shutil.copyfile(source, TARGET / name)
        print(f"{name}: {source.stat().st_size:,} bytes")
    for name, parts in LICENCES.items():
        texts = [f"===== {p} =====\n\n{_read_text(p).rstrip()}\n" for p in parts]
        (TARGET / name).write_text("\n\n".join(texts), encoding="utf-8")
        print(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
