"""Actions that answer a question about a procedure: papers, fee, time, where, steps…"""

from __future__ import annotations

import asyncio
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.answers import (
    MESSAGE_CHARS,
    CardComposer,
    CardReply,
    OfficeContact,
    frequent_pairs,
    split_message,
)
from actions.cards.schema import Card, OfficeKind
from actions.cards.store import CardStore, cached_cards
from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.unavailable import DATABASE_ERRORS, apologise, procedures_failed
from actions.phrasebook import Phrasebook
from actions.procedures.answers import AnswerComposer, Reply, Topic, described_kinds
from actions.procedures.aspects import MAX_TOPICS, topics_asked
from actions.procedures.confidence import answer_without_intent, topics_without_intent
from actions.procedures.finder import (
    Ambiguous,
    Found,
    HandledElsewhere,
    NotFound,
    ProcedureFinder,
)
from actions.procedures.models import Procedure, WardOffice
from actions.procedures.repository import OfficeView, ProcedureRepository
from actions.scope.store import Matter, Scope, cached_scope
from actions.settings import get_settings
from actions.text.complaint_cues import tells_of_death
from actions.text.guard_rails import looks_adversarial, looks_gibberish

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
    Topic.CONDITIONS: "ask_conditions",
    Topic.STEPS_FULL: "ask_steps_full",
}
BUTTON_TITLE_CHARS = 80
#: Separates the topics of one message kept in the ``pending_topic`` slot while the bot asks
#: which case or which procedure ("papers duration"): the answer after the button answers
#: every one of them, not only the first.
PENDING_SEPARATOR = " "
CardProvider = Callable[[], CardStore]
ScopeProvider = Callable[[], Scope | None]


def shipped_cards() -> CardStore:
    return cached_cards(get_settings().data_dir / "cards")


def shipped_scope() -> Scope:
    return cached_scope(get_settings().data_dir)


@dataclass
class Message:
    response: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] | None = None
    #: Text already rendered from domain templates (card answers, cut to chat size).
    text: str | None = None


def office_lookup(
    phrases: Phrasebook, offices: Mapping[str, OfficeView], ward_name: str, agency: str = ""
) -> Callable[[OfficeKind], OfficeContact]:
    """The ward's contact for each kind of office: only what ward staff confirmed
    (``data/wards/<code>.yml``); the rest stays ``None`` and reads "chưa cập nhật".
    An office outside the ward's own (``other``) the ward did not set is the record's
    ``agency`` ("Sở Xây dựng, Khu Quản lý đường bộ"), not "the competent body"."""

    def lookup(kind: OfficeKind) -> OfficeContact:
        label = phrases.text(f"utter_label_office_{kind}", ward_name=ward_name)
        office = offices.get(kind)
        if office is None:
            return OfficeContact(agency if kind == "other" and agency else label)
        return OfficeContact(
            office.name or label, office.address, office.opening_hours, office.phone
        )

    return lookup


def card_messages(reply: CardReply) -> list[Message]:
    messages = [Message(text=text) for text in reply.texts]
    if reply.buttons and messages:
        messages[-1].buttons = [dict(b) for b in reply.buttons]
    return messages


def with_named_lines(phrases: Phrasebook, answer: Reply, lines: list[str]) -> list[Message]:
    """The record ``answer`` with ``lines`` (the documents the question names) before its
    source line, cut into chat messages; the answer's own buttons stay on the last one."""
    if not lines:
        return [Message(answer.response, answer.values)]
    body = phrases.text(answer.response, **answer.values)
    source = str(answer.values.get("source") or "")
    at = body.rfind(source) if source else -1
    extra = "\n".join(lines)
    body = f"{body[:at]}{extra}\n{body[at:]}" if at >= 0 else f"{body}\n{extra}"
    messages = [Message(text=part) for part in split_message(body)]
    if buttons := phrases.buttons(answer.response):
        messages[-1].buttons = buttons
    return messages


@dataclass
class Plan:
    messages: list[Message]
    events: list[EventType]


def choice_payload(topic: Topic, code: str) -> str:
    return f"/{TOPIC_INTENTS[topic]}{json.dumps({'procedure_code': code})}"


