"""Persistent webhook deduplication and freshness for the Zalo and Messenger channels.

A platform re-sends a webhook it believes was not acknowledged, and anyone who captured a
signed delivery can send it again: the signature stays valid forever. Two guards:

- freshness: a delivery whose platform timestamp is older than ``max_age_s`` (or further in
  the future than ``max_skew_s``) is acknowledged and dropped;
- deduplication: a delivery's key (the platform message id, or a hash of the signed content
  when there is none) is claimed once in a store that outlives the process. Keys live at
  least as long as the freshness window, so anything fresh enough to pass is also
  remembered: together they refuse every replay.

Stores, picked by ``WEBHOOK_DEDUPE_URL`` (read when a channel first needs it):
``sqlite:///<path>`` (default ``sqlite:///<repo>/var/webhooks.db``; one file shared by the
processes of one host), ``redis://host:port/db`` (``SET NX EX``; several hosts), or
``memory://`` (per process, tests only).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'webhooks.db'}"
URL_VARIABLE = "WEBHOOK_DEDUPE_URL"
MAX_AGE_VARIABLE = "WEBHOOK_MAX_AGE_S"
# Zalo re-sends within seconds of a missed acknowledgement; Meta retries for longer, but a
# citizen's question answered a quarter of an hour late is of little use, and a shorter
# window makes a captured delivery useless sooner.
DEFAULT_MAX_AGE_S = 15 * 60.0
# Platform clocks and ours disagree by seconds; minutes "from the future" mean a forgery
# with the timestamp pushed ahead to outlive the window.
DEFAULT_MAX_SKEW_S = 5 * 60.0
KEY_PREFIX = "webhook:"
MAX_REDIS_CONNECTIONS = 8


class DedupeUnavailable(Exception):
    """The store could not be reached: the caller answers 503 so the platform retries."""


class DedupeStore(Protocol):
    async def claim(self, key: str, ttl_s: float) -> bool:
        """True exactly once per key within ``ttl_s``; ``DedupeUnavailable`` on failure."""

    async def close(self) -> None: ...


def _digest(key: str) -> str:
    # Fixed length whatever the platform sent, and no platform value stored as such.
    return hashlib.sha256(key.encode()).hexdigest()


def content_key(raw: bytes) -> str:
    """The key of a delivery without a platform message id: a hash of its signed bytes."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


