"""Facebook Messenger channel, webhook at ``/webhooks/facebook/webhook``.

Replaces Rasa 3.6's built-in ``facebook`` channel, which only reads the legacy SHA-1
signature, handles only the first messaging item of a POST and sends synchronously with no
timeout (shared/docs/channels.md). Here: ``X-Hub-Signature-256`` checked in constant time
(SHA-1 only when configured), every entry and messaging item handled, deduplication on
``mid``, acknowledgement at once, replies through an async client with a timeout and a
configurable Graph base URL.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import BackgroundProcessor, Deduplicator
from bot.channels.rendering import (
    CHOOSE_NUMBER,
    TEXT_ONLY,
    ChoiceMemory,
    choices_from,
    numbered_list,
    response_text,
    split_text,
)

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com"
DEFAULT_GRAPH_VERSION = "v21.0"
TEXT_LIMIT = 2000
MAX_QUICK_REPLIES = 13
QUICK_REPLY_TITLE_LIMIT = 20
QUICK_REPLY_PAYLOAD_LIMIT = 1000
# Graph API errors worth retrying: throttling (4, 17, 32, 613) and transient (1, 2).
RETRYABLE_CODES = frozenset({1, 2, 4, 17, 32, 613})


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def sign_sha256(app_secret: str, raw_body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def sign_sha1(app_secret: str, raw_body: bytes) -> str:
    return "sha1=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha1).hexdigest()


@dataclass
class MessengerConfig:
    verify_token: str
    app_secret: str
    page_access_token: str
    graph_base_url: str = DEFAULT_GRAPH_BASE_URL
    graph_version: str = DEFAULT_GRAPH_VERSION
    accept_sha1: bool = False
    timeout_s: float = 10.0
    max_attempts: int = 3
    backoff_s: float = 0.5

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessengerConfig:
        c = {k: v for k, v in (credentials or {}).items() if v not in (None, "")}
        return cls(
            verify_token=str(c.get("verify", "")),
            app_secret=str(c.get("secret", "")),
            page_access_token=str(c.get("page-access-token", "")),
            graph_base_url=str(c.get("graph_base_url", DEFAULT_GRAPH_BASE_URL)).rstrip("/"),
            graph_version=str(c.get("graph_version", DEFAULT_GRAPH_VERSION)),
            accept_sha1=_truthy(c.get("accept_sha1", False)),
            timeout_s=float(c.get("timeout_s", 10.0)),
        )

    def signature_is_valid(self, headers: Any, raw_body: bytes) -> bool:
        if not self.app_secret:
            return False
        sha256 = headers.get("X-Hub-Signature-256")
        if sha256:
            expected = sign_sha256(self.app_secret, raw_body)
            return hmac.compare_digest(sha256.strip().encode(), expected.encode())
        sha1 = headers.get("X-Hub-Signature")
        if sha1 and self.accept_sha1:
            expected = sign_sha1(self.app_secret, raw_body)
            return hmac.compare_digest(sha1.strip().encode(), expected.encode())
        return False


class GraphClient:
    """Send API client: async, with a timeout, retrying throttling and transient errors."""

    def __init__(self, config: MessengerConfig) -> None:
        self.config = config
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.config.timeout_s)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, recipient_id: str, message: dict[str, Any]) -> dict[str, Any] | None:
        """Send one message; None when the Graph API refused it (logged)."""
        url = f"{self.config.graph_base_url}/{self.config.graph_version}/me/messages"
        body = {"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message}
        params = {"access_token": self.config.page_access_token}
        for attempt in range(1, self.config.max_attempts + 1):
            try:
                async with self._http().post(url, json=body, params=params) as reply:
                    status = reply.status
                    result: dict[str, Any] = await reply.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                logger.warning("Graph API send attempt %d failed: %r", attempt, error)
                await asyncio.sleep(self.config.backoff_s * 2 ** (attempt - 1))
                continue
            if status == 200 and "error" not in result:
                return result
            code = int((result.get("error") or {}).get("code", 0) or 0)
            if status in (429, 500, 502, 503, 504) or code in RETRYABLE_CODES:
                logger.warning("Graph API busy (%s, code %s), backing off", status, code)
                await asyncio.sleep(self.config.backoff_s * 2 ** (attempt - 1))
                continue
            logger.error("Graph API refused a message to %s: %s %s", recipient_id, status, result)
            return None
        logger.error("Graph API send to %s gave up", recipient_id)
        return None


class MessengerOutput(OutputChannel):
    """Renders Rasa's messages for Messenger: ≤2,000 characters, ≤13 quick replies."""

    def __init__(self, client: GraphClient, memory: ChoiceMemory) -> None:
        self.client = client
        self.memory = memory

    @classmethod
    def name(cls) -> str:
        return "facebook"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in split_text(text, TEXT_LIMIT):
            await self.client.send(recipient_id, {"text": chunk})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        choices = [c for c in choices_from(buttons) if len(c.payload) <= QUICK_REPLY_PAYLOAD_LIMIT]
        if not choices:
            await self.send_text_message(recipient_id, text)
            return
        short = len(choices) <= MAX_QUICK_REPLIES and all(
            0 < len(c.title) <= QUICK_REPLY_TITLE_LIMIT for c in choices
        )
        if short:
            self.memory.forget(recipient_id)
            titles = [c.title for c in choices]
        else:
            # Long titles or too many: the full titles as a numbered list, the numbers as
            # quick replies (a typed number works too, beyond the thirteenth).
            self.memory.remember(recipient_id, choices)
            text = f"{text}\n{numbered_list(choices, response_text(CHOOSE_NUMBER))}"
            titles = [str(i) for i in range(1, len(choices) + 1)]
        chunks = split_text(text, TEXT_LIMIT) or [" "]
        for chunk in chunks[:-1]:
            await self.client.send(recipient_id, {"text": chunk})
        quick_replies = [
            {"content_type": "text", "title": title, "payload": c.payload}
            for title, c in zip(titles, choices, strict=True)
        ][:MAX_QUICK_REPLIES]
        await self.client.send(recipient_id, {"text": chunks[-1], "quick_replies": quick_replies})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.client.send(
            recipient_id,
            {"attachment": {"type": "image", "payload": {"url": image, "is_reusable": True}}},
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        message = json_message.get("facebook") if isinstance(json_message, dict) else None
        if isinstance(message, dict):
            await self.client.send(recipient_id, message)


class FacebookInput(InputChannel):
    """Messenger webhook (GET verify handshake, signed POST deliveries)."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(MessengerConfig.from_credentials(credentials))

    def __init__(self, config: MessengerConfig, client: GraphClient | None = None) -> None:
        self.config = config
        self.client = client or GraphClient(config)
        self.dedup = Deduplicator()
        self.background = BackgroundProcessor()
        self.memory = ChoiceMemory()
        if not config.app_secret:
            logger.warning("Messenger channel has no app secret: every webhook is refused")

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.client, self.memory)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        fb_webhook = Blueprint(f"fb_webhook_{id(self)}", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token", "")
            if (
                self.config.verify_token
                and request.args.get("hub.mode") == "subscribe"
                and hmac.compare_digest(token.encode(), self.config.verify_token.encode())
            ):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("forbidden", status=403)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config.app_secret:
                return response.text("channel not configured", status=403)
            raw = request.body or b""
            if not self.config.signature_is_valid(request.headers, raw):
                logger.warning("Messenger webhook with a missing or forged signature refused")
                return response.text("invalid signature", status=401)
            try:
                payload = json.loads(raw)
            except ValueError:
                return response.text("bad request", status=400)
            if isinstance(payload, dict) and payload.get("object") == "page":
                for entry in payload.get("entry") or []:
                    for item in (entry or {}).get("messaging") or []:
                        self.accept(item, on_new_message)
            return response.text("EVENT_RECEIVED")

        return fb_webhook

    def accept(
        self, item: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """Queue one verified messaging item for background processing (or ignore it)."""
        sender = str((item.get("sender") or {}).get("id", ""))
        message = item.get("message") or {}
        postback = item.get("postback") or {}
        if not sender or message.get("is_echo") or not (message or postback):
            return  # echoes of the page's own messages, deliveries, reads
        mid = str(message.get("mid") or postback.get("mid") or "")
        if mid and not self.dedup.first_time(mid):
            logger.info("Messenger message %s delivered again: ignored", mid)
            return
        output = MessengerOutput(self.client, self.memory)
        if postback:
            text = str(postback.get("payload") or postback.get("title") or "")
        elif message.get("quick_reply"):
            text = str(message["quick_reply"].get("payload", ""))
        elif message.get("text"):
            text = self.memory.resolve(sender, str(message["text"]))
        else:  # stickers, images, audio...: say politely that only text is read
            self.background.submit(
                sender, lambda: output.send_text_message(sender, response_text(TEXT_ONLY))
            )
            return
        user_message = UserMessage(
            text,
            output,
            sender,
            input_channel=self.name(),
            message_id=mid or None,
            metadata={"facebook": {"timestamp": item.get("timestamp")}},
        )
        self.background.submit(sender, lambda: on_new_message(user_message))
