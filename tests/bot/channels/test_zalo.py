"""The Zalo OA channel against the Zalo stand-in: signature, dedupe, buttons, tokens, errors."""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.channels.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_PAYLOAD
from bot.channels.rendering import CHOOSE_NUMBER, TEXT_ONLY, response_text
from bot.channels.zalo import (
    Tokens,
    TokenStore,
    ZaloConfig,
    ZaloInput,
    signature_is_valid,
    zalo_signature,
)
from tests.bot.channels.conftest import FakeAgent, settle
from tests.standins.channel_server import ChannelServer, serve
from tests.standins.zalo import ZaloStandin, zalo_id


@pytest.fixture
async def zalo() -> AsyncIterator[ZaloStandin]:
    standin = ZaloStandin()
    await standin.start()
    yield standin
    await standin.stop()


def config_for(
    standin: ZaloStandin, token_file: Path | None = None, **overrides: str
) -> ZaloConfig:
    # A dedupe store of the test's own (the default is the repository's var/webhooks.db).
    dedupe_dir = token_file.parent if token_file else Path(tempfile.mkdtemp(prefix="zalo-"))
    credentials = {
        "dedupe_url": f"sqlite:///{dedupe_dir / 'webhooks.db'}",
        "app_id": standin.app_id,
        "oa_secret_key": standin.oa_secret_key,
        "app_secret": standin.app_secret,
        "access_token": "access-1",
        "refresh_token": "refresh-1",
        "api_base_url": standin.base_url,
        "oauth_base_url": standin.base_url,
        "token_file": str(token_file) if token_file else "",
        **overrides,
    }
    config = ZaloConfig.from_credentials(credentials)
    config.backoff_s = 0.01
    return config


@pytest.fixture
async def server(
    zalo: ZaloStandin, agent: FakeAgent, tmp_path: Path
) -> AsyncIterator[ChannelServer]:
    channel = ZaloInput(config_for(zalo, tmp_path / "zalo-tokens.json"))
    async for running in serve(channel, agent):
        yield running


def test_signature_is_plain_sha256_of_the_concatenation() -> None:
    body = b'{"app_id":"1","timestamp":"1700000000000"}'
    expected = hashlib.sha256(b"1" + body + b"1700000000000" + b"key").hexdigest()
    assert zalo_signature("1", body, "1700000000000", "key") == f"mac={expected}"
    assert signature_is_valid(f"mac={expected}", "1", body, "1700000000000", "key")
    assert not signature_is_valid(f"mac={expected}", "1", body + b" ", "1700000000000", "key")
    assert not signature_is_valid(None, "1", body, "1700000000000", "key")
    assert not signature_is_valid(f"mac={expected}", "1", body, "1700000000000", "")


