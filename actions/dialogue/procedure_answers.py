"""Actions that answer a question about a procedure: papers, fee, time, where, steps…"""

from __future__ import annotations

import asyncio
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.phrasebook import Phrasebook
from actions.procedures.answers import AnswerComposer, Topic
from actions.procedures.finder import Ambiguous, Found, NotFound, ProcedureFinder
from actions.settings import get_settings

# The intent whose payload re-asks a topic once the citizen picks a procedure.
TOPIC_INTENTS: dict[Topic, str] = {
    Topic.OVERVIEW: "ask_procedure",
    Topic.PAPERS: "ask_papers",
    Topic.MORE_DETAILS: "ask_more_details",
    Topic.FEE: "ask_fee",
    Topic.DURATION: "ask_duration",
    Topic.SUBMISSION: "ask_submission",
    Topic.STEPS: "ask_steps",
    Topic.FORMS: "ask_forms",
    Topic.LEGAL_BASIS: "ask_legal_basis",
}
BUTTON_TITLE_CHARS = 80


@dataclass
class Message:
    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] | None = None


@dataclass
class Plan:
    messages: list[Message]
    events: list[EventType]


def choice_payload(topic: Topic, code: str) -> str:
    return f"/{TOPIC_INTENTS[topic]}{json.dumps({'procedure_code': code})}"


class ProcedureAnswerAction(Action, ABC):
    """Finds the procedure meant, then answers ``topic`` about it (or asks which one)."""

    @property
    @abstractmethod
    def topic(self) -> Topic:
        """The question this action answers; subclasses set it as a class attribute."""

    def __init__(self, catalogue: CatalogueProvider | None = None) -> None:
        self._catalogue = catalogue or sql_catalogue

    def name(self) -> str:
        return f"action_answer_procedure_{self.topic.value}"

    def _topic(self, tracker: Tracker) -> Topic:
        return self.topic

    def plan(
        self, phrases: Phrasebook, tracker: Tracker, topic: Topic
    ) -> Plan:  # runs in a worker thread: database access is synchronous
        text = tracker.latest_message.get("text") or ""
        explicit = next(tracker.get_latest_entity_values("procedure_code"), None)
        remembered = tracker.get_slot("procedure_code")
        with self._catalogue() as repository:
            result = ProcedureFinder(repository).find(
                text, explicit_code=explicit, remembered_code=remembered
            )
            office = repository.get_office(get_settings().code)
        if isinstance(result, Found):
            composer = AnswerComposer(phrases, office, tracker.get_slot("ward_name") or "")
            reply = composer.compose(topic, result.procedure)
            return Plan(
                [Message(reply.response, reply.values)],
                [SlotSet("procedure_code", result.procedure.code), SlotSet("pending_topic", None)],
            )
        if isinstance(result, Ambiguous):
            buttons = [
                {
                    "title": entry.name[:BUTTON_TITLE_CHARS],
                    "payload": choice_payload(topic, entry.code),
                }
                for entry in result.candidates
            ]
            return Plan([Message("utter_choose_procedure", buttons=buttons)], [])
        if isinstance(result, NotFound):
            # Keep the question: if the citizen then names a listed procedure, it is answered.
            return Plan(
                [Message("utter_procedure_not_found")], [SlotSet("pending_topic", topic.value)]
            )
        return self.plan_not_mentioned(topic)

    def plan_not_mentioned(self, topic: Topic) -> Plan:
        return Plan([Message("utter_ask_which_procedure")], [SlotSet("pending_topic", topic.value)])

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        phrases = Phrasebook.from_domain(domain)
        plan = await asyncio.to_thread(self.plan, phrases, tracker, self._topic(tracker))
        for message in plan.messages:
            dispatcher.utter_message(
                response=message.response, buttons=message.buttons, **message.values
            )
        return plan.events


class AnswerProcedureOverview(ProcedureAnswerAction):
    """A procedure named on its own: an overview, or the answer still owed.

    When we had to ask "which procedure?", the citizen's reply ("khai sinh") is
    classified as ``ask_procedure``; they still want the topic they first asked about.
    """

    topic = Topic.OVERVIEW

    def _topic(self, tracker: Tracker) -> Topic:
        pending = tracker.get_slot("pending_topic")
        return Topic(pending) if pending in Topic._value2member_map_ else Topic.OVERVIEW

    def plan_not_mentioned(self, topic: Topic) -> Plan:
        return Plan([Message("utter_procedure_not_found")], [])


class AnswerProcedurePapers(ProcedureAnswerAction):
    topic = Topic.PAPERS


class AnswerProcedureMoreDetails(ProcedureAnswerAction):
    topic = Topic.MORE_DETAILS


class AnswerProcedureFee(ProcedureAnswerAction):
    topic = Topic.FEE


class AnswerProcedureDuration(ProcedureAnswerAction):
    topic = Topic.DURATION


class AnswerProcedureSubmission(ProcedureAnswerAction):
    topic = Topic.SUBMISSION


class AnswerProcedureSteps(ProcedureAnswerAction):
    topic = Topic.STEPS


class AnswerProcedureForms(ProcedureAnswerAction):
    topic = Topic.FORMS


class AnswerProcedureLegalBasis(ProcedureAnswerAction):
    topic = Topic.LEGAL_BASIS
