"""Dossier lookup latency with a 10,000-dossier embedded (SQLite) store: p50/p95.

    make bench-dossiers        # = python -m tests.bench.dossier_lookup --count 10000

Measures (1) the lookup service alone, in process (rate limits, HMAC check, audit: three
short transactions), and (2) end to end through Rasa's REST channel with the trained model
and a real action server: the turn that carries the factor is the one answered with the
dossier's status. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from actions.db import dossiers_engine
from actions.dossiers.backends import LocalBackend
from actions.dossiers.demo import SAMPLE_DOSSIERS
from actions.dossiers.factors import factor_key
from actions.dossiers.limits import default_limits
from actions.dossiers.repository import SqlAlchemyAttemptRepository, SqlAlchemyDossierRepository
from actions.dossiers.service import DossierLookupService, Found, Requester
from tests.e2e.conftest import MODEL, RASA, ROOT, free_port, wait_until_up

SAMPLE = SAMPLE_DOSSIERS[0]
FACTOR = SAMPLE.phone.replace(" ", "")[-4:]


def percentiles(samples_ms: list[float]) -> str:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   (n={len(samples_ms)})"


def bench_service(lookups: int) -> list[float]:
    engine = dossiers_engine()  # configured as the action server's (WARD_DOSSIERS_DB_URL)
    timings = []
    for _ in range(lookups):
        started = time.perf_counter()
        with Session(engine) as session:
            service = DossierLookupService(
                LocalBackend(SqlAlchemyDossierRepository(session), factor_key()),
                SqlAlchemyAttemptRepository(session),
                default_limits(),
            )
            outcome = service.lookup(SAMPLE.code, FACTOR, Requester(uuid.uuid4().hex, "bench"))
        timings.append((time.perf_counter() - started) * 1000)
        assert isinstance(outcome, Found)
    return timings


def bench_rest(work: Path, dossiers_url: str, lookups: int) -> tuple[list[float], list[float]]:
    action_port, rasa_port = free_port(), free_port()
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
        "WARD_DOSSIERS_DB_URL": dossiers_url,
        "WARD_DOSSIER_BACKEND": "local",
    }
    try:
        from tests.e2e.conftest import CHANNEL_VARIABLES  # type: ignore[attr-defined]

        env = {name: "" for name in CHANNEL_VARIABLES} | env
    except ImportError:
        pass
    logs = [work / "actions.log", work / "rasa.log"]
    commands = [
        [sys.executable, "-m", "actions.server", "--actions", "actions",
         "--port", str(action_port)],
        [str(RASA), "run", "--model", str(MODEL), "--endpoints", "bot/endpoints.yml",
         "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1",
         "--port", str(rasa_port)],
    ]  # fmt: skip
    processes = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        for cmd, log in zip(commands, logs, strict=True)
    ]
    code_turn, factor_turn = [], []
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes, logs)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes, logs)
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        with httpx.Client(timeout=30) as client:
            for i in range(lookups + 5):
                sender = f"bench-{uuid.uuid4().hex[:12]}"
                timings = []
                for text in (f"tra cứu hồ sơ {SAMPLE.code}", FACTOR):
                    started = time.perf_counter()
                    reply = client.post(url, json={"sender": sender, "message": text})
                    timings.append((time.perf_counter() - started) * 1000)
                    reply.raise_for_status()
                assert SAMPLE.code in str(reply.json()), reply.json()
                if i >= 5:  # warm-up turns are not counted
                    code_turn.append(timings[0])
                    factor_turn.append(timings[1])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return code_turn, factor_turn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--skip-rest", action="store_true", help="in-process service only")
    args = parser.parse_args()
    if not args.skip_rest and not MODEL.exists():
        sys.exit("train the model first (make train)")
    random.seed(0)
    with tempfile.TemporaryDirectory(prefix="bench-dossiers-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'dossiers.db'}"
        subprocess.run(
            [sys.executable, "-m", "actions.dossiers.demo", "--count", str(args.count),
             "--seed", "42", "--url", url],
            cwd=ROOT, check=True,
        )  # fmt: skip
        os.environ["WARD_DOSSIERS_DB_URL"] = url
        print(f"service, in process:   {percentiles(bench_service(args.lookups))}")
        if not args.skip_rest:
            code_turn, factor_turn = bench_rest(work, url, args.lookups)
            print(f"REST, code turn:       {percentiles(code_turn)}")
            print(f"REST, lookup answer:   {percentiles(factor_turn)}")


if __name__ == "__main__":
    main()
