"""Measure what a ward's machine will feel: training, start-up, latency and memory.

    make bench            # or: .venv/actions/bin/python -m tests.bench.run_bench --model ...

Starts its own action server and Rasa server on free ports (a running `make run` is
left alone), then prints one table. Numbers go to README "Measured".
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from tests.e2e.conftest import ROOT, free_port

RASA = ROOT / ".venv" / "rasa" / "bin" / "rasa"
QUESTIONS = ROOT / "tests" / "nlu" / "heldout.csv"
# Each needs the action server: resolve the procedure, load it, render the answer.
ACTION_QUESTIONS = [
    "Làm giấy khai sinh cho con cần những giấy tờ gì?",
    "đăng ký tạm trú mất bao lâu",
    "chứng thực bản sao hết bao nhiêu tiền một trang",
    "xin giấy phép xây dựng nộp ở đâu",
    "lam so do can giay to gi",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 600) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not up after {timeout} s")


def timed(call: object, count: int) -> list[float]:
    samples = []
    for i in range(count):
        started = time.perf_counter()
        call(i)  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "ward-assistant.tar.gz"))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []

    work = Path(tempfile.mkdtemp(prefix="ward-bench-"))
    env = os.environ | {"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    if not args.skip_training:
        started = time.monotonic()
        subprocess.run(
            [str(RASA), "train", "--config", "config.yml", "--domain", "bot/domain",
             "--data", "data/nlu", "data/rules", "data/stories", "--out", str(work),
             "--force", "--quiet"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        rows.append(("training (rasa train --force)", f"{time.monotonic() - started:.0f} s"))

    action_port, rasa_port = free_port(), free_port()
    # Loopback only, and even so behind a random token: the bench needs /model/parse.
    token = secrets.token_urlsafe(32)
    env |= {
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
    }
    logs = [(work / "actions.log").open("wb"), (work / "rasa.log").open("wb")]
    actions = subprocess.Popen(
        [sys.executable, "-m", "actions.server", "--actions", "actions",
         "--port", str(action_port)],
        cwd=ROOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT,
    )  # fmt: skip
    rasa = subprocess.Popen(
        [str(RASA), "run", "--model", args.model, "--endpoints", "bot/endpoints.yml",
         "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1",
         "--port", str(rasa_port), "--enable-api", "--auth-token", token],
        cwd=ROOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        rows.append(
            (
                "action server start",
                f"{wait_for(f'http://127.0.0.1:{action_port}/health', actions):.1f} s",
            )
        )
        rows.append(
            (
                "Rasa server start (model loaded)",
                f"{wait_for(f'http://127.0.0.1:{rasa_port}/webhooks/health/', rasa):.1f} s",
            )
        )
        base = f"http://127.0.0.1:{rasa_port}"
        with QUESTIONS.open(encoding="utf-8") as handle:
            texts = [r["text"] for r in csv.DictReader(handle)]
        client = httpx.Client(timeout=30)

        def parse(i: int) -> None:
            client.post(
                f"{base}/model/parse",
                params={"token": token},
                json={"text": texts[i % len(texts)]},
            ).raise_for_status()

        def rest(i: int) -> None:
            reply = client.post(
                f"{base}/webhooks/rest/webhook",
                json={
                    "sender": f"bench-{uuid.uuid4().hex}",
                    "message": ACTION_QUESTIONS[i % len(ACTION_QUESTIONS)],
                },
            )
            reply.raise_for_status()
            if not reply.json():
                raise RuntimeError("empty reply: see the Rasa and action server logs")

        def follow_up(i: int) -> None:
            reply = client.post(
                f"{base}/webhooks/rest/webhook",
                json={
                    "sender": f"bench-regular-{i % 20}",
                    "message": ACTION_QUESTIONS[i % len(ACTION_QUESTIONS)],
                },
            )
            reply.raise_for_status()

        timed(parse, 20)
        timed(rest, 10)
        parse_ms = timed(parse, args.requests)
        rest_ms = timed(rest, args.requests)
        follow_ms = timed(follow_up, args.requests)
        rows += [
            (f"/model/parse p50 / p95 (n={args.requests})",
             f"{statistics.median(parse_ms):.0f} / {percentile(parse_ms, 0.95):.0f} ms"),
            (f"REST round trip with an action call p50 / p95 (n={args.requests})",
             f"{statistics.median(rest_ms):.0f} / {percentile(rest_ms, 0.95):.0f} ms"),
            (f"REST, ongoing conversations (~10 turns each) p50 / p95 (n={args.requests})",
             f"{statistics.median(follow_ms):.0f} / {percentile(follow_ms, 0.95):.0f} ms"),
            ("memory, Rasa server (RSS)", f"{rss_mb(rasa.pid):.0f} MB"),
            ("memory, action server (RSS)", f"{rss_mb(actions.pid):.0f} MB"),
        ]  # fmt: skip
    finally:
        for process in (rasa, actions):
            process.terminate()
            process.wait(timeout=30)
    width = max(len(name) for name, _ in rows)
    print(f"\n{'measure'.ljust(width)}  value")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    print(f"\nmachine: {os.cpu_count()} cores; logs in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
