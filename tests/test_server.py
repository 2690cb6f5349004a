"""The action server's entry point: /health/ready and the safety net of failing actions."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sanic import Sanic
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from actions import server
from actions.catalogue.build_db import main as build_db
from actions.db import make_engine
from actions.dossiers.store import upgrade_to_head
from actions.server import EMPTY, OK, UNAVAILABLE, build_app, readiness
from actions.settings import PROJECT_ROOT


def down() -> str:
    raise OperationalError("SELECT", {}, Exception("file is not a database"))


def slow() -> str:
    time.sleep(1)
    return OK


@pytest.mark.parametrize(
    ("checks", "status", "states"),
    [
        ({"procedures": lambda: OK, "dossiers": lambda: OK}, 200,
         {"procedures": OK, "dossiers": OK}),
        ({"procedures": down, "dossiers": lambda: OK}, 503,
         {"procedures": UNAVAILABLE, "dossiers": OK}),
        ({"procedures": lambda: EMPTY, "dossiers": lambda: OK}, 503,
         {"procedures": EMPTY, "dossiers": OK}),
        ({"procedures": lambda: OK, "dossiers": slow}, 503,
         {"procedures": OK, "dossiers": UNAVAILABLE}),
    ],
    ids=["ready", "procedures-down", "procedures-empty", "dossiers-hung"],
)  # fmt: skip
async def test_readiness_names_the_part_that_is_down(
    checks: dict[str, Callable[[], str]], status: int, states: dict[str, str]
) -> None:
    got_status, body = await readiness(checks, timeout_s=0.3)
    assert got_status == status
    assert body == {"status": "ready" if status == 200 else "unavailable", "checks": states}


@pytest.fixture(scope="module")
def procedures_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ready") / "procedures.db"
    data = str(PROJECT_ROOT / "data")
    assert build_db(["--url", f"sqlite:///{path}", "--data-dir", data, "--ward", "00235"]) == 0
    return path


def factory_for(url: str) -> Callable[[], sessionmaker[Any]]:
    maker = sessionmaker(make_engine(url))
    return lambda: maker


def test_procedure_check_reads_the_built_catalogue(procedures_file: Path) -> None:
    assert server.check_procedures(factory_for(f"sqlite:///{procedures_file}")) == OK


@pytest.mark.parametrize("damage", ["truncated", "garbage", "no tables"])
def test_procedure_check_fails_on_a_damaged_file(
    procedures_file: Path, tmp_path: Path, damage: str
) -> None:
    copy = tmp_path / "procedures.db"
    data = procedures_file.read_bytes()
    copy.write_bytes(
        {"truncated": data[: len(data) // 3], "garbage": b"\0not sqlite" * 100, "no tables": b""}[
            damage
        ]
    )
    with pytest.raises(Exception):  # noqa: B017 - whichever the driver raises; readiness maps it
        server.check_procedures(factory_for(f"sqlite:///{copy}"))


def test_dossier_check_on_a_migrated_store_and_an_empty_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dossiers.db'}"
    upgrade_to_head(url)
    assert server.check_dossiers(factory_for(url)) == OK
    with pytest.raises(OperationalError):
        server.check_dossiers(factory_for(f"sqlite:///{tmp_path / 'empty.db'}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    Sanic.test_mode = True  # several apps named "rasa_sdk" in one process
    checks = {"procedures": down, "dossiers": lambda: OK}
    app = build_app("actions", checks=lambda: checks)
    port = free_port()
    running = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert running is not None
    await running.startup()
    await running.before_start()
    await running.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await running.before_stop()
        await running.close()
        await running.after_stop()


def broken_call(name: str) -> dict[str, Any]:
    """An action call the action trips on (no latest message), quoting a phone number."""
    tracker = {"sender_id": "t", "slots": {"ward_name": "0912345678"}, "latest_message": None,
               "events": [], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}  # fmt: skip
    return {"next_action": name, "sender_id": "t", "tracker": tracker, "domain": {},
            "version": "3.6.21"}  # fmt: skip


async def test_ready_route_and_liveness_on_the_running_app(base_url: str) -> None:
    async with httpx.AsyncClient() as client:
        ready = await client.get(f"{base_url}/health/ready")
        live = await client.get(f"{base_url}/health")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"procedures": UNAVAILABLE, "dossiers": OK}
    assert live.status_code == 200  # liveness: degraded mode on the Rasa side reads this


async def test_a_failing_action_answers_the_apology_not_the_request(base_url: str) -> None:
    async with httpx.AsyncClient() as client:
        call = broken_call("action_default_ask_affirmation")
        reply = await client.post(f"{base_url}/webhook", json=call)
    assert reply.status_code == 200
    body = reply.json()
    assert body["events"] == []
    assert [r["response"] for r in body["responses"]] == [server.apology()[0]]
    assert "0912345678" not in reply.text  # rasa_sdk's 500 echoed the whole request


def test_a_failing_session_start_still_starts_the_session() -> None:
    result = server.fallback_result("action_session_start")
    assert [e["event"] for e in result["events"]] == ["session_started", "slot", "action"]
    assert result["events"][-1]["name"] == "action_listen"


async def test_a_hung_database_does_not_hold_the_route() -> None:
    # The checks run in threads with a timeout; the thread finishes on its own later.
    started = time.monotonic()
    status, _ = await readiness({"procedures": slow}, timeout_s=0.2)
    assert status == 503
    assert time.monotonic() - started < 0.9
