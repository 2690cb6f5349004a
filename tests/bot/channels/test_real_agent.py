"""The trained assistant behind each channel: the same answers, each channel's formatting.

The real Rasa agent (models/ward-assistant.tar.gz) and the real action server answer real
questions arriving as signed Zalo and Messenger webhooks; the stand-ins receive the replies.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from rasa.core.agent import Agent, load_agent
from rasa.core.channels.channel import UserMessage
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig

from bot.channels.facebook import FacebookInput, MessengerConfig
from bot.channels.rendering import CHOOSE_NUMBER, response_text
from bot.channels.zalo import ZaloConfig, ZaloInput
from tests.bot.channels.conftest import settle
from tests.standins.channel_server import ChannelServer, serve
from tests.standins.graph_api import GraphApiStandin
from tests.standins.zalo import ZaloStandin, free_port, zalo_id

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "models" / "ward-assistant.tar.gz"
ACTIONS_PY = ROOT / ".venv" / "actions" / "bin" / "python"
OVERVIEW_BUTTONS = ["Giấy tờ cần chuẩn bị", "Lệ phí", "Thời hạn", "Nơi nộp"]


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not MODEL.exists() or not ACTIONS_PY.exists():
        pytest.fail("run through `make test-bot`, which builds the model and the environments")
    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    process = subprocess.Popen(
        [str(ACTIONS_PY), "-m", "actions.server", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"action server exited:\n{log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("action server did not start")
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
async def agent(action_server: str) -> Agent:
    endpoints = AvailableEndpoints(action=EndpointConfig(url=action_server))
    return await load_agent(model_path=str(MODEL), endpoints=endpoints)


async def real(agent: Agent) -> Any:
    async def on_new_message(message: UserMessage) -> None:
        await agent.handle_message(message)

    return on_new_message


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_zalo_answers_with_query_buttons_and_follows_a_click(
    agent: Agent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    zalo = ZaloStandin()
    await zalo.start()
    config = ZaloConfig.from_credentials(
        {
            "app_id": zalo.app_id,
            "oa_secret_key": zalo.oa_secret_key,
            "app_secret": zalo.app_secret,
            "access_token": "access-1",
            "refresh_token": "refresh-1",
            "api_base_url": zalo.base_url,
            "oauth_base_url": zalo.base_url,
            "token_file": str(tmp_path / "tokens.json"),
        }
    )
    user = zalo_id()
    try:
        server: ChannelServer
        async for server in serve(ZaloInput(config), await real(agent)):
            await zalo.deliver(http, server.webhook, zalo.text_event(user, "dang ky tam tru"))
            await settle(server.channel, 60)
            overview = zalo.sent[-1]["message"]
            assert "Đăng ký tạm trú" in overview["text"]
            buttons = overview["attachment"]["payload"]["buttons"]
            assert [b["title"] for b in buttons] == OVERVIEW_BUTTONS
            assert {b["type"] for b in buttons} == {"oa.query.hide"}
            fee = next(b for b in buttons if b["title"] == "Lệ phí")
            await zalo.deliver(http, server.webhook, zalo.text_event(user, fee["payload"]))
            await settle(server.channel, 60)
            answer = "\n".join(zalo.texts_to(user)[1:])
            assert "Lệ phí" in answer and "Đăng ký tạm trú" in answer
            assert all(len(text) <= 2000 for text in zalo.texts_to(user))
    finally:
        await zalo.stop()


async def test_messenger_turns_long_procedure_names_into_a_numbered_choice(
    agent: Agent, http: aiohttp.ClientSession
) -> None:
    graph = GraphApiStandin()
    await graph.start()
    config = MessengerConfig.from_credentials(
        {
            "verify": "v",
            "secret": graph.app_secret,
            "page-access-token": graph.page_access_token,
            "graph_base_url": graph.base_url,
        }
    )
    try:
        async for server in serve(FacebookInput(config), await real(agent)):
            question = graph.text_item("7001", "đăng ký lại cần giấy tờ gì")
            await graph.deliver(http, server.webhook, graph.payload([question]))
            await settle(server.channel, 60)
            choice = graph.sent_to("7001")[-1]
            assert response_text(CHOOSE_NUMBER) in choice["text"]
            assert "1. " in choice["text"] and "2. " in choice["text"]
            quick = choice["quick_replies"]
            assert [q["title"] for q in quick] == [str(i) for i in range(1, len(quick) + 1)]
            first_title = choice["text"].split("1. ", 1)[1].split("\n", 1)[0]
            # The citizen types "1" rather than tapping: same choice, same answer.
            await graph.deliver(http, server.webhook, graph.payload([graph.text_item("7001", "1")]))
            await settle(server.channel, 60)
            answer = "\n".join(m["text"] for m in graph.sent_to("7001")[1:])
            # A card's title is the everyday name, without the record's "Thủ tục".
            chosen = first_title.removeprefix("Thủ tục ").rstrip(".… ")[:40].casefold()
            assert chosen in answer.casefold()
    finally:
        await graph.stop()
