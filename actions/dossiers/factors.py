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
import os
import secrets
from functools import lru_cache

from actions.settings import DEV_FACTOR_KEY, get_settings
from actions.text.masking import ascii_digits, find_personal_numbers

logger = logging.getLogger(__name__)

FACTOR_DIGITS = 4

PHONE = "phone"
ID_NUMBER = "id"


#: A production key shorter than this is refused: the key is the factors' only protection.
MIN_PRODUCTION_KEY_CHARS = 32


class InsecureFactorKey(RuntimeError):
    """WARD_ENV=production with the public development key (or a short/empty one)."""


def is_production() -> bool:
    """Whether WARD_ENV says production (read when asked, never at import)."""
    return os.environ.get("WARD_ENV", "").strip().lower() == "production"


def is_development_key(key: str | None = None) -> bool:
    """Whether the factor HMAC key (``key``, or the configured one) is the public
    development key or empty: with it, a copy of dossiers.db gives every factor away."""
    value = get_settings().dossier_factor_key.get_secret_value() if key is None else key
    return not value.strip() or hmac.compare_digest(value.encode(), DEV_FACTOR_KEY.encode())


def factor_key_problem(key: str | None = None) -> str | None:
    """Why the factor key must not be used in production, or None. For the preflight."""
    value = get_settings().dossier_factor_key.get_secret_value() if key is None else key
    if is_development_key(value):
        return (
            "WARD_DOSSIER_FACTOR_KEY is unset or the public development key: anyone with a "
            "copy of the dossier database recovers every owner's last 4 digits in seconds. "
            "Set a random secret, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    if len(value) < MIN_PRODUCTION_KEY_CHARS:
        return (
            f"WARD_DOSSIER_FACTOR_KEY has {len(value)} characters; use a random secret of "
            f"at least {MIN_PRODUCTION_KEY_CHARS}."
        )
    return None


def check_factor_key() -> None:
    """Refuse (InsecureFactorKey) an unsafe key in WARD_ENV=production; warn in development.

    Called when the action server registers ``action_dossier_lookup``, so a production
    server with the public key does not start at all.
    """
    problem = factor_key_problem()
    if problem is None:
        return
    if is_production():
        raise InsecureFactorKey(f"WARD_ENV=production: {problem}")
    if is_development_key():
        logger.warning(
            "WARD_DOSSIER_FACTOR_KEY is not set: dossier factors are hashed with the public "
            "development key. Set a secret key before loading real dossiers."
        )


@lru_cache(maxsize=1)
def factor_key() -> bytes:
    check_factor_key()
    return get_settings().dossier_factor_key.get_secret_value().encode("utf-8")


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
    digits = ascii_digits(number)
    if len(digits) < FACTOR_DIGITS:
        raise ValueError("too few digits")
    return digits[-FACTOR_DIGITS:]


def parse_factor(text: str) -> str | None:
    """The 4 digits a citizen typed, or the last 4 of a full phone/CCCD number typed instead.

    Digits are read as ASCII whatever the keyboard ("５６７８" is 5678); a full number is
    recognised in every form the masking knows (actions/text/masking.py), so what is
    masked in storage and what is taken as the factor are the same number.
    """
    digits = ascii_digits(text)
    if len(digits) == FACTOR_DIGITS:
        return digits
    numbers = find_personal_numbers(text)
    if len(numbers) == 1 and len(digits) == len(numbers[0].digits):
        return numbers[0].last4
    return None


def mask_name(full_name: str) -> str:
    """ "Nguyễn Văn An" -> "Nguyễn V** A**": the family name and initials only."""
    words = full_name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "**" for w in words[1:])])


def mask_phone(phone: str) -> str:
    """The first 3 digits only: the last 4 are the factor and must not be shown."""
    digits = ascii_digits(phone)
    return digits[:3] + "*" * (len(digits) - 3)


def mask_id_number(number: str) -> str:
    """The first 3 digits (province of registration) only."""
    digits = ascii_digits(number)
    return digits[:3] + "*" * (len(digits) - 3)
