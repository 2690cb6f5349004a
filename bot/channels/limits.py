"""Bounds on what a client may send, applied by every input channel before NLU.

DIET's transformer costs time and memory with the square of the token count, and the
server has one event loop: one 100,000-character message stalled every conversation. A
message longer than ``MAX_MESSAGE_CHARS`` never reaches the NLU; the conversation gets the
``message_too_long`` intent instead, whose rule answers politely (bot/domain/safety.yml).

A text starting with "/" is read by Rasa as ``/intent{"entity": value}`` and skips the NLU:
the bot's own buttons rely on it, but a stranger could type any intent, a confidence, or
entity values that fill slots. ``bounded_text`` lets through only the shape our buttons send
(a declared intent, optionally one ``procedure_code``); anything else loses its leading slash
and is read by the NLU as the plain text it is.

No Rasa import: the webhook channels and the tests import this cheaply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

# About 300 Vietnamese words: a long story about a situation still fits (issue 10 asks for
# 30-300 words), while parsing stays in milliseconds.
MAX_MESSAGE_CHARS = 2000
# An HTTP request body of a platform webhook (a Messenger batch included) stays under this:
# Zalo and Messenger cap a text at 2,000 characters themselves.
MAX_BODY_BYTES = 64 * 1024
# REST and the web widget carry what a person pasted: a body has to be big enough for a
# 100,000-character paste to arrive and get the polite "too long" answer instead of a bare
# error, and small enough that reading it costs nothing. Sanic's REQUEST_MAX_SIZE (env
# SANIC_REQUEST_MAX_SIZE) of the Rasa server must not be below this.
MAX_CLIENT_BODY_BYTES = 256 * 1024
# The intent an over-long message becomes (Rasa's "/intent" syntax skips the NLU).
TOO_LONG_PAYLOAD = "/message_too_long"

# Intents a "/" payload may name when the channel cannot see the domain (the model is not
# loaded yet): the ones our buttons and the widget's init payload use, plus Rasa's restart.
BUTTON_INTENTS = frozenset(
    {
        "greet",
        "deny",
        "affirm",
        "restart",
        "ask_procedure",
        "ask_papers",
        "ask_more_details",
        "ask_fee",
        "ask_duration",
        "ask_submission",
        "ask_steps",
        "ask_forms",
        "ask_legal_basis",
        "ask_conditions",
        "ask_steps_full",
        "choose_case",
        "check_dossier_status",
        "request_human",
        "message_too_long",
    }
)
# What our buttons put after the intent: {"procedure_code": "<national or local code>"}
# (actions/dialogue/procedure_answers.py, fallback.py). National codes look like 1.000080,
# the ward's local ones like LOCAL-00235-001.
_PAYLOAD = re.compile(r"/(?P<intent>[a-z][a-z0-9_]{0,63})(?P<entities>\{.*\})?", re.DOTALL)
_PROCEDURE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
# A case button (actions/cards/answers.py) adds {"procedure_case": "<code>#<case id>"}.
_PROCEDURE_CASE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}#[a-z0-9_]{1,40}")
ENTITY_SHAPES = {"procedure_code": _PROCEDURE_CODE, "procedure_case": _PROCEDURE_CASE}
SAFE_ENTITIES = frozenset(ENTITY_SHAPES)

# Client metadata (the widget's customData, REST "metadata") we keep: the ward code only,
# a 5-digit statistics-office code. Everything else a client sends is dropped, so nothing
# unbounded or personal reaches the tracker store.
_WARD_CODE = re.compile(r"\d{5}")
MAX_METADATA_CHARS = 1024


def _payload_is_safe(text: str, intents: Collection[str]) -> bool:
    match = _PAYLOAD.fullmatch(text)
    if match is None or match["intent"] not in intents:
        return False
    if match["entities"] is None:
        return True
    try:
        entities = json.loads(match["entities"])
    except ValueError:
        return False
    return (
        isinstance(entities, dict)
        and set(entities) <= SAFE_ENTITIES
        and all(isinstance(v, str) and ENTITY_SHAPES[k].fullmatch(v) for k, v in entities.items())
    )


def bounded_text(text: str, intents: Collection[str] | None = None) -> str:
    """The text to hand to Rasa: as typed, the too-long intent, or a defused "/" payload.

    ``intents`` are the intents a "/" payload may name (the domain's, see
    ``domain_intents``); ``None`` means the fixed ``BUTTON_INTENTS``.
    """
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG_PAYLOAD
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    if _payload_is_safe(stripped, BUTTON_INTENTS if intents is None else intents):
        return stripped
    # Plain text for the NLU: without the slash Rasa no longer reads it as a payload.
    return stripped.lstrip("/").lstrip()


def domain_intents(app: Any) -> Collection[str] | None:
    """The intents of the loaded model's domain (``app.ctx.agent``), ``None`` before loading."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    domain = getattr(agent, "domain", None)
    intents = getattr(domain, "intents", None)
    return frozenset(intents) if intents else None


def client_metadata(raw: object) -> dict[str, str]:
    """The metadata a public client may set: ``{"ward_code": "<5 digits>"}`` or nothing.

    ``raw`` is what the client sent: a JSON object, or a JSON string of one (the widget
    may send customData either way); anything malformed or oversized counts as nothing.
    """
    if isinstance(raw, str):
        if len(raw) > MAX_METADATA_CHARS:
            return {}
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, dict):
        return {}
    ward_code = raw.get("ward_code")
    if isinstance(ward_code, str) and _WARD_CODE.fullmatch(ward_code):
        return {"ward_code": ward_code}
    return {}
