"""The Zalo and Messenger channels inside the real Rasa server (trained model, action server).

Without secrets (the default) every webhook is refused. With the stand-ins' credentials, a
signed question is answered through the platform API, the conversation is stored as
"zalo:<id>" / "fb:<PSID>", a re-delivery is not answered twice, an over-size body is
refused unread, an over-long message is stored as the too-long intent (never its text), and
a bad item in a Messenger batch does not cost the good one.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bot.channels.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_PAYLOAD
from tests.e2e.conftest import ROOT, Servers, launch

# The stand-ins need aiohttp, which only Rasa's environment has: they run as a process.
RASA_PY = ROOT / ".venv" / "rasa" / "bin" / "python"
ANSWER_TIMEOUT_S = 60


def test_zalo_webhook_without_secret_is_refused(servers: Servers) -> None:
    event = {
        "app_id": "",
        "event_name": "user_send_text",
        "timestamp": "1700000000000",
        "sender": {"id": "2000000000000000001"},
        "recipient": {"id": "579745863508352884"},
        "message": {"text": "xin chào", "msg_id": "forged"},
    }
    reply = httpx.post(
        f"{servers.rasa_url}/webhooks/zalo/webhook",
        content=json.dumps(event),
        headers={"X-ZEvent-Signature": "mac=" + "0" * 64},
    )
    assert reply.status_code in (401, 403)


def test_messenger_webhook_without_secret_is_refused(servers: Servers) -> None:
    url = f"{servers.rasa_url}/webhooks/facebook/webhook"
    body = {"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}}]}]}
    reply = httpx.post(url, json=body, headers={"X-Hub-Signature-256": "sha256=" + "0" * 64})
    assert reply.status_code in (401, 403)
    verify = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "42"}
    assert httpx.get(url, params=verify).status_code == 403


def user_id() -> str:
    return "2" + "".join(secrets.choice("0123456789") for _ in range(18))


class Platforms:
    """The stand-ins' process (tests/standins/platforms.py) and the Rasa server under test."""

    def __init__(self, servers: Servers, control: str) -> None:
        self.servers, self.control = servers, control
        self.http = httpx.Client(timeout=60)
        self.zalo_webhook = f"{servers.rasa_url}/webhooks/zalo/webhook"
        self.fb_webhook = f"{servers.rasa_url}/webhooks/facebook/webhook"

    def zalo_say(self, user: str, text: str, age_s: float = 0) -> tuple[int, dict[str, Any]]:
        body = {"webhook": self.zalo_webhook, "user": user, "text": text, "age_s": age_s}
        reply = self.http.post(f"{self.control}/zalo/deliver", json=body).json()
        return int(reply["status"]), reply["event"]

    def zalo_redeliver(self, event: dict[str, Any]) -> int:
        body = {"webhook": self.zalo_webhook, "event": event}
        return int(self.http.post(f"{self.control}/zalo/deliver", json=body).json()["status"])

    def zalo_sent(self, user: str) -> list[str]:
        return list(self.http.get(f"{self.control}/zalo/sent", params={"user": user}).json())

    def messenger_post(self, payload: Any) -> int:
        body = {"webhook": self.fb_webhook, "payload": payload}
        return int(self.http.post(f"{self.control}/graph/deliver", json=body).json()["status"])

    def messenger_sent(self, psid: str) -> list[dict[str, Any]]:
        return list(self.http.get(f"{self.control}/graph/sent", params={"psid": psid}).json())

    def user_events(self, sender_id: str) -> list[dict[str, Any]]:
        with sqlite3.connect(self.servers.tracker_db) as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender_id,)
            ).fetchall()
        return [json.loads(data) for (data,) in rows]


def text_item(psid: str, text: str) -> dict[str, Any]:
    return {
        "sender": {"id": psid},
        "recipient": {"id": "104857392847561"},
        "timestamp": int(time.time() * 1000),
        "message": {"mid": "m_" + secrets.token_hex(16), "text": text},
    }


