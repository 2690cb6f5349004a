"""Ward website widget (rasa-webchat over socket.io): Rasa's socketio channel, made safe.

Rendering: the widget renders Markdown, where a single newline is no line break: answers
built line by line (papers, fees, steps) would run together. Lines become Markdown hard
breaks, and a long answer is cut into several bubbles at line boundaries. Buttons stay
widget buttons.

Sessions: Rasa's channel let the client name its conversation (``session_request`` with any
id joined that conversation's room, read its replies and wrote into it). Here the server
issues the session: ``session_confirm`` carries a token "<id>.<HMAC of id>" that the widget
keeps in local storage and presents again on reconnect; a forged, foreign or unsigned id
gets a fresh session. Each connection is bound to its session on ``session_request``;
messages use that binding, never the ``session_id`` a message claims; a message before any
``session_request`` is ignored (the widget always asks first). The conversation is
"web:<id>" (bot/channels/identity.py), so it cannot collide with a REST or Zalo sender. With
``session_persistence: false`` no token is ever accepted back: each session_request starts a
new conversation.

Bounds: socket.io packets are capped (engine.io ``max_http_buffer_size``), the text is
bounded before the NLU and "/" payloads are defused (bot/channels/limits.py), and only known
customData keys reach the tracker.

Origins: Rasa's channel turned engine.io's origin check off (``cors_allowed_origins=[]``) to
leave CORS headers to Sanic-CORS, so ``--cors`` never reached the websocket, which browsers
open from any page. Here engine.io refuses a browser whose Origin is neither this host nor
one Rasa's ``--cors`` allows, and still leaves the headers to Sanic-CORS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import engineio
from rasa.core.channels.channel import OutputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_cors.core import get_cors_origins
from socketio import AsyncServer

from bot.channels.degraded import deliver
from bot.channels.identity import namespaced
from bot.channels.limits import (
    MAX_CLIENT_BODY_BYTES,
    bounded_text,
    client_metadata,
    domain_intents,
)
from bot.channels.rendering import split_text

logger = logging.getLogger(__name__)

CHANNEL = "web"  # the sender id namespace; Rasa's channel name stays "socketio"
# One chat bubble; longer answers are cut at line boundaries into several.
BUBBLE_CHARS = 1200
# The server secret signing session tokens. Unset: a random key per process (sessions do
# not survive a restart; the widget then simply starts a new conversation).
SESSION_KEY_VARIABLE = "WEBCHAT_SESSION_KEY"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_SESSION_KEY = "webchat_session"  # where a connection's session id lives in its sio session


class SessionSigner:
    """Issues session tokens "<id>.<mac>" and recognises the ones it issued."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError(f"{SESSION_KEY_VARIABLE} must have at least 16 characters")
        self._key = key

    @classmethod
    def from_environment(cls) -> SessionSigner:
        key = os.environ.get(SESSION_KEY_VARIABLE, "")
        if not key:
            logger.warning(
                "%s is not set: web chat sessions end when the server restarts",
                SESSION_KEY_VARIABLE,
            )
            return cls(secrets.token_bytes(32))
        return cls(key.encode())

    def _mac(self, session_id: str) -> str:
        digest = hmac.new(self._key, b"webchat-session:" + session_id.encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()

    def issue(self) -> tuple[str, str]:
        """A fresh (session id, token)."""
        session_id = secrets.token_urlsafe(24)
        return session_id, f"{session_id}.{self._mac(session_id)}"

    def verify(self, token: object) -> str | None:
        """The session id of a token this server issued, else ``None``."""
        if not isinstance(token, str) or len(token) > 128:
            return None
        session_id, _, mac = token.partition(".")
        if not _SESSION_ID.fullmatch(session_id):
            return None
        return session_id if hmac.compare_digest(mac, self._mac(session_id)) else None


def hard_breaks(text: str) -> str:
    """Markdown hard line breaks for single newlines (paragraph breaks stay)."""
    return "\n".join(line.rstrip() + "  " if line.strip() else line for line in text.split("\n"))


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, BUBBLE_CHARS):
            await super().send_text_message(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = split_text(text, BUBBLE_CHARS) or [""]
        for part in parts[:-1]:
            await super().send_text_message(recipient_id, part)
        await super().send_text_with_buttons(recipient_id, parts[-1], buttons)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        if isinstance(response, dict) and isinstance(response.get("text"), str):
            response = {**response, "text": hard_breaks(response["text"])}
        await super()._send_message(socket_id, response)


class _OriginCheckingEngineIO(engineio.AsyncServer):
    """engine.io that checks the Origin but adds no CORS headers: Sanic-CORS adds its own,
    and two Access-Control-Allow-Origin headers make a browser refuse the answer."""

    def _cors_headers(self, environ: dict[str, Any]) -> list[tuple[str, str]]:
        return []


class WebchatServer(AsyncServer):
    """python-socketio's server on the origin-checking engine.io."""

    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return _OriginCheckingEngineIO


def origin_allowed(app: Any, origin: str | None, environ: dict[str, Any]) -> bool:
    """A page on this host, or one Rasa's ``--cors`` (Sanic-CORS) allows; no Origin = no browser."""
    if not origin:
        return True
    scheme, _, netloc = origin.partition("://")
    schemes = {environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_X_FORWARDED_PROTO")}
    if netloc and netloc == environ.get("HTTP_HOST") and scheme in schemes:
        return True
    cors = getattr(getattr(app, "ctx", None), "sanic_cors", None)
    resources = getattr(cors, "resources", None) or []
    return any(get_cors_origins(options, origin) is not None for _, options in resources)


class AppBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, remembering the app it is registered on (for ``deliver``)."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


class WebchatInput(SocketIOInput):
    """Rasa's socket.io channel (same name, path and options) with server-issued sessions."""

    def get_output_channel(self) -> OutputChannel | None:
        """For messages Rasa sends unprompted (external events): rendered for the widget too."""
        if self.sio is None:
            return super().get_output_channel()
        return WebchatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        def allowed(origin: str | None, environ: dict[str, Any]) -> bool:
            return origin_allowed(getattr(webhook.ctx, "app", None), origin, environ)

        sio = WebchatServer(
            async_mode="sanic",
            cors_allowed_origins=allowed,
            max_http_buffer_size=MAX_CLIENT_BODY_BYTES,
        )
        webhook = AppBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        signer = SessionSigner.from_environment()
        namespace = self.namespace

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            if not isinstance(token, str) or not token:
                return False
            return decode_bearer_token(token, self.jwt_key, self.jwt_algorithm) is not None

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            claimed = data.get("session_id") if isinstance(data, dict) else None
            session_id = signer.verify(claimed) if self.session_persistence else None
            if session_id is None:
                session_id, token = signer.issue()
            else:
                token = str(claimed)
            session = await sio.get_session(sid, namespace=namespace)
            previous = session.get(_SESSION_KEY)
            if previous and previous != session_id:
                sio.leave_room(sid, namespaced(CHANNEL, previous), namespace=namespace)
            await sio.save_session(sid, {**session, _SESSION_KEY: session_id}, namespace=namespace)
            # Replies go to the conversation's room: every tab of this session, no one else.
            sio.enter_room(sid, namespaced(CHANNEL, session_id), namespace=namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            session_id = (await sio.get_session(sid, namespace=namespace)).get(_SESSION_KEY)
            if session_id is None:
                logger.debug("a web chat message before session_request was ignored")
                return
            text = data.get("message") if isinstance(data, dict) else None
            if not isinstance(text, str):
                return
            app = getattr(webhook.ctx, "app", None)
            message = UserMessage(
                bounded_text(text, domain_intents(app)),
                WebchatOutput(sio, self.bot_message_evt),
                namespaced(CHANNEL, session_id),
                input_channel=self.name(),
                metadata=client_metadata(data.get(self.metadata_key)) or None,
            )
            await deliver(app, on_new_message, message)

        return webhook
