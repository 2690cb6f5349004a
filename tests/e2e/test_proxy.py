"""deploy/haproxy.cfg in front of the real servers: only the channels get through.

Starts Debian's HAProxy (installed when missing and running as root, as in CI) on a free
port before the `servers` fixture's Rasa.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import ROOT, Servers, free_port
from tests.e2e.wsclient import socketio_websocket

CONFIG = ROOT / "deploy" / "haproxy.cfg"
# HAProxy's own refusal page: the request never reached Rasa.
REFUSED_HERE = "<html><body><h1>"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail("HAProxy is missing: apt-get install -y haproxy")
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "haproxy"], check=True, capture_output=True,
        env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"},
    )  # fmt: skip
    return shutil.which("haproxy", path="/usr/sbin:/usr/bin") or "haproxy"


class Proxy:
    def __init__(self, port: int, web_origin: str) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.web_origin = web_origin
        self.client = httpx.Client(base_url=self.url, timeout=30)


@pytest.fixture(scope="module")
def proxy(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    port = free_port()
    web_origin = f"http://127.0.0.1:{servers.web_port}"
    env = os.environ | {
        "WARD_PROXY_BIND": f"127.0.0.1:{port}",
        "WARD_RASA_UPSTREAM": servers.rasa_url.removeprefix("http://"),
        "WARD_WEB_ORIGINS": f"{web_origin} http://localhost:{servers.web_port}",
    }
    binary = haproxy_binary()
    check = subprocess.run([binary, "-c", "-f", str(CONFIG)], env=env, capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    log = tmp_path_factory.mktemp("proxy") / "haproxy.log"
    process = subprocess.Popen(
        [binary, "-db", "-f", str(CONFIG)], env=env, stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"haproxy exited:\n{log.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/webhooks/health/").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield Proxy(port, web_origin)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/conversations/x/tracker"),
        ("POST", "/conversations/x/tracker/events?execute_side_effects=true&output_channel=zalo"),
        ("POST", "/model/parse"),
        ("GET", "/status"),
        ("PUT", "/model"),
        ("POST", "/model/train"),
        ("GET", "/"),
        ("GET", "/version"),
        ("GET", "/webhooks/callback/webhook"),
        ("GET", "/webhooks/rest/../../status"),
        ("GET", "/webhooks/rest/%2e%2e/%2e%2e/status"),
        ("GET", "/webhooks/rest/..%2f..%2fstatus"),
        ("GET", "//status"),
    ],
)
def test_everything_but_the_channels_is_refused(proxy: Proxy, method: str, path: str) -> None:
    # A raw request: httpx would normalise the dots away.
    request = proxy.client.build_request(method, proxy.url + "/", json={"text": "x"})
    request.url = request.url.copy_with(raw_path=path.encode())
    reply = proxy.client.send(request)
    assert reply.status_code in (400, 403, 404)
    assert reply.text.startswith(REFUSED_HERE), reply.text


def test_rest_webhook_answers(proxy: Proxy) -> None:
    reply = proxy.client.post(
        "/webhooks/rest/webhook", json={"sender": "proxy-test", "message": "xin chào"}
    )
    assert reply.status_code == 200
    assert reply.json() and reply.json()[0]["text"]


def test_health_passes(proxy: Proxy) -> None:
    reply = proxy.client.get("/webhooks/health/")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "model": "loaded", "action_server": "ok"}


def test_socketio_polling_handshake(proxy: Proxy) -> None:
    reply = proxy.client.get(
        "/socket.io/", params={"EIO": "4", "transport": "polling"},
        headers={"Origin": proxy.web_origin},
    )  # fmt: skip
    assert reply.status_code == 200
    assert reply.text.startswith("0{") and '"sid"' in reply.text


def test_socketio_websocket_upgrade(proxy: Proxy) -> None:
    status, packet = socketio_websocket("127.0.0.1", proxy.port, proxy.web_origin)
    assert status == 101
    assert packet.startswith("0{") and '"sid"' in packet


def test_socketio_from_another_site_is_refused(proxy: Proxy) -> None:
    status, _ = socketio_websocket("127.0.0.1", proxy.port, "https://evil.example")
    assert status == 403


def test_oversized_body_is_refused(proxy: Proxy) -> None:
    body = b'{"sender": "big", "message": "' + b"a" * 70_000 + b'"}'
    reply = proxy.client.post(
        "/webhooks/rest/webhook", content=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 413


def test_chunked_body_is_refused(proxy: Proxy) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"sender": "chunked", "message": "xin chao"}'

    reply = proxy.client.post("/webhooks/rest/webhook", content=chunks())
    assert reply.status_code == 400


def test_other_methods_are_refused(proxy: Proxy) -> None:
    assert proxy.client.put("/webhooks/rest/webhook", json={}).status_code == 405