async def test_a_text_message_is_answered_through_the_open_api(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    assert await zalo.deliver(http, server.webhook, zalo.text_event(user, "xin chào")) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["xin chào"]
    assert agent.received[0].input_channel == "zalo"
    assert zalo.texts_to(user) == ["echo: xin chào"]


async def test_the_conversation_is_namespaced_and_replies_go_to_the_zalo_id(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    event = zalo.text_event(user, "buttons")
    assert await zalo.deliver(http, server.webhook, event) == 200
    await settle(server.channel)
    (received,) = agent.received
    # A REST client naming this user's Zalo id reaches "rest:<id>", never this conversation.
    assert received.sender_id == f"zalo:{user}"
    assert received.metadata == {
        "zalo": {"event_name": "user_send_text", "timestamp": int(event["timestamp"])}
    }
    assert [m["recipient"]["user_id"] for m in zalo.sent] == [user]


async def test_a_reply_to_an_id_of_another_channel_is_not_sent(
    server: ChannelServer, zalo: ZaloStandin
) -> None:
    output = server.channel.get_output_channel()
    await output.send_text_message("rest:2000000000000000001", "không gửi")
    await output.send_text_message("2000000000000000001", "không gửi")
    assert zalo.sent == []


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
    zalo: ZaloStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    length: int,
    status: int,
    reaches_rasa: str | None,
) -> None:
    text = ("giấy khai sinh " * (length // 15 + 1))[: length - 1] + "?"
    assert await zalo.deliver(http, server.webhook, zalo.text_event(zalo_id(), text)) == status
    await settle(server.channel)
    expected = (
        [] if reaches_rasa is None else [text if reaches_rasa == "as typed" else reaches_rasa]
    )
    assert [m.text for m in agent.received] == expected


async def test_an_over_size_body_is_refused_before_anything_is_read(
    server: ChannelServer, http: aiohttp.ClientSession
) -> None:
    async with http.post(server.webhook, data=b"{" + b" " * MAX_BODY_BYTES + b"}") as reply:
        assert reply.status == 413


@pytest.mark.parametrize(
    "forge",
    ["missing", "wrong key", "body changed", "hmac instead of sha256", "other app", "garbage"],
)
async def test_a_forged_webhook_is_refused_and_never_processed(
    server: ChannelServer,
    zalo: ZaloStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    forge: str,
) -> None:
    event = zalo.text_event(zalo_id(), "forged")
    raw, headers = zalo.signed(event)
    if forge == "missing":
        del headers["X-ZEvent-Signature"]
    elif forge == "wrong key":
        digest = hashlib.sha256(
            zalo.app_id.encode() + raw + event["timestamp"].encode() + b"guess"
        ).hexdigest()
        headers["X-ZEvent-Signature"] = f"mac={digest}"
    elif forge == "body changed":
        raw = raw.replace(b"forged", b"f0rged")
    elif forge == "hmac instead of sha256":
        import hmac

        digest = hmac.new(zalo.oa_secret_key.encode(), raw, hashlib.sha256).hexdigest()
        headers["X-ZEvent-Signature"] = f"mac={digest}"
    elif forge == "other app":
        event["app_id"] = "1111111111111111111"
        raw = json.dumps(event).encode()
        digest = hashlib.sha256(
            event["app_id"].encode() + raw + event["timestamp"].encode() + b"x"
        ).hexdigest()
        headers["X-ZEvent-Signature"] = f"mac={digest}"
    elif forge == "garbage":
        headers["X-ZEvent-Signature"] = "mac=" + "0" * 64
    async with http.post(server.webhook, data=raw, headers=headers) as reply:
        assert reply.status in (401, 403)
    await settle(server.channel)
    assert agent.received == []
    assert zalo.sent == []


async def test_a_channel_without_secret_refuses_everything(
    zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    channel = ZaloInput(config_for(zalo, oa_secret_key=""))
    async for server in serve(channel, agent):
        status = await zalo.deliver(http, server.webhook, zalo.text_event(zalo_id(), "hi"))
        assert status in (401, 403)
    assert agent.received == []


async def test_redelivery_is_processed_once_and_echoes_are_ignored(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    event = zalo.text_event(user, "một lần thôi")
    for _ in range(3):
        assert await zalo.deliver(http, server.webhook, event) == 200
    echo = zalo.event("oa_send_text", user, {"text": "echo: một lần thôi"})
    assert await zalo.deliver(http, server.webhook, echo) == 200
    seen = zalo.event("user_seen_message", user)
    assert await zalo.deliver(http, server.webhook, seen) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["một lần thôi"]
    assert zalo.texts_to(user) == ["echo: một lần thôi"]


async def test_a_sticker_gets_the_text_only_reply(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    assert await zalo.deliver(http, server.webhook, zalo.sticker_event(user)) == 200
    await settle(server.channel)
    assert agent.received == []
    assert zalo.texts_to(user) == [response_text(TEXT_ONLY)]


async def test_buttons_become_query_hide_buttons_and_come_back_as_payloads(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "buttons"))
    await settle(server.channel)
    buttons = zalo.sent[-1]["message"]["attachment"]["payload"]["buttons"]
    assert buttons == [
        {"title": "Lệ phí", "type": "oa.query.hide", "payload": "/ask_fee"},
        {"title": "Thời hạn", "type": "oa.query.hide", "payload": "/ask_duration"},
    ]
    # A click on oa.query.hide comes back as an ordinary user_send_text with the payload.
    await zalo.deliver(http, server.webhook, zalo.text_event(user, buttons[0]["payload"]))
    await settle(server.channel)
    assert agent.received[-1].text == "/ask_fee"


async def test_too_many_buttons_become_a_numbered_list_answered_by_number(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "many"))
    await settle(server.channel)
    text = "\n".join(zalo.texts_to(user))
    assert response_text(CHOOSE_NUMBER) in text
    assert "1. Mục 0" in text and "20. Mục 19" in text
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "12"))
    await settle(server.channel)
    assert agent.received[-1].text == "/pick11"


async def test_long_answers_are_split_at_line_boundaries(
    server: ChannelServer, zalo: ZaloStandin, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "long"))
    await settle(server.channel)
    parts = zalo.texts_to(user)
    assert len(parts) > 1
    assert all(len(p) <= 2000 for p in parts)
    lines = "\n".join(parts).split("\n")
    assert lines[0].startswith("0. ") and lines[-1].startswith("199. ")
    assert all(line.split(".")[0].isdigit() for line in lines)  # no line was cut


async def test_rate_limit_is_retried(
    server: ChannelServer, zalo: ZaloStandin, http: aiohttp.ClientSession
) -> None:
    zalo.scripted_errors.extend([-32, -32])
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "bận"))
    await settle(server.channel)
    assert zalo.texts_to(user) == ["echo: bận"]


