"""The REST channel (bot/channels/rest.py): malformed requests, bounds, identity, payloads."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.channels.limits import MAX_CLIENT_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_PAYLOAD
from bot.channels.rest import RestInput
from tests.bot.channels.conftest import FakeAgent
from tests.bot.channels.serving import serving


@pytest.fixture
async def webhook(agent: FakeAgent) -> AsyncIterator[str]:
    async with serving(RestInput(), agent) as base_url:
        yield f"{base_url}/webhooks/rest/webhook"


async def post(http: aiohttp.ClientSession, url: str, body: bytes | str) -> tuple[int, object]:
    data = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": "application/json"}
    async with http.post(url, data=data, headers=headers) as reply:
        return reply.status, await reply.json(content_type=None)


async def say(http: aiohttp.ClientSession, url: str, **fields: object) -> tuple[int, object]:
    return await post(http, url, json.dumps(fields))


async def test_a_message_is_answered_in_rasas_format(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    status, answers = await say(http, webhook, sender="me", message="xin chào")
    assert status == 200
    assert answers == [{"recipient_id": "me", "text": "echo: xin chào"}]
    [message] = agent.received
    assert (message.sender_id, message.input_channel) == ("rest:me", "rest")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "[]",
        '[{"sender": "a", "message": "hi"}]',
        '"hi"',
        "not json",
        '{"sender": "a"}',
        '{"message": "hi"}',
        '{"sender": "a", "message": null}',
        '{"sender": "a", "message": 12}',
        '{"sender": "a", "message": ["hi"]}',
        '{"sender": 12, "message": "hi"}',
        '{"sender": {"id": "a"}, "message": "hi"}',
        '{"sender": "", "message": "hi"}',
        '{"sender": "a\\u0000b", "message": "hi"}',
        json.dumps({"sender": "x" * 500, "message": "hi"}),
    ],
)
async def test_a_malformed_request_is_a_400_with_a_json_error(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession, body: str
) -> None:
    status, error = await post(http, webhook, body)
    assert status == 400
    assert isinstance(error, dict) and error["error"] and error["message"]
    assert agent.received == []


async def test_the_client_cannot_choose_the_input_channel(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    status, _ = await say(http, webhook, sender="me", message="hi", input_channel="zalo")
    assert status == 200
    assert agent.received[0].input_channel == "rest"


@pytest.mark.parametrize("sender", ["zalo:1234567890", "web:abc", "default", "fb:42"])
async def test_a_rest_sender_cannot_name_another_channels_conversation(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession, sender: str
) -> None:
    status, answers = await say(http, webhook, sender=sender, message="hi")
    assert status == 200
    assert agent.received[0].sender_id == f"rest:{sender}"
    assert isinstance(answers, list) and answers[0]["recipient_id"] == sender


async def test_only_known_metadata_is_kept(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    metadata = {"ward_code": "00235", "phone": "0912345678", "blob": "x" * 5000}
    await say(http, webhook, sender="me", message="hi", metadata=metadata)
    await say(http, webhook, sender="me", message="hi", metadata={"ward_code": "<script>"})
    assert [m.metadata for m in agent.received] == [{"ward_code": "00235"}, None]


async def test_a_100000_character_message_gets_the_too_long_intent_within_a_second(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    started = time.perf_counter()
    status, answers = await say(http, webhook, sender="me", message="a" * 100_000)
    elapsed = time.perf_counter() - started
    assert status == 200
    assert [m.text for m in agent.received] == [TOO_LONG_PAYLOAD]
    assert answers == [{"recipient_id": "me", "text": f"echo: {TOO_LONG_PAYLOAD}"}]
    assert elapsed < 1.0


@pytest.mark.parametrize("length", [MAX_MESSAGE_CHARS - 1, MAX_MESSAGE_CHARS])
async def test_a_message_up_to_the_bound_reaches_the_nlu_as_typed(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession, length: int
) -> None:
    text = "đ" * length
    await say(http, webhook, sender="me", message=text)
    assert agent.received[0].text == text


async def test_an_oversized_body_is_refused_before_anything_reads_it(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    body = json.dumps({"sender": "me", "message": "a" * MAX_CLIENT_BODY_BYTES})
    status, error = await post(http, webhook, body)
    assert status == 413
    assert isinstance(error, dict) and error["error"] == "body_too_large"
    assert agent.received == []


@pytest.mark.parametrize(
    ("typed", "handed_to_rasa"),
    [
        ("/ask_fee", "/ask_fee"),
        ('/ask_papers{"procedure_code": "1.000080"}', '/ask_papers{"procedure_code": "1.000080"}'),
        ("/restart", "/restart"),
        ('/ask_fee{"dossier_factor": "5678"}', 'ask_fee{"dossier_factor": "5678"}'),
        ('/ask_papers{"procedure_code": ["1.000080", "1.000094"]}',
         'ask_papers{"procedure_code": ["1.000080", "1.000094"]}'),
        ("/ask_fee@0.01", "ask_fee@0.01"),
        ("/not_an_intent", "not_an_intent"),
        ("//ask_fee", "ask_fee"),
        ("/ khai sinh", "khai sinh"),
    ],
)  # fmt: skip
async def test_a_slash_payload_passes_only_in_the_shape_our_buttons_send(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession, typed: str, handed_to_rasa: str
) -> None:
    await say(http, webhook, sender="me", message=typed)
    assert agent.received[0].text == handed_to_rasa


async def test_streamed_answers_keep_rasas_line_format(
    webhook: str, agent: FakeAgent, http: aiohttp.ClientSession
) -> None:
    body = json.dumps({"sender": "me", "message": "buttons"})
    async with http.post(f"{webhook}?stream=true", data=body) as reply:
        lines = [json.loads(line) for line in (await reply.text()).splitlines()]
    assert reply.status == 200
    assert lines[0]["recipient_id"] == "me"
    assert [b["payload"] for b in lines[0]["buttons"]] == ["/ask_fee", "/ask_duration"]
    assert agent.received[0].sender_id == "rest:me"
