"""Turn latency along one long conversation: does turn 1,000 cost what turn 1 costs?

    make bench-long        # = python -m tests.bench.long_conversation --turns 1000

Starts its own action server and Rasa server (the trained model, SQLite tracker store) on
free ports, like tests/e2e/conftest.py, sends ``--turns`` messages from ONE sender over the
REST channel and prints p50/p95 per block of ``--block`` turns, the ratio of the last
block's p50 to the first's (target <= 2), the servers' CPU time per turn (the work, which
a busy machine does not inflate), whether late replies still match the first round's
(the conversation's memory intact), and what the tracker store holds at the end.

    LOCK_STORE_TYPE=redis ... --replicas 2 --tracker-store-url postgresql://...

starts two stacks sharing one tracker store and gives them the turns in rotation.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from tests.e2e.conftest import MODEL, RASA, launch

# A citizen asking about several procedures, with follow-ups that lean on the remembered
# procedure and a few chit-chat turns: every kind of turn the bot handles, action calls
# included (resolver, answer composer).
MESSAGES = [
    "Làm giấy khai sinh cho con cần những giấy tờ gì?",
    "còn lệ phí thì sao?",
    "mất bao lâu",
    "đăng ký tạm trú cần gì",
    "nộp ở đâu",
    "cảm ơn",
    "chứng thực bản sao hết bao nhiêu tiền một trang",
    "xin giấy phép xây dựng nộp ở đâu",
    "xin chào",
    "lam so do can giay to gi",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_ms(pids: list[int]) -> float:
    """CPU time (user + system) the processes used so far, in ms: the work done, whatever
    else the machine runs (wall-clock latency also counts waiting for the cores)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def children() -> list[int]:
    """The servers ``launch`` started: this process's children (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
        if ppid == os.getpid():
            found.append(int(stat.parent.name))
    return found


def stored(url: str, sender: str) -> tuple[int, int]:
    """(events stored for ``sender``, sessions started) in the tracker store at ``url``."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        events, sessions = connection.execute(
            text(
                "SELECT count(*), sum(CASE WHEN type_name = 'session_started' THEN 1 ELSE 0 END)"
                " FROM events WHERE sender_id IN (:plain, :rest)"
            ),
            # The REST channel namespaces senders (bot/channels/identity.py).
            {"plain": sender, "rest": f"rest:{sender}"},
        ).one()
    engine.dispose()
    return int(events), int(sessions or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="Rasa servers sharing one tracker store, taking the turns in rotation"
        " (more than one needs LOCK_STORE_TYPE=redis and --tracker-store-url)",
    )
    parser.add_argument(
        "--tracker-store-url",
        help="Rasa's TRACKER_STORE_URL (postgresql://...); a new SQLite file by default",
    )
    args = parser.parse_args()
    if not RASA.exists() or not MODEL.exists():
        print("needs both environments and the model: make venv train", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="ward-bench-long-"))
    sender = f"bench-long-{uuid.uuid4().hex[:8]}"
    samples: list[float] = []
    cpu_blocks: list[float] = []  # Rasa + action server CPU per turn, per block
    first_round: dict[int, list[str]] = {}
    differing = 0
    # The Makefile's defaults, for a run outside make (bot/endpoints.yml needs them all).
    defaults = {"LOCK_STORE_TYPE": "in_memory", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379"}
    env = {name: os.environ.get(name, value) for name, value in defaults.items()}
    env["REDIS_DB"] = os.environ.get("REDIS_DB", "1")
    store_url = args.tracker_store_url or f"sqlite:///{work / 'tracker.db'}"
    if args.replicas > 1 and (env["LOCK_STORE_TYPE"] != "redis" or store_url.startswith("sqlite")):
        print("several replicas need LOCK_STORE_TYPE=redis and a shared --tracker-store-url")
        return 2
    with ExitStack() as stack:
        urls = []
        for replica in range(args.replicas):
            (work / str(replica)).mkdir()
            servers = stack.enter_context(
                launch(work / str(replica), env | {"TRACKER_STORE_URL": store_url})
            )
            urls.append(f"{servers.rasa_url}/webhooks/rest/webhook")
        client = httpx.Client(timeout=60)
        # Warm the models and the action servers on another conversation.
        for url in urls:
            for message in MESSAGES:
                client.post(url, json={"sender": "warm-up", "message": message}).raise_for_status()
        servers_pids = children()
        cpu_before = cpu_ms(servers_pids)
        print(
            f"{'turns':>11}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}  {'CPU ms/turn':>11}",
            flush=True,
        )
        for turn in range(args.turns):
            started = time.perf_counter()
            reply = client.post(
                urls[turn % len(urls)],
                json={"sender": sender, "message": MESSAGES[turn % len(MESSAGES)]},
            )
            samples.append((time.perf_counter() - started) * 1000)
            reply.raise_for_status()
            answers = [m.get("text", "") for m in reply.json()]
            if not answers:
                raise RuntimeError(f"turn {turn + 1}: empty reply; logs in {work}")
            # The same message in the same context gets the same answer at turn 1,000 as in
            # the first round, if the conversation (its remembered procedure) is intact.
            first_round.setdefault(turn % len(MESSAGES), answers)
            differing += answers != first_round[turn % len(MESSAGES)]
            if (turn + 1) % args.block == 0:
                block = samples[-args.block :]
                cpu_now = cpu_ms(servers_pids)
                cpu_blocks.append((cpu_now - cpu_before) / args.block)
                cpu_before = cpu_now
                print(
                    f"{turn + 2 - args.block:>5}-{turn + 1:<5}  {statistics.median(block):7.0f}"
                    f"  {percentile(block, 0.95):7.0f}  {max(block):7.0f}"
                    f"  {cpu_blocks[-1]:11.0f}",
                    flush=True,
                )
    first, last = samples[: args.block], samples[-args.block :]
    ratio = statistics.median(last) / statistics.median(first)
    events, sessions = stored(store_url, sender)
    print(f"\nlast block p50 / first block p50: {ratio:.2f} (target <= 2)")
    print(f"last block CPU / first block CPU: {cpu_blocks[-1] / cpu_blocks[0]:.2f}")
    print(f"replies differing from the first round's: {differing} of {args.turns}")
    print(f"stored for the conversation: {events} events, {sessions} sessions; logs in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