def with_papers_for_no_conditions(
    topics: list[Topic], card: Card | None, procedure: Procedure
) -> list[Topic]:
    """``topics``, with the papers right after the conditions when neither the card nor the
    record states any: "xin cấp lại được không?" is then answered by what the file needs,
    which the no-conditions reply says is all there is to it. Not beside an overview (its
    buttons offer the papers), nor without papers to show."""
    if Topic.CONDITIONS not in topics or {Topic.PAPERS, Topic.OVERVIEW} & set(topics):
        return topics
    if (card is not None and card.conditions) or procedure.conditions:
        return topics
    if card is None and not procedure.documents:
        return topics
    at = topics.index(Topic.CONDITIONS) + 1
    return [*topics[:at], Topic.PAPERS, *topics[at:]]


def pending_value(topics: list[Topic]) -> str | None:
    """The ``pending_topic`` slot value for ``topics`` (``None`` for none)."""
    return PENDING_SEPARATOR.join(dict.fromkeys(t.value for t in topics)) or None


def pending_topics(value: object) -> list[Topic]:
    """The topics a ``pending_topic`` slot value holds, in the order asked; unknown words
    (a slot written by an older action server) are skipped."""
    if not isinstance(value, str):
        return []
    names = value.split(PENDING_SEPARATOR)
    return [Topic(n) for n in dict.fromkeys(names) if n in Topic._value2member_map_]


def send(plan: Plan, dispatcher: CollectingDispatcher, phrases: Phrasebook) -> None:
    """Utter a plan's messages; one longer than a chat message is cut between lines."""
    for message in plan.messages:
        if message.text is None and message.response is not None:
            rendered = phrases.text(message.response, **message.values)
            if len(rendered) > MESSAGE_CHARS:
                # A long answer is cut between lines into chat-sized messages.
                buttons = message.buttons or phrases.buttons(message.response)
                parts = list(split_message(rendered))
                for part in parts[:-1]:
                    dispatcher.utter_message(text=part)
                dispatcher.utter_message(text=parts[-1], buttons=buttons or None)
                continue
        if message.text is not None:
            dispatcher.utter_message(text=message.text, buttons=message.buttons)
        else:
            dispatcher.utter_message(
                response=message.response, buttons=message.buttons, **message.values
            )


CONDOLENCE = "utter_condolence"


def with_condolence(plan: Plan, phrases: Phrasebook, text: str) -> Plan:
    """A question that tells of a death in the family gets the condolence line first,
    whatever procedure or office answers it (a card's own opening says it already)."""
    if text.startswith("/") or not plan.messages or not phrases.has(CONDOLENCE):
        return plan
    if not tells_of_death(text):
        return plan
    line = phrases.text(CONDOLENCE)
    if any(line in (m.text or "") for m in plan.messages):
        return plan
    return Plan([Message(CONDOLENCE), *plan.messages], plan.events)


