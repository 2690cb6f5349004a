"""Rasa's REST channel, hardened: POST /webhooks/rest/webhook, same request and answer.

Rasa's built-in ``rest`` channel takes whatever arrives: an empty or array body is a 500, a
missing ``message`` answers ``[]``, a missing ``sender`` puts everyone into one conversation
named ``default``, the client chooses ``input_channel`` (which the dossier audit records)
and any body size reaches the NLU. This one answers 400 with a JSON error for a malformed
request, 413 for an oversized body, fixes the channel name, namespaces the sender
("rest:<sender>", bot/channels/identity.py) so no REST client can name a Zalo or web
conversation, keeps only known metadata, and bounds the text before the NLU
(bot/channels/limits.py). Answers still carry the client's own ``recipient_id``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.channels.degraded import deliver
from bot.channels.identity import namespaced
from bot.channels.limits import (
    MAX_CLIENT_BODY_BYTES,
    bounded_text,
    client_metadata,
    domain_intents,
)

logger = logging.getLogger(__name__)

CHANNEL = "rest"
_DONE = object()  # end of a streamed answer


class BadRequest(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message

    def response(self) -> HTTPResponse:
        return response.json({"error": self.error, "message": self.message}, status=self.status)


class RestCollector(CollectingOutputChannel):
    """Collects the answers with the client's own sender as ``recipient_id``, as before."""

    def __init__(self, client_sender: str) -> None:
        super().__init__()
        self.client_sender = client_sender

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def _persist_message(self, message: dict[str, Any]) -> None:
        await super()._persist_message({**message, "recipient_id": self.client_sender})


def parse_request(body: bytes) -> tuple[str, str, object]:
    """(sender, text, metadata) from a REST body, or ``BadRequest``."""
    if len(body) > MAX_CLIENT_BODY_BYTES:
        raise BadRequest(413, "body_too_large", f"the body exceeds {MAX_CLIENT_BODY_BYTES} bytes")
    if not body.strip():
        raise BadRequest(400, "empty_body", 'expected {"sender": "...", "message": "..."}')
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(400, "invalid_json", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "not_an_object", 'expected {"sender": "...", "message": "..."}')
    sender, text = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, "invalid_sender", '"sender" must be a non-empty string')
    if not isinstance(text, str):
        raise BadRequest(400, "invalid_message", '"message" must be a string')
    return sender, text, data.get("metadata")


class RestQueue(QueueOutputChannel):
    """The streamed variant (``?stream=true``): one JSON line per answer, as Rasa's."""

    def __init__(self, queue: asyncio.Queue[Any], client_sender: str) -> None:
        super().__init__(queue)
        self.client_sender = client_sender

    async def _persist_message(self, message: dict[str, Any]) -> None:
        await super()._persist_message({**message, "recipient_id": self.client_sender})


def stream_answers(
    handle: Callable[[UserMessage], Awaitable[None]],
    text: str,
    client_sender: str,
    sender_id: str,
    metadata: dict[str, Any] | None,
) -> Callable[[Any], Awaitable[None]]:
    async def stream(resp: Any) -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue()

        async def run() -> None:
            out = RestQueue(queue, client_sender)
            try:
                await handle(
                    UserMessage(text, out, sender_id, input_channel=CHANNEL, metadata=metadata)
                )
            finally:
                await queue.put(_DONE)

        task = asyncio.ensure_future(run())
        while (item := await queue.get()) is not _DONE:
            await resp.write(json.dumps(item) + "\n")
        await task

    return stream


class RestInput(RasaRestInput):
    """Replaces Rasa's ``rest`` channel: same name, so the same URL."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> ResponseStream | HTTPResponse:
            try:
                client_sender, text, raw_metadata = parse_request(request.body or b"")
                sender_id = namespaced(CHANNEL, client_sender)
            except BadRequest as error:
                return error.response()
            except ValueError as error:  # the sender id's bounds (bot/channels/identity.py)
                return BadRequest(400, "invalid_sender", str(error)).response()
            text = bounded_text(text, domain_intents(request.app))
            metadata = client_metadata(raw_metadata) or None

            async def handle(message: UserMessage) -> None:
                await deliver(request.app, on_new_message, message)

            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    stream_answers(handle, text, client_sender, sender_id, metadata),
                    content_type="text/event-stream",
                )
            collector = RestCollector(client_sender)
            try:
                await handle(
                    UserMessage(
                        text, collector, sender_id, input_channel=CHANNEL, metadata=metadata
                    )
                )
            except Exception:
                # As Rasa's channel: the answers so far (often none) rather than a 500. The
                # text is not logged: it may hold a phone or CCCD number.
                logger.exception("handling a REST message failed")
            return response.json(collector.messages)

        return webhook
