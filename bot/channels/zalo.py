"""Zalo Official Account channel (Open API v3), webhook at ``/webhooks/zalo/webhook``.

Inbound: a body over ``MAX_BODY_BYTES`` is refused (413) unread; then ``X-ZEvent-Signature:
mac=<sha256(app_id + raw body + timestamp + OA secret key)>`` (a plain SHA-256 of the
concatenation, not an HMAC), checked in constant time before anything else is read; a
signed body of the wrong shape is refused (400). A stale or replayed event is acknowledged
and dropped (bot/channels/dedupe.py: freshness of ``timestamp``, a persistent claim on
``message.msg_id`` or on the body's hash); the others are acknowledged at once and processed
in the background as conversation ``zalo:<user id>``. Outbound: ``POST
{api}/v3.0/oa/message/cs`` with the access token, refreshed with the single-use refresh
token, which is persisted atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
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
    Choice,
    ChoiceMemory,
    choices_from,
    numbered_list,
    response_text,
    split_text,
)

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://openapi.zalo.me"
DEFAULT_OAUTH_BASE_URL = "https://oauth.zaloapp.com"
SIGNATURE_HEADER = "X-ZEvent-Signature"
# Conversations are "zalo:<Zalo user id>" (bot/channels/identity.py); replies go to the id.
NAMESPACE = "zalo"
MAX_MSG_ID_CHARS = 128
TEXT_LIMIT = 2000
MAX_BUTTONS = 5
BUTTON_TITLE_LIMIT = 100
BUTTON_PAYLOAD_LIMIT = 1000

RATE_LIMITED = -32
TOKEN_ERRORS = frozenset({-216, -220})
OUTSIDE_WINDOW = frozenset({-230, -232})

# User events that carry something other than text: answered with utter_text_only.
NON_TEXT_EVENTS = frozenset(
    {
        "user_send_image",
        "user_send_link",
        "user_send_sticker",
        "user_send_gif",
        "user_send_location",
        "user_send_file",
        "user_send_audio",
        "user_send_video",
        "user_send_business_card",
    }
)


def zalo_signature(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The header value Zalo sends: ``mac=`` + hex SHA-256 of the concatenation."""
    digest = hashlib.sha256(
        app_id.encode() + raw_body + timestamp.encode() + oa_secret_key.encode()
    ).hexdigest()
    return f"mac={digest}"


def signature_is_valid(
    header: str | None, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str
) -> bool:
    if not header or not oa_secret_key or not app_id:
        return False
    expected = zalo_signature(app_id, raw_body, timestamp, oa_secret_key)
    return hmac.compare_digest(header.strip().encode(), expected.encode())


class ZaloApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message}")
        self.code = code


@dataclass
class Tokens:
    access_token: str = ""
    refresh_token: str = ""
    expires_at: float = 0.0


