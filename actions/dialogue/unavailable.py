"""When a database an action needs is damaged or gone: an apology, never silence.

Rasa drops the events of a failed action and carries on, so a database error that escapes
an action makes every conversation get the same wrong reply. Actions catch
``DATABASE_ERRORS`` and say ``utter_service_unavailable`` (bot/domain/degraded.yml) with the
ward desk's hotline, read from the ward file since the database cannot be asked. The
cached engine is dropped so that a repaired file is used on the next call.
"""

from __future__ import annotations

import logging
import sqlite3

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.db import reset_engines
from actions.settings import get_settings
from actions.text.ward_contact import DeskContact, desk_contact, unavailable_response

logger = logging.getLogger(__name__)

#: What a damaged, missing or unreachable database raises through SQLAlchemy (and the
#: driver's own errors, for code that reaches the DB-API directly).
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, sqlite3.Error)


def ward_desk() -> DeskContact:
    settings = get_settings()
    return desk_contact(settings.code, settings.data_dir)


def apology() -> tuple[str, dict[str, str]]:
    """The response to say and its values: the phone only when the ward file confirms it."""
    settings = get_settings()
    return unavailable_response(settings.code, settings.data_dir)


def procedures_failed(action: str, error: BaseException) -> None:
    """Log (the error's kind only: its message may quote stored text) and drop the engine."""
    logger.error("procedure database unavailable in %s: %s", action, type(error).__name__)
    reset_engines(procedures=True)


def apologise(dispatcher: CollectingDispatcher) -> None:
    response, values = apology()
    dispatcher.utter_message(response=response, **values)
