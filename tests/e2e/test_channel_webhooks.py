"""The running Rasa server mounts the Zalo and Messenger channels and, with no secret
configured (the default), refuses every webhook: nothing reaches the assistant."""

from __future__ import annotations

import json

import httpx

from tests.e2e.conftest import Servers


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
