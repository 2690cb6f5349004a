"""The web widget's socket.io channel (bot/channels/webchat.py) with a real socket.io client:
server-issued sessions, connection binding, bounds, customData, "/" payloads."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import jwt
import pytest
import socketio

from bot.channels.limits import TOO_LONG_PAYLOAD
from bot.channels.webchat import SessionSigner, WebchatInput, hard_breaks
from tests.bot.channels.conftest import FakeAgent
from tests.bot.channels.serving import serving

WAIT_S = 5.0


class Widget:
    """A socket.io client speaking rasa-webchat's protocol (long-polling: the engine.io
    client's websocket transport needs a newer aiohttp than Rasa pins)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = socketio.AsyncClient(reconnection=False)
        self.confirms: asyncio.Queue[Any] = asyncio.Queue()
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.client.on("session_confirm", self.confirms.put)
        self.client.on("bot_uttered", self.replies.put)

    async def connect(self) -> Widget:
        await self.client.connect(self.base_url, socketio_path="/socket.io", transports=["polling"])
        return self

    async def session(self, session_id: object = None) -> str:
        await self.client.emit("session_request", {"session_id": session_id})
        token = await asyncio.wait_for(self.confirms.get(), WAIT_S)
        assert isinstance(token, str)
        return token

    async def say(self, text: object, **extra: Any) -> None:
        await self.client.emit("user_uttered", {"message": text, **extra})

    async def reply(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.replies.get(), WAIT_S)

    async def close(self) -> None:
        await self.client.disconnect()


@pytest.fixture
async def base_url(agent: FakeAgent) -> AsyncIterator[str]:
    channel = WebchatInput(session_persistence=True, metadata_key="customData")
    async with serving(channel, agent) as url:
        yield url


@pytest.fixture
async def widgets(base_url: str) -> AsyncIterator[list[Widget]]:
    opened: list[Widget] = []
    yield opened
    for widget in opened:
        await widget.close()


async def open_widget(base_url: str, widgets: list[Widget]) -> Widget:
    widget = await Widget(base_url).connect()
    widgets.append(widget)
    return widget