class MemoryStore:
    """Per process: forgets everything on restart. For tests and throwaway runs only."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._max = max_keys
        self._expiry: dict[str, float] = {}

    async def claim(self, key: str, ttl_s: float) -> bool:
        now = time.time()
        if len(self._expiry) >= self._max:
            self._expiry = {k: t for k, t in self._expiry.items() if t > now}
        if self._expiry.get(key, 0.0) > now:
            return False
        self._expiry[key] = now + ttl_s
        return True

    async def close(self) -> None:
        self._expiry.clear()


class SQLiteStore:
    """One table in a SQLite file; ``INSERT ... ON CONFLICT`` makes a claim atomic even
    between processes sharing the file. Queries run on one dedicated thread so the event
    loop never waits on the disk."""

    PURGE_EVERY_S = 60.0

    def __init__(self, path: str) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhook-dedupe")
        self._connection: sqlite3.Connection | None = None
        self._purged_at = 0.0
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS webhook_deliveries "
                "(key TEXT PRIMARY KEY, expires_at REAL NOT NULL)"
            )
            connection.commit()
            self._connection = connection
        return self._connection

    def _claim(self, key: str, ttl_s: float) -> bool:
        with self._lock:
            connection = self._connect()
            now = time.time()
            # Inserted, or an expired row taken over: rowcount 1. A live row: rowcount 0.
            cursor = connection.execute(
                "INSERT INTO webhook_deliveries (key, expires_at) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at "
                "WHERE webhook_deliveries.expires_at <= ?",
                (key, now + ttl_s, now),
            )
            claimed = cursor.rowcount == 1
            if now - self._purged_at > self.PURGE_EVERY_S:
                connection.execute("DELETE FROM webhook_deliveries WHERE expires_at <= ?", (now,))
                self._purged_at = now
            connection.commit()
            return claimed

    async def claim(self, key: str, ttl_s: float) -> bool:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self._claim, key, ttl_s)
        except sqlite3.Error as error:
            raise DedupeUnavailable(f"SQLite dedupe store: {error}") from error

    async def close(self) -> None:
        def close_connection() -> None:
            with self._lock:
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close_connection)
        self._executor.shutdown(wait=False)


class RedisStore:
    """``SET key 1 NX EX ttl``: atomic across every replica sharing the Redis server."""

    def __init__(self, url: str) -> None:
        import redis.asyncio  # imported on use: the channels load without it otherwise

        # A few connections reused by every webhook: a burst of deliveries otherwise opens
        # one TCP connection each. Waiting for a free one is bounded like the commands.
        pool = redis.asyncio.BlockingConnectionPool.from_url(
            url,
            max_connections=MAX_REDIS_CONNECTIONS,
            timeout=2.0,
            socket_timeout=2.0,
            socket_connect_timeout=2.0,
        )
        self._redis: Any = redis.asyncio.Redis(connection_pool=pool)

    async def claim(self, key: str, ttl_s: float) -> bool:
        import redis

        try:
            return bool(await self._redis.set(key, b"1", nx=True, ex=max(1, round(ttl_s))))
        except (redis.RedisError, OSError) as error:
            raise DedupeUnavailable(f"Redis dedupe store: {error!r}") from error

    async def close(self) -> None:
        await self._redis.close()
        await self._redis.connection_pool.disconnect()


def open_store(url: str) -> DedupeStore:
    """The store a URL names; ``ValueError`` for a scheme we do not know."""
    if url.startswith("memory://"):
        return MemoryStore()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    if url == "sqlite://":
        return SQLiteStore(":memory:")
    if url.startswith("sqlite:///"):
        # SQLAlchemy's convention: sqlite:///relative/path, sqlite:////absolute/path.
        return SQLiteStore(url[len("sqlite:///") :])
    raise ValueError("WEBHOOK_DEDUPE_URL must be sqlite:///<path>, redis://… or memory://")


def configured_url(explicit: str = "") -> str:
    return explicit or os.environ.get(URL_VARIABLE, "") or DEFAULT_URL


def configured_max_age_s(explicit: float | None = None) -> float:
    if explicit is not None:
        return explicit
    value = os.environ.get(MAX_AGE_VARIABLE, "")
    return float(value) if value else DEFAULT_MAX_AGE_S


@dataclass(frozen=True)
class Verdict:
    """Why a delivery is (not) processed; ``reason`` is logged, never platform content."""

    process: bool
    reason: str


FRESH_AND_NEW = Verdict(True, "new")


class WebhookGuard:
    """Freshness and once-only processing of one channel's deliveries.

    The store is opened on first use (nothing at import or at construction, and a channel
    that refuses every webhook never creates a file).
    """

    def __init__(
        self,
        channel: str,
        url: str = "",
        max_age_s: float | None = None,
        max_skew_s: float = DEFAULT_MAX_SKEW_S,
    ) -> None:
        self.channel = channel
        self._url = url
        self._max_age = max_age_s
        self.max_skew_s = max_skew_s
        self._store: DedupeStore | None = None

    @property
    def max_age_s(self) -> float:
        if self._max_age is None:
            self._max_age = configured_max_age_s()
        return self._max_age

    @property
    def ttl_s(self) -> float:
        # A key must outlive every timestamp that still passes the freshness check.
        return self.max_age_s + self.max_skew_s + 60.0

    def store(self) -> DedupeStore:
        if self._store is None:
            self._store = open_store(configured_url(self._url))
        return self._store

    def is_fresh(self, timestamp_ms: int, now_s: float | None = None) -> Verdict | None:
        """``None`` when fresh, else the verdict to log."""
        now = time.time() if now_s is None else now_s
        age = now - timestamp_ms / 1000.0
        if age > self.max_age_s:
            return Verdict(False, "stale")
        if -age > self.max_skew_s:
            return Verdict(False, "from the future")
        return None

    async def admit(self, key: str, timestamp_ms: int) -> Verdict:
        """Whether to process the delivery with this key and platform timestamp.

        Raises ``DedupeUnavailable`` when the store is down (the caller answers 503: the
        platform re-sends later, nothing is processed twice and nothing is lost).
        """
        stale = self.is_fresh(timestamp_ms)
        if stale is not None:
            return stale
        claimed = await self.store().claim(
            KEY_PREFIX + _digest(f"{self.channel}:{key}"), self.ttl_s
        )
        return FRESH_AND_NEW if claimed else Verdict(False, "duplicate")

    async def close(self) -> None:
        if self._store is not None:
            await self._store.close()
            self._store = None
