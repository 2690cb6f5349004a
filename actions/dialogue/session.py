"""Session start: greet nobody yet, but know which ward we speak for."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue_session import CatalogueProvider, sql_catalogue
from actions.dialogue.unavailable import DATABASE_ERRORS, procedures_failed, ward_desk
from actions.settings import get_settings


class StartSession(Action):
    def __init__(self, catalogue: CatalogueProvider | None = None) -> None:
        self._catalogue = catalogue or sql_catalogue

    def name(self) -> str:
        return "action_session_start"

    def _ward_name(self) -> str | None:
        with self._catalogue() as repository:
            office = repository.get_office(get_settings().code)
            return office.ward_name if office is not None else None

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            ward_name = await asyncio.to_thread(self._ward_name)
        except DATABASE_ERRORS as error:
            # The session must start whatever the procedure database's state: dossier
            # lookups do not need it, and a lost SessionStarted confuses every next turn.
            procedures_failed(self.name(), error)
            ward_name = ward_desk().ward_name
        return [
            SessionStarted(),
            SlotSet("ward_name", ward_name or ""),
            ActionExecuted("action_listen"),
        ]
