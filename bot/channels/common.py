"""What the webhook channels share: bounded bodies, validated ids, ordered background work.

Deduplication and freshness live in ``bot/channels/dedupe.py``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from sanic.exceptions import PayloadTooLarge

logger = logging.getLogger(__name__)

# Zalo ids are 18-19 digits, Messenger PSIDs about 16: strings of digits, with room to spare.
PLATFORM_ID = re.compile(r"[0-9]{1,32}")


class Malformed(ValueError):
    """A signed body or item we cannot read. The message is a reason for the log: it never
    quotes the content (which may hold a citizen's words or ids)."""


def platform_id(value: Any, what: str) -> str:
    """A platform user id as a string of digits (JSON strings, as documented, or integers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not PLATFORM_ID.fullmatch(value):
        raise Malformed(f"{what} is not a platform id")
    return value


def optional_str(container: dict[str, Any], key: str, what: str, limit: int) -> str:
    """``container[key]`` as a string ('' when absent or null); ``Malformed`` otherwise."""
    value = container.get(key)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > limit:
        raise Malformed(f"{what} is not a string of at most {limit} characters")
    return value


def timestamp_ms(value: Any, what: str) -> int:
    """A platform timestamp in milliseconds (Zalo: a string of digits, Meta: an integer)."""
    if isinstance(value, str) and value.isdigit() and len(value) <= 16:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**16:
        return value
    raise Malformed(f"{what} is not a timestamp in milliseconds")


async def read_body(request: Any, limit: int) -> bytes | None:
    """The body of a streamed Sanic request, or None as soon as it exceeds ``limit`` bytes.

    The route must be declared with ``stream=True``: otherwise Sanic buffers up to its own
    REQUEST_MAX_SIZE (100 MB) before the handler runs.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    stream = request.stream
    body: bytes = request.body or b""
    if body or stream is None:  # a route that is not streamed: Sanic has read the body
        return body if len(body) <= limit else None
    # What is left of an over-size body is then drained with this limit, not Sanic's.
    stream.request_max_size = limit
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except PayloadTooLarge:  # a chunked body going over the limit
        return None
    return b"".join(chunks)


class BackgroundProcessor:
    """Runs webhook work after the HTTP answer, one sender's messages in arrival order.

    Keeps a reference to every task (asyncio only holds weak ones) and logs failures,
    which would otherwise vanish with the task.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    def submit(self, sender_id: str, work: Callable[[], Awaitable[None]]) -> None:
        task = asyncio.get_running_loop().create_task(self._run(sender_id, work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, sender_id: str, work: Callable[[], Awaitable[None]]) -> None:
        lock = self._locks.setdefault(sender_id, asyncio.Lock())
        self._waiting[sender_id] = self._waiting.get(sender_id, 0) + 1
        try:
            async with lock:
                await work()
        except Exception:
            logger.exception("processing a message from %s failed", sender_id)
        finally:
            self._waiting[sender_id] -= 1
            if not self._waiting[sender_id]:
                del self._waiting[sender_id]
                self._locks.pop(sender_id, None)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout_s: float = 30.0) -> None:
        """Wait for the work in flight (tests, shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)