def wait_for(condition: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def platforms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platforms]:
    if not RASA_PY.exists():
        pytest.fail("run through `make test-e2e`, which builds the environments")
    work = tmp_path_factory.mktemp("channels-e2e")
    standins = subprocess.Popen(
        [str(RASA_PY), "-m", "tests.standins.platforms"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=(work / "standins.log").open("wb"),
    )
    try:
        assert standins.stdout is not None
        urls = json.loads(standins.stdout.readline() or "{}")
        if "control" not in urls:
            pytest.fail(f"stand-ins did not start: {(work / 'standins.log').read_text()}")
        zalo, graph = urls["zalo_credentials"], urls["graph_credentials"]
        env = {
            "ZALO_APP_ID": zalo["app_id"],
            "ZALO_OA_SECRET_KEY": zalo["oa_secret_key"],
            "ZALO_APP_SECRET": zalo["app_secret"],
            "ZALO_ACCESS_TOKEN": "access-1",
            "ZALO_REFRESH_TOKEN": "refresh-1",
            "ZALO_TOKEN_FILE": str(work / "zalo-tokens.json"),
            "ZALO_API_BASE_URL": urls["zalo"],
            "ZALO_OAUTH_BASE_URL": urls["zalo"],
            "FACEBOOK_VERIFY_TOKEN": "verify-e2e",
            "FACEBOOK_APP_SECRET": graph["app_secret"],
            "FACEBOOK_PAGE_ACCESS_TOKEN": graph["page_access_token"],
            "FACEBOOK_GRAPH_BASE_URL": urls["graph"],
            "WEBHOOK_DEDUPE_URL": f"sqlite:///{work / 'webhooks.db'}",
        }
        with launch(work, env) as servers:
            yield Platforms(servers, urls["control"])
    finally:
        standins.terminate()
        standins.wait(timeout=20)


def test_a_zalo_question_is_answered_once_in_a_namespaced_conversation(
    platforms: Platforms,
) -> None:
    user = user_id()
    # A greeting: answered from the domain, whatever state the procedure database is in.
    status, event = platforms.zalo_say(user, "xin chào")
    assert status == 200
    wait_for(lambda: platforms.zalo_sent(user), "the Zalo answer")
    assert "Một cửa" in "\n".join(platforms.zalo_sent(user))
    assert [e["text"] for e in platforms.user_events(f"zalo:{user}")] == ["xin chào"]
    assert platforms.user_events(user) == []  # never under the bare Zalo id
    answered = len(platforms.zalo_sent(user))
    assert platforms.zalo_redeliver(event) == 200  # Zalo re-sends it
    time.sleep(3)
    assert len(platforms.zalo_sent(user)) == answered
    assert len(platforms.user_events(f"zalo:{user}")) == 1


def test_over_long_zalo_messages_never_reach_the_nlu(platforms: Platforms) -> None:
    user = user_id()
    assert platforms.zalo_say(user, "khai sinh " * 10_000)[0] == 413
    long_text = ("giấy khai sinh " * 400)[: MAX_MESSAGE_CHARS * 2]
    assert platforms.zalo_say(user, long_text)[0] == 200
    wait_for(lambda: platforms.user_events(f"zalo:{user}"), "the too-long message")
    (stored,) = platforms.user_events(f"zalo:{user}")
    # The citizen's text never reached the NLU nor the store; its rule answers politely
    # (bot/domain/safety.yml) once the model is trained with it.
    assert stored["text"] == TOO_LONG_PAYLOAD


def test_a_messenger_batch_with_a_bad_item_still_answers_the_good_one(
    platforms: Platforms,
) -> None:
    good = text_item("5550001", "xin chao")
    batch = {"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [1, "x", good]}]}
    assert platforms.messenger_post(batch) == 200
    wait_for(lambda: platforms.messenger_sent("5550001"), "the Messenger answer")
    assert [e["text"] for e in platforms.user_events("fb:5550001")] == ["xin chao"]
    assert platforms.messenger_post({"object": "page", "entry": {"x": 1}}) == 400
    oversize = {"object": "page", "entry": [], "pad": " " * MAX_BODY_BYTES}
    assert platforms.messenger_post(oversize) == 413


def test_a_stale_signed_delivery_is_acknowledged_but_not_processed(
    platforms: Platforms,
) -> None:
    user = user_id()
    assert platforms.zalo_say(user, "xin chao", age_s=3600)[0] == 200
    time.sleep(3)
    assert platforms.zalo_sent(user) == []
    assert platforms.user_events(f"zalo:{user}") == []


def test_dedupe_claims_are_on_disk(platforms: Platforms) -> None:
    db = platforms.servers.tracker_db.parent / "webhooks.db"
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute("SELECT count(*) FROM webhook_deliveries").fetchone()
    assert count >= 3
