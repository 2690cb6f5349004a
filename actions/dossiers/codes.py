"""Dossier receipt codes (mã hồ sơ): the official format, and finding one however it is typed.

Thông tư 01/2018/TT-VPCP Art. 19: ``V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`` — the receiving
unit's identifier (the last part is ``H``/``G`` + 2 digits: province or ministry), the
reception date and a 4-digit daily sequence number. The format lives here only.

What :func:`parse_dossier_code` accepts (docs/dossiers.md "Recognising a code"):

* the canonical form anywhere in a message, a URL or the JSON of the receipt's QR code;
* any case, with the dots and dashes replaced by spaces, missing, or misplaced
  ("000 00 27 h26 251017 0012", "0000027H26-251017-0012", "000002 7h26 250811 0034");
* a partial code without the unit's first seven characters ("H26-251017-0012") only when
  a default unit is given (the ward's own receiving unit) and its province matches: the
  ward issues all its receipts under one unit code, so the rest is not ambiguous for it.

The reception date must be a real date, so that a phone number or a random run of
digits is not taken for a code.
"""

from __future__ import annotations

import re
from datetime import date

#: Validation pattern of a canonical code (docs/dossiers.md).
CODE_PATTERN = re.compile(
    r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[GH][0-9]{2}-[0-9]{6}-[0-9]{4}$"
)
UNIT_PATTERN = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[GH][0-9]{2}$")

_CANONICAL_ANYWHERE = re.compile(
    r"(?<![0-9A-Za-z])([0-9A-Za-z]{3}\.[0-9A-Za-z]{2}\.[0-9A-Za-z]{2}\.[GHgh][0-9]{2}"
    r"-[0-9]{6}-[0-9]{4})(?![0-9])"
)
_COMPACT_FULL = re.compile(
    r"^([0-9A-Z]{3})([0-9A-Z]{2})([0-9A-Z]{2})([GH][0-9]{2})([0-9]{6})([0-9]{4})$"
)
_COMPACT_PARTIAL = re.compile(r"^([GH][0-9]{2})([0-9]{6})([0-9]{4})$")
# Tokens keep only what a code is made of; everything else (Vietnamese words, "=", "?",
# quotes, brackets) separates them.
_TOKEN_SPLIT = re.compile(r"[^0-9A-Za-z.\-_]+")
_JOINERS = re.compile(r"[.\-_]")
MAX_TOKENS_PER_CODE = 8


def format_code(unit: str, received: date, sequence: int) -> str:
    """The canonical code of the ``sequence``-th dossier received by ``unit`` on ``received``."""
    if not UNIT_PATTERN.match(unit):
        raise ValueError(f"not a receiving-unit code: {unit!r}")
    if not 0 <= sequence <= 9999:
        raise ValueError(f"sequence out of range: {sequence}")
    return f"{unit}-{received:%y%m%d}-{sequence:04d}"


def is_valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(code)) and _real_date(code[-11:-5])


def reception_date(code: str) -> date:
    """The reception date written in a canonical code."""
    digits = code[-11:-5]
    return date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))


def _real_date(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def _from_compact(compact: str, default_unit: str | None) -> str | None:
    full = _COMPACT_FULL.match(compact)
    if full:
        a, b, c, province, day, seq = full.groups()
        code = f"{a}.{b}.{c}.{province}-{day}-{seq}"
        return code if is_valid_code(code) else None
    partial = _COMPACT_PARTIAL.match(compact)
    if partial and default_unit:
        province, day, seq = partial.groups()
        if default_unit.upper().endswith(province):
            code = f"{default_unit.upper()}-{day}-{seq}"
            return code if is_valid_code(code) else None
    return None


def parse_dossier_code(text: str, default_unit: str | None = None) -> str | None:
    """The first dossier code in ``text``, in canonical form, or ``None``."""
    for match in _CANONICAL_ANYWHERE.finditer(text):
        code = match.group(1).upper()
        if is_valid_code(code):
            return code
    tokens = [_JOINERS.sub("", t).upper() for t in _TOKEN_SPLIT.split(text)]
    tokens = [t for t in tokens if t]
    for start in range(len(tokens)):
        compact = ""
        for token in tokens[start : start + MAX_TOKENS_PER_CODE]:
            compact += token
            if len(compact) > 20:
                break
            code = _from_compact(compact, default_unit)
            if code:
                return code
    return None


def looks_like_code_attempt(text: str) -> bool:
    """Whether the citizen seems to have typed a code (digits), even a wrong one."""
    return sum(ch.isdigit() for ch in text) >= 4
