"""A local stand-in for Facebook's Graph API Send API and the Messenger webhook sender.

Faithful to Meta's documented behaviour: ``POST /<version>/me/messages?access_token=``,
text ≤ 2,000 characters, ≤ 13 quick replies with titles ≤ 20 characters, errors as HTTP 4xx
with ``{"error": {"message", "type", "code"}}``; webhooks ``{"object": "page", "entry":
[{"messaging": [...]}]}`` signed ``X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body)``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections import deque
from typing import Any

import aiohttp
from aiohttp import web

from tests.standins.zalo import free_port


class GraphApiStandin:
    def __init__(
        self,
        app_secret: str = "fb-app-secret-for-tests",
        page_access_token: str = "page-token-for-tests",
        page_id: str = "104857392847561",
    ) -> None:
        self.app_secret, self.page_access_token, self.page_id = (
            app_secret,
            page_access_token,
            page_id,
        )
        self.sent: list[dict[str, Any]] = []
        self.scripted_errors: deque[tuple[int, int]] = deque()  # (HTTP status, error code)
        self.latency_s = 0.0
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post(r"/{version:v\d+\.\d+}/me/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @staticmethod
    def _error(status: int, code: int, message: str) -> web.Response:
        return web.json_response(
            {"error": {"message": message, "type": "OAuthException", "code": code}}, status=status
        )

    async def _messages(self, request: web.Request) -> web.Response:
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        if request.query.get("access_token") != self.page_access_token:
            return self._error(400, 190, "Invalid OAuth access token.")
        if self.scripted_errors:
            status, code = self.scripted_errors.popleft()
            return self._error(status, code, "scripted error")
        body = await request.json()
        recipient = (body.get("recipient") or {}).get("id")
        message = body.get("message") or {}
        quick_replies = message.get("quick_replies") or []
        if not isinstance(recipient, str) or not recipient:
            return self._error(400, 100, "recipient.id is required")
        if len(message.get("text", "")) > 2000:
            return self._error(400, 100, "param message[text] must be UTF-8 with 2000 chars")
        if not message.get("text") and "attachment" not in message:
            return self._error(400, 100, "message text or attachment required")
        if len(quick_replies) > 13:
            return self._error(400, 100, "param message[quick_replies] has too many elements")
        for reply in quick_replies:
            if reply.get("content_type") == "text" and not 0 < len(reply.get("title", "")) <= 20:
                return self._error(400, 100, "quick reply title must have 1-20 characters")
            if len(str(reply.get("payload", ""))) > 1000:
                return self._error(400, 100, "quick reply payload too long")
        self.sent.append(body)
        return web.json_response(
            {"recipient_id": recipient, "message_id": "m_" + secrets.token_hex(12)}
        )

    # --- webhook sender --------------------------------------------------------------
    def text_item(
        self, psid: str, text: str, quick_reply: str | None = None, age_s: float = 0.0
    ) -> dict[str, Any]:
        """A text message ``age_s`` seconds old (negative: from the future)."""
        message: dict[str, Any] = {"mid": "m_" + secrets.token_hex(16), "text": text}
        if quick_reply is not None:
            message["quick_reply"] = {"payload": quick_reply}
        return self._item(psid, message, age_s)

    def sticker_item(self, psid: str) -> dict[str, Any]:
        return self._item(
            psid,
            {
                "mid": "m_" + secrets.token_hex(16),
                "sticker_id": 369239263222822,
                "attachments": [{"type": "image", "payload": {"url": "https://x/y.png"}}],
            },
        )

    def echo_item(self, psid: str, text: str) -> dict[str, Any]:
        item = self._item(self.page_id, {"mid": "m_" + secrets.token_hex(16), "text": text})
        item["message"]["is_echo"] = True
        item["recipient"] = {"id": psid}
        return item

    def postback_item(self, psid: str, payload: str, mid: bool = True) -> dict[str, Any]:
        """A button tap; older Graph versions (and some clients) send it without ``mid``."""
        postback: dict[str, Any] = {"title": "Lệ phí", "payload": payload}
        if mid:
            postback["mid"] = "m_" + secrets.token_hex(16)
        item = self._item(psid, {})
        del item["message"]
        item["postback"] = postback
        return item

    def _item(self, psid: str, message: dict[str, Any], age_s: float = 0.0) -> dict[str, Any]:
        return {
            "sender": {"id": psid},
            "recipient": {"id": self.page_id},
            "timestamp": int((time.time() - age_s) * 1000),
            "message": message,
        }

    def payload(self, *entries: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "object": "page",
            "entry": [
                {"id": self.page_id, "time": int(time.time() * 1000), "messaging": items}
                for items in entries
            ],
        }

    def sign256(self, raw: bytes) -> str:
        return "sha256=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha256).hexdigest()

    def sign1(self, raw: bytes) -> str:
        return "sha1=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha1).hexdigest()

    async def deliver(
        self,
        session: aiohttp.ClientSession,
        webhook_url: str,
        payload: Any,
        headers: dict[str, str] | None = None,
    ) -> int:
        """POST ``payload`` signed as Meta signs it (any JSON value: malformed ones too)."""
        raw = json.dumps(payload, ensure_ascii=False).encode()
        if headers is None:
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": self.sign256(raw)}
        async with session.post(webhook_url, data=raw, headers=headers) as reply:
            await reply.read()
            return reply.status

    def sent_to(self, psid: str) -> list[dict[str, Any]]:
        return [m["message"] for m in self.sent if m["recipient"]["id"] == psid]
