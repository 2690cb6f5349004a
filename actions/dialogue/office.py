"""Where and when the ward's one-stop desk is open, and how to reach a person."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.unavailable import DATABASE_ERRORS, apologise, procedures_failed
from actions.phrasebook import Phrasebook
from actions.settings import get_settings


class _OfficeAction(Action, ABC):
    response = ""

    @abstractmethod
    def name(self) -> str: ...

    def __init__(self, catalogue: CatalogueProvider | None = None) -> None:
        self._catalogue = catalogue or sql_catalogue

    def _office_values(self) -> dict[str, str] | None:
        with self._catalogue() as repository:
            office = repository.get_office(get_settings().code)
            if office is None:
                return None
            return {
                "office_name": office.name,
                "address": office.address,
                "opening_hours": office.opening_hours,
                "phone": office.phone,
            }

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            values = await asyncio.to_thread(self._office_values)
        except DATABASE_ERRORS as error:
            procedures_failed(self.name(), error)
            apologise(dispatcher)
            return []
        if values is None:
            dispatcher.utter_message(response="utter_office_info_unknown")
        else:
            # The build leaves unconfirmed contact fields empty: say so, never a placeholder.
            missing = Phrasebook.from_domain(domain).text("utter_label_not_updated")
            values = {key: value or missing for key, value in values.items()}
            dispatcher.utter_message(response=self.response, **values)
        return []


class AnswerOfficeInfo(_OfficeAction):
    response = "utter_office_info"

    def name(self) -> str:
        return "action_answer_office_info"


class HandOverToStaff(_OfficeAction):
    response = "utter_hand_over_to_staff"

    def name(self) -> str:
        return "action_hand_over_to_staff"
