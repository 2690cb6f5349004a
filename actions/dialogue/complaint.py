"""The reply to a grievance: the apology and the way forward, then the question it asks.

"Lên phường ba lần vẫn thiếu giấy, rốt cuộc tách hộ cần những giấy tờ gì?" is a complaint
and a question. The complaint reply (``utter_complain``: apology, where to send feedback,
the dossier lookup) comes first; when the message also asks a kind of answer (its question
clauses' cue words, actions/procedures/aspects.py) about one procedure it clearly names,
that answer follows. A grievance that asks nothing ("làm việc kiểu gì vậy?") or names no
single procedure gets the complaint reply alone: never "which procedure?" to an upset citizen.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.dialogue.procedure_answers import Message, Plan, ProcedureAnswerAction
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.procedures.aspects import MAX_TOPICS, cued_topics
from actions.procedures.finder import Found, ProcedureFinder
from actions.settings import get_settings

COMPLAINT_REPLY = "utter_complain"


class AnswerComplaint(ProcedureAnswerAction):
    topic = Topic.OVERVIEW

    def name(self) -> str:
        return "action_answer_complaint"

    def plan(self, phrases: Phrasebook, tracker: Tracker, topic: Topic) -> Plan:
        reply = Plan([Message(COMPLAINT_REPLY)], [])
        text = tracker.latest_message.get("text") or ""
        asked = cued_topics(text)[:MAX_TOPICS]
        if not asked or text.startswith("/"):
            return reply
        with self._catalogue() as repository:
            # The procedure the words name, as the procedure actions find it; never the one
            # the conversation was about (the grievance may be about another matter).
            answer = ProcedureFinder(repository, self._scope(), self._cards()).find(
                text, explicit_code=None, remembered_code=None
            )
            if not isinstance(answer, Found):
                return reply
            office = repository.get_office(get_settings().code)
            offices = repository.get_offices(get_settings().code)
            found = self.plan_found(phrases, tracker, asked, answer, office, offices)
        return Plan([*reply.messages, *found.messages], found.events)