class ProcedureAnswerAction(Action, ABC):
    """Finds the procedure meant, then answers ``topic`` about it (or asks which one)."""

    @property
    @abstractmethod
    def topic(self) -> Topic:
        """The question this action answers; subclasses set it as a class attribute."""

    def __init__(
        self,
        catalogue: CatalogueProvider | None = None,
        cards: CardProvider | None = None,
        scope: ScopeProvider | None = None,
    ) -> None:
        self._catalogue = catalogue or sql_catalogue
        self._cards = cards or shipped_cards
        self._scope = scope or shipped_scope

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
            result = ProcedureFinder(repository, self._scope(), self._cards()).find(
                text, explicit_code=explicit, remembered_code=remembered
            )
            office = repository.get_office(get_settings().code)
            offices = repository.get_offices(get_settings().code)
            if isinstance(result, HandledElsewhere):
                return self.plan_elsewhere(result, repository, tracker)
        topics = self._topics(tracker, topic, text)
        if isinstance(result, Found):
            return self.plan_found(phrases, tracker, topics, result, office, offices)
        if isinstance(result, Ambiguous):
            buttons = [
                {
                    "title": entry.name[:BUTTON_TITLE_CHARS],
                    "payload": choice_payload(topic, entry.code),
                }
                for entry in result.candidates
            ]
            # Every topic of the message waits for the choice ("phí bao nhiêu, bao lâu xong"
            # then a button answers both).
            return Plan(
                [Message("utter_choose_procedure", buttons=buttons)],
                [SlotSet("pending_topic", pending_value(topics))],
            )
        if isinstance(result, NotFound):
            # Keep the question: if the citizen then names a listed procedure, it is answered.
            return Plan(
                [Message("utter_procedure_not_found")],
                [SlotSet("pending_topic", pending_value(topics))],
            )
        return self.plan_not_mentioned(topic, topics)

    def _topics(self, tracker: Tracker, topic: Topic, text: str) -> list[Topic]:
        """What to answer: the topics the message asks. A button's payload ("/ask_fee{…}")
        answers its topic, and with it the other topics of the message that offered the
        button, which wait in ``pending_topic``."""
        if not text.startswith("/"):
            return topics_asked(text, topic)
        waiting = pending_topics(tracker.get_slot("pending_topic"))
        return waiting if topic in waiting else [topic]

    def plan_found(
        self,
        phrases: Phrasebook,
        tracker: Tracker,
        topics: list[Topic],
        found: Found,
        office: WardOffice | None,
        offices: Mapping[str, OfficeView],
    ) -> Plan:
        """Each topic asked, from the card when it covers it, else from the record; a
        question about the citizen's case (buttons) comes last."""
        ward_name = tracker.get_slot("ward_name") or ""
        procedure = found.procedure
        store = self._cards()
        card = store.get(procedure.code)
        topics = with_papers_for_no_conditions(topics, card, procedure)
        frequent = frequent_pairs(store)
        text = tracker.latest_message.get("text") or ""
        cards = CardComposer(
            phrases,
            office_lookup(phrases, offices, ward_name, procedure.agency),
            procedure.source_url,
            described_kinds(procedure.channels),
            frequent,
            asked=topics,
            agency=procedure.agency,
        )
        records = AnswerComposer(phrases, office, ward_name, offices=offices)
        named_said: set[str] = set()
        messages: list[Message] = []
        asking: list[Message] = []
        pending: str | None = None
        case_slot: str | None = None
        for topic in topics:
            if card is not None and cards.handles(topic, card):
                reply = cards.compose(topic, card, tracker.get_slot("procedure_case"), text)
                if reply.asked_case:
                    # The topic that needs the case first, then the others: the answer after
                    # the case button is the whole answer to the message, for that case.
                    asking = card_messages(reply)
                    pending = pending_value([topic, *topics])
                    continue
                messages += card_messages(reply)
                case_slot = reply.case_slot or case_slot
            else:
                answer = records.compose(topic, procedure)
                named = [
                    line
                    for line in records.named_lines(topic, procedure, text, frequent)
                    if line not in named_said
                ]
                named_said.update(named)
                messages += with_named_lines(phrases, answer, named)
        events: list[EventType] = [
            SlotSet("procedure_code", procedure.code),
            SlotSet("pending_topic", pending),
        ]
        if case_slot is not None:
            events.append(SlotSet("procedure_case", case_slot))
        return Plan(messages + asking, events)

    def plan_elsewhere(
        self, result: HandledElsewhere, repository: ProcedureRepository, tracker: Tracker
    ) -> Plan:
        """Who handles it; never the nearest ward procedure. The conversation forgets the
        procedure it was about, so a follow-up is not answered about that one."""
        events: list[EventType] = [SlotSet("procedure_code", None), SlotSet("pending_topic", None)]
        ward_name = tracker.get_slot("ward_name") or ""
        matter = result.matter
        if isinstance(matter, Matter):
            related = [repository.get_by_code(code) for code in matter.ward_procedures]
            names = [p.name for p in related if p is not None]
            buttons = [
                {
                    "title": p.name[:BUTTON_TITLE_CHARS],
                    "payload": choice_payload(Topic.OVERVIEW, p.code),
                }
                for p in related
                if p is not None
            ]
            values = {
                "matter": matter.names[0],
                "handled_by": matter.handled_by,
                "how": matter.how,
                "legal": matter.legal,
                "ward_name": ward_name,
            }
            response = "utter_handled_elsewhere_related" if names else "utter_handled_elsewhere"
            return Plan([Message(response, values, buttons or None)], events)
        # Who the record names, else the reviewed agency of its field (actions/scope).
        response, national_values = matter.reply(ward_name)
        return Plan([Message(response, dict(national_values))], events)

    def plan_not_mentioned(self, topic: Topic, topics: list[Topic] | None = None) -> Plan:
        pending = pending_value(topics or [topic])
        return Plan([Message("utter_ask_which_procedure")], [SlotSet("pending_topic", pending)])

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        phrases = Phrasebook.from_domain(domain)
        if looks_adversarial(tracker.latest_message.get("text") or ""):
            # An attack string gets the polite out-of-scope reply and nothing else: no
            # procedure found in its leftover words (the NLU guard reads it so too).
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        if looks_gibberish(tracker.latest_message.get("text") or ""):
            # Keyboard mashing: say it was not understood (no procedure, no "yes" taken).
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        try:
            plan = await asyncio.to_thread(self.plan, phrases, tracker, self._topic(tracker))
        except DATABASE_ERRORS as error:
            procedures_failed(self.name(), error)
            apologise(dispatcher)
            return []
        send(
            with_condolence(plan, phrases, tracker.latest_message.get("text") or ""),
            dispatcher,
            phrases,
        )
        return plan.events


