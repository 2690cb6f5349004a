"""The Messenger channel against the Graph API stand-in: handshake, signatures, batching."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.channels.facebook import FacebookInput, MessengerConfig
from bot.channels.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_PAYLOAD
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
            # Each test its own store (the default is the repository's var/webhooks.db).
            "dedupe_url": "memory://",
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
async def server(
    graph: GraphApiStandin, agent: FakeAgent, tmp_path: Path
) -> AsyncIterator[ChannelServer]:
    # The deployed default store (a SQLite file), one per test.
    config = config_for(graph, dedupe_url=f"sqlite:///{tmp_path / 'webhooks.db'}")
    async for running in serve(FacebookInput(config), agent):
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


async def test_conversations_are_namespaced_and_replies_go_to_the_psid(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    item = graph.text_item("2024", "xin chào")
    await graph.deliver(http, server.webhook, graph.payload([item]))
    await settle(server.channel)
    (received,) = agent.received
    assert received.sender_id == "fb:2024"
    assert received.metadata == {"facebook": {"timestamp": item["timestamp"]}}
    assert [m["recipient"]["id"] for m in graph.sent] == ["2024"]


async def test_a_reply_to_an_id_of_another_channel_is_not_sent(
    server: ChannelServer, graph: GraphApiStandin
) -> None:
    output = server.channel.get_output_channel()
    await output.send_text_message("zalo:2024", "không gửi")
    await output.send_text_message("2024", "không gửi")
    assert graph.sent == []


@pytest.mark.parametrize(
    ("length", "status", "reaches_rasa"),
    [
        (MAX_MESSAGE_CHARS, 200, "as typed"),
        (MAX_MESSAGE_CHARS + 1, 200, TOO_LONG_PAYLOAD),
        (20_000, 200, TOO_LONG_PAYLOAD),
        (100_000, 413, None),  # the body alone is over MAX_BODY_BYTES
    ],
)
async def test_over_long_messages_never_reach_the_nlu(
    server: ChannelServer,
    graph: GraphApiStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    length: int,
    status: int,
    reaches_rasa: str | None,
) -> None:
    text = ("giấy khai sinh " * (length // 15 + 1))[: length - 1] + "?"
    payload = graph.payload([graph.text_item("3030", text)])
    assert await graph.deliver(http, server.webhook, payload) == status
    await settle(server.channel)
    expected = (
        [] if reaches_rasa is None else [text if reaches_rasa == "as typed" else reaches_rasa]
    )
    assert [m.text for m in agent.received] == expected


async def test_an_over_long_postback_payload_never_reaches_the_nlu(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    tap = graph.postback_item("3131", "/ask_fee" + " " * MAX_MESSAGE_CHARS + "x")
    await graph.deliver(http, server.webhook, graph.payload([tap]))
    await settle(server.channel)
    assert [m.text for m in agent.received] == [TOO_LONG_PAYLOAD]


@pytest.mark.parametrize("chunked", [False, True])
async def test_an_over_size_body_is_refused_before_anything_is_read(
    server: ChannelServer, http: aiohttp.ClientSession, chunked: bool
) -> None:
    body = b"{" + b" " * MAX_BODY_BYTES + b"}"

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    async with http.post(server.webhook, data=chunks() if chunked else body) as reply:
        assert reply.status == 413


async def test_a_captured_delivery_is_not_answered_again_after_a_restart(
    graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    payload = graph.payload([graph.text_item("4040", "chỉ một lần")])
    for _ in range(2):  # the same configuration, a new process each time
        config = config_for(graph, dedupe_url=f"sqlite:///{tmp_path / 'webhooks.db'}")
        async for server in serve(FacebookInput(config), agent):
            assert await graph.deliver(http, server.webhook, payload) == 200
            await settle(server.channel)
    assert [m.text for m in agent.received] == ["chỉ một lần"]
    assert len(graph.sent_to("4040")) == 1


@pytest.mark.parametrize(
    ("age_s", "processed"),
    [(0, True), (14 * 60, True), (16 * 60, False), (7 * 24 * 3600, False), (-10 * 60, False)],
)
async def test_only_fresh_items_are_processed(
    server: ChannelServer,
    graph: GraphApiStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    age_s: float,
    processed: bool,
) -> None:
    old_or_new = graph.text_item("5050", "cũ hay mới", age_s=age_s)
    current = graph.text_item("5151", "bây giờ")
    # Acknowledged all the same (Meta would otherwise re-send); the fresh item is answered.
    assert await graph.deliver(http, server.webhook, graph.payload([old_or_new, current])) == 200
    await settle(server.channel)
    expected = ["cũ hay mới", "bây giờ"] if processed else ["bây giờ"]
    assert [m.text for m in agent.received] == expected


async def test_items_without_mid_are_deduplicated_on_their_content(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    tap = graph.postback_item("6060", "/ask_fee", mid=False)
    other = graph.postback_item("6060", "/ask_duration", mid=False)
    other["timestamp"] += 1
    for items in ([tap], [tap], [other, tap], [tap]):
        assert await graph.deliver(http, server.webhook, graph.payload(items)) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["/ask_fee", "/ask_duration"]


async def test_a_dedupe_store_that_is_down_asks_meta_to_retry(
    graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    (tmp_path / "down.db").mkdir()  # SQLite cannot open a directory
    config = config_for(graph, dedupe_url=f"sqlite:///{tmp_path / 'down.db'}")
    async for server in serve(FacebookInput(config), agent):
        payload = graph.payload([graph.text_item("7070", "x")])
        assert await graph.deliver(http, server.webhook, payload) == 503
        await settle(server.channel)
    assert agent.received == []


@pytest.mark.parametrize(
    "payload",
    [
        {"object": "page", "entry": {"messaging": []}},
        {"object": "page", "entry": "x"},
        {"object": "page", "entry": [1, "x", None]},
        {"object": "page", "entry": [{"messaging": [1, "x", []]}]},
        {"object": "page", "entry": [{"messaging": "x"}]},
        [{"object": "page"}],
        "page",
        None,
    ],
    ids=lambda p: json.dumps(p)[:40],
)
async def test_a_body_with_nothing_readable_is_refused_with_400(
    server: ChannelServer,
    graph: GraphApiStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    payload: Any,
) -> None:
    assert await graph.deliver(http, server.webhook, payload) == 400
    await graph.deliver(http, server.webhook, graph.payload([graph.text_item("8080", "tốt")]))
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["tốt"]


def _bad_items(graph: GraphApiStandin) -> list[Any]:
    def item(**changes: Any) -> dict[str, Any]:
        base = graph.text_item("9090", "hỏng")
        for path, value in changes.items():
            *parents, last = path.split("__")
            target = base
            for name in parents:
                target = target[name]
            if value is None:
                del target[last]
            else:
                target[last] = value
        return base

    return [
        1,
        "x",
        item(sender="9090"),
        item(sender__id={"id": "1"}),
        item(sender__id="9090 OR 1=1"),
        item(message="hỏng"),
        item(message__text=12),
        item(message__mid=["m"]),
        item(message__quick_reply="x"),
        item(timestamp=None),
        item(timestamp="yesterday"),
        {**item(), "postback": "x"},
    ]


async def test_bad_items_are_skipped_and_the_good_ones_in_the_batch_processed(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    bad = _bad_items(graph)
    good = [graph.text_item(str(100 + i), f"tốt {i}") for i in range(3)]
    payload = graph.payload([bad[0], good[0], *bad[1:6]], [*bad[6:], good[1]], [good[2]])
    payload["entry"].insert(1, "not an entry")
    assert await graph.deliver(http, server.webhook, payload) == 200
    await settle(server.channel)
    assert sorted(m.text or "" for m in agent.received) == ["tốt 0", "tốt 1", "tốt 2"]
    assert sorted(m["recipient"]["id"] for m in graph.sent) == ["100", "101", "102"]


async def test_entries_without_messaging_and_other_objects_are_acknowledged(
    server: ChannelServer, graph: GraphApiStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    standby = {"object": "page", "entry": [{"id": graph.page_id, "time": 1, "standby": []}]}
    assert await graph.deliver(http, server.webhook, standby) == 200
    assert await graph.deliver(http, server.webhook, {"object": "instagram", "entry": []}) == 200
    await settle(server.channel)
    assert agent.received == []
