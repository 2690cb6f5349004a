"""Production preflight (actions/preflight.py): each development leftover is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions import preflight
from actions.preflight import office_problems, production_problems
from actions.settings import DEV_FACTOR_KEY, PROJECT_ROOT, Settings

SECRET = "k" * 40
CLEAN_ENV = {"RASA_TELEMETRY_ENABLED": "false", "WEBCHAT_SESSION_KEY": "w" * 40}
CONFIRMED_OFFICE = """\
office:
  ward_name: phường Thử
offices:
  ubnd_one_stop:
    name: Trung tâm Phục vụ hành chính công phường Thử
    address: Số 1 phố Thử, phường Thử
    phone: "024 3851 2345"
    opening_hours: "Sáng 8h00–12h00"
    confirmed: [name, address, phone, opening_hours]
procedures: {}
"""
LEGACY_OFFICE = """\
office:
  ward_name: phường Thử
  name: Trung tâm Phục vụ hành chính công phường Thử
  address: Số 1 phố Thử, phường Thử
  phone: "024 3851 2345"
  opening_hours: "Sáng 8h00–12h00"
  confirmed: [name, address, phone, opening_hours]
"""


def ward_dir(tmp_path: Path, text: str = CONFIRMED_OFFICE, code: str = "99999") -> Path:
    (tmp_path / "wards").mkdir(exist_ok=True)
    (tmp_path / "wards" / f"{code}.yml").write_text(text, encoding="utf-8")
    return tmp_path


def settings(tmp_path: Path, key: str = SECRET, text: str = CONFIRMED_OFFICE) -> Settings:
    return Settings(code="99999", data_dir=ward_dir(tmp_path, text), dossier_factor_key=key)


def test_a_production_configuration_passes(tmp_path: Path) -> None:
    assert production_problems(CLEAN_ENV, settings(tmp_path)) == []


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        (DEV_FACTOR_KEY, "public development key"),
        ("short-key", "at least 32"),
        ("", "public development key"),
    ],
)
def test_factor_key_refused(tmp_path: Path, key: str, fragment: str) -> None:
    [problem] = production_problems(CLEAN_ENV, settings(tmp_path, key=key))
    assert "WARD_DOSSIER_FACTOR_KEY" in problem and fragment in problem


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"RASA_ENABLE_API": "true"}, "API would be open"),
        ({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": " "}, "API would be open"),
        ({"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": "abc"}, "RASA_AUTH_TOKEN is shorter"),
    ],
)
def test_open_api_refused(tmp_path: Path, env: dict[str, str], fragment: str) -> None:
    [problem] = production_problems(CLEAN_ENV | env, settings(tmp_path))
    assert fragment in problem


def test_a_missing_webchat_session_key_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in CLEAN_ENV.items() if k != "WEBCHAT_SESSION_KEY"}
    [problem] = production_problems(env, settings(tmp_path))
    assert "WEBCHAT_SESSION_KEY" in problem


def test_an_in_memory_webhook_dedupe_store_is_refused(tmp_path: Path) -> None:
    [problem] = production_problems(
        CLEAN_ENV | {"WEBHOOK_DEDUPE_URL": "memory://"}, settings(tmp_path)
    )
    assert "WEBHOOK_DEDUPE_URL" in problem


def test_api_with_a_token_passes(tmp_path: Path) -> None:
    env = CLEAN_ENV | {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": SECRET}
    assert production_problems(env, settings(tmp_path)) == []


@pytest.mark.parametrize("value", [None, "", "true", "True", "1"])
def test_telemetry_must_be_off(tmp_path: Path, value: str | None) -> None:
    env = {"WEBCHAT_SESSION_KEY": CLEAN_ENV["WEBCHAT_SESSION_KEY"]}
    if value is not None:
        env["RASA_TELEMETRY_ENABLED"] = value
    [problem] = production_problems(env, settings(tmp_path))
    assert "RASA_TELEMETRY_ENABLED" in problem


CONFIRMED = "    confirmed: [name, address, phone, opening_hours]"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (CONFIRMED, "    confirmed: [name, address, opening_hours]", "phone missing or not"),
        (CONFIRMED, "    confirmed: []", "name, address, phone, opening_hours missing"),
        ("    address: Số 1 phố Thử, phường Thử", "    address: null", "address missing"),
        ('"024 3851 2345"', '"024 0000 0000"', "ubnd_one_stop.phone is a placeholder"),
        ("Số 1 phố Thử, phường Thử", "TODO", "ubnd_one_stop.address is a placeholder"),
        ("Số 1 phố Thử, phường Thử", "TO BE CONFIRMED", "address is a placeholder"),
    ],
)
def test_placeholder_office_data_refused(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    assert old in CONFIRMED_OFFICE
    [problem] = office_problems("99999", ward_dir(tmp_path, CONFIRMED_OFFICE.replace(old, new)))
    assert fragment in problem


def test_every_office_is_checked(tmp_path: Path) -> None:
    text = CONFIRMED_OFFICE.replace(
        "procedures: {}", "  commune_police:\n    name: Công an phường Thử\n    confirmed: [name]"
    )
    [problem] = office_problems("99999", ward_dir(tmp_path, text))
    assert "offices.commune_police: address, phone, opening_hours" in problem


def test_legacy_office_section_passes_when_confirmed(tmp_path: Path) -> None:
    assert office_problems("99999", ward_dir(tmp_path, LEGACY_OFFICE)) == []


def test_invalid_ward_file(tmp_path: Path) -> None:
    [problem] = office_problems("99999", ward_dir(tmp_path, "offices:\n  moon_base: {}\n"))
    assert "invalid" in problem


def test_missing_ward_file_or_office(tmp_path: Path) -> None:
    assert "missing" in office_problems("12345", tmp_path)[0]
    assert "no office" in office_problems("99999", ward_dir(tmp_path, "procedures: {}\n"))[0]


def test_shipped_demo_ward_is_refused() -> None:
    """The shipped Đống Đa file has unconfirmed contact data (demo): not for production."""
    problems = office_problems("00235", PROJECT_ROOT / "data")
    assert any("offices.ubnd_one_stop" in p for p in problems)


def test_every_problem_listed_at_once(tmp_path: Path) -> None:
    text = CONFIRMED_OFFICE.replace("024 3851 2345", "024 0000 0000")
    problems = production_problems(
        {"RASA_ENABLE_API": "true"}, settings(tmp_path, DEV_FACTOR_KEY, text)
    )
    assert len(problems) == 5  # key, API, telemetry, web session key, placeholder phone


@pytest.mark.parametrize(
    ("env", "argv", "code"),
    [
        ({}, [], 0),
        ({"WARD_ENV": "development"}, [], 0),
        ({"WARD_ENV": "production"}, [], 1),
        ({}, ["--production"], 1),
        ({"WARD_ENV": "prod"}, [], 1),
    ],
)
def test_main_exit_codes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    argv: list[str],
    code: int,
) -> None:
    for name in ("WARD_ENV", "WARD_DOSSIER_FACTOR_KEY", "RASA_ENABLE_API", "WARD_CODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert preflight.main(argv) == code
    if env.get("WARD_ENV") == "production":
        err = capsys.readouterr().err
        assert "refusing to start" in err
        assert "WARD_DOSSIER_FACTOR_KEY" in err and "offices.ubnd_one_stop" in err