class AnswerProcedureOverview(ProcedureAnswerAction):
    """A procedure named on its own: an overview, or the answer still owed.

    When we had to ask "which procedure?", the citizen's reply ("khai sinh") is
    classified as ``ask_procedure``; they still want the topic they first asked about.
    """

    topic = Topic.OVERVIEW

    def _topic(self, tracker: Tracker) -> Topic:
        pending = pending_topics(tracker.get_slot("pending_topic"))
        return pending[0] if pending else Topic.OVERVIEW

    def _topics(self, tracker: Tracker, topic: Topic, text: str) -> list[Topic]:
        # The procedure named after "which one?": every topic still owed, then any the
        # reply itself asks ("khai sinh, còn nộp ở đâu?").
        waiting = pending_topics(tracker.get_slot("pending_topic"))
        asked = super()._topics(tracker, topic, text)
        return list(dict.fromkeys([*waiting, *asked]))[:MAX_TOPICS] if waiting else asked

    def plan_not_mentioned(self, topic: Topic, topics: list[Topic] | None = None) -> Plan:
        return Plan([Message("utter_procedure_not_found")], [])


class AnswerProcedurePapers(ProcedureAnswerAction):
    topic = Topic.PAPERS


class AnswerProcedureCase(ProcedureAnswerAction):
    """A case chosen with a button: the question still owed (papers, by default)."""

    topic = Topic.PAPERS

    def name(self) -> str:
        return "action_answer_procedure_case"

    def _topic(self, tracker: Tracker) -> Topic:
        pending = pending_topics(tracker.get_slot("pending_topic"))
        return pending[0] if pending else Topic.PAPERS


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


class AnswerProcedureConditions(ProcedureAnswerAction):
    topic = Topic.CONDITIONS


class AnswerProcedureStepsFull(ProcedureAnswerAction):
    topic = Topic.STEPS_FULL


class AnswerOutOfScope(ProcedureAnswerAction):
    """A question the NLU finds outside the desk's topics: if it names a matter another
    agency handles, say who; if it clearly names one ward procedure, answer it as the
    procedure actions do (the NLU misreads some plain procedure questions); otherwise say
    what the assistant can help with. The two-stage fallback asks the same first."""

    topic = Topic.OVERVIEW
    #: The reply when the message names neither a ward procedure nor a matter elsewhere.
    nothing_named = "utter_out_of_scope"

    def name(self) -> str:
        return "action_answer_out_of_scope"

    def plan(self, phrases: Phrasebook, tracker: Tracker, topic: Topic) -> Plan:
        text = tracker.latest_message.get("text") or ""
        with self._catalogue() as repository:
            office = repository.get_office(get_settings().code)
            answer = answer_without_intent(
                repository,
                self._scope(),
                self._cards(),
                text,
                ward_name=office.ward_name if office else "",
            )
            if isinstance(answer, HandledElsewhere):
                return self.plan_elsewhere(answer, repository, tracker)
            if isinstance(answer, Found):
                offices = repository.get_offices(get_settings().code)
                # No intent: the words say what is asked (eligibility leads, if asked).
                topics = topics_without_intent(text)
                return self.plan_found(phrases, tracker, topics, answer, office, offices)
        return Plan([Message(self.nothing_named)], [])


class AnswerYesOrNoOutsideAQuestion(AnswerOutOfScope):
    """A yes or no when the bot asked nothing. Accents folded, "vắng" is "vâng" (yes):
    "tạm vắng thì sao" may read as a yes, so a message that plainly names a procedure is
    answered; a bare "vâng" gets the offer of more help."""

    nothing_named = "utter_anything_else"

    def name(self) -> str:
        return "action_answer_yes_or_no"
