"""What the webhook channels share: deduplication and background processing in order."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class Deduplicator:
    """Remembers message ids seen recently; ``first_time`` is true once per id.

    Platforms re-deliver a webhook they think was not acknowledged; the window only has to
    outlast their retries. Bounded in size and age; per process (a replicated deployment
    needs sticky routing by sender, or a shared store, to dedupe across replicas).
    """

    def __init__(self, ttl_s: float = 3600.0, max_ids: int = 100_000) -> None:
        self._ttl = ttl_s
        self._max = max_ids
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, message_id: str) -> bool:
        now = time.monotonic()
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl and len(self._seen) < self._max:
                break
            del self._seen[oldest]
        if message_id in self._seen:
            return False
        self._seen[message_id] = now
        return True


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
