"""Bounds on client input (bot/channels/limits.py) and the too-long reply they rely on."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from bot.channels.limits import (
    BUTTON_INTENTS,
    MAX_MESSAGE_CHARS,
    TOO_LONG_PAYLOAD,
    bounded_text,
    client_metadata,
    domain_intents,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xin chào", "xin chào"),
        ("a" * MAX_MESSAGE_CHARS, "a" * MAX_MESSAGE_CHARS),
        ("a" * (MAX_MESSAGE_CHARS + 1), TOO_LONG_PAYLOAD),
        ("/" + "a" * 100_000, TOO_LONG_PAYLOAD),
        ("/greet", "/greet"),
        ("  /ask_fee  ", "/ask_fee"),
        ('/ask_papers{"procedure_code": "1.000080"}', '/ask_papers{"procedure_code": "1.000080"}'),
        ('/ask_fee{"procedure_code":"LOCAL-00235-001"}',
         '/ask_fee{"procedure_code":"LOCAL-00235-001"}'),
        ('/ask_fee{"procedure_code": "1.0 OR 1=1"}', 'ask_fee{"procedure_code": "1.0 OR 1=1"}'),
        ('/ask_fee{"procedure_code": 1}', 'ask_fee{"procedure_code": 1}'),
        ('/ask_fee{"procedure_code": "1.000080", "x": "y"}',
         'ask_fee{"procedure_code": "1.000080", "x": "y"}'),
        ("/ask_fee{not json}", "ask_fee{not json}"),
        ("/ask_fee@1.0", "ask_fee@1.0"),
        ("/session_start", "session_start"),  # not a button intent
        ("/", ""),
        ("1/2 lệ phí", "1/2 lệ phí"),
    ],
)  # fmt: skip
def test_bounded_text(text: str, expected: str) -> None:
    assert bounded_text(text) == expected


def test_the_domain_decides_which_intents_a_payload_may_name() -> None:
    assert (
        bounded_text("/check_dossier_status", {"check_dossier_status"}) == "/check_dossier_status"
    )
    assert bounded_text("/greet", {"check_dossier_status"}) == "greet"


def test_the_domain_intents_are_read_from_the_loaded_agent() -> None:
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=None)))
    assert domain_intents(app) is None
    app.ctx.agent.domain = SimpleNamespace(intents=["greet", "restart"])
    assert domain_intents(app) == {"greet", "restart"}
    assert domain_intents(SimpleNamespace(ctx=SimpleNamespace())) is None


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ({"ward_code": "00235"}, {"ward_code": "00235"}),
        ('{"ward_code": "00235"}', {"ward_code": "00235"}),
        ({"ward_code": "00235", "phone": "0912345678"}, {"ward_code": "00235"}),
        ({"ward_code": 235}, {}),
        ({"ward_code": "0023"}, {}),
        ('{"ward_code": "00235", "pad": "' + "x" * 2000 + '"}', {}),
        ("[1, 2]", {}),
        (None, {}),
        (["ward_code"], {}),
    ],
)
def test_client_metadata_keeps_the_ward_code_only(raw: object, kept: dict[str, str]) -> None:
    assert client_metadata(raw) == kept


def load(path: str) -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / path).read_text(encoding="utf-8")))


def test_the_too_long_intent_is_answered_politely() -> None:
    domain = load("bot/domain/safety.yml")
    assert TOO_LONG_PAYLOAD.lstrip("/") in domain["intents"]
    rules = load("data/rules/safety.yml")["rules"]
    assert {"intent": "message_too_long"} in rules[0]["steps"]
    assert {"action": "utter_message_too_long"} in rules[0]["steps"]
    for name in ("utter_message_too_long", "utter_restart"):
        text = domain["responses"][name][0]["text"]
        assert "anh/chị" in text.lower() and len(text) < 700
        assert unicodedata.is_normalized("NFC", text)


def test_no_text_is_ever_trained_as_too_long() -> None:
    """The intent comes from the channel only: an NLU example would let DIET predict it."""
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            assert block.get("intent") != "message_too_long", path


def test_every_button_intent_exists_in_the_domain() -> None:
    declared = {"restart"}  # Rasa's own
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        declared |= set(yaml.safe_load(path.read_text(encoding="utf-8")).get("intents") or [])
    assert declared >= BUTTON_INTENTS


def test_a_case_button_payload_passes_and_a_forged_case_does_not() -> None:
    from bot.channels.limits import bounded_text

    good = '/choose_case{"procedure_code": "1.004222", "procedure_case": "1.004222#own_home"}'
    assert bounded_text(good) == good
    forged = '/choose_case{"procedure_code": "1.004222", "procedure_case": "x y; DROP"}'
    assert not bounded_text(forged).startswith("/")
