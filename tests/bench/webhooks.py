"""Benchmark the Zalo and Messenger webhooks: acknowledgement latency and lossless bursts.

For each channel, the channel runs in its own process (a Sanic server with the real channel
code and a stand-in agent that takes ``--turn-ms`` per message, like a Rasa turn) and sends
its answers to the platform stand-in in this process, which also signs and delivers the
webhooks. Measured: the time to the HTTP acknowledgement of sequential deliveries and of a
burst of concurrent ones; then whether every burst message was answered exactly once
(re-deliveries included). `make bench-channels`; results in var/bench/channels.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from tests.standins.graph_api import GraphApiStandin
from tests.standins.zalo import ZaloStandin, free_port, zalo_id

ROOT = Path(__file__).resolve().parents[2]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(latencies_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in latencies_s]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
    }


# --- the channel process ------------------------------------------------------------------
def serve(channel_name: str, port: int, api_url: str, turn_s: float, dedupe_url: str) -> None:
    from rasa.core.channels.channel import UserMessage
    from sanic import Sanic

    from bot.channels.facebook import FacebookInput, MessengerConfig
    from bot.channels.zalo import ZaloConfig, ZaloInput

    channel: Any
    if channel_name == "zalo":
        z = ZaloStandin()
        channel = ZaloInput(
            ZaloConfig.from_credentials(
                {
                    "app_id": z.app_id,
                    "oa_secret_key": z.oa_secret_key,
                    "app_secret": z.app_secret,
                    "access_token": "access-1",
                    "refresh_token": "refresh-1",
                    "api_base_url": api_url,
                    "oauth_base_url": api_url,
                    "dedupe_url": dedupe_url,
                }
            )
        )
    else:
        g = GraphApiStandin()
        channel = FacebookInput(
            MessengerConfig.from_credentials(
                {
                    "verify": "v",
                    "secret": g.app_secret,
                    "page-access-token": g.page_access_token,
                    "graph_base_url": api_url,
                    "dedupe_url": dedupe_url,
                }
            )
        )

    async def agent(message: UserMessage) -> None:
        await asyncio.sleep(turn_s)  # what a Rasa turn would take
        await message.output_channel.send_response(
            message.sender_id, {"text": f"answer: {message.text}"}
        )

    app = Sanic(f"bench-{channel_name}")
    app.blueprint(channel.blueprint(agent), url_prefix=f"/webhooks/{channel.name()}")
    app.run(host="127.0.0.1", port=port, access_log=False, debug=False)


# --- the load generator -------------------------------------------------------------------
async def wait_up(url: str, process: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError("channel process exited")
            try:
                async with http.get(url) as reply:
                    if reply.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def bench_channel(
    name: str, sequential: int, burst: int, turn_s: float, dedupe_url: str
) -> dict[str, Any]:
    standin: Any = ZaloStandin() if name == "zalo" else GraphApiStandin()
    api_url = await standin.start()
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.bench.webhooks", "--serve", name),
            *("--port", str(port), "--api", api_url, "--turn-ms", str(turn_s * 1000)),
            *("--dedupe-url", dedupe_url),
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    webhook = f"http://127.0.0.1:{port}/webhooks/{name}/webhook"

    def delivery(i: int, user: str) -> dict[str, Any]:
        if name == "zalo":
            return standin.text_event(user, f"tin {i}")  # type: ignore[no-any-return]
        return standin.payload([standin.text_item(user, f"tin {i}")])  # type: ignore[no-any-return]

    async def timed(http: aiohttp.ClientSession, body: dict[str, Any]) -> tuple[int, float]:
        started = time.perf_counter()
        status = await standin.deliver(http, webhook, body)
        return status, time.perf_counter() - started

    try:
        await wait_up(f"http://127.0.0.1:{port}/webhooks/{name}/", process)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            users = [zalo_id() for _ in range(50)]
            for i in range(20):  # warm-up
                await timed(http, delivery(-1 - i, zalo_id()))
            seq = [await timed(http, delivery(1000 + i, users[i % 50])) for i in range(sequential)]
            await asyncio.sleep(turn_s * 3)
            before = len(standin.sent)
            bodies = [delivery(i, users[i % 50]) for i in range(burst)]
            results = await asyncio.gather(*(timed(http, b) for b in bodies))
            redelivered = await asyncio.gather(*(timed(http, b) for b in bodies[: burst // 3]))
            expected = {f"answer: tin {i}" for i in range(burst)}

            def answers() -> list[str]:
                return [m["message"]["text"] for m in standin.sent[before:]]

            deadline = time.monotonic() + 60
            while not expected <= set(answers()) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(max(1.0, turn_s * 5))  # would-be duplicates arrive late
        texts = answers()
        statuses = [s for s, _ in seq + results + redelivered]
        return {
            "channel": name,
            "dedupe": dedupe_url.split(":", 1)[0],
            "sequential_ack": summary([t for _, t in seq]),
            "burst_ack": summary([t for _, t in results]),
            "redelivery_ack": summary([t for _, t in redelivered]),
            "non_200": sum(1 for s in statuses if s != 200),
            "burst": burst,
            "answered": len(set(texts) & expected),
            "lost": len(expected - set(texts)),
            "lost_examples": sorted(expected - set(texts))[:5],
            "duplicates": len(texts) - len(set(texts)),
        }
    finally:
        process.terminate()
        process.wait(timeout=20)
        await standin.stop()


async def main_async(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as scratch:
        # The channels' persistent dedupe, as deployed (SQLite file unless --dedupe-url).
        dedupe_url = args.dedupe_url or f"sqlite:///{scratch}/webhooks.db"
        results = [
            await bench_channel(name, args.sequential, args.burst, args.turn_ms / 1000, dedupe_url)
            for name in args.channels
        ]
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "channels.json").write_text(json.dumps(results, indent=2))
    print(f"dedupe store: {results[0]['dedupe']}")
    print(f"{'channel':9} {'phase':11} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for r in results:
        for phase in ("sequential_ack", "burst_ack", "redelivery_ack"):
            s = r[phase]
            print(
                f"{r['channel']:9} {phase[:-4]:11} {s['n']:>4} "
                f"{s['p50_ms']:>7} {s['p95_ms']:>7} {s['max_ms']:>7}"
            )
        print(
            f"{r['channel']:9} burst of {r['burst']}: answered {r['answered']}, "
            f"lost {r['lost']}, duplicates {r['duplicates']}, non-200 {r['non_200']}"
        )
    ok = all(
        r["lost"] == 0
        and r["duplicates"] == 0
        and r["non_200"] == 0
        and r["burst_ack"]["p95_ms"] < 200
        for r in results
    )
    print("targets (no loss, no duplicate, ack p95 < 200 ms):", "met" if ok else "NOT met")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", nargs="+", default=["zalo", "facebook"])
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--turn-ms", type=float, default=100.0, help="simulated Rasa turn")
    parser.add_argument("--serve", choices=["zalo", "facebook"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument(
        "--dedupe-url", default="", help="webhook dedupe store (default: a fresh SQLite file)"
    )
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.api, args.turn_ms / 1000, args.dedupe_url)
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
