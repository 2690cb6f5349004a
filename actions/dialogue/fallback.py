"""First stage of the two-stage fallback: "did you mean …?" with Vietnamese buttons."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.phrasebook import Phrasebook

SUGGESTIONS = 3
# Intents never offered as a guess: they are what the fallback itself stands for.
NOT_SUGGESTED = {"nlu_fallback", "out_of_scope", "affirm", "deny"}


class AskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        phrases = Phrasebook.from_domain(domain)
        ranking = tracker.latest_message.get("intent_ranking") or []
        entities = {
            e["entity"]: e["value"]
            for e in tracker.latest_message.get("entities", [])
            if e.get("entity") == "procedure_code"
        }
        suffix = json.dumps(entities) if entities else ""
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
