"""The Messenger channel against the Graph API stand-in: handshake, signatures, batching."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.channels.facebook import FacebookInput, MessengerConfig
from bot.channels.rendering import CHOOSE_NUMBER, TEXT_ONLY, response_text
from tests.bot.channels.conftest import LONG_TITLES, FakeAgent, settle
from tests.standins.channel_server import ChannelServer, serve
from tests.standins.graph_api import GraphApiStandin

VERIFY_TOKEN = "verify-token-for-tests"


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiStandin]:
    standin = GraphApiStandin()
    await standin.start()
    yield standin
    await standin.stop()


def config_for(graph: GraphApiStandin, **overrides: str) -> MessengerConfig:
    config = MessengerConfig.from_credentials(
        {
            "verify": VERIFY_TOKEN,
            "secret": graph.app_secret,
            "page-access-token": graph.page_access_token,
            "graph_base_url": graph.base_url,
            **overrides,
        }
    )
    config.backoff_s = 0.01
    return config


@pytest.fixture
async def server(graph: GraphApiStandin, agent: FakeAgent) -> AsyncIterator[ChannelServer]:
    async for running in serve(FacebookInput(config_for(graph)), agent):
        yield running


async def test_verify_handshake(server: ChannelServer, http: aiohttp.ClientSession) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    async with http.get(server.webhook, params=params) as reply:
        assert reply.status == 200
        assert await reply.text() == "1158201444"
    async with http.get(server.webhook, params={**params, "hub.verify_token": "wrong"}) as reply:
        assert reply.status == 403
        assert "1158201444" not in await reply.text()


async def test_every_entry_and_messaging_item_is_answered(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    payload = graph.payload(
        [graph.text_item("111", "một"), graph.text_item("222", "hai")],
        [graph.text_item("111", "ba")],
    )
    assert await graph.deliver(http, server.webhook, payload) == 200
    await settle(server.channel)
    assert sorted(m.text or "" for m in agent.received) == ["ba", "hai", "một"]
    assert [m["text"] for m in graph.sent_to("111")] == ["echo: một", "echo: ba"]
    assert [m["text"] for m in graph.sent_to("222")] == ["echo: hai"]
    assert {m.input_channel for m in agent.received} == {"facebook"}


@pytest.mark.parametrize("forge", ["missing", "wrong secret", "body changed", "sha1 only"])
async def test_a_forged_webhook_is_refused_and_never_processed(
    server: ChannelServer,
    graph: GraphApiStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    forge: str,
) -> None:
    payload = graph.payload([graph.text_item("333", "forged")])
    raw = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if forge == "wrong secret":
        headers["X-Hub-Signature-256"] = (
            "sha256=" + hmac.new(b"guess", raw, hashlib.sha256).hexdigest()
        )
    elif forge == "body changed":
        headers["X-Hub-Signature-256"] = graph.sign256(raw)
        raw = raw.replace(b"forged", b"f0rged")
    elif forge == "sha1 only":  # legacy header, not accepted unless configured
        headers["X-Hub-Signature"] = graph.sign1(raw)
    async with http.post(server.webhook, data=raw, headers=headers) as reply:
        assert reply.status in (401, 403)
    await settle(server.channel)
    assert agent.received == []
    assert graph.sent == []


async def test_legacy_sha1_is_accepted_only_when_configured(
    graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    async for server in serve(FacebookInput(config_for(graph, accept_sha1="true")), agent):
        raw = json.dumps(graph.payload([graph.text_item("444", "cũ")])).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature": graph.sign1(raw)}
        async with http.post(server.webhook, data=raw, headers=headers) as reply:
            assert reply.status == 200
        await settle(server.channel)
    assert [m.text for m in agent.received] == ["cũ"]


async def test_a_channel_without_secret_refuses_everything(
    graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    async for server in serve(FacebookInput(config_for(graph, secret="")), agent):
        payload = graph.payload([graph.text_item("555", "hi")])
        assert await graph.deliver(http, server.webhook, payload) in (401, 403)
    assert agent.received == []


async def test_redelivery_and_echoes(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    item = graph.text_item("666", "một lần")
    for _ in range(3):
        await graph.deliver(http, server.webhook, graph.payload([item]))
    await graph.deliver(http, server.webhook, graph.payload([graph.echo_item("666", "echo")]))
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["một lần"]
    assert len(graph.sent_to("666")) == 1


async def test_a_sticker_gets_the_text_only_reply(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    await graph.deliver(http, server.webhook, graph.payload([graph.sticker_item("777")]))
    await settle(server.channel)
    assert agent.received == []
    assert graph.sent_to("777") == [{"text": response_text(TEXT_ONLY)}]


async def test_short_buttons_become_quick_replies_and_come_back_as_payloads(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("888", "buttons")]))
    await settle(server.channel)
    (message,) = graph.sent_to("888")
    assert message["quick_replies"] == [
        {"content_type": "text", "title": "Lệ phí", "payload": "/ask_fee"},
        {"content_type": "text", "title": "Thời hạn", "payload": "/ask_duration"},
    ]
    click = graph.text_item("888", "Lệ phí", quick_reply="/ask_fee")
    await graph.deliver(http, server.webhook, graph.payload([click]))
    await settle(server.channel)
    assert agent.received[-1].text == "/ask_fee"


async def test_long_titles_become_a_numbered_list_with_number_quick_replies(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    await graph.deliver(
        http, server.webhook, graph.payload([graph.text_item("999", "long titles")])
    )
    await settle(server.channel)
    (message,) = graph.sent_to("999")
    assert response_text(CHOOSE_NUMBER) in message["text"]
    for number, title in enumerate(LONG_TITLES, start=1):
        assert f"{number}. {title}" in message["text"]
    assert [q["title"] for q in message["quick_replies"]] == ["1", "2", "3"]
    assert message["quick_replies"][1]["payload"] == '/ask_papers{"procedure_code":"1.001"}'
    # Typing the number (instead of tapping it) picks the same choice.
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("999", "3")]))
    await settle(server.channel)
    assert agent.received[-1].text == '/ask_papers{"procedure_code":"1.002"}'


async def test_more_than_13_choices_stay_within_messenger_limits(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("1010", "many")]))
    await settle(server.channel)
    (message,) = graph.sent_to("1010")  # the stand-in refuses anything over the limits
    assert len(message["quick_replies"]) == 13
    assert "20. Mục 19" in message["text"]
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("1010", "20")]))
    await settle(server.channel)
    assert agent.received[-1].text == "/pick19"


async def test_long_answers_are_split(
    server: ChannelServer, graph: GraphApiStandin, http: aiohttp.ClientSession
) -> None:
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("1111", "long")]))
    await settle(server.channel)
    parts = [m["text"] for m in graph.sent_to("1111")]
    assert len(parts) > 1 and all(len(p) <= 2000 for p in parts)
    assert "\n".join(parts).count("\n") == 199


async def test_throttling_is_retried(
    server: ChannelServer, graph: GraphApiStandin, http: aiohttp.ClientSession
) -> None:
    graph.scripted_errors.extend([(400, 613), (503, 2)])
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("1212", "bận")]))
    await settle(server.channel)
    assert graph.sent_to("1212") == [{"text": "echo: bận"}]


async def test_a_slow_graph_api_does_not_delay_the_acknowledgement(
    server: ChannelServer, graph: GraphApiStandin, http: aiohttp.ClientSession
) -> None:
    graph.latency_s = 1.0
    loop = asyncio.get_running_loop()
    started = loop.time()
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("1313", "chậm")]))
    assert loop.time() - started < 0.5
    await settle(server.channel)
    assert graph.sent_to("1313") == [{"text": "echo: chậm"}]


async def test_100_concurrent_deliveries_are_each_answered_once(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    agent.delay_s = 0.05
    items = [graph.text_item(str(10_000 + i % 20), f"tin {i}") for i in range(100)]
    payloads = [graph.payload([item]) for item in items]
    statuses = await asyncio.gather(*(graph.deliver(http, server.webhook, p) for p in payloads))
    statuses += await asyncio.gather(
        *(graph.deliver(http, server.webhook, p) for p in payloads[:30])
    )
    assert set(statuses) == {200}
    await settle(server.channel, 30)
    assert sorted(m.text or "" for m in agent.received) == sorted(f"tin {i}" for i in range(100))
    assert sorted(m["message"]["text"] for m in graph.sent) == sorted(
        f"echo: tin {i}" for i in range(100)
    )
