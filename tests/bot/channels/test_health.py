"""The readiness channel: 200 only with a loaded model, the action server's state, no data."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sanic import Sanic

from bot.channels.health import ACTION_DOWN, ACTION_NONE, ACTION_OK, HealthInput, action_health_url
from tests.standins.zalo import free_port


class FakeAgent:
    def __init__(self, ready: bool, action_url: str | None) -> None:
        self.ready = ready
        self.action_endpoint = SimpleNamespace(url=action_url) if action_url else None

    def is_ready(self) -> bool:
        return self.ready


class ActionServer:
    """A stand-in rasa_sdk /health that counts its calls and can be slow."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.calls = 0
        self.delay_s = delay_s
        self.url = ""

    async def health(self, request: web.Request) -> web.Response:
        self.calls += 1
        await asyncio.sleep(self.delay_s)
        return web.json_response({"status": "ok"})


@pytest.fixture
async def action_server(request: pytest.FixtureRequest) -> AsyncIterator[ActionServer]:
    stand_in = ActionServer(getattr(request, "param", 0.0))
    app = web.Application()
    app.router.add_get("/health", stand_in.health)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stand_in.url = f"http://127.0.0.1:{port}/webhook"
    yield stand_in
    await runner.cleanup()


async def serve_health(channel: HealthInput, agent: Any) -> AsyncIterator[str]:
    Sanic.test_mode = True
    app = Sanic(f"health-test-{uuid.uuid4().hex[:8]}")
    if agent is not None:
        app.ctx.agent = agent
    app.blueprint(
        channel.blueprint(lambda message: asyncio.sleep(0)), url_prefix="/webhooks/health"
    )
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}/webhooks/health/"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


async def probe(channel: HealthInput, agent: Any, times: int = 1) -> list[tuple[int, Any]]:
    results = []
    async for url in serve_health(channel, agent):
        async with aiohttp.ClientSession() as http:
            for _ in range(times):
                async with http.get(url) as reply:
                    results.append((reply.status, await reply.json()))
    return results


@pytest.mark.parametrize(
    ("webhook", "health"),
    [
        ("http://127.0.0.1:5055/webhook", "http://127.0.0.1:5055/health"),
        ("http://actions:5055/webhook/", "http://actions:5055/health"),
        ("https://example.org/bot/webhook?x=1", "https://example.org/bot/health"),
        (None, None),
    ],
)
def test_action_health_url(webhook: str | None, health: str | None) -> None:
    assert action_health_url(webhook) == health


async def test_ready_model_and_action_server(action_server: ActionServer) -> None:
    [(status, body)] = await probe(HealthInput(), FakeAgent(True, action_server.url))
    assert status == 200
    # Exactly these keys: no version, model name, or conversation data.
    assert body == {"status": "ok", "model": "loaded", "action_server": ACTION_OK}


@pytest.mark.parametrize("agent", [None, FakeAgent(False, None)], ids=["no-agent", "not-ready"])
async def test_no_model_is_503(agent: Any) -> None:
    [(status, body)] = await probe(HealthInput(), agent)
    assert status == 503
    assert body["model"] == "not_loaded"
    assert body["action_server"] == ACTION_NONE


async def test_action_server_down_is_reported_not_fatal() -> None:
    dead = f"http://127.0.0.1:{free_port()}/webhook"
    [(status, body)] = await probe(HealthInput(), FakeAgent(True, dead))
    assert status == 200
    assert body["action_server"] == ACTION_DOWN


@pytest.mark.parametrize("action_server", [3.0], indirect=True)
async def test_slow_action_server_times_out_quickly(action_server: ActionServer) -> None:
    started = time.monotonic()
    [(status, body)] = await probe(
        HealthInput(action_timeout_s=0.3), FakeAgent(True, action_server.url)
    )
    assert time.monotonic() - started < 2.0
    assert (status, body["action_server"]) == (200, ACTION_DOWN)


async def test_probes_are_cached(action_server: ActionServer) -> None:
    results = await probe(HealthInput(cache_s=60), FakeAgent(True, action_server.url), times=5)
    assert [status for status, _ in results] == [200] * 5
    assert action_server.calls == 1


def test_from_credentials_defaults_and_values() -> None:
    channel = HealthInput.from_credentials(None)
    assert isinstance(channel, HealthInput)
    assert (channel.action_timeout_s, channel.cache_s) == (1.0, 5.0)
    channel = HealthInput.from_credentials({"action_timeout_s": 0.5, "cache_s": 2})
    assert isinstance(channel, HealthInput)
    assert (channel.action_timeout_s, channel.cache_s) == (0.5, 2.0)
