"""Latency of ``/model/parse`` on a running Rasa server (started here unless --url is given).

Starts ``rasa run --enable-api --model MODEL`` on a free loopback port behind a random
``--auth-token`` (the API is never open, even for a benchmark), waits until the model
is loaded, sends ``--warmup`` requests, then ``--requests`` timed requests one after the
other (texts cycled from the question file) and prints p50/p95/p99/max in milliseconds.
The last line is ``parse_p50_ms=.. parse_p95_ms=.. parse_p99_ms=.. n=..``.

    python -m bot.evaluation.bench_parse --model models/ward-assistant.tar.gz
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from bot.evaluation.evaluate import read_questions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post_json(url: str, payload: dict[str, str], timeout: float = 10.0) -> bytes:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return bytes(response.read())


def wait_for_model(
    base: str, timeout_s: float, server: subprocess.Popen[bytes] | None, token: str = ""
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"rasa run exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/status{query(token)}", timeout=2) as response:
                if json.loads(response.read()).get("model_file"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(1)
    raise SystemExit(f"no model loaded at {base} after {timeout_s:.0f} s")


def server_command(rasa: Path, model: Path, port: int, token: str) -> list[str]:
    """Loopback only, and the API behind ``token`` even so (bench-only server)."""
    return [
        str(rasa), "run", "--enable-api", "--auth-token", token, "--model", str(model),
        "--interface", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip


def query(token: str) -> str:
    return f"?token={token}" if token else ""


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(
    base: str, texts: Sequence[str], warmup: int, requests: int, token: str = ""
) -> list[float]:
    url = f"{base}/model/parse{query(token)}"
    for i in range(warmup):
        post_json(url, {"text": texts[i % len(texts)]})
    timings = []
    for i in range(requests):
        started = time.perf_counter()
        post_json(url, {"text": texts[i % len(texts)]})
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", type=Path, help="model to serve (ignored with --url)")
    parser.add_argument("--url", help="use an already running server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--questions", type=Path, default=Path("tests/nlu/heldout.csv"))
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--start-timeout", type=float, default=180.0)
    parser.add_argument(
        "--token",
        default=os.environ.get("RASA_AUTH_TOKEN", ""),
        help="API token of the --url server (default: RASA_AUTH_TOKEN)",
    )
    args = parser.parse_args(argv)
    token: str = args.token
    texts = [q.text for q in read_questions(args.questions)]

    server: subprocess.Popen[bytes] | None = None
    base = args.url
    if base is None:
        if args.model is None:
            parser.error("--model or --url is required")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        rasa = Path(sys.executable).with_name("rasa")
        token = secrets.token_urlsafe(32)
        server = subprocess.Popen(
            server_command(rasa, args.model, port, token),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"},
        )
    try:
        started = time.monotonic()
        wait_for_model(base, args.start_timeout, server, token)
        if server is not None:
            print(f"server ready in {time.monotonic() - started:.1f} s ({base})")
        timings = measure(base, texts, args.warmup, args.requests, token)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    p50, p95, p99 = (percentile(timings, s) for s in (0.5, 0.95, 0.99))
    print(
        f"{len(timings)} sequential /model/parse requests after {args.warmup} warm-up: "
        f"mean {statistics.mean(timings):.1f} ms, max {max(timings):.1f} ms"
    )
    print(f"parse_p50_ms={p50:.1f} parse_p95_ms={p95:.1f} parse_p99_ms={p99:.1f} n={len(timings)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
