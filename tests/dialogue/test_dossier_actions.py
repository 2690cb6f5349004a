"""The dossier lookup form's validation and the lookup action, with fakes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.dossier import LookUpDossier, ValidateDossierLookupForm
from actions.dossiers.service import DossierLookupService, Requester
from tests.dossiers.fakes import VIEW, Clock, FakeAttempts, FakeBackend
from tests.fakes import InMemoryProcedureRepository, provider

CODE = VIEW.code
NOW = datetime(2025, 11, 20, 10, 0)


@pytest.fixture
def form_domain(domain: dict[str, Any]) -> dict[str, Any]:
    return domain | {
        "forms": {"dossier_lookup_form": {"required_slots": ["dossier_code", "dossier_factor"]}}
    }


def tracker(text: str, *, requested: str | None, **slots: Any) -> Tracker:
    return Tracker(
        sender_id="citizen-1",
        slots={"dossier_code": None, "dossier_factor": None, "requested_slot": requested} | slots,
        latest_message={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}},
        events=[{"event": "user", "text": text, "input_channel": "rest"}],
        paused=False,
        followup_action=None,
        active_loop={"name": "dossier_lookup_form"} if requested else {},
        latest_action_name="action_listen",
    )


async def validate(
    text: str, requested: str | None, domain: dict[str, Any], **slots: Any
) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateDossierLookupForm(lambda: "000.00.27.H26").run(
        dispatcher, tracker(text, requested=requested, **slots), domain
    )
    return events, [m["response"] for m in dispatcher.messages]


async def test_code_in_the_first_question_is_taken(form_domain: dict[str, Any]) -> None:
    events, said = await validate("Hồ sơ 000 00 27 h26 251017 0012 đến đâu rồi?", None, form_domain)
    assert SlotSet("dossier_code", CODE) in events
    assert said == []


async def test_partial_code_is_completed(form_domain: dict[str, Any]) -> None:
    events, _ = await validate("h26-251017-0012", "dossier_code", form_domain)
    assert SlotSet("dossier_code", CODE) in events


async def test_bad_code_is_asked_again(form_domain: dict[str, Any]) -> None:
    events, said = await validate("251017 12", "dossier_code", form_domain)
    assert SlotSet("dossier_code", None) in events
    assert said == ["utter_dossier_code_invalid"]


async def test_a_bare_number_is_the_factor_whatever_the_intent(form_domain: dict[str, Any]) -> None:
    events, said = await validate("5678", "dossier_factor", form_domain, dossier_code=CODE)
    assert SlotSet("dossier_factor", "5678") in events
    assert said == []


async def test_a_corrected_code_while_the_factor_is_asked(form_domain: dict[str, Any]) -> None:
    other = "000.00.27.H26-251020-0031"
    events, said = await validate(
        f"nhầm, mã là {other}", "dossier_factor", form_domain, dossier_code=CODE
    )
    assert SlotSet("dossier_code", other) in events
    assert not any(e.get("name") == "dossier_factor" for e in events)
    assert said == []


async def test_bad_factor_is_asked_again(form_domain: dict[str, Any]) -> None:
    events, said = await validate("56", "dossier_factor", form_domain, dossier_code=CODE)
    assert SlotSet("dossier_factor", None) in events
    assert said == ["utter_dossier_factor_invalid"]


@pytest.mark.parametrize("text", ["thôi", "Hủy ạ", "thôi không tra nữa"])
async def test_citizen_can_leave(form_domain: dict[str, Any], text: str) -> None:
    events, _ = await validate(text, "dossier_factor", form_domain, dossier_code=CODE)
    assert SlotSet("requested_slot", None) in events
    assert SlotSet("dossier_code", None) in events


async def test_a_question_inside_the_form_is_left_to_the_policies(
    form_domain: dict[str, Any],
) -> None:
    events, said = await validate("sao phải nhập số?", "dossier_factor", form_domain)
    assert events == [] and said == []


# --- action_dossier_lookup ---


class Harness:
    def __init__(self) -> None:
        self.backend = FakeBackend()
        self.attempts = FakeAttempts()
        self.clock = Clock(NOW)
        self.seen: list[Requester] = []

    @contextmanager
    def service(self) -> Iterator[DossierLookupService]:
        from actions.dossiers.limits import default_limits

        yield DossierLookupService(self.backend, self.attempts, default_limits(), self.clock)

    def action(self) -> LookUpDossier:
        return LookUpDossier(
            service=self.service,
            catalogue=provider(InMemoryProcedureRepository([])),
            clock=self.clock,
        )


async def lookup(
    harness: Harness,
    domain: dict[str, Any],
    code: str | None,
    factor: str | None,
    sender: str = "citizen-1",
) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    t = tracker("****", requested=None, dossier_code=code, dossier_factor=factor)
    t.sender_id = sender
    events = await harness.action().run(dispatcher, t, domain)
    return events, dispatcher


RESET = [SlotSet("dossier_factor", None), SlotSet("dossier_code", None)]


async def test_owner_gets_the_status_and_the_factor_is_forgotten(domain: dict[str, Any]) -> None:
    harness = Harness()
    events, dispatcher = await lookup(harness, domain, CODE, "5678")
    assert events == RESET
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_dossier_summary", "utter_dossier_status_processed"]
    summary = dispatcher.messages[0]
    assert summary["owner"] == "Nguyễn V** A**"
    assert summary["due"] == "24/10/2025"
    assert "5678" not in repr(dispatcher.messages)
    (record,) = harness.attempts.audit
    assert record.channel == "rest" and "citizen-1" not in record.sender_hash


async def test_wrong_factor_and_unknown_code_get_the_same_reply(domain: dict[str, Any]) -> None:
    harness = Harness()
    _, wrong = await lookup(harness, domain, CODE, "0000")
    _, unknown = await lookup(harness, domain, "000.00.27.H26-251017-0099", "5678", "other")
    assert wrong.messages == unknown.messages
    assert [m["response"] for m in wrong.messages] == ["utter_dossier_not_matched"]


async def test_locked_out_reply_tells_how_long(domain: dict[str, Any]) -> None:
    harness = Harness()
    for factor in ("0001", "0002", "0003"):
        await lookup(harness, domain, CODE, factor)
    events, dispatcher = await lookup(harness, domain, CODE, "5678")
    assert events == RESET
    (message,) = dispatcher.messages
    assert message["response"] == "utter_dossier_locked"
    assert message["wait"] == "15 phút"


async def test_strangers_cannot_lock_a_code_for_good(domain: dict[str, Any]) -> None:
    """The old rule locked a code for good after 10 failures over two days."""
    harness = Harness()
    for i in range(10):
        harness.clock.now = NOW + timedelta(days=i)
        await lookup(harness, domain, CODE, f"{i:04d}", f"s{i}")
    harness.clock.now += timedelta(minutes=15)
    _, dispatcher = await lookup(harness, domain, CODE, "5678", "owner")
    assert dispatcher.messages[0]["response"] == "utter_dossier_summary"


def test_the_action_server_refuses_the_development_key_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from actions.dossiers.factors import InsecureFactorKey
    from actions.settings import get_settings

    monkeypatch.setenv("WARD_ENV", "production")
    monkeypatch.delenv("WARD_DOSSIER_FACTOR_KEY", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(InsecureFactorKey):
            Harness().action()  # rasa_sdk builds every action when the server starts
        monkeypatch.setenv("WARD_DOSSIER_FACTOR_KEY", "s" * 40)
        get_settings.cache_clear()
        Harness().action()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


async def test_backend_down_gets_an_apology_and_the_office_phone(domain: dict[str, Any]) -> None:
    harness = Harness()
    harness.backend.down = True
    _, dispatcher = await lookup(harness, domain, CODE, "5678")
    (message,) = dispatcher.messages
    assert message["response"] == "utter_dossier_backend_down"
    assert message["phone"]


async def test_crash_is_never_silent(domain: dict[str, Any]) -> None:
    @contextmanager
    def broken() -> Iterator[DossierLookupService]:
        raise RuntimeError("database gone")
        yield  # pragma: no cover

    action = LookUpDossier(service=broken, catalogue=provider(InMemoryProcedureRepository([])))
    dispatcher = CollectingDispatcher()
    events = await action.run(
        dispatcher, tracker("", requested=None, dossier_code=CODE, dossier_factor="5678"), domain
    )
    assert events == RESET
    assert [m["response"] for m in dispatcher.messages] == ["utter_dossier_lookup_failed"]


async def test_left_form_says_so(domain: dict[str, Any]) -> None:
    events, dispatcher = await lookup(Harness(), domain, None, None)
    assert events == RESET
    assert [m["response"] for m in dispatcher.messages] == ["utter_dossier_lookup_cancelled"]
