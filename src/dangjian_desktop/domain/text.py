"""Normalising the text people type or paste from Excel."""

import unicodedata


def normalize_text(value: object) -> str:
    """Full-width digits and letters to half-width (NFKC), surrounding and inner blanks removed for codes."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return text.strip()


def compact(value: object) -> str:
    """normalize_text, then every blank removed (ID numbers, phones, codes never contain spaces)."""
    return "".join(normalize_text(value).split())
