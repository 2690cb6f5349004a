"""Personal numbers out of stored text: citizen ID (CCCD/CMND) and phone numbers.

Standard library only: the Rasa server (tracker store, logs) and the action server (logs)
both import it. Every digit of a match becomes ``*`` and separators stay, so
"0912 345 678" is stored as "**** *** ***": no digit survives, not even the last four,
which are the dossier lookup's second factor.

Recognised (Vietnamese formats, with optional spaces, dots or dashes between digits):
mobile numbers ``0[35789]x xxx xxxx`` / ``+84 9x …`` / ``84 9x …``; landlines
``02x xxxx xxxx`` with the same prefixes; 12-digit CCCD (optionally grouped by 3 or 4);
9-digit CMND. Shorter runs (dates, fees, 4-digit factors, dossier codes' 6+4 digits that
start with the year) are left alone: the factor reply is masked separately, by position.
"""

from __future__ import annotations

import logging
import re

_SEP = r"[ .\-]?"
_PHONE = re.compile(rf"(?<![\w+])(?:\+84|84|0){_SEP}(?:[35789]|2\d)(?:{_SEP}\d){{8}}(?![\w])")
_CCCD = re.compile(rf"(?<![\w])\d(?:{_SEP}\d){{11}}(?![\w])")
_CMND = re.compile(r"(?<![\w])\d{9}(?![\w])")
_DIGIT = re.compile(r"\d")
MASK_CHAR = "*"


def _star(match: re.Match[str]) -> str:
    return _DIGIT.sub(MASK_CHAR, match.group(0))


def mask_personal_numbers(text: str) -> str:
    """``text`` with every phone, CCCD and CMND number's digits replaced by ``*``."""
    if sum(ch.isdigit() for ch in text) < 9:
        return text
    for pattern in (_PHONE, _CCCD, _CMND):
        text = pattern.sub(_star, text)
    return text


def mask_all_digits(text: str) -> str:
    """Every digit masked: for replies known to carry a secret (the lookup's factor)."""
    return _DIGIT.sub(MASK_CHAR, text)


def install_log_masking() -> None:
    """Mask personal numbers in every log record created from now on, in this process.

    A record factory rather than a filter: filters on a logger do not see records that
    propagate from child loggers, and Rasa, Sanic and rasa_sdk log through many.
    Idempotent.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_personal_numbers", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return record
        masked = mask_personal_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    factory.masks_personal_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
