"""The ward desk's hotline, read straight from the ward file (data/wards/<code>.yml).

Both servers need it when something is down: the Rasa server when the action server does
not answer, the action server when the procedure database is damaged. Neither can then ask
the database, so this reads the override file itself. Standard library and PyYAML only.

A phone is given only when the file says it is confirmed (``confirmed: true`` on the office,
``confirmed: [phone, ...]`` or ``confirmed: {phone: true}``, or ``phone: {value: ...,
confirmed: true}``): a placeholder must never reach a citizen as a real number. Both the
``office:`` mapping and the per-agency ``offices: {ubnd_one_stop: ...}`` form are read.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

DEFAULT_WARD_CODE = "00235"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: The office that receives every dossier: the People's Committee one-stop desk.
DESK_KIND = "ubnd_one_stop"
#: The apologies of degraded mode (bot/domain/degraded.yml), with and without a hotline.
UNAVAILABLE_WITH_PHONE = "utter_service_unavailable"
UNAVAILABLE_WITHOUT_PHONE = "utter_service_unavailable_no_phone"


@dataclass(frozen=True)
class DeskContact:
    ward_name: str = ""
    office_name: str = ""
    #: None when the file has no phone or has not confirmed it.
    phone: str | None = None


def ward_file(code: str | None = None, data_dir: Path | str | None = None) -> Path:
    """The override file of ``code`` (default: $WARD_CODE, $WARD_DATA_DIR, as the action
    server's settings read them)."""
    code = code or os.environ.get("WARD_CODE") or DEFAULT_WARD_CODE
    folder = Path(data_dir or os.environ.get("WARD_DATA_DIR") or DEFAULT_DATA_DIR)
    return folder / "wards" / f"{code}.yml"


def desk_contact(code: str | None = None, data_dir: Path | str | None = None) -> DeskContact:
    """The desk's contact; an empty one when the file is missing or unreadable."""
    path = ward_file(code, data_dir)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        logger.warning("ward file %s not found: no hotline in degraded replies", path)
        return DeskContact()
    return _read(str(path), mtime)


def unavailable_response(
    code: str | None = None, data_dir: Path | str | None = None
) -> tuple[str, dict[str, str]]:
    """The apology to say when a server or database is down, and its values."""
    phone = desk_contact(code, data_dir).phone
    if phone:
        return UNAVAILABLE_WITH_PHONE, {"phone": phone}
    return UNAVAILABLE_WITHOUT_PHONE, {}


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int) -> DeskContact:
    # Keyed by mtime: an edited ward file is read again, an unchanged one never.
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        logger.warning("ward file %s unreadable: no hotline in degraded replies", path)
        return DeskContact()
    if not isinstance(data, dict):
        return DeskContact()
    office = _desk_office(data)
    ward_name = _text(office.get("ward_name")) or _text(data.get("ward_name"))
    return DeskContact(
        ward_name=ward_name,
        office_name=_text(office.get("name")),
        phone=_confirmed_phone(office),
    )


def _desk_office(data: dict[str, Any]) -> dict[str, Any]:
    offices = data.get("offices")
    if isinstance(offices, dict) and isinstance(offices.get(DESK_KIND), dict):
        desk: dict[str, Any] = offices[DESK_KIND]
        legacy = data.get("office")
        # The ward's name may stay on the legacy mapping.
        if isinstance(legacy, dict) and "ward_name" not in desk:
            return {"ward_name": legacy.get("ward_name"), **desk}
        return desk
    office = data.get("office")
    return office if isinstance(office, dict) else {}


def _confirmed_phone(office: dict[str, Any]) -> str | None:
    phone = office.get("phone")
    confirmed = office.get("confirmed")
    if isinstance(phone, dict):
        confirmed = phone.get("confirmed", False)
        phone = phone.get("value") or phone.get("number")
    number = _text(phone)
    if not number:
        return None
    if confirmed is True:
        return number
    if isinstance(confirmed, list) and "phone" in confirmed:
        return number
    if isinstance(confirmed, dict) and confirmed.get("phone") is True:
        return number
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()
