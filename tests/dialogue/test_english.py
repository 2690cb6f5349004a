"""An English message gets an English reply naming what it is about."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.store import CardStore
from actions.dialogue.english import AnswerEnglish
from actions.procedures.english import EnglishGlossary, EnglishTopic
from actions.scope.store import Matter, Scope
from tests.dialogue.conftest import make_tracker
from tests.fakes import InMemoryProcedureRepository, make_procedure, provider

GLOSSARY = EnglishGlossary(
    (
        EnglishTopic("birth registration", ("birth",), code="1.001193"),
        EnglishTopic("a passport", ("passport",), matter="passport"),
        EnglishTopic("something retired", ("retired",), code="9.999999"),
    )
)
SCOPE = Scope(
    (Matter("passport", ("hộ chiếu",), "cơ quan Quản lý xuất nhập cảnh", "", "Luật"),), ()
)


def run(text: str) -> tuple[list[dict[str, Any]], list[Any]]:
    repository = InMemoryProcedureRepository(
        [make_procedure("1.001193", "Thủ tục đăng ký khai sinh")]
    )
    action = AnswerEnglish(
        catalogue=provider(repository),
        glossary=lambda: GLOSSARY,
        cards=lambda: CardStore({}),
        scope=lambda: SCOPE,
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(text, intent="english"), {}))
    return dispatcher.messages, events


def test_a_named_procedure_is_named_with_its_guide_one_button_away() -> None:
    messages, events = run("how do I register a birth")
    assert messages[0]["response"] == "utter_english_procedure"
    assert messages[0]["procedure_name"] == "Thủ tục đăng ký khai sinh"
    assert messages[0]["guide_payload"] == '/ask_procedure{"procedure_code": "1.001193"}'
    assert events == [SlotSet("procedure_code", "1.001193")]


def test_a_matter_handled_elsewhere_says_who_handles_it() -> None:
    messages, events = run("I need a passport")
    assert messages[0]["response"] == "utter_english_elsewhere"
    assert messages[0]["handled_by"] == "cơ quan Quản lý xuất nhập cảnh"
    assert events == [SlotSet("procedure_code", None)]


def test_nothing_recognised_or_not_in_the_catalogue_gets_the_general_reply() -> None:
    assert run("hello there")[0][0]["response"] == "utter_english"
    assert run("I retired last year")[0][0]["response"] == "utter_english"