@pytest.mark.parametrize("code", [-230, -232])
async def test_outside_the_interaction_window_is_dropped(
    server: ChannelServer, zalo: ZaloStandin, http: aiohttp.ClientSession, code: int
) -> None:
    zalo.scripted_errors.append(code)
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "muộn"))
    await settle(server.channel)
    assert zalo.texts_to(user) == []
    assert not zalo.scripted_errors


async def test_expired_token_is_refreshed_persisted_and_the_send_retried(
    server: ChannelServer, zalo: ZaloStandin, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    zalo.expire_access_tokens()
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "token"))
    await settle(server.channel)
    assert zalo.texts_to(user) == ["echo: token"]
    assert zalo.refreshes == ["refresh-1"]
    saved = json.loads((tmp_path / "zalo-tokens.json").read_text())
    assert saved["access_token"] == "access-2" and saved["refresh_token"] == "refresh-2"
    # A new process starts from the persisted (rotated) refresh token.
    restarted = TokenStore(tmp_path / "zalo-tokens.json", Tokens("stale", "refresh-1"))
    assert restarted.access_token == "access-2"


async def test_concurrent_token_errors_refresh_once(
    zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    channel = ZaloInput(config_for(zalo, tmp_path / "tokens.json"))
    zalo.expire_access_tokens()
    users = [zalo_id() for _ in range(10)]
    async for server in serve(channel, agent):
        await asyncio.gather(
            *(zalo.deliver(http, server.webhook, zalo.text_event(u, "hi")) for u in users)
        )
        await settle(channel)
    assert zalo.refreshes == ["refresh-1"]  # the single-use token was spent exactly once
    assert all(zalo.texts_to(u) == ["echo: hi"] for u in users)


async def test_an_invalid_token_after_refresh_is_not_retried_forever(
    server: ChannelServer, zalo: ZaloStandin, http: aiohttp.ClientSession
) -> None:
    zalo.expire_access_tokens()
    zalo.valid_refresh_tokens.clear()  # the refresh token was revoked
    user = zalo_id()
    await zalo.deliver(http, server.webhook, zalo.text_event(user, "x"))
    await settle(server.channel)
    assert zalo.texts_to(user) == []
    assert len(zalo.refreshes) == 1


async def test_100_concurrent_deliveries_are_each_answered_once(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    agent.delay_s = 0.05
    users = [zalo_id() for _ in range(25)]
    events = [zalo.text_event(users[i % 25], f"tin {i}") for i in range(100)]
    statuses = await asyncio.gather(*(zalo.deliver(http, server.webhook, e) for e in events))
    # Zalo re-sends some of them, concurrently with the first delivery.
    statuses += await asyncio.gather(*(zalo.deliver(http, server.webhook, e) for e in events[:30]))
    assert set(statuses) == {200}
    await settle(server.channel, 30)
    assert sorted(m.text or "" for m in agent.received) == sorted(f"tin {i}" for i in range(100))
    answers = sorted(m["message"]["text"] for m in zalo.sent)
    assert answers == sorted(f"echo: tin {i}" for i in range(100))
    # One sender's messages are answered in the order they arrived.
    for user in users:
        numbers = [int(t.split()[-1]) for t in zalo.texts_to(user)]
        assert numbers == sorted(numbers)


async def test_a_captured_delivery_is_not_answered_again_after_a_restart(
    zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    user = zalo_id()
    raw, headers = zalo.signed(zalo.text_event(user, "chỉ một lần"))
    for _ in range(2):  # the same configuration, a new process each time
        channel = ZaloInput(config_for(zalo, tmp_path / "tokens.json"))
        async for server in serve(channel, agent):
            async with http.post(server.webhook, data=raw, headers=headers) as reply:
                assert reply.status == 200
            await settle(channel)
    assert [m.text for m in agent.received] == ["chỉ một lần"]
    assert zalo.texts_to(user) == ["echo: chỉ một lần"]


@pytest.mark.parametrize(
    ("age_s", "processed"),
    [(0, True), (14 * 60, True), (16 * 60, False), (7 * 24 * 3600, False), (-10 * 60, False)],
)
async def test_only_fresh_deliveries_are_processed(
    server: ChannelServer,
    zalo: ZaloStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    age_s: float,
    processed: bool,
) -> None:
    event = zalo.text_event(zalo_id(), "cũ hay mới", age_s=age_s)
    # Refused deliveries are still acknowledged: Zalo would otherwise keep re-sending.
    assert await zalo.deliver(http, server.webhook, event) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == (["cũ hay mới"] if processed else [])


async def test_deliveries_without_msg_id_are_deduplicated_on_their_signed_body(
    server: ChannelServer, zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    user = zalo_id()
    first, second = zalo.text_event(user, "một"), zalo.text_event(user, "hai")
    for event in (first, second):
        del event["message"]["msg_id"]
    for event in (first, first, second, first):
        assert await zalo.deliver(http, server.webhook, event) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["một", "hai"]


async def test_a_dedupe_store_that_is_down_asks_zalo_to_retry(
    zalo: ZaloStandin, agent: FakeAgent, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    (tmp_path / "down.db").mkdir()  # SQLite cannot open a directory
    channel = ZaloInput(config_for(zalo, dedupe_url=f"sqlite:///{tmp_path / 'down.db'}"))
    async for server in serve(channel, agent):
        assert await zalo.deliver(http, server.webhook, zalo.text_event(zalo_id(), "x")) == 503
        await settle(channel)
    assert agent.received == []


def _set(event: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = event
    for name in parents:
        target = target[name]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("sender", "2000000000000000001"),
        ("sender", None),
        ("message", "xin chào"),
        ("message", ["xin chào"]),
        ("sender.id", {"id": "1"}),
        ("sender.id", "12 OR 1=1"),
        ("sender.id", ""),
        ("message.text", 12),
        ("message.text", DELETE),
        ("message.msg_id", {"x": 1}),
        ("event_name", 5),
        ("timestamp", "yesterday"),
        ("timestamp", DELETE),
    ],
)
async def test_a_malformed_signed_event_is_refused_with_400(
    server: ChannelServer,
    zalo: ZaloStandin,
    agent: FakeAgent,
    http: aiohttp.ClientSession,
    path: str,
    value: Any,
) -> None:
    event = zalo.text_event(zalo_id(), "hỏng")
    _set(event, path, value)
    assert await zalo.deliver(http, server.webhook, event) == 400
    # The server is unharmed: the next good event is answered.
    user = zalo_id()
    assert await zalo.deliver(http, server.webhook, zalo.text_event(user, "tốt")) == 200
    await settle(server.channel)
    assert [m.text for m in agent.received] == ["tốt"]
    assert zalo.texts_to(user) == ["echo: tốt"]


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"null", b"{not json", b"\xff\xfe"])
async def test_a_body_that_is_not_a_json_object_is_refused_with_400(
    server: ChannelServer, http: aiohttp.ClientSession, body: bytes
) -> None:
    async with http.post(server.webhook, data=body) as reply:
        assert reply.status == 400
