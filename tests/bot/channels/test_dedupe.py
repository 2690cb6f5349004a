"""Webhook dedupe stores (memory, SQLite, a real Redis server) and the freshness window."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.channels.dedupe import (
    DEFAULT_MAX_AGE_S,
    DedupeStore,
    DedupeUnavailable,
    MemoryStore,
    RedisStore,
    SQLiteStore,
    WebhookGuard,
    configured_url,
    open_store,
)
from tests.standins.zalo import free_port


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """CI's Redis (.ci/services.sh exports TEST_REDIS_URL), else a throwaway redis-server."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server on this machine (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, check=False
            ).stdout.strip()
            != b"PONG"
        ):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[DedupeStore]:
    kind = request.param
    opened: DedupeStore
    if kind == "memory":
        opened = MemoryStore()
    elif kind == "sqlite":
        opened = SQLiteStore(str(tmp_path / "webhooks.db"))
    else:
        opened = RedisStore(request.getfixturevalue("redis_url"))
    yield opened
    await opened.close()


def unique(name: str) -> str:
    return f"{name}-{time.time_ns()}"


async def test_a_key_is_claimed_once(store: DedupeStore) -> None:
    key = unique("msg")
    assert await store.claim(key, 60)
    assert not await store.claim(key, 60)
    assert await store.claim(unique("other"), 60)


async def test_an_expired_key_can_be_claimed_again(store: DedupeStore) -> None:
    key = unique("msg")
    assert await store.claim(key, 1)
    await asyncio.sleep(1.2)
    assert await store.claim(key, 1)


async def test_concurrent_claims_of_one_key_succeed_once(store: DedupeStore) -> None:
    key = unique("burst")
    results = await asyncio.gather(*(store.claim(key, 60) for _ in range(50)))
    assert results.count(True) == 1


async def test_sqlite_claims_survive_a_restart(tmp_path: Path) -> None:
    first = SQLiteStore(str(tmp_path / "webhooks.db"))
    assert await first.claim("m1", 600)
    await first.close()
    restarted = SQLiteStore(str(tmp_path / "webhooks.db"))
    assert not await restarted.claim("m1", 600)
    await restarted.close()


async def test_two_processes_sharing_the_sqlite_file_claim_once(tmp_path: Path) -> None:
    a, b = SQLiteStore(str(tmp_path / "w.db")), SQLiteStore(str(tmp_path / "w.db"))
    results = await asyncio.gather(*(s.claim("same", 60) for s in (a, b) * 20))
    assert results.count(True) == 1
    await a.close()
    await b.close()


async def test_two_redis_clients_claim_once(redis_url: str) -> None:
    a, b = RedisStore(redis_url), RedisStore(redis_url)
    key = unique("shared")
    results = await asyncio.gather(*(s.claim(key, 60) for s in (a, b) * 20))
    assert results.count(True) == 1
    await a.close()
    await b.close()


async def test_an_unreachable_store_says_so(tmp_path: Path) -> None:
    (tmp_path / "a-directory.db").mkdir()
    with pytest.raises(DedupeUnavailable):
        await SQLiteStore(str(tmp_path / "a-directory.db")).claim("k", 60)
    closed_port = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(DedupeUnavailable):
        await closed_port.claim("k", 60)
    await closed_port.close()


@pytest.mark.parametrize(
    ("url", "kind", "path"),
    [
        ("memory://", MemoryStore, None),
        ("sqlite://", SQLiteStore, ":memory:"),
        ("sqlite:////srv/ward/webhooks.db", SQLiteStore, "/srv/ward/webhooks.db"),
        ("sqlite:///var/webhooks.db", SQLiteStore, "var/webhooks.db"),
        ("redis://127.0.0.1:6379/2", RedisStore, None),
    ],
)
def test_urls_name_their_store(url: str, kind: type, path: str | None) -> None:
    store = open_store(url)
    assert isinstance(store, kind)
    if path is not None:
        assert isinstance(store, SQLiteStore) and store.path == path


@pytest.mark.parametrize("url", ["postgresql://x/y", "var/webhooks.db", ""])
def test_an_unknown_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        open_store(url)


def test_the_default_store_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBHOOK_DEDUPE_URL", raising=False)
    assert configured_url().endswith("/var/webhooks.db")
    assert configured_url().startswith("sqlite:////")
    monkeypatch.setenv("WEBHOOK_DEDUPE_URL", "redis://r:6379/3")
    assert configured_url() == "redis://r:6379/3"


@pytest.mark.parametrize(
    ("age_s", "process", "reason"),
    [
        (0, True, "new"),
        (14 * 60, True, "new"),
        (16 * 60, False, "stale"),
        (30 * 24 * 3600, False, "stale"),
        (-60, True, "new"),
        (-10 * 60, False, "from the future"),
    ],
)
async def test_freshness_window(age_s: float, process: bool, reason: str) -> None:
    guard = WebhookGuard("zalo", "memory://", max_age_s=DEFAULT_MAX_AGE_S)
    verdict = await guard.admit(unique("m"), int((time.time() - age_s) * 1000))
    assert (verdict.process, verdict.reason) == (process, reason)


async def test_the_window_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_MAX_AGE_S", "60")
    guard = WebhookGuard("zalo", "memory://")
    verdict = await guard.admit("m", int((time.time() - 120) * 1000))
    assert verdict.reason == "stale"


async def test_keys_outlive_the_window_and_channels_do_not_collide() -> None:
    store = MemoryStore()
    zalo, facebook = WebhookGuard("zalo", "memory://"), WebhookGuard("fb", "memory://")
    zalo._store = facebook._store = store
    assert zalo.ttl_s > zalo.max_age_s + zalo.max_skew_s
    now_ms = int(time.time() * 1000)
    assert (await zalo.admit("123", now_ms)).process
    assert (await facebook.admit("123", now_ms)).process
    assert (await zalo.admit("123", now_ms)).reason == "duplicate"


async def test_the_store_is_opened_on_first_use(tmp_path: Path) -> None:
    guard = WebhookGuard("zalo", f"sqlite:///{tmp_path}/later/webhooks.db")
    assert not (tmp_path / "later").exists()
    assert (await guard.admit("m", int(time.time() * 1000))).process
    assert (tmp_path / "later" / "webhooks.db").exists()
    await guard.close()
