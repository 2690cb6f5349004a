"""Start the action server and Rasa (the trained model) on free ports, once per session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "ward-assistant.tar.gz"
START_TIMEOUT_S = 420
CHANNEL_VARIABLES = [
    *(f"ZALO_{n}" for n in ("APP_ID", "OA_SECRET_KEY", "APP_SECRET", "ACCESS_TOKEN")),
    *(f"ZALO_{n}" for n in ("REFRESH_TOKEN", "TOKEN_FILE", "API_BASE_URL", "OAUTH_BASE_URL")),
    *(f"FACEBOOK_{n}" for n in ("VERIFY_TOKEN", "APP_SECRET", "PAGE_ACCESS_TOKEN")),
    *(f"FACEBOOK_{n}" for n in ("GRAPH_BASE_URL", "ACCEPT_SHA1")),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Servers:
    def __init__(self, rasa_url: str, tracker_db: Path, web_port: int = 0) -> None:
        self.rasa_url = rasa_url
        self.tracker_db = tracker_db
        self.web_port = web_port  # the ward page's port, allowed by Rasa's --cors
        self.client = httpx.Client(timeout=30)

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        response = self.client.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        )
        response.raise_for_status()
        return list(response.json())


def wait_until_up(url: str, processes: list[subprocess.Popen[bytes]], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs, strict=True):
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not come up in {START_TIMEOUT_S} s")


def seed_dossiers(url: str) -> None:
    """A seeded demo dossier store; the owners' factors of its SAMPLE_DOSSIERS are known to
    the tests (tests/e2e/test_dossier_lookup.py)."""
    subprocess.run(
        [sys.executable, "-m", "actions.dossiers.demo", "--count", "300", "--seed", "42",
         "--url", url, "--as-of", "2025-11-20"],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, check=True, capture_output=True,
    )  # fmt: skip


@contextmanager
def launch(work: Path, extra_env: dict[str, str]) -> Iterator[Servers]:
    """The action server and Rasa on free ports, with ``extra_env`` over the defaults."""
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
        "WARD_DOSSIER_BACKEND": "local",
    }
    # bot/endpoints.yml reads its stores from the environment; the Makefile exports these
    # defaults, repeated here so that a harness run without make starts the same servers.
    embedded = {"LOCK_STORE_TYPE": "in_memory", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
                "REDIS_DB": "1"}  # fmt: skip
    # bot/credentials.yml reads the channel secrets from the environment; unset = refused.
    env = {name: "" for name in CHANNEL_VARIABLES} | embedded | env | extra_env
    logs = [work / "actions.log", work / "rasa.log"]
    commands = [
        # actions/server.py: rasa_sdk's server plus /health/ready and the apology safety net.
        [sys.executable, "-m", "actions.server", "--actions", "actions",
         "--port", str(action_port)],
        [
            str(RASA), "run", "--model", str(MODEL), "--endpoints", "bot/endpoints.yml",
            "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1",
            "--port", str(rasa_port), "--cors", f"http://127.0.0.1:{web_port}",
        ],
    ]  # fmt: skip
    processes = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        for cmd, log in zip(commands, logs, strict=True)
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes, logs)
        # The health channel (bot/channels/health.py): 200 once the model is loaded.
        wait_until_up(f"http://127.0.0.1:{rasa_port}/webhooks/health/", processes, logs)
        yield Servers(f"http://127.0.0.1:{rasa_port}", work / "tracker.db", web_port)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The embedded defaults: SQLite stores, in-memory lock store."""
    if not RASA.exists() or not MODEL.exists():
        pytest.fail("run through `make test-e2e`, which builds the environments and the model")
    work = tmp_path_factory.mktemp("e2e")
    dossiers_url = f"sqlite:///{work / 'dossiers.db'}"
    seed_dossiers(dossiers_url)
    with launch(work, {"WARD_DOSSIERS_DB_URL": dossiers_url}) as running:
        yield running


@pytest.fixture(scope="session")
def responses() -> dict[str, str]:
    """Response name -> first text variation, from the bot's domain files."""
    merged: dict[str, str] = {}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        for name, variations in yaml.safe_load(path.read_text()).get("responses", {}).items():
            merged[name] = variations[0].get("text", "")
    return merged


def fixed_part(template: str) -> str:
    """The text of a response before its first placeholder: what every rendering shares."""
    return template.split("{", 1)[0].strip()
