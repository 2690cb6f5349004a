"""The owner's second factor (last 4 digits of phone or CCCD), hashed, and masked display.

The factor has only 10^4 values, so no unkeyed hash protects it: anyone holding the
database could try them all, even through scrypt. It is therefore a keyed HMAC-SHA256
(key from settings, WARD_DOSSIER_FACTOR_KEY) over a per-dossier random salt, so equal
factors of two dossiers do not hash alike and the database alone reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from functools import lru_cache

from actions.settings import DEV_FACTOR_KEY, get_settings

logger = logging.getLogger(__name__)

FACTOR_DIGITS = 4
_NON_DIGIT = re.compile(r"\D")
# Full numbers a citizen may type instead of the last four: mobile/landline (with +84/84/0)
# and CCCD (12) / CMND (9).
_FULL_NUMBER_LENGTHS = frozenset({9, 10, 11, 12})

PHONE = "phone"
ID_NUMBER = "id"


@lru_cache(maxsize=1)
def factor_key() -> bytes:
    key = get_settings().dossier_factor_key.get_secret_value()
    if key == DEV_FACTOR_KEY:
        logger.warning(
            "WARD_DOSSIER_FACTOR_KEY is not set: dossier factors are hashed with the public "
            "development key. Set a secret key before loading real dossiers."
        )
    return key.encode("utf-8")


def new_salt() -> str:
    return secrets.token_hex(16)


def factor_mac(key: bytes, salt: str, kind: str, last4: str) -> str:
    message = f"{salt}|{kind}|{last4}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def matches(key: bytes, salt: str, kind: str, last4: str, stored_mac: str | None) -> bool:
    """Constant-time comparison; a missing stored value never matches (but costs the same)."""
    candidate = factor_mac(key, salt, kind, last4)
    return hmac.compare_digest(candidate, stored_mac or "0" * len(candidate))


def last4(number: str) -> str:
    digits = _NON_DIGIT.sub("", number)
    if len(digits) < FACTOR_DIGITS:
        raise ValueError("too few digits")
    return digits[-FACTOR_DIGITS:]


def parse_factor(text: str) -> str | None:
    """The 4 digits a citizen typed, or the last 4 of a full phone/CCCD number typed instead."""
    digits = _NON_DIGIT.sub("", text)
    if len(digits) == FACTOR_DIGITS:
        return digits
    if len(digits) in _FULL_NUMBER_LENGTHS:
        return digits[-FACTOR_DIGITS:]
    return None


def mask_name(full_name: str) -> str:
    """ "Nguyễn Văn An" -> "Nguyễn V** A**": the family name and initials only."""
    words = full_name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "**" for w in words[1:])])


def mask_phone(phone: str) -> str:
    """The first 3 digits only: the last 4 are the factor and must not be shown."""
    digits = _NON_DIGIT.sub("", phone)
    return digits[:3] + "*" * (len(digits) - 3)


def mask_id_number(number: str) -> str:
    """The first 3 digits (province of registration) only."""
    digits = _NON_DIGIT.sub("", number)
    return digits[:3] + "*" * (len(digits) - 3)
