"""A local stand-in for a provincial one-stop system's dossier lookup API.

Speaks the API of actions/dossiers/provincial.py on a free loopback port, in a thread.
``mode`` makes it answer normally ("ok"), slowly ("slow": sleeps ``delay_s`` first), or
with HTTP 500 ("fail"); ``fail_first`` fails only that many requests, then answers;
``stop()`` takes it down. Run alone: ``python -m tests.standins.provincial_onestop``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOKUP_PATH = "/api/v1/dossiers/lookup"

DOSSIERS: dict[str, dict[str, Any]] = {
    "000.00.27.H26-251017-0012": {
        "factors": {"5678", "1234"},
        "answer": {
            "code": "000.00.27.H26-251017-0012",
            "procedure_code": "1.001193",
            "procedure_name": "Thủ tục đăng ký khai sinh",
            "channel": 1,
            "owner_name_masked": "Nguyễn V** A**",
            "status": "Đã xử lý xong",
            "received_at": "2025-10-17T09:15:00+07:00",
            "due_at": "2025-10-24T16:30:00+07:00",
            "finished_at": "2025-10-22T15:00:00+07:00",
            "returned_at": None,
            "fee_due_vnd": None,
            "citizen_note": None,
        },
    }
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ProvincialStandin:
    def __init__(self) -> None:
        self.mode = "ok"
        self.delay_s = 5.0
        self.fail_first = 0
        self.requests = 0
        self.port = free_port()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ProvincialStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                standin.requests += 1
                if standin.mode == "slow":
                    time.sleep(standin.delay_s)
                if standin.mode == "fail" or standin.fail_first > 0:
                    standin.fail_first = max(0, standin.fail_first - 1)
                    self._send(500, {"error": "internal"})
                    return
                if self.path != LOOKUP_PATH:
                    self._send(404, {"error": "no such path"})
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                dossier = DOSSIERS.get(body.get("code", ""))
                if dossier is None or body.get("factor") not in dossier["factors"]:
                    self._send(404, {"result": "not_matched"})
                    return
                self._send(200, dossier["answer"])

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


if __name__ == "__main__":
    server = ProvincialStandin().start()
    print(f"provincial stand-in on {server.url}{LOOKUP_PATH}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
