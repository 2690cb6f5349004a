"""A local stand-in for Zalo OA: the webhook sender and the Open API v3 / OAuth v4 servers.

Faithful to shared/docs/channels.md: string ids (18-19 digits) and timestamps, the
``X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret key)`` header, the
``message/cs`` send API with the ``access_token`` header, errors as ``{"error": <negative>}``
with HTTP 200, and single-use refresh tokens.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import secrets
import socket
import time
from collections import deque
from typing import Any

import aiohttp
from aiohttp import web

_ids = itertools.count(int("2" + "0" * 17))


def zalo_id() -> str:
    """An id the way Zalo writes it: a string of 18-19 digits."""
    return str(next(_ids) + secrets.randbelow(10**15))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ZaloStandin:
    """OpenAPI + OAuth server recording what the OA sent, and the webhook sender."""

    def __init__(
        self,
        app_id: str = "4129054837266410123",
        oa_id: str = "579745863508352884",
        oa_secret_key: str = "oa-secret-key-for-tests",
        app_secret: str = "app-secret-for-tests",
        access_token: str = "access-1",
        refresh_token: str = "refresh-1",
    ) -> None:
        self.app_id, self.oa_id = app_id, oa_id
        self.oa_secret_key, self.app_secret = oa_secret_key, app_secret
        self.valid_access_tokens = {access_token}
        self.valid_refresh_tokens = {refresh_token}
        self.sent: list[dict[str, Any]] = []
        self.refreshes: list[str] = []
        self.scripted_errors: deque[int] = deque()
        self.latency_s = 0.0
        self.base_url = ""
        self._runner: web.AppRunner | None = None
        self._generation = 1

    # --- Open API server -------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        app.router.add_post("/v4/oa/access_token", self._refresh)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def expire_access_tokens(self) -> None:
        self.valid_access_tokens.clear()

    async def _send(self, request: web.Request) -> web.Response:
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        if request.headers.get("access_token") not in self.valid_access_tokens:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        if self.scripted_errors:
            code = self.scripted_errors.popleft()
            return web.json_response({"error": code, "message": f"scripted error {code}"})
        body = await request.json()
        recipient = (body.get("recipient") or {}).get("user_id")
        message = body.get("message") or {}
        text = message.get("text", "")
        problem = None
        if not isinstance(recipient, str) or not recipient.isdigit():
            problem = "recipient.user_id must be a string of digits"
        elif not isinstance(text, str) or len(text) > 2000:
            problem = "text is longer than 2000 characters"
        elif not text and "attachment" not in message:
            problem = "empty message"
        for button in (message.get("attachment") or {}).get("payload", {}).get("buttons", []):
            if button.get("type") not in {
                "oa.query.hide",
                "oa.query.show",
                "oa.open.url",
                "oa.open.phone",
            }:
                problem = f"unknown button type {button.get('type')}"
            elif not 0 < len(button.get("title", "")) <= 100:
                problem = "button title must have 1-100 characters"
            elif len(str(button.get("payload", ""))) > 1000:
                problem = "button payload longer than 1000 characters"
        if problem:
            return web.json_response({"error": -201, "message": problem})
        self.sent.append(body)
        return web.json_response(
            {
                "error": 0,
                "message": "Success",
                "data": {"message_id": secrets.token_hex(16), "user_id": recipient},
            }
        )

    async def _refresh(self, request: web.Request) -> web.Response:
        form = await request.post()
        token = str(form.get("refresh_token", ""))
        self.refreshes.append(token)
        if (
            request.headers.get("secret_key") != self.app_secret
            or form.get("app_id") != self.app_id
            or form.get("grant_type") != "refresh_token"
            or token not in self.valid_refresh_tokens
        ):
            return web.json_response(
                {"error": -14014, "error_name": "Invalid parameter", "error_description": "bad"}
            )
        self.valid_refresh_tokens.discard(token)  # single-use
        self._generation += 1
        access, refresh = f"access-{self._generation}", f"refresh-{self._generation}"
        self.valid_access_tokens = {access}
        self.valid_refresh_tokens.add(refresh)
        return web.json_response(
            {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}
        )

    # --- webhook sender --------------------------------------------------------------
    def event(
        self,
        event_name: str,
        user_id: str,
        message: dict[str, Any] | None = None,
        age_s: float = 0.0,
    ) -> dict[str, Any]:
        """An event as Zalo sends it, ``age_s`` seconds old (negative: from the future)."""
        oa_side = event_name.startswith("oa_send_")
        sender, recipient = (self.oa_id, user_id) if oa_side else (user_id, self.oa_id)
        event: dict[str, Any] = {
            "app_id": self.app_id,
            "user_id_by_app": zalo_id(),
            "event_name": event_name,
            "timestamp": str(int((time.time() - age_s) * 1000)),
            "sender": {"id": sender},
            "recipient": {"id": recipient},
        }
        if message is not None:
            event["message"] = {"msg_id": secrets.token_hex(16), **message}
        return event

    def text_event(self, user_id: str, text: str, age_s: float = 0.0) -> dict[str, Any]:
        return self.event("user_send_text", user_id, {"text": text}, age_s=age_s)

    def sticker_event(self, user_id: str) -> dict[str, Any]:
        return self.event(
            "user_send_sticker",
            user_id,
            {"attachments": [{"type": "sticker", "payload": {"id": "bfe2b8a1", "url": ""}}]},
        )

    def sign(self, raw_body: bytes, timestamp: str) -> str:
        digest = hashlib.sha256(
            self.app_id.encode() + raw_body + timestamp.encode() + self.oa_secret_key.encode()
        ).hexdigest()
        return f"mac={digest}"

    def signed(self, event: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        raw = json.dumps(event, ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "X-ZEvent-Signature": self.sign(raw, str(event.get("timestamp", ""))),
        }
        return raw, headers

    async def deliver(
        self,
        session: aiohttp.ClientSession,
        webhook_url: str,
        event: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> int:
        raw, signed_headers = self.signed(event)
        async with session.post(
            webhook_url, data=raw, headers=signed_headers if headers is None else headers
        ) as reply:
            await reply.read()
            return reply.status

    def texts_to(self, user_id: str) -> list[str]:
        return [
            m["message"].get("text", "") for m in self.sent if m["recipient"]["user_id"] == user_id
        ]
