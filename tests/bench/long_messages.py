"""100,000-character messages against a running bot while other citizens chat.

Starts the action server and Rasa on free ports (tests/e2e/conftest.py), then, for
``--seconds``, one thread keeps sending 100,000-character messages over REST while the main
thread asks ordinary questions in other conversations. Prints the long messages' reply time
and the ordinary turns' p50/p95, which must stay under 300 ms (issue 8's target).

    python -m tests.bench.long_messages --seconds 30
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from tests.e2e.conftest import launch

QUESTIONS = ["đăng ký tạm trú cần giấy tờ gì", "còn lệ phí thì sao", "mất bao lâu", "nộp ở đâu"]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-long-") as work, launch(Path(work), {}) as s:
        url = f"{s.rasa_url}/webhooks/rest/webhook"
        stop = threading.Event()
        long_times: list[float] = []

        def flood() -> None:
            with httpx.Client(timeout=30) as client:
                while not stop.is_set():
                    started = time.perf_counter()
                    client.post(url, json={"sender": "flood", "message": "khai sinh " * 10_000})
                    long_times.append(time.perf_counter() - started)

        ordinary: list[float] = []
        with httpx.Client(timeout=30) as client:
            for question in QUESTIONS:  # warm up
                client.post(url, json={"sender": "warm", "message": question})
            thread = threading.Thread(target=flood, daemon=True)
            thread.start()
            deadline = time.monotonic() + args.seconds
            i = 0
            while time.monotonic() < deadline:
                sender = f"citizen-{i // len(QUESTIONS)}-{uuid.uuid4().hex[:4]}"
                started = time.perf_counter()
                client.post(url, json={"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]})
                ordinary.append(time.perf_counter() - started)
                i += 1
            stop.set()
            thread.join(timeout=30)
    ms = [t * 1000 for t in ordinary]
    print(f"100,000-character messages: n={len(long_times)}, reply max {max(long_times):.3f} s")
    print(
        f"ordinary turns meanwhile: n={len(ms)}, p50 {statistics.median(ms):.0f} ms, "
        f"p95 {p95(ms):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
