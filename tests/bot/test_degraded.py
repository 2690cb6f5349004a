"""Degraded mode (bot/channels/degraded.py) with the real trained agent.

The action server is a stand-in on a fixed port, started and stopped by each test: Rasa's
own behaviour when it is gone is what these tests guard against (``[]`` mid-conversation,
"em vẫn chưa hiểu" for a new one).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from aiohttp import web
from rasa.core.agent import Agent, load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot.channels import degraded
from bot.channels.degraded import HealthProbe, deliver, health_url

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "ward-assistant.tar.gz"
RESPONSES = yaml.safe_load((ROOT / "bot" / "domain" / "degraded.yml").read_text())["responses"]
NO_PHONE = RESPONSES["utter_service_unavailable_no_phone"][0]["text"]
WITH_PHONE = RESPONSES["utter_service_unavailable"][0]["text"]
QUESTION = "lam giay khai sinh cho con can gi"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PORT = free_port()


class StandinActions:
    """Answers /health and every action call like a healthy rasa_sdk server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.calls: list[str] = []
        self.health_delay_s = 0.0
        self.crashing: set[str] = set()
        self._runner: web.AppRunner | None = None
        self._released = asyncio.Event()

    async def _health(self, _: web.Request) -> web.Response:
        if self.health_delay_s:  # hung until stopped
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._released.wait(), self.health_delay_s)
        return web.json_response({"status": "ok"})

    async def _webhook(self, request: web.Request) -> web.Response:
        name = (await request.json())["next_action"]
        self.calls.append(name)
        if name in self.crashing:
            return web.json_response({"error": "boom"}, status=500)
        if name == "action_session_start":
            events = [{"event": "session_started"}, {"event": "action", "name": "action_listen"}]
            return web.json_response({"events": events, "responses": []})
        return web.json_response({"events": [], "responses": [{"text": f"answer of {name}"}]})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/health", self._health)
        app.router.add_post("/webhook", self._webhook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        self._released.set()
        await asyncio.sleep(0.05)  # a released handler finishes before the server goes
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.exists():
        pytest.fail("run through `make test-bot`, which builds the model")
    endpoints = AvailableEndpoints(action=EndpointConfig(url=f"http://127.0.0.1:{PORT}/webhook"))
    return asyncio.run(load_agent(model_path=str(MODEL), endpoints=endpoints))


@pytest.fixture
async def actions() -> AsyncIterator[StandinActions]:
    standin = StandinActions(PORT)
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
def ward_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A ward file whose phone is a placeholder, as the shipped one."""
    (tmp_path / "wards").mkdir()
    write_ward(tmp_path, {"ward_name": "phường Thử", "name": "Bộ phận Một cửa phường Thử",
                          "phone": "024 0000 0000"})  # fmt: skip
    monkeypatch.setenv("WARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WARD_CODE", "99999")
    yield tmp_path


def write_ward(folder: Path, office: dict[str, Any]) -> None:
    path = folder / "wards" / "99999.yml"
    path.write_text(yaml.safe_dump({"office": office}, allow_unicode=True), encoding="utf-8")


def app_of(agent: Agent) -> Any:
    return SimpleNamespace(ctx=SimpleNamespace(agent=agent))


async def say(app: Any, sender: str, text: str) -> list[str]:
    output = CollectingOutputChannel()
    message = UserMessage(text, output, sender, input_channel="rest")
    await deliver(app, app.ctx.agent.handle_message, message)
    return [m.get("text", "") for m in output.messages]


async def expire_probe() -> None:
    await asyncio.sleep(degraded.PROBE_TTL_S + 0.05)


async def test_new_conversation_without_action_server_gets_the_apology(
    agent: Agent, ward_dir: Path
) -> None:
    started = time.monotonic()
    replies = await say(app_of(agent), "new-while-down", QUESTION)
    assert replies == [NO_PHONE]
    assert time.monotonic() - started < 2


async def test_outage_mid_conversation_apologises_keeps_the_message_and_recovers(
    agent: Agent, actions: StandinActions, ward_dir: Path
) -> None:
    app = app_of(agent)
    assert await say(app, "mid", QUESTION) == ["answer of action_answer_procedure_papers"]
    await actions.stop()
    # No wait: the health answer is still cached as up, the action call finds it gone.
    assert await say(app, "mid", "le phi bao nhieu") == [NO_PHONE]
    assert await say(app, "mid", "mat bao lau") == [NO_PHONE]  # known down now
    tracker = await agent.tracker_store.retrieve("mid")
    assert tracker is not None
    users = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    assert users == [QUESTION, "le phi bao nhieu", "mat bao lau"]  # stored, not lost
    assert [e.text for e in tracker.events if isinstance(e, BotUttered)][-1] == NO_PHONE
    await actions.start()
    await expire_probe()
    assert await say(app, "mid", "con le phi thi sao") == ["answer of action_answer_procedure_fee"]


async def test_conversation_started_during_outage_is_answered_once_back(
    agent: Agent, ward_dir: Path
) -> None:
    app = app_of(agent)
    assert await say(app, "started-down", "xin chao") == [NO_PHONE]
    tracker = await agent.tracker_store.retrieve("started-down")
    assert tracker is not None and tracker.get_slot("ward_name") == "phường Thử"
    standin = StandinActions(PORT)
    await standin.start()
    try:
        await expire_probe()
        assert await say(app, "started-down", QUESTION) == [
            "answer of action_answer_procedure_papers"
        ]
        # The session was started locally while down: not again once the server is back.
        assert "action_session_start" not in standin.calls
    finally:
        await standin.stop()


async def test_apology_gives_the_desk_phone_only_once_confirmed(
    agent: Agent, ward_dir: Path
) -> None:
    write_ward(ward_dir, {"name": "Bộ phận Một cửa phường Thử", "phone": "024 3851 2345",
                          "confirmed": True})  # fmt: skip
    (reply,) = await say(app_of(agent), "confirmed-phone", QUESTION)
    expected = WITH_PHONE.format(phone="024 3851 2345")
    assert reply == expected
    assert len(reply) < 700


async def test_a_crashing_action_gets_the_apology_not_silence(
    agent: Agent, actions: StandinActions, ward_dir: Path
) -> None:
    app = app_of(agent)
    assert await say(app, "crash", QUESTION) == ["answer of action_answer_procedure_papers"]
    actions.crashing.add("action_answer_procedure_fee")
    assert await say(app, "crash", "le phi bao nhieu") == [NO_PHONE]
    # The server is up: the next question goes to it as usual.
    assert await say(app, "crash", QUESTION) == ["answer of action_answer_procedure_papers"]


@pytest.mark.parametrize(
    ("action_url", "expected"),
    [
        ("http://127.0.0.1:5055/webhook", "http://127.0.0.1:5055/health"),
        ("http://actions:5055/webhook/", "http://actions:5055/health"),
        ("https://example.org/bot/webhook", "https://example.org/bot/health"),
    ],
)
def test_health_url_sits_beside_the_webhook(action_url: str, expected: str) -> None:
    assert health_url(action_url) == expected


async def test_probe_answer_is_cached_and_shared_by_concurrent_messages(
    actions: StandinActions,
) -> None:
    probe = HealthProbe(f"http://127.0.0.1:{PORT}/health", ttl_s=60)
    assert all(await asyncio.gather(*(probe.is_up() for _ in range(20))))
    assert probe.probes == 1


async def test_probe_gives_up_on_a_hung_action_server(actions: StandinActions) -> None:
    actions.health_delay_s = 1.5
    probe = HealthProbe(f"http://127.0.0.1:{PORT}/health", timeout_s=0.3)
    started = time.monotonic()
    assert not await probe.is_up()
    assert time.monotonic() - started < 1


async def test_no_action_server_configured_passes_through() -> None:
    seen: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    app = SimpleNamespace(ctx=SimpleNamespace())  # channel tests' apps have no agent
    message = UserMessage("xin chao", CollectingOutputChannel(), "x")
    await deliver(app, on_new_message, message)
    assert seen == [message]


async def test_apology_is_sent_even_when_the_message_cannot_be_stored(
    agent: Agent, ward_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def failing_save(tracker: Any) -> None:
        raise RuntimeError(f"cannot store {tracker.latest_message.text}")

    monkeypatch.setattr(agent.processor, "save_tracker", failing_save)
    assert await say(app_of(agent), "store-down", "so cua toi 0912345678") == [NO_PHONE]
    assert "message not stored (RuntimeError)" in caplog.text
    assert "0912345678" not in caplog.text  # the error is logged by kind only
