"""A message in English gets an English reply: what the assistant does and, when the
message names a procedure, which one, with its Vietnamese answer one button away."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.store import CardStore
from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.procedure_answers import shipped_cards, shipped_scope
from actions.dialogue.unavailable import DATABASE_ERRORS, apologise, procedures_failed
from actions.procedures.english import EnglishGlossary, cached_glossary
from actions.scope.store import MATTER_PREFIX, Matter, Scope
from actions.settings import get_settings

GlossaryProvider = Callable[[], EnglishGlossary]


def shipped_glossary() -> EnglishGlossary:
    return cached_glossary(get_settings().data_dir)


class AnswerEnglish(Action):
    def __init__(
        self,
        catalogue: CatalogueProvider | None = None,
        glossary: GlossaryProvider | None = None,
        cards: Callable[[], CardStore] | None = None,
        scope: Callable[[], Scope] | None = None,
    ) -> None:
        self._catalogue = catalogue or sql_catalogue
        self._glossary = glossary or shipped_glossary
        self._cards = cards or shipped_cards
        self._scope = scope or shipped_scope

    def name(self) -> str:
        return "action_answer_english"

    def reply(self, text: str) -> tuple[dict[str, Any], list[EventType]]:
        """The message to utter (``utter_message`` keywords) and the events."""
        topic = self._glossary().match(text)
        if topic is not None and topic.matter is not None:
            matter = self._scope().get(MATTER_PREFIX + topic.matter)
            if isinstance(matter, Matter):
                return {
                    "response": "utter_english_elsewhere",
                    "topic": topic.english,
                    "handled_by": matter.handled_by,
                }, [SlotSet("procedure_code", None)]
        if topic is not None and topic.code is not None:
            with self._catalogue() as repository:
                procedure = repository.get_by_code(topic.code)
            if procedure is not None:
                card = self._cards().get(procedure.code)
                # The button (domain) asks the overview in Vietnamese, as a did-you-mean does.
                payload = "/ask_procedure" + json.dumps({"procedure_code": procedure.code})
                return {
                    "response": "utter_english_procedure",
                    "topic": topic.english,
                    "procedure_name": card.title if card is not None else procedure.name,
                    "guide_payload": payload,
                }, [SlotSet("procedure_code", procedure.code)]
        return {"response": "utter_english"}, []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        try:
            message, events = await asyncio.to_thread(self.reply, text)
        except DATABASE_ERRORS as error:
            procedures_failed(self.name(), error)
            apologise(dispatcher)
            return []
        dispatcher.utter_message(**message)
        return events
