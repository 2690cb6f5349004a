"""Facebook Messenger channel, webhook at ``/webhooks/facebook/webhook``.

Replaces Rasa 3.6's built-in ``facebook`` channel, which only reads the legacy SHA-1
signature, handles only the first messaging item of a POST and sends synchronously with no
timeout (shared/docs/channels.md). Here: a body over ``MAX_BODY_BYTES`` refused unread (413);
``X-Hub-Signature-256`` checked in constant time (SHA-1 only when configured); every entry
and messaging item handled, a malformed one skipped and logged while the good ones of the
batch are processed (400 only when nothing in the body is readable); stale or replayed
items acknowledged and dropped (bot/channels/dedupe.py: freshness of ``timestamp``, a
persistent claim on ``mid`` or on the item's hash); conversations ``fb:<PSID>``;
acknowledgement at once, replies through an async client with a timeout and a configurable
Graph base URL.
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

from bot.channels.common import (
    BackgroundProcessor,
    Malformed,
    optional_str,
    platform_id,
    read_body,
    timestamp_ms,
)
from bot.channels.dedupe import DedupeUnavailable, WebhookGuard, content_key
from bot.channels.degraded import deliver
from bot.channels.identity import namespaced, raw_id
from bot.channels.limits import MAX_BODY_BYTES, bounded_text
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
# Conversations are "fb:<PSID>" (bot/channels/identity.py); replies go to the PSID.
NAMESPACE = "fb"
MAX_MID_CHARS = 256
# Meta caps payloads at 1,000 characters; longer ones are read, then bounded_text refuses them.
MAX_PAYLOAD_CHARS = MAX_BODY_BYTES
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
    dedupe_url: str = ""  # empty: WEBHOOK_DEDUPE_URL, else var/webhooks.db

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
            dedupe_url=str(c.get("dedupe_url", "")),
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

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Send to the PSID behind a "fb:<PSID>" conversation, and to nobody else."""
        try:
            psid = raw_id(NAMESPACE, recipient_id)
        except ValueError:
            logger.error("reply to a conversation that is not a Messenger one: dropped")
            return
        await self.client.send(psid, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in split_text(text, TEXT_LIMIT):
            await self._send(recipient_id, {"text": chunk})

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
            await self._send(recipient_id, {"text": chunk})
        quick_replies = [
            {"content_type": "text", "title": title, "payload": c.payload}
            for title, c in zip(titles, choices, strict=True)
        ][:MAX_QUICK_REPLIES]
        await self._send(recipient_id, {"text": chunks[-1], "quick_replies": quick_replies})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(
            recipient_id,
            {"attachment": {"type": "image", "payload": {"url": image, "is_reusable": True}}},
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        message = json_message.get("facebook") if isinstance(json_message, dict) else None
        if isinstance(message, dict):
            await self._send(recipient_id, message)


@dataclass(frozen=True)
class MessengerItem:
    """A messaging item, validated: what the channel hands on, nothing else from the body."""

    sender: str  # the page-scoped id (PSID) replies go to
    kind: str  # "text", "quick_reply", "postback" or "other" (stickers, images…)
    text: str
    mid: str  # "" when Meta sent none
    timestamp_ms: int


def parse_item(item: Any) -> MessengerItem | None:
    """One messaging item; None for items we ignore (echoes, deliveries, reads);
    ``Malformed`` when it does not have the documented shape."""
    if not isinstance(item, dict):
        raise Malformed("messaging item is not an object")
    message, postback = item.get("message"), item.get("postback")
    if message is not None and not isinstance(message, dict):
        raise Malformed("message is not an object")
    if postback is not None and not isinstance(postback, dict):
        raise Malformed("postback is not an object")
    if not (message or postback) or (message and message.get("is_echo")):
        return None  # echoes of the page's own messages, deliveries, reads, reactions
    sender = item.get("sender")
    if not isinstance(sender, dict):
        raise Malformed("sender is not an object")
    psid = platform_id(sender.get("id"), "sender.id")
    timestamp = timestamp_ms(item.get("timestamp"), "timestamp")
    if postback:
        mid = optional_str(postback, "mid", "postback.mid", MAX_MID_CHARS)
        payload = optional_str(postback, "payload", "postback.payload", MAX_PAYLOAD_CHARS)
        title = optional_str(postback, "title", "postback.title", MAX_PAYLOAD_CHARS)
        return MessengerItem(psid, "postback", payload or title, mid, timestamp)
    assert message is not None
    mid = optional_str(message, "mid", "message.mid", MAX_MID_CHARS)
    quick_reply = message.get("quick_reply")
    if quick_reply is not None:
        if not isinstance(quick_reply, dict):
            raise Malformed("message.quick_reply is not an object")
        payload = optional_str(quick_reply, "payload", "quick_reply.payload", MAX_PAYLOAD_CHARS)
        return MessengerItem(psid, "quick_reply", payload, mid, timestamp)
    text = message.get("text")
    if text is None:
        return MessengerItem(psid, "other", "", mid, timestamp)
    if not isinstance(text, str):
        raise Malformed("message.text is not a string")
    return MessengerItem(psid, "text", text, mid, timestamp)


def messaging_items(payload: Any) -> tuple[list[Any], int]:
    """The messaging items of a page webhook and how many entries were unreadable;
    ``Malformed`` when the envelope itself is (not an object, ``entry`` not a list)."""
    if not isinstance(payload, dict):
        raise Malformed("body is not an object")
    if payload.get("object") != "page":
        return [], 0
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise Malformed("entry is not a list")
    items: list[Any] = []
    bad = 0
    for entry in entries:
        if not isinstance(entry, dict):
            bad += 1
            continue
        messaging = entry.get("messaging")
        if messaging is None:
            continue  # standby, changes…: other subscriptions (Rasa issue #10456)
        if not isinstance(messaging, list):
            bad += 1
            continue
        items.extend(messaging)
    return items, bad


def item_key(item: MessengerItem, raw_item: Any) -> str:
    """``mid``, or a hash of the signed item (sender, timestamp and content)."""
    if item.mid:
        return f"mid:{item.mid}"
    return content_key(json.dumps(raw_item, sort_keys=True, ensure_ascii=False).encode())


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
        self.guard = WebhookGuard(NAMESPACE, config.dedupe_url)
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

        @fb_webhook.listener("after_server_stop")
        async def close_stores(*_: Any) -> None:
            await self.guard.close()  # the SQLite connection or the Redis pool

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

        # Streamed: an over-size body is refused without being buffered.
        @fb_webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not self.config.app_secret:
                return response.text("channel not configured", status=403)
            raw = await read_body(request, MAX_BODY_BYTES)
            if raw is None:
                return response.text("body too large", status=413)
            if not self.config.signature_is_valid(request.headers, raw):
                logger.warning("Messenger webhook with a missing or forged signature refused")
                return response.text("invalid signature", status=401)
            try:
                payload = json.loads(raw)
                raw_items, bad = messaging_items(payload)
            except (ValueError, Malformed) as error:
                logger.warning("signed Messenger body refused: %s", _reason(error))
                return response.text("bad request", status=400)
            readable = 0
            for index, raw_item in enumerate(raw_items):
                try:
                    item = parse_item(raw_item)
                except Malformed as error:
                    bad += 1
                    logger.warning("Messenger item %d skipped: %s", index, error)
                    continue
                readable += 1
                if item is None:
                    continue
                try:
                    verdict = await self.guard.admit(item_key(item, raw_item), item.timestamp_ms)
                except DedupeUnavailable:
                    # Meta re-sends the whole body: the items claimed so far are then
                    # recognised, the others processed, none twice.
                    logger.exception("webhook dedupe store unavailable: Meta asked to retry")
                    return response.text("try again", status=503)
                if not verdict.process:
                    logger.info("Messenger item %d not processed: %s", index, verdict.reason)
                    continue
                self.accept(item, request.app, on_new_message)
            if bad and not readable:
                # Nothing in the body could be read: refused as a whole.
                return response.text("bad request", status=400)
            return response.text("EVENT_RECEIVED")

        return fb_webhook

    def accept(
        self,
        item: MessengerItem,
        app: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Queue one verified, fresh, first-seen item for background processing."""
        sender = namespaced(NAMESPACE, item.sender)
        output = MessengerOutput(self.client, self.memory)
        if item.kind == "other":  # stickers, images, audio...: say politely that only text is read
            self.background.submit(
                sender, lambda: output.send_text_message(sender, response_text(TEXT_ONLY))
            )
            return
        # Bounded before anything else reads it: an over-long text becomes an intent.
        text = bounded_text(item.text)
        if item.kind == "text":
            text = self.memory.resolve(sender, text)
        user_message = UserMessage(
            text,
            output,
            sender,
            input_channel=self.name(),
            message_id=item.mid or None,
            metadata={"facebook": {"timestamp": item.timestamp_ms}},
        )
        self.background.submit(sender, lambda: deliver(app, on_new_message, user_message))


def _reason(error: Exception) -> str:
    # json's messages quote no content, but keep to the exception type for anything else.
    return str(error) if isinstance(error, Malformed) else "not JSON"
