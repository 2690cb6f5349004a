"""actions/dossiers/factors.py: reading the factor, masked display, and the HMAC key's safety."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.dossiers.factors import (
    InsecureFactorKey,
    check_factor_key,
    factor_key_problem,
    is_development_key,
    mask_id_number,
    mask_name,
    mask_phone,
    parse_factor,
)
from actions.settings import DEV_FACTOR_KEY, get_settings

STRONG_KEY = "k" * 48


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("1234", "1234"),
        (" 12 34 ", "1234"),
        ("số cuối là 5678 ạ", "5678"),
        ("５６７８", "5678"),
        ("0912345678", "5678"),
        ("+84 912 345 678", "5678"),
        ("(+84) 912 345 678", "5678"),
        ("0084912345678", "5678"),
        ("sdt0912-345-678", "5678"),
        ("０９１２ ３４５ ６７８", "5678"),
        ("001090001234", "1234"),
        ("cccd 001 090 001 234", "1234"),
        ("123", None),
        ("12345", None),
        ("12345678", None),
        ("0912345678 hoặc 0987654321", None),  # which one? ask again
        ("không nhớ", None),
    ],
)
def test_parse_factor(text: str, factor: str | None) -> None:
    assert parse_factor(text) == factor


def test_masked_display_forms() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V** A**"
    assert mask_name("Lê Thị Thu Hà") == "Lê T** T** H**"
    assert mask_phone("0912 345 678") == "091*******"
    assert mask_id_number("001090001234") == "001*********"
    assert "5678" not in mask_phone("0912345678")


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Settings re-read from the patched environment, and forgotten afterwards."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("key", "development"), [(DEV_FACTOR_KEY, True), ("", True), ("  ", True), (STRONG_KEY, False)]
)
def test_is_development_key(key: str, development: bool) -> None:
    assert is_development_key(key) is development


def test_the_configured_key_is_checked(environment: pytest.MonkeyPatch) -> None:
    environment.delenv("WARD_DOSSIER_FACTOR_KEY", raising=False)
    assert is_development_key()
    environment.setenv("WARD_DOSSIER_FACTOR_KEY", STRONG_KEY)
    get_settings.cache_clear()
    assert not is_development_key()
    assert factor_key_problem() is None


def test_a_short_key_is_a_problem_too() -> None:
    problem = factor_key_problem("short-secret")
    assert problem is not None and "at least 32" in problem


@pytest.mark.parametrize("key", [None, DEV_FACTOR_KEY, "short-secret"])
def test_production_refuses_an_unsafe_key(environment: pytest.MonkeyPatch, key: str | None) -> None:
    environment.setenv("WARD_ENV", "production")
    if key is None:
        environment.delenv("WARD_DOSSIER_FACTOR_KEY", raising=False)
    else:
        environment.setenv("WARD_DOSSIER_FACTOR_KEY", key)
    with pytest.raises(InsecureFactorKey, match="WARD_DOSSIER_FACTOR_KEY"):
        check_factor_key()


def test_production_accepts_a_strong_key_and_development_only_warns(
    environment: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    environment.setenv("WARD_ENV", "production")
    environment.setenv("WARD_DOSSIER_FACTOR_KEY", STRONG_KEY)
    check_factor_key()
    environment.setenv("WARD_ENV", "development")
    environment.delenv("WARD_DOSSIER_FACTOR_KEY")
    get_settings.cache_clear()
    check_factor_key()
    assert "public development key" in caplog.text
