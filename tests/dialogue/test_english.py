"""An English message gets an English reply naming what it is about, found by the Vietnamese
procedure finder in the message's translation."""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from typing import Any

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.store import CardStore, load_cards
from actions.dialogue.english import AnswerEnglish
from actions.scope.store import load_scope
from actions.settings import PROJECT_ROOT
from tests.dialogue.conftest import make_tracker
from tests.fakes import InMemoryProcedureRepository, make_procedure, provider

DATA = PROJECT_ROOT / "data"


@lru_cache(maxsize=1)
def shipped_catalogue() -> InMemoryProcedureRepository:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    aliases = yaml.safe_load((DATA / "procedures" / "aliases.yml").read_text(encoding="utf-8"))
    aliases = aliases.get("aliases", aliases)
    return InMemoryProcedureRepository(
        [
            make_procedure(
                r["code"], r["name"], aliases=list(aliases.get(r["code"], ())), group=r["group"]
            )
            for r in records
        ]
    )


@lru_cache(maxsize=1)
def shipped_cards() -> CardStore:
    return load_cards(DATA / "cards")


def run(text: str, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Any]]:
    """The shipped glossary, catalogue names, cards and scope list."""
    action = AnswerEnglish(
        catalogue=provider(shipped_catalogue()),
        cards=shipped_cards,
        scope=lambda: load_scope(DATA),
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(text, intent="english"), domain))
    return dispatcher.messages, events


@pytest.mark.parametrize(
    ("text", "intent", "code"),
    [
        # civil status: the foreign element comes from a nationality, not a listed phrase
        ("My Australian husband died in Hanoi, where do I register the death?",
         "ask_submission", "1.001766"),
        ("My grandfather died at home last night, how do we register his death?",
         "ask_procedure", "1.000656"),
        ("We are both Vietnamese and want to get married next month, what papers do we need?",
         "ask_papers", "1.000894"),
        ("My fiancée is Korean; what documents do we need to register our marriage?",
         "ask_papers", "2.000806"),
        ("I need a certificate of single status to marry abroad, how long does it take?",
         "ask_duration", "1.004873"),
        ("There is a mistake in my son's name on his birth certificate, how can I correct it?",
         "ask_procedure", "1.004859"),
        ("I want to be recognised as the father of my daughter", "ask_procedure", "1.001022"),
        # residence, ID
        ("I am a student renting a room, how do I register temporary residence?",
         "ask_procedure", "1.004194"),
        ("Two Japanese engineers rent my flat. Must I declare their temporary residence?",
         "ask_procedure", "1.000253"),
        ("I will be away working in another province for a year, do I need to declare a "
         "temporary absence?", "ask_procedure", "1.003677"),
        ("My ID card expired, how do I renew it?", "ask_procedure", "1.014063"),
        ("How can I correct my date of birth in the population database?",
         "ask_procedure", "1.012564"),
        # certification
        ("I need to certify my signature on a letter, what is the fee?", "ask_fee", "2.000884"),
        ("Can the ward certify a copy of my university diploma? How much per page?",
         "ask_fee", "2.000815"),
        ("My mother wants to make a will, can the ward certify it?", "ask_procedure", "2.001019"),
        # land, building
        ("Our family has farmed this plot for decades but never got a red book. How do we "
         "apply for the first land use certificate?", "ask_procedure", "1.013978"),
        ("My red book has an error in my mother's name", "ask_procedure", "1.012796"),
        ("Where do I register a mortgage on our land use rights?", "ask_submission", "1.011441"),
        ("How do I get a building permit for a three storey house?", "ask_procedure", "1.013225"),
        # business
        ("My wife is Vietnamese and I am French. Can I register a household business to open "
         "a small cafe?", "ask_procedure", "1.001612"),
        ("I want to close my household business, what should I do?", "ask_procedure", "1.001266"),
        ("Can I suspend my household business for three months?", "ask_procedure", "1.001570"),
    ],
)  # fmt: skip
def test_an_english_question_names_the_ward_procedure_with_the_answer_one_click_away(
    domain: dict[str, Any], text: str, intent: str, code: str
) -> None:
    messages, events = run(text, domain)
    assert messages[0]["response"] == "utter_english_procedure"
    assert messages[0]["guide_payload"] == f"/{intent}" + json.dumps({"procedure_code": code})
    assert events == [SlotSet("procedure_code", code)]


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("My husband is German, how can he extend his visa in Vietnam?", "xuất nhập cảnh"),
        ("Where do I apply for a new passport for my son?", "xuất nhập cảnh"),
        ("How do I apply for a driving licence?", "Cảnh sát giao thông"),
        ("I want to get divorced, where do I file?", "Tòa án"),
        ("Where do I pay my personal income tax?", "thuế"),
        ("I want to set up a limited company with a friend", "Đăng ký kinh doanh"),
        ("Can the ward give me a criminal record certificate?", "Lý lịch tư pháp"),
    ],
)
def test_an_english_question_about_another_agency_says_who_handles_it(
    domain: dict[str, Any], text: str, agency: str
) -> None:
    messages, events = run(text, domain)
    assert messages[0]["response"] == "utter_english_elsewhere"
    assert agency.casefold() in messages[0]["handled_by"].casefold()
    assert messages[0]["matter"]
    assert events == [SlotSet("procedure_code", None)]


def test_several_close_procedures_are_offered_as_buttons_then_talk_to_staff(
    domain: dict[str, Any],
) -> None:
    messages, _ = run("We married in Korea, how do we record our marriage in Vietnam?", domain)
    [message] = messages
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/ask_procedure{"procedure_code": "2.002189"}' in payloads
    assert payloads[-1] == "/request_human"
    assert message["text"].startswith("Hello!")


@pytest.mark.parametrize(
    "text", ["Hello, can you speak English?", "What is the weather like today?"]
)
def test_nothing_named_gets_what_the_assistant_does(domain: dict[str, Any], text: str) -> None:
    messages, events = run(text, domain)
    assert messages[0]["response"] == "utter_english"
    assert events == []


def test_every_english_response_renders_with_the_values_the_action_sends(
    domain: dict[str, Any],
) -> None:
    for text in ["How do I register a birth?", "Where do I renew my passport?"]:
        [message], _ = run(text, domain)
        template = domain["responses"][message["response"]][0]["text"]
        values = {k: v for k, v in message.items() if k not in ("response", "buttons")}
        assert "{" not in template.format(**values)


def test_a_model_trained_before_the_choices_response_still_offers_the_choices(
    domain: dict[str, Any],
) -> None:
    older = {**domain, "responses": dict(domain["responses"])}
    del older["responses"]["utter_english_choices"]
    messages, _ = run("We married in Korea, how do we record our marriage in Vietnam?", older)
    [message] = messages
    assert message["text"] == older["responses"]["utter_english"][0]["text"]
    assert '/ask_procedure{"procedure_code": "2.002189"}' in [
        b["payload"] for b in message["buttons"]
    ]
