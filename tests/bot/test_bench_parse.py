"""`make bench-nlu`'s own Rasa: the API it needs is on loopback and behind a random token."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.evaluation import bench_parse

TOKEN = "t" * 43


@pytest.fixture
def rasa_api() -> Iterator[str]:
    """/model/parse that answers 401 without ``?token=TOKEN``, like rasa run --auth-token."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            url = urlsplit(self.path)
            ok = url.path == "/model/parse" and parse_qs(url.query).get("token") == [TOKEN]
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps({"intent": {"name": "greet"}}).encode()
            self.send_response(200 if ok else 401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_server_command_enables_the_api_only_with_a_token() -> None:
    command = bench_parse.server_command(Path("rasa"), Path("m.tar.gz"), 5999, TOKEN)
    assert command[command.index("--enable-api") + 1 : command.index("--enable-api") + 3] == [
        "--auth-token", TOKEN,
    ]  # fmt: skip
    assert command[command.index("--interface") + 1] == "127.0.0.1"


def test_measure_sends_the_token(rasa_api: str) -> None:
    assert len(bench_parse.measure(rasa_api, ["xin chào"], 1, 3, TOKEN)) == 3
