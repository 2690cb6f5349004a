"""Dossier status lookup: a form asks the code and the owner's factor, then one action answers.

The factor is read from the reply's text whatever intent NLU gave it, checked once by
``action_dossier_lookup`` and reset in the same action. Wording: bot/domain/dossiers.yml.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dossiers.cancel import is_cancel
from actions.dossiers.codes import looks_like_code_attempt, parse_dossier_code
from actions.dossiers.explain import Reply, explain
from actions.dossiers.factors import check_factor_key, factor_key, parse_factor
from actions.dossiers.service import (
    Found,
    LockedOut,
    NotMatched,
    Outcome,
    Requester,
    hash_sender,
    vietnam_now,
)
from actions.dossiers.store import LookupServiceProvider, sql_lookup_service
from actions.phrasebook import Phrasebook
from actions.settings import get_settings
from actions.text.masking import install_log_masking

logger = logging.getLogger(__name__)

CODE_SLOT = "dossier_code"
FACTOR_SLOT = "dossier_factor"
REQUESTED_SLOT = "requested_slot"
#: Waits up to this long are told in minutes, longer ones in hours.
MINUTES_SHOWN = 90


class ValidateDossierLookupForm(FormValidationAction):
    def __init__(self, unit_prefix: Callable[[], str] | None = None) -> None:
        super().__init__()
        self._unit_prefix = unit_prefix or (lambda: get_settings().dossier_unit_prefix)

    def name(self) -> str:
        return "validate_dossier_lookup_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot(REQUESTED_SLOT) and is_cancel(text):
            # Leaves the form; action_dossier_lookup then says goodbye politely.
            return [
                SlotSet(CODE_SLOT, None),
                SlotSet(FACTOR_SLOT, None),
                SlotSet(REQUESTED_SLOT, None),
            ]
        events: list[EventType] = await super().run(dispatcher, tracker, domain)
        return events

    async def extract_dossier_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        # A code is taken whenever it is typed: at the start, when asked, or as a
        # correction while the factor is asked.
        requested = tracker.get_slot(REQUESTED_SLOT)
        text = tracker.latest_message.get("text") or ""
        code = parse_dossier_code(text, default_unit=self._unit_prefix())
        if code:
            return {CODE_SLOT: code}
        if requested == CODE_SLOT and looks_like_code_attempt(text):
            dispatcher.utter_message(response="utter_dossier_code_invalid")
            return {CODE_SLOT: None}
        return {}

    def validate_dossier_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        return {CODE_SLOT: value}

    async def extract_dossier_factor(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != FACTOR_SLOT:
            return {}
        text = tracker.latest_message.get("text") or ""
        if parse_dossier_code(text, default_unit=self._unit_prefix()):
            return {}  # a corrected code (extract_dossier_code), not the factor
        factor = parse_factor(text)
        if factor:
            return {FACTOR_SLOT: factor}
        if any(ch.isdigit() for ch in text):
            dispatcher.utter_message(response="utter_dossier_factor_invalid")
            return {FACTOR_SLOT: None}
        return {}

    def validate_dossier_factor(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        return {FACTOR_SLOT: value}


@dataclass(frozen=True)
class _Answer:
    outcome: Outcome
    office: dict[str, str]


class LookUpDossier(Action):
    """Checks the factor once, answers, and forgets code and factor (slots reset here)."""

    def __init__(
        self,
        service: LookupServiceProvider | None = None,
        catalogue: CatalogueProvider | None = None,
        clock: Callable[[], datetime] = vietnam_now,
    ) -> None:
        install_log_masking()
        # The action server builds its actions when it starts: with WARD_ENV=production
        # and the public development key, it stops here instead of serving lookups.
        check_factor_key()
        self._service = service or sql_lookup_service
        self._catalogue = catalogue or sql_catalogue
        self._clock = clock

    def name(self) -> str:
        return "action_dossier_lookup"

    def _office(self) -> dict[str, str]:
        try:
            with self._catalogue() as repository:
                office = repository.get_office(get_settings().code)
        except Exception:  # the procedure DB is not needed to answer; the office is a bonus
            logger.exception("ward office unavailable")
            office = None
        if office is None:
            return {"office_name": "", "address": "", "opening_hours": "", "phone": ""}
        return {
            "office_name": office.name,
            "address": office.address,
            "opening_hours": office.opening_hours,
            "phone": office.phone,
        }

    def _answer(self, code: str, factor: str, requester: Requester) -> _Answer:
        office = self._office()
        with self._service() as service:
            outcome = service.lookup(code, factor, requester)
        return _Answer(outcome, office)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reset: list[EventType] = [SlotSet(FACTOR_SLOT, None), SlotSet(CODE_SLOT, None)]
        code, factor = tracker.get_slot(CODE_SLOT), tracker.get_slot(FACTOR_SLOT)
        if not code or not factor:
            dispatcher.utter_message(response="utter_dossier_lookup_cancelled")
            return reset
        requester = Requester(
            sender_hash=hash_sender(factor_key(), tracker.sender_id),
            channel=tracker.get_latest_input_channel() or "unknown",
        )
        try:
            answer = await asyncio.to_thread(self._answer, str(code), str(factor), requester)
        except Exception:  # never a stack trace or silence for the citizen
            logger.exception("dossier lookup failed")
            dispatcher.utter_message(response="utter_dossier_lookup_failed")
            return reset
        for reply in self.replies(answer, Phrasebook.from_domain(domain)):
            dispatcher.utter_message(response=reply.response, **reply.values)
        return reset

    def replies(self, answer: _Answer, phrases: Phrasebook) -> list[Reply]:
        outcome, office = answer.outcome, answer.office
        if isinstance(outcome, Found):
            return explain(outcome.view, self._clock().date(), phrases, office)
        if isinstance(outcome, NotMatched):
            return [Reply("utter_dossier_not_matched", office)]
        if isinstance(outcome, LockedOut):
            seconds = int((outcome.until - self._clock()).total_seconds())
            minutes = max(1, -(-seconds // 60))
            wait = (
                phrases.text("utter_label_wait_minutes", n=minutes)
                if minutes <= MINUTES_SHOWN
                else phrases.text("utter_label_wait_hours", n=-(-minutes // 60))
            )
            return [Reply("utter_dossier_locked", office | {"wait": wait})]
        if office["phone"]:
            return [Reply("utter_dossier_backend_down", office)]
        return [Reply("utter_dossier_lookup_failed")]
