"""Serve one input channel on a real Sanic server on a free port, in the running loop."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic

from tests.standins.zalo import free_port


class ChannelServer:
    def __init__(self, base_url: str, channel: InputChannel, agent: Any) -> None:
        self.base_url = base_url
        self.channel = channel
        self.agent = agent
        self.webhook = f"{base_url}/webhooks/{channel.name()}/webhook"


async def serve(
    channel: InputChannel, agent: Callable[[UserMessage], Awaitable[Any]]
) -> AsyncIterator[ChannelServer]:
    Sanic.test_mode = True  # several apps start in one process (Sanic's TouchUp otherwise fails)
    app = Sanic(f"channel-test-{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(agent), url_prefix=f"/webhooks/{channel.name()}")
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield ChannelServer(f"http://127.0.0.1:{port}", channel, agent)
    finally:
        await channel.background.drain()  # type: ignore[attr-defined]
        await channel.client.close()  # type: ignore[attr-defined]
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
