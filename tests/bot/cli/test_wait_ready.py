"""`make run`'s readiness wait: Rasa is ready when its health channel says the model is loaded."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def stand_in(health_status: int) -> ThreadingHTTPServer:
    """Rasa (``/`` answers at once) and the action server (``/health``) on one port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = {"/": 200, "/health": 200, "/webhooks/health/": health_status}.get(
                self.path, 404
            )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    httpd = stand_in(request.param)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def wait_ready(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.wait_ready", "--rasa", url, "--actions", url,
         "--timeout", "1.5"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(("server", "code"), [(200, 0), (503, 1)], indirect=["server"])
def test_waits_for_the_loaded_model(server: str, code: int) -> None:
    result = wait_ready(server)
    assert result.returncode == code, result.stdout + result.stderr
    if code:
        assert "gave up waiting for: Rasa server" in result.stderr
