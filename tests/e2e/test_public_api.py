"""Rasa's public listener as `make run` starts it (bot/cli/serve_rasa.py): channels only.

The admin HTTP API could read every conversation, send any text as the ward on any channel
and replace the model. It is off by default; RASA_ENABLE_API=true turns it on behind a
token only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import CHANNEL_VARIABLES, MODEL, ROOT, free_port, wait_until_up
from tests.e2e.wsclient import socketio_websocket

RASA_PY = ROOT / ".venv" / "rasa" / "bin" / "python"
ADMIN_ROUTES = [
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/tracker/events?execute_side_effects=true&output_channel=zalo"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/model/parse"),
    ("GET", "/status"),
    ("PUT", "/model"),
    ("POST", "/model/train"),
    ("GET", "/domain"),
]
EVENT = [{"event": "bot", "text": "Tin nhắn giả mạo"}]


class Rasa:
    def __init__(self, url: str, work: Path, web_origin: str) -> None:
        self.url = url
        self.work = work
        self.web_origin = web_origin
        self.client = httpx.Client(base_url=url, timeout=30)

    def call(self, method: str, path: str, **params: str) -> httpx.Response:
        body = EVENT if "events" in path else {"text": "xin chào", "sender": "user"}
        return self.client.request(method, path, json=body, params=params)


@pytest.fixture(scope="module")
def action_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not RASA_PY.exists() or not MODEL.exists():
        pytest.fail("run through `make test-e2e`, which builds the environments and the model")
    work = tmp_path_factory.mktemp("public-actions")
    port = free_port()
    log = work / "actions.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", [process], [log])
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def rasa_as_make_run_starts_it(work: Path, action_url: str, env: dict[str, str]) -> Iterator[Rasa]:
    port, web_port = free_port(), free_port()
    web_origin = f"http://127.0.0.1:{web_port}"
    full_env = (
        os.environ
        | {name: "" for name in CHANNEL_VARIABLES}
        | {
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "ACTION_SERVER_URL": action_url,
            "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
            "RASA_AUTH_TOKEN_FILE": str(work / "rasa-auth-token"),
        }
        | env
    )
    log = work / "rasa.log"
    process = subprocess.Popen(
        [str(RASA_PY), "-m", "bot.cli.serve_rasa", "--model", str(MODEL),
         "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
         "--interface", "127.0.0.1", "--port", str(port), "--cors", web_origin],
        cwd=ROOT, env=full_env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/webhooks/health/", [process], [log])
        yield Rasa(f"http://127.0.0.1:{port}", work, web_origin)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def public(action_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rasa]:
    """The default: RASA_ENABLE_API unset."""
    work = tmp_path_factory.mktemp("public")
    with rasa_as_make_run_starts_it(work, action_url, {"RASA_ENABLE_API": ""}) as rasa:
        yield rasa


@pytest.fixture(scope="module")
def with_api(action_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rasa]:
    """RASA_ENABLE_API=true and no RASA_AUTH_TOKEN: a generated token."""
    work = tmp_path_factory.mktemp("with-api")
    env = {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": ""}
    with rasa_as_make_run_starts_it(work, action_url, env) as rasa:
        yield rasa


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_api_is_not_served_by_default(public: Rasa, method: str, path: str) -> None:
    assert public.call(method, path).status_code in (404, 405)


def test_forged_event_sends_nothing(public: Rasa) -> None:
    public.call("POST", ADMIN_ROUTES[1][1])
    assert "Tin nhắn giả mạo" not in (public.work / "rasa.log").read_text(errors="replace")


def test_channels_and_health_are_served(public: Rasa) -> None:
    reply = public.client.post(
        "/webhooks/rest/webhook", json={"sender": "public-api", "message": "xin chào"}
    )
    assert reply.status_code == 200 and reply.json()
    health = public.client.get("/webhooks/health/")
    assert health.json() == {"status": "ok", "model": "loaded", "action_server": "ok"}
    status, packet = socketio_websocket("127.0.0.1", int(public.url.rsplit(":", 1)[1]), None)
    assert status == 101 and '"sid"' in packet


# bot/channels/webchat.py checks the Origin against --cors (Rasa's own channel did not).
def test_socketio_refuses_a_foreign_origin(public: Rasa) -> None:
    port = int(public.url.rsplit(":", 1)[1])
    assert socketio_websocket("127.0.0.1", port, public.web_origin)[0] == 101
    assert socketio_websocket("127.0.0.1", port, "https://evil.example")[0] != 101


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES[:5])
def test_enabled_api_refuses_requests_without_the_token(
    with_api: Rasa, method: str, path: str
) -> None:
    assert with_api.call(method, path).status_code == 401
    assert with_api.call(method, path, token="wrong").status_code == 401


def test_enabled_api_token_is_generated_private_and_works(with_api: Rasa) -> None:
    token_file = with_api.work / "rasa-auth-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    token = token_file.read_text().strip()
    assert len(token) >= 32
    assert with_api.call("GET", "/status", token=token).status_code == 200
    tracker = with_api.call("GET", "/conversations/someone/tracker", token=token)
    assert tracker.status_code == 200
    # Not on the command line: other local users see `ps` output.
    assert token not in (with_api.work / "rasa.log").read_text(errors="replace")
