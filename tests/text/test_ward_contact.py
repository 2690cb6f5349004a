"""The ward desk's hotline for degraded replies: only a confirmed phone is given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.text.ward_contact import DeskContact, desk_contact, unavailable_response

PHONE = "024 3851 2345"


def write(folder: Path, data: Any) -> Path:
    (folder / "wards").mkdir(exist_ok=True)
    path = folder / "wards" / "99999.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "phone"),
    [
        ({"office": {"phone": PHONE}}, None),  # the shipped placeholder: not confirmed
        ({"office": {"phone": PHONE, "confirmed": False}}, None),
        ({"office": {"phone": PHONE, "confirmed": True}}, PHONE),
        ({"office": {"phone": PHONE, "confirmed": ["address"]}}, None),
        ({"office": {"phone": PHONE, "confirmed": ["phone"]}}, PHONE),
        ({"office": {"phone": PHONE, "confirmed": {"phone": True}}}, PHONE),
        ({"office": {"phone": {"value": PHONE, "confirmed": True}}}, PHONE),
        ({"office": {"phone": None, "confirmed": True}}, None),
        ({"offices": {"ubnd_one_stop": {"phone": PHONE, "confirmed": True}}}, PHONE),
        ({"offices": {"commune_police": {"phone": PHONE, "confirmed": True}}}, None),
    ],
)
def test_phone_only_when_confirmed(tmp_path: Path, data: Any, phone: str | None) -> None:
    write(tmp_path, data)
    assert desk_contact("99999", tmp_path).phone == phone


def test_ward_name_and_office_from_either_form(tmp_path: Path) -> None:
    write(tmp_path, {"office": {"ward_name": "phường Thử"},
                     "offices": {"ubnd_one_stop": {"name": "Bộ phận Một cửa"}}})  # fmt: skip
    assert desk_contact("99999", tmp_path) == DeskContact("phường Thử", "Bộ phận Một cửa", None)


@pytest.mark.parametrize("content", [None, "office: [unclosed", "- a list\n"])
def test_missing_or_broken_file_gives_no_contact(tmp_path: Path, content: str | None) -> None:
    if content is not None:
        (tmp_path / "wards").mkdir()
        (tmp_path / "wards" / "99999.yml").write_text(content, encoding="utf-8")
    assert desk_contact("99999", tmp_path) == DeskContact()
    assert unavailable_response("99999", tmp_path) == ("utter_service_unavailable_no_phone", {})


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, {"office": {"phone": PHONE}})
    assert unavailable_response("99999", tmp_path)[0] == "utter_service_unavailable_no_phone"
    write(tmp_path, {"office": {"phone": PHONE, "confirmed": True}})
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    expected = ("utter_service_unavailable", {"phone": PHONE})
    assert unavailable_response("99999", tmp_path) == expected


def test_environment_names_the_ward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"office": {"phone": PHONE, "confirmed": True}})
    monkeypatch.setenv("WARD_CODE", "99999")
    monkeypatch.setenv("WARD_DATA_DIR", str(tmp_path))
    assert desk_contact().phone == PHONE
