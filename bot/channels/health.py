"""Readiness probe of the Rasa server: ``GET /webhooks/health/``.

Without ``--enable-api`` Rasa serves only the channels and a ``/`` that answers before it
can really serve (it says nothing about the model). This channel answers 200 once the
model is loaded (``agent.is_ready()``), 503 before, and reports whether the action server's
``/health`` answers. It reveals no conversation, version or model name: it is public (the
proxy in deploy/haproxy.cfg lets it through).

The action server is asked at most once per ``cache_s`` whatever the request rate, with a
short timeout, so the probe cannot be used to flood the action server or to stall Rasa.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

ACTION_OK = "ok"
ACTION_DOWN = "unreachable"
ACTION_NONE = "not_configured"


def action_health_url(webhook_url: str | None) -> str | None:
    """``http://host:5055/webhook`` -> ``http://host:5055/health`` (rasa_sdk's health route)."""
    if not webhook_url:
        return None
    parts = urlsplit(webhook_url)
    path = parts.path.rstrip("/")
    base = path[: -len("/webhook")] if path.endswith("/webhook") else path
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/health", "", ""))


class HealthInput(InputChannel):
    """Registered in bot/credentials.yml as ``bot.channels.health.HealthInput``."""

    @classmethod
    def name(cls) -> str:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            action_timeout_s=float(credentials.get("action_timeout_s") or 1.0),
            cache_s=float(credentials.get("cache_s") or 5.0),
        )

    def __init__(self, action_timeout_s: float = 1.0, cache_s: float = 5.0) -> None:
        self.action_timeout_s = action_timeout_s
        self.cache_s = cache_s
        self._checked: tuple[float, str] | None = None
        self._lock = asyncio.Lock()

    async def action_server_status(self, url: str | None) -> str:
        if url is None:
            return ACTION_NONE
        async with self._lock:  # concurrent probes share one outbound check
            now = time.monotonic()
            if self._checked is not None and now - self._checked[0] < self.cache_s:
                return self._checked[1]
            status = await self._probe(url)
            self._checked = (time.monotonic(), status)
            return status

    async def _probe(self, url: str) -> str:
        timeout = aiohttp.ClientTimeout(total=self.action_timeout_s)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(url) as reply,
            ):
                return ACTION_OK if reply.status == 200 else ACTION_DOWN
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            return ACTION_DOWN

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("health_webhook", __name__)

        @health.route("/", methods=["GET", "HEAD"])
        async def status(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            ready = agent is not None and agent.is_ready()
            endpoint = getattr(agent, "action_endpoint", None)
            actions = await self.action_server_status(
                action_health_url(getattr(endpoint, "url", None))
            )
            body = {
                "status": "ok" if ready else "starting",
                "model": "loaded" if ready else "not_loaded",
                "action_server": actions,
            }
            return response.json(body, status=200 if ready else 503)

        return health