async def until_received(agent: FakeAgent, count: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while len(agent.received) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


def session_part(token: str) -> str:
    return token.partition(".")[0]


async def test_a_session_is_issued_and_answered_on_its_own_conversation(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    await widget.say("xin chào", session_id=token)
    assert (await widget.reply())["text"] == hard_breaks("echo: xin chào")
    [message] = agent.received
    assert message.sender_id == f"web:{session_part(token)}"
    assert message.input_channel == "socketio"
    assert SessionSigner.from_environment().verify(token) is None  # signed by this server only


async def test_a_reconnecting_widget_resumes_its_own_session(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    first = await open_widget(base_url, widgets)
    token = await first.session()
    await first.close()
    again = await open_widget(base_url, widgets)
    assert await again.session(token) == token
    await again.say("tiếp", session_id=token)
    await again.reply()
    assert agent.received[0].sender_id == f"web:{session_part(token)}"


@pytest.mark.parametrize(
    "claimed",
    [
        "victim-session",
        "1234567890123456789",  # a Zalo user id
        "rest:me",
        "web:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.forged-mac",
        12,
        {"id": "x"},
    ],
)
async def test_a_claimed_session_id_the_server_did_not_issue_gets_a_fresh_session(
    base_url: str, widgets: list[Widget], agent: FakeAgent, claimed: object
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session(claimed)
    assert token != claimed and session_part(token) != claimed
    await widget.say("hi", session_id=claimed)
    await widget.reply()
    assert agent.received[0].sender_id == f"web:{session_part(token)}"


async def test_another_persons_session_cannot_be_joined_or_written_into(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    victim = await open_widget(base_url, widgets)
    victim_token = await victim.session()
    attacker = await open_widget(base_url, widgets)
    # Rasa's channel confirmed any id and put the socket into that conversation's room.
    attacker_token = await attacker.session(session_part(victim_token))
    assert session_part(attacker_token) != session_part(victim_token)
    # A message naming the victim's session still goes to the attacker's own conversation.
    await attacker.say("viết vào hội thoại người khác", session_id=victim_token)
    await attacker.reply()
    await victim.say("câu hỏi riêng", session_id=victim_token)
    assert (await victim.reply())["text"] == hard_breaks("echo: câu hỏi riêng")
    senders = [m.sender_id for m in agent.received]
    assert sorted(senders) == sorted(
        [f"web:{session_part(attacker_token)}", f"web:{session_part(victim_token)}"]
    )
    await asyncio.sleep(0.2)
    assert attacker.replies.empty()  # never saw the victim's answer
    assert victim.replies.empty()  # nor the victim the attacker's


async def test_a_message_before_session_request_is_ignored(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    widget = await open_widget(base_url, widgets)
    await widget.say("hi", session_id="someone-else")
    await asyncio.sleep(0.3)
    assert agent.received == []


@pytest.mark.parametrize("message", [12, None, ["hi"], {"text": "hi"}])
async def test_a_message_that_is_not_text_is_ignored(
    base_url: str, widgets: list[Widget], agent: FakeAgent, message: object
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    await widget.say(message, session_id=token)
    await widget.say("ok", session_id=token)
    await until_received(agent, 1)
    await asyncio.sleep(0.2)
    assert [m.text for m in agent.received] == ["ok"]


@pytest.mark.parametrize(
    ("custom_data", "metadata"),
    [
        ({"ward_code": "00235"}, {"ward_code": "00235"}),
        ('{"ward_code": "00235"}', {"ward_code": "00235"}),
        ({"ward_code": "00235", "name": "Nguyễn Văn A", "phone": "0912345678"},
         {"ward_code": "00235"}),
        ({"ward_code": "x" * 10_000}, None),
        ("not json", None),
        ({"anything": {"nested": [1, 2, 3]}}, None),
    ],
)  # fmt: skip
async def test_only_known_custom_data_reaches_the_tracker(
    base_url: str,
    widgets: list[Widget],
    agent: FakeAgent,
    custom_data: object,
    metadata: dict[str, str] | None,
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    await widget.say("hi", session_id=token, customData=custom_data)
    await widget.reply()
    assert agent.received[0].metadata == metadata


async def test_a_100000_character_message_gets_the_too_long_intent_within_a_second(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    started = time.perf_counter()
    await widget.say("a" * 100_000, session_id=token)
    reply = await widget.reply()
    assert time.perf_counter() - started < 1.0
    assert reply["text"] == hard_breaks(f"echo: {TOO_LONG_PAYLOAD}")
    assert [m.text for m in agent.received] == [TOO_LONG_PAYLOAD]


async def test_a_packet_over_the_bound_never_reaches_the_channel(
    base_url: str, widgets: list[Widget], agent: FakeAgent
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    await widget.say("a" * 600_000, session_id=token)  # Rasa's server took up to 1 MB
    await asyncio.sleep(0.5)
    assert agent.received == []


@pytest.mark.parametrize(
    ("typed", "handed_to_rasa"),
    [
        ('/ask_papers{"procedure_code": "1.000080"}', '/ask_papers{"procedure_code": "1.000080"}'),
        ('/ask_fee{"dossier_code": "000.00.27.H26-251017-0012"}',
         'ask_fee{"dossier_code": "000.00.27.H26-251017-0012"}'),
        ("/check_dossier_status@0.2", "check_dossier_status@0.2"),
    ],
)  # fmt: skip
async def test_slash_payloads_are_bounded_as_on_rest(
    base_url: str, widgets: list[Widget], agent: FakeAgent, typed: str, handed_to_rasa: str
) -> None:
    widget = await open_widget(base_url, widgets)
    token = await widget.session()
    await widget.say(typed, session_id=token)
    await widget.reply()
    assert agent.received[0].text == handed_to_rasa


@pytest.mark.parametrize(
    "token",
    ["", ".", "a.b", "x" * 200, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", None, 5],
)
def test_the_signer_accepts_only_its_own_tokens(token: object) -> None:
    signer = SessionSigner(b"k" * 32)
    session_id, issued = signer.issue()
    assert signer.verify(issued) == session_id
    assert SessionSigner(b"other-key-other-key").verify(issued) is None
    assert signer.verify(token) is None


def test_a_short_session_key_is_refused() -> None:
    with pytest.raises(ValueError, match="WEBCHAT_SESSION_KEY"):
        SessionSigner(b"short")


async def test_with_a_jwt_key_only_a_signed_client_connects(agent: FakeAgent) -> None:
    channel = WebchatInput(session_persistence=True, metadata_key="customData", jwt_key="k" * 32)
    async with serving(channel, agent) as url:
        refused = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await refused.connect(url, socketio_path="/socket.io", transports=["polling"])
        accepted = socketio.AsyncClient(reconnection=False)
        token = jwt.encode({"user": "citizen"}, "k" * 32, algorithm="HS256")
        await accepted.connect(
            url, socketio_path="/socket.io", transports=["polling"], auth={"token": token}
        )
        assert accepted.connected
        await accepted.disconnect()


async def test_without_persistence_every_session_request_starts_afresh(agent: FakeAgent) -> None:
    channel = WebchatInput(session_persistence=False, metadata_key="customData")
    async with serving(channel, agent) as url:
        widget = await Widget(url).connect()
        try:
            token = await widget.session()
            assert await widget.session(token) != token
        finally:
            await widget.close()


WARD_PAGE = "http://ward.example:8080"


@pytest.fixture
async def cors_url(agent: FakeAgent) -> AsyncIterator[str]:
    channel = WebchatInput(session_persistence=True, metadata_key="customData")
    async with serving(channel, agent, cors=[WARD_PAGE]) as url:
        yield url


async def connects(url: str, headers: dict[str, str]) -> bool:
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(
            url, socketio_path="/socket.io", transports=["polling"], headers=headers
        )
    except socketio.exceptions.ConnectionError:
        return False
    await client.disconnect()
    return True


async def test_a_page_of_an_origin_rasa_does_not_allow_cannot_connect(cors_url: str) -> None:
    assert await connects(cors_url, {"Origin": WARD_PAGE})
    assert await connects(cors_url, {})  # no Origin: not a browser, CORS does not apply
    assert await connects(cors_url, {"Origin": cors_url})  # a page served by this host
    assert not await connects(cors_url, {"Origin": "https://evil.example"})
    assert not await connects(cors_url, {"Origin": "http://ward.example:8080.evil.example"})


async def test_an_allowed_origin_gets_one_cors_header(
    cors_url: str, http: aiohttp.ClientSession
) -> None:
    handshake = f"{cors_url}/socket.io/?EIO=4&transport=polling"
    async with http.get(handshake, headers={"Origin": WARD_PAGE}) as reply:
        assert reply.status == 200
        assert reply.headers.getall("Access-Control-Allow-Origin") == [WARD_PAGE]
    async with http.get(handshake, headers={"Origin": "https://evil.example"}) as reply:
        assert reply.status == 400
        assert "Access-Control-Allow-Origin" not in reply.headers
