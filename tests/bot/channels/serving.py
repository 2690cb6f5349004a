"""Serve one input channel's blueprint on a real Sanic server (free port) in the test's loop.

Unlike tests/standins/channel_server.py (webhook channels with background work), this one
suits the request/answer channels (REST, socket.io) and can give the app a stand-in agent
whose domain the channels read (``app.ctx.agent.domain.intents``).
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.server import configure_cors
from sanic import Sanic

DOMAIN_INTENTS = (
    "greet", "affirm", "deny", "restart", "session_start", "ask_fee", "ask_papers",
    "ask_duration", "ask_procedure", "check_dossier_status", "message_too_long",
)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def serving(
    channel: InputChannel,
    agent: Callable[[UserMessage], Awaitable[Any]],
    intents: Collection[str] | None = DOMAIN_INTENTS,
    cors: list[str] | None = None,
) -> AsyncIterator[str]:
    """The server's base URL while the block runs; ``cors`` as Rasa's ``--cors``."""
    Sanic.test_mode = True  # several apps in one process
    app = Sanic(f"channel-test-{uuid.uuid4().hex[:8]}")
    if cors is not None:
        configure_cors(app, cors)
    if intents is not None:
        # No action endpoint: degraded mode (bot/channels/degraded.py) passes messages on.
        app.ctx.agent = SimpleNamespace(
            domain=SimpleNamespace(intents=list(intents)),
            is_ready=lambda: True,
            action_endpoint=None,
        )
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
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
