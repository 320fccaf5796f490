"""The Windows version resource of the program's .exe files (Explorer → 属性 → 详细信息), made from pyproject.toml.

PyInstaller reads a "version file": the text of a `VSVersionInfo(...)` expression. The spec writes it with
`write_version_file` on Windows and passes its path to EXE(version=...). Kept apart from the spec so that
tests/installer/test_windows_version.py can check the text on Linux, where PyInstaller's own reader (win32api)
does not load.
"""

from pathlib import Path

PRODUCT_NAME = "党建工作台"
COMPANY_NAME = "党建工作台项目组"
DESCRIPTION = "党建工作台 — 街道党建工作的离线桌面程序"
LANGUAGE_CODEPAGE = (0x0804, 1200)  # Chinese (PRC), UTF-16: what Explorer shows the strings as


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); a Windows file version is four 16-bit numbers, so suffixes like 'rc1' are refused."""
    parts = version.split(".")
    if not 1 <= len(parts) <= 4 or not all(part.isdigit() and int(part) < 65536 for part in parts):
        raise ValueError(f"version {version!r} is not up to four dot-separated numbers below 65536")
    return tuple(int(part) for part in parts) + (0,) * (4 - len(parts))  # type: ignore[return-value]


def version_file_text(version: str, original_filename: str) -> str:
    numbers = version_numbers(version)
    text_version = ".".join(str(n) for n in numbers)
    strings = {
        "CompanyName": COMPANY_NAME,
        "FileDescription": DESCRIPTION,
        "FileVersion": text_version,
        "InternalName": Path(original_filename).stem,
        "LegalCopyright": f"Copyright © {COMPANY_NAME}",
        "OriginalFilename": original_filename,
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    language, codepage = LANGUAGE_CODEPAGE
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}, mask=0x3f, flags=0x0, OS=0x40004,\n"
        "                    fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([StringTable('{language:04x}{codepage:04x}', [\n          {table}])]),\n"
        f"    VarFileInfo([VarStruct('Translation', [{language:#06x}, {codepage}])]),\n"
        "  ]\n"
        ")\n"
    )


def write_version_file(folder: Path, version: str, original_filename: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version-{Path(original_filename).stem}.txt"
    path.write_text(version_file_text(version, original_filename), encoding="utf-8")
    return path
