"""A message in English gets an English reply: the procedure it is about, with its Vietnamese
name and answer one button away; several close ones as buttons; the office that handles a
matter the ward does not; else what the assistant does.

The message is translated into the catalogue's Vietnamese terms (actions/procedures/
english.py) and the translation goes through the Vietnamese procedure finder, so an English
question finds what the same question in Vietnamese finds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.store import CardStore
from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.procedure_answers import (
    BUTTON_TITLE_CHARS,
    choice_payload,
    shipped_cards,
    shipped_scope,
)
from actions.dialogue.unavailable import DATABASE_ERRORS, apologise, procedures_failed
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.procedures.aspects import cued_topics
from actions.procedures.english import EnglishGlossary, Translation, cached_glossary
from actions.procedures.finder import (
    Ambiguous,
    FindResult,
    Found,
    HandledElsewhere,
    ProcedureFinder,
)
from actions.procedures.repository import ProcedureRepository
from actions.scope.store import Matter, Scope
from actions.settings import get_settings

GlossaryProvider = Callable[[], EnglishGlossary]
#: The answers a guide button may ask for, when the English words ask one (else the overview).
BUTTON_TOPICS = (Topic.PAPERS, Topic.FEE, Topic.DURATION, Topic.SUBMISSION, Topic.CONDITIONS)


def shipped_glossary() -> EnglishGlossary:
    return cached_glossary(get_settings().data_dir)


def find_in_english(
    repository: ProcedureRepository,
    scope: Scope | None,
    cards: CardStore,
    glossary: EnglishGlossary,
    text: str,
) -> tuple[FindResult | None, Translation]:
    """What the English ``text`` names, read in its Vietnamese translation (``None``: no
    term of the glossary in it)."""
    translation = glossary.translate(text)
    if not translation.terms:
        return None, translation
    return ProcedureFinder(repository, scope, cards).find(translation.text), translation


class AnswerEnglish(Action):
    def __init__(
        self,
        catalogue: CatalogueProvider | None = None,
        glossary: GlossaryProvider | None = None,
        cards: Callable[[], CardStore] | None = None,
        scope: Callable[[], Scope | None] | None = None,
    ) -> None:
        self._catalogue = catalogue or sql_catalogue
        self._glossary = glossary or shipped_glossary
        self._cards = cards or shipped_cards
        self._scope = scope or shipped_scope

    def name(self) -> str:
        return "action_answer_english"

    def reply(self, text: str) -> tuple[dict[str, Any], list[EventType]]:
        """The message to utter (``utter_message`` keywords; ``choices`` are the buttons
        of several close procedures) and the events."""
        with self._catalogue() as repository:
            result, translation = find_in_english(
                repository, self._scope(), self._cards(), self._glossary(), text
            )
        if result is None:
            return {"response": "utter_english"}, []
        asked = [t for t in cued_topics(translation.text) if t in BUTTON_TOPICS]
        topic = asked[0] if asked else Topic.OVERVIEW
        forget = [SlotSet("procedure_code", None)]
        if isinstance(result, Found):
            procedure = result.procedure
            card = self._cards().get(procedure.code)
            name = card.title if card is not None else procedure.name
            return {
                "response": "utter_english_procedure",
                "procedure_name": name,
                # A model trained before this domain still says "{topic}": fill it too.
                "topic": name,
                "guide_payload": choice_payload(topic, procedure.code),
            }, [SlotSet("procedure_code", procedure.code)]
        if isinstance(result, Ambiguous):
            choices = [
                {"title": c.name[:BUTTON_TITLE_CHARS], "payload": choice_payload(topic, c.code)}
                for c in result.candidates
            ]
            return {"response": "utter_english_choices", "choices": choices}, forget
        if isinstance(result, HandledElsewhere):
            matter = result.matter
            if isinstance(matter, Matter):
                name, handled_by = matter.names[0], matter.handled_by
            else:
                name = matter.short_name
                field = matter.field_agency
                handled_by = matter.agency or (field.handled_by if field is not None else "")
            if handled_by:
                return {
                    "response": "utter_english_elsewhere",
                    "matter": name,
                    "topic": name,
                    "handled_by": handled_by,
                }, forget
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
        choices = message.pop("choices", None)
        if choices is not None:
            # The procedures first, then the response's own button (talk to staff).
            phrases = Phrasebook.from_domain(domain)
            response = message["response"]
            if not phrases.has(response):  # a model trained before this response
                response = "utter_english"
            buttons = [*choices, *phrases.buttons(response)]
            dispatcher.utter_message(text=phrases.text(response), buttons=buttons)
        else:
            dispatcher.utter_message(**message)
        return events