class TokenStore:
    """The OA's tokens in a JSON file, replaced atomically (write a temp file, fsync, rename).

    Refreshes are serialised by an asyncio lock within the process and an ``flock`` on a
    sibling lock file across processes: the refresh token is single-use, so two concurrent
    refreshes would lose the OA's access for good.
    """

    def __init__(self, path: Path | None, initial: Tokens) -> None:
        self.path = path
        self._tokens = initial
        self._lock = asyncio.Lock()
        if path is not None and path.exists():
            self._tokens = self._read() or initial

    @property
    def access_token(self) -> str:
        return self._tokens.access_token

    def _read(self) -> Tokens | None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Tokens(
                str(data.get("access_token", "")),
                str(data.get("refresh_token", "")),
                float(data.get("expires_at", 0)),
            )
        except (OSError, ValueError):
            logger.exception("cannot read the Zalo token file %s", self.path)
            return None

    def _write(self, tokens: Tokens) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".zalo-tokens.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(tokens.__dict__, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    async def refresh(
        self, stale_access_token: str, exchange: Callable[[str], Awaitable[Tokens]]
    ) -> str:
        """A fresh access token; refreshes only if nobody did since ``stale`` was used."""
        async with self._lock:
            if self._tokens.access_token != stale_access_token:
                return self._tokens.access_token
            await asyncio.to_thread(self._acquire_file_lock)
            try:
                if self.path is not None and self.path.exists():
                    on_disk = self._read()
                    if on_disk and on_disk.access_token != stale_access_token:
                        self._tokens = on_disk  # another process refreshed
                        return on_disk.access_token
                if not self._tokens.refresh_token:
                    raise ZaloApiError(-216, "no refresh token configured")
                fresh = await exchange(self._tokens.refresh_token)
                if self.path is not None:
                    await asyncio.to_thread(self._write, fresh)
                self._tokens = fresh
                return fresh.access_token
            finally:
                self._release_file_lock()

    _lock_handle: Any = None

    def _acquire_file_lock(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(self.path.with_suffix(self.path.suffix + ".lock"), "a")  # noqa: SIM115
        fcntl.flock(self._lock_handle, fcntl.LOCK_EX)

    def _release_file_lock(self) -> None:
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None


@dataclass
class ZaloConfig:
    app_id: str
    oa_secret_key: str
    app_secret: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    timeout_s: float = 10.0
    max_attempts: int = 4
    backoff_s: float = 0.5
    token_file: Path | None = None
    initial_tokens: Tokens = field(default_factory=Tokens)
    dedupe_url: str = ""  # empty: WEBHOOK_DEDUPE_URL, else var/webhooks.db

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ZaloConfig:
        c = {k: v for k, v in (credentials or {}).items() if v not in (None, "")}
        token_file = c.get("token_file")
        return cls(
            app_id=str(c.get("app_id", "")),
            oa_secret_key=str(c.get("oa_secret_key", "")),
            app_secret=str(c.get("app_secret", "")),
            api_base_url=str(c.get("api_base_url", DEFAULT_API_BASE_URL)).rstrip("/"),
            oauth_base_url=str(c.get("oauth_base_url", DEFAULT_OAUTH_BASE_URL)).rstrip("/"),
            timeout_s=float(c.get("timeout_s", 10.0)),
            token_file=Path(str(token_file)) if token_file else None,
            initial_tokens=Tokens(str(c.get("access_token", "")), str(c.get("refresh_token", ""))),
            dedupe_url=str(c.get("dedupe_url", "")),
        )


class ZaloClient:
    """Sends OA messages; retries rate limits, refreshes an expired token once."""

    def __init__(self, config: ZaloConfig, tokens: TokenStore | None = None) -> None:
        self.config = config
        self.tokens = tokens or TokenStore(config.token_file, config.initial_tokens)
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

    async def _exchange(self, refresh_token: str) -> Tokens:
        url = f"{self.config.oauth_base_url}/v4/oa/access_token"
        form = {
            "refresh_token": refresh_token,
            "app_id": self.config.app_id,
            "grant_type": "refresh_token",
        }
        async with self._http().post(
            url, data=form, headers={"secret_key": self.config.app_secret}
        ) as reply:
            body = await reply.json(content_type=None)
        if not body.get("access_token") or not body.get("refresh_token"):
            raise ZaloApiError(int(body.get("error", -1)), str(body.get("error_description", body)))
        logger.info("Zalo access token refreshed")
        return Tokens(
            str(body["access_token"]),
            str(body["refresh_token"]),
            time.time() + float(body.get("expires_in", 0) or 0),
        )

    async def send(self, user_id: str, message: dict[str, Any]) -> dict[str, Any] | None:
        """Send one message; None when Zalo refused it for good (logged)."""
        url = f"{self.config.api_base_url}/v3.0/oa/message/cs"
        body = {"recipient": {"user_id": user_id}, "message": message}
        refreshed = False
        for attempt in range(1, self.config.max_attempts + 1):
            token = self.tokens.access_token
            try:
                async with self._http().post(
                    url, json=body, headers={"access_token": token}
                ) as reply:
                    result: dict[str, Any] = await reply.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                logger.warning("Zalo send attempt %d failed: %r", attempt, error)
                await asyncio.sleep(self.config.backoff_s * 2 ** (attempt - 1))
                continue
            code = int(result.get("error", -1))
            if code == 0:
                return result
            if code == RATE_LIMITED:
                logger.warning("Zalo rate limit (attempt %d), backing off", attempt)
                await asyncio.sleep(self.config.backoff_s * 2 ** (attempt - 1))
                continue
            if code in TOKEN_ERRORS and not refreshed:
                refreshed = True
                try:
                    await self.tokens.refresh(token, self._exchange)
                except (ZaloApiError, aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                    logger.exception("Zalo token refresh failed; message to %s dropped", user_id)
                    return None
                continue
            if code in OUTSIDE_WINDOW:
                logger.info(
                    "user %s is outside Zalo's interaction window (%d): dropped", user_id, code
                )
                return None
            logger.error("Zalo refused a message to %s: %s", user_id, result)
            return None
        logger.error("Zalo send to %s gave up after %d attempts", user_id, self.config.max_attempts)
        return None


class ZaloOutput(OutputChannel):
    """Renders Rasa's messages for Zalo: ≤2,000 characters, ``oa.query.hide`` buttons."""

    def __init__(self, client: ZaloClient, memory: ChoiceMemory) -> None:
        self.client = client
        self.memory = memory

    @classmethod
    def name(cls) -> str:
        return "zalo"

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Send to the Zalo user behind a "zalo:<id>" conversation, and to nobody else."""
        try:
            user_id = raw_id(NAMESPACE, recipient_id)
        except ValueError:
            logger.error("reply to a conversation that is not a Zalo one: dropped")
            return
        await self.client.send(user_id, message)

    async def _send_chunks(self, recipient_id: str, chunks: list[str]) -> None:
        for chunk in chunks:
            await self._send(recipient_id, {"text": chunk})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_chunks(recipient_id, split_text(text, TEXT_LIMIT))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        choices = choices_from(buttons)
        fits = len(choices) <= MAX_BUTTONS and all(
            0 < len(c.title) <= BUTTON_TITLE_LIMIT and len(c.payload) <= BUTTON_PAYLOAD_LIMIT
            for c in choices
        )
        if not choices:
            await self.send_text_message(recipient_id, text)
            return
        if not fits:
            self.memory.remember(recipient_id, choices)
            listing = numbered_list(choices, response_text(CHOOSE_NUMBER))
            await self.send_text_message(recipient_id, f"{text}\n{listing}")
            return
        self.memory.forget(recipient_id)
        chunks = split_text(text, TEXT_LIMIT) or [""]
        await self._send_chunks(recipient_id, chunks[:-1])
        await self._send(recipient_id, self.buttons_message(chunks[-1], choices))

    @staticmethod
    def buttons_message(text: str, choices: list[Choice]) -> dict[str, Any]:
        return {
            "text": text,
            "attachment": {
                "type": "template",
                "payload": {
                    "buttons": [
                        {"title": c.title, "type": "oa.query.hide", "payload": c.payload}
                        for c in choices
                    ]
                },
            },
        }

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        logger.debug("custom JSON is not rendered on Zalo: %s", json_message)


@dataclass(frozen=True)
class ZaloEvent:
    """A user event, validated: what the channel hands on, nothing else from the body."""

    name: str
    sender: str  # Zalo's own user id (replies go to it)
    text: str  # "" for non-text events
    msg_id: str  # "" when Zalo sent none
    timestamp_ms: int


def parse_event(event: dict[str, Any]) -> ZaloEvent | None:
    """The user event in a verified body; None for events we ignore; ``Malformed`` when
    the body does not have the documented shape (strings where objects belong…)."""
    name = event.get("event_name")
    if not isinstance(name, str) or not name:
        raise Malformed("event_name is not a string")
    timestamp = timestamp_ms(event.get("timestamp"), "timestamp")
    if name.startswith("oa_send_") or (name != "user_send_text" and name not in NON_TEXT_EVENTS):
        return None  # the OA's own messages echoed back, follows, reads, receipts
    sender = event.get("sender")
    if not isinstance(sender, dict):
        raise Malformed("sender is not an object")
    sender_id = platform_id(sender.get("id"), "sender.id")
    message = event.get("message")
    if message is None and name in NON_TEXT_EVENTS:
        message = {}
    if not isinstance(message, dict):
        raise Malformed("message is not an object")
    msg_id = optional_str(message, "msg_id", "message.msg_id", MAX_MSG_ID_CHARS)
    text = message.get("text", "") if name == "user_send_text" else ""
    if not isinstance(text, str) or (name == "user_send_text" and "text" not in message):
        raise Malformed("message.text is not a string")
    return ZaloEvent(name, sender_id, text, msg_id, timestamp)


class ZaloInput(InputChannel):
    """Zalo OA webhook; acknowledges at once and answers through the OA API."""

    @classmethod
    def name(cls) -> str:
        return "zalo"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(ZaloConfig.from_credentials(credentials))

    def __init__(self, config: ZaloConfig, client: ZaloClient | None = None) -> None:
        self.config = config
        self.client = client or ZaloClient(config)
        self.guard = WebhookGuard(NAMESPACE, config.dedupe_url)
        self.background = BackgroundProcessor()
        self.memory = ChoiceMemory()
        if not (config.app_id and config.oa_secret_key):
            logger.warning("Zalo channel has no app id / OA secret key: every webhook is refused")

    def get_output_channel(self) -> OutputChannel:
        return ZaloOutput(self.client, self.memory)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        zalo_webhook = Blueprint(f"zalo_webhook_{id(self)}", __name__)

        @zalo_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @zalo_webhook.listener("after_server_stop")
        async def close_stores(*_: Any) -> None:
            await self.guard.close()  # the SQLite connection or the Redis pool

        # Streamed: an over-size body is refused without being buffered.
        @zalo_webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not (self.config.app_id and self.config.oa_secret_key):
                return response.json({"error": "channel not configured"}, status=403)
            raw = await read_body(request, MAX_BODY_BYTES)
            if raw is None:
                return response.json({"error": "body too large"}, status=413)
            try:
                event = json.loads(raw)
                if not isinstance(event, dict):
                    raise ValueError("not an object")
            except ValueError:
                return response.json({"error": "bad request"}, status=400)
            app_id, timestamp = _signed_field(event, "app_id"), _signed_field(event, "timestamp")
            if app_id != self.config.app_id or not signature_is_valid(
                request.headers.get(SIGNATURE_HEADER),
                app_id,
                raw,
                timestamp,
                self.config.oa_secret_key,
            ):
                logger.warning("Zalo webhook with a missing or forged signature refused")
                return response.json({"error": "invalid signature"}, status=401)
            try:
                parsed = parse_event(event)
            except Malformed as error:
                logger.warning("signed Zalo event refused: %s", error)
                return response.json({"error": "malformed event"}, status=400)
            if parsed is None:
                return response.json({"status": "ok"})
            try:
                verdict = await self.guard.admit(
                    parsed.msg_id or content_key(raw), parsed.timestamp_ms
                )
            except DedupeUnavailable:
                # Zalo re-sends what is not acknowledged: nothing lost, nothing doubled.
                logger.exception("webhook dedupe store unavailable: Zalo asked to retry")
                return response.json({"error": "try again"}, status=503)
            if not verdict.process:
                # Acknowledged all the same: a refusal would make Zalo re-send it.
                logger.info("Zalo %s event not processed: %s", parsed.name, verdict.reason)
                return response.json({"status": "ok"})
            self.accept(parsed, request.app, on_new_message)
            return response.json({"status": "ok"})

        return zalo_webhook

    def accept(
        self,
        event: ZaloEvent,
        app: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Queue a verified, fresh, first-seen event for background processing."""
        sender = namespaced(NAMESPACE, event.sender)
        output = ZaloOutput(self.client, self.memory)
        if event.name in NON_TEXT_EVENTS:
            self.background.submit(
                sender, lambda: output.send_text_message(sender, response_text(TEXT_ONLY))
            )
            return
        # Bounded before anything else reads it: an over-long text becomes an intent.
        text = self.memory.resolve(sender, bounded_text(event.text))
        user_message = UserMessage(
            text,
            output,
            sender,
            input_channel=self.name(),
            message_id=event.msg_id or None,
            metadata={"zalo": {"event_name": event.name, "timestamp": event.timestamp_ms}},
        )
        self.background.submit(sender, lambda: deliver(app, on_new_message, user_message))


def _signed_field(event: dict[str, Any], key: str) -> str:
    """A field the signature covers as text: the JSON string, or a number's digits."""
    value = event.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""
