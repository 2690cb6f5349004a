"""First stage of the two-stage fallback: "did you mean …?" with Vietnamese buttons, unless
the unclear message is about a matter handled elsewhere or clearly names one procedure."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.procedure_answers import AnswerOutOfScope, Plan, send
from actions.dialogue.unavailable import DATABASE_ERRORS, procedures_failed
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.procedures.finder import resolver_for
from actions.procedures.resolver import Certainty
from actions.text.guard_rails import looks_adversarial

SUGGESTIONS = 3
# Intents never offered as a guess: they are what the fallback itself stands for.
NOT_SUGGESTED = {"nlu_fallback", "out_of_scope", "affirm", "deny"}


class AskAffirmation(Action):
    """Offers the likeliest intents as buttons.

    A button press replaces the unclear message, so its text is lost: when that text
    clearly named a procedure, the procedure goes into the button's payload.
    """

    def __init__(self, catalogue: CatalogueProvider | None = None) -> None:
        self._catalogue = catalogue or sql_catalogue

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def _procedure_in(self, text: str) -> str | None:
        with self._catalogue() as repository:
            resolution = resolver_for(repository).resolve(text)
        if resolution.certainty is Certainty.UNIQUE and resolution.best is not None:
            return resolution.best.entry.code
        return None

    def _answer_anyway(self, phrases: Phrasebook, tracker: Tracker) -> Plan | None:
        """An unclear message about a matter another agency handles gets who handles it:
        asking "did you mean…?" would only lead to the nearest ward procedure. One that
        clearly names a single ward procedure gets its answer (actions/procedures/
        confidence.py): buttons would only ask what the message already says."""
        plan = AnswerOutOfScope(catalogue=self._catalogue).plan(phrases, tracker, Topic.OVERVIEW)
        if [m.response for m in plan.messages] == ["utter_out_of_scope"]:
            return None
        return plan

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        phrases = Phrasebook.from_domain(domain)
        if looks_adversarial(tracker.latest_message.get("text") or ""):
            # An attack string: the out-of-scope reply only, no guesses to pick from.
            dispatcher.utter_message(response="utter_out_of_scope")
            return [ActiveLoop(None), FollowupAction("action_listen")]
        try:
            answer = await asyncio.to_thread(self._answer_anyway, phrases, tracker)
        except DATABASE_ERRORS as error:
            procedures_failed(self.name(), error)
            answer = None
        if answer is not None:
            send(answer, dispatcher, phrases)
            # Answered: end the fallback loop here and listen. Left active, the citizen's
            # next message would "clarify" this one, and Rasa would revert it with the
            # procedure remembered; ended without a follow-up, the rules find nothing to
            # do after the loop and run the default fallback.
            return [*answer.events, ActiveLoop(None), FollowupAction("action_listen")]
        ranking = tracker.latest_message.get("intent_ranking") or []
        try:
            code = await asyncio.to_thread(
                self._procedure_in, tracker.latest_message.get("text") or ""
            )
        except DATABASE_ERRORS as error:
            # The intent buttons need no database: offer them without the procedure.
            procedures_failed(self.name(), error)
            code = None
        suffix = json.dumps({"procedure_code": code}) if code else ""
        buttons = []
        for candidate in ranking:
            intent = candidate.get("name")
            label = f"utter_intent_label_{intent}"
            if intent in NOT_SUGGESTED or not phrases.has(label):
                continue
            buttons.append({"title": phrases.text(label), "payload": f"/{intent}{suffix}"})
            if len(buttons) == SUGGESTIONS:
                break
        buttons.append({"title": phrases.text("utter_button_none_of_these"), "payload": "/deny"})
        dispatcher.utter_message(response="utter_ask_affirmation", buttons=buttons)
        return []
