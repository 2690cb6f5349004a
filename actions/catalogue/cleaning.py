"""Text clean-up shared by the importer: NFC, whitespace, placeholders, money formatting."""

from __future__ import annotations

import re
import unicodedata

PLACEHOLDERS = frozenset({"không có thông tin", "không có", "không", "không quy định", "-", "--"})

# Invisible characters the crawl left inside words ("đăng k\u200eý").
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_ALL_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_inline(text: str | None) -> str:
    """NFC, invisible characters removed, every whitespace run collapsed to one space."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", nfc(text)).replace("\u00a0", " ")
    return _ALL_WS.sub(" ", text).strip()


def clean_block(text: str | None) -> str:
    """Like :func:`clean_inline` but keeps line breaks (blank lines dropped)."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", nfc(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def is_placeholder(text: str | None) -> bool:
    if text is None:
        return True
    stripped = clean_inline(text).strip(" .()").lower()
    return stripped == "" or stripped in PLACEHOLDERS


def or_none(text: str | None) -> str | None:
    """Cleaned single-line text, or None for empty values and placeholders."""
    if is_placeholder(text):
        return None
    return clean_inline(text)


def format_vnd(amount: int) -> str:
    """10000 -> "10.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def parse_amount(digits: str) -> int:
    """ "10,000" / "10.000" -> 10000 (the portal uses "," and Vietnamese text "." as separator)."""
    return int(re.sub(r"[.,]", "", digits))


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
