"""The ward page in a real (headless Debian Chromium) browser, chatting over socket.io."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ROOT, Servers, fixed_part

WEB = ROOT / "bot" / "web"
ARTIFACTS = ROOT / "var" / "artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WARD_CODE = os.environ.get("WARD_CODE", "00235")


@pytest.fixture(scope="module")
def ward_page(servers: Servers) -> Iterator[str]:
    missing = [
        str(p)
        for p in (
            CHROMIUM,
            WEB / "node_modules" / "playwright-core",
            WEB / "node_modules" / "rasa-webchat",
        )
        if not p.exists()
    ]
    if missing or not shutil.which("node"):
        pytest.fail(f"missing {missing or 'node'}: run `make web` (apt chromium, npm ci)")
    url = f"http://127.0.0.1:{servers.web_port}/"
    page = subprocess.Popen(
        [
            str(ROOT / ".venv" / "rasa" / "bin" / "python"), "-m", "bot.web.serve",
            "--port", str(servers.web_port), "--rasa-url", servers.rasa_url,
            "--ward-code", WARD_CODE,
        ],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        page.terminate()
        page.wait(timeout=10)


def test_a_citizen_chats_on_the_ward_page(
    ward_page: str, servers: Servers, responses: dict[str, str]
) -> None:
    def heading(name: str) -> str:
        return fixed_part(responses[name]).split("—")[0].strip()

    steps = [
        {"expect": heading("utter_greet")},  # the widget's initPayload
        {"say": "dang ky tam tru mat bao lau", "expect": heading("utter_answer_duration")},
        {"say": "dang ky tam tru", "expect": heading("utter_answer_overview")},
        {"click": "Lệ phí", "expect": heading("utter_answer_fee")},
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "webchat.png"
    run = subprocess.run(
        ["node", "browser-check.mjs"],
        cwd=WEB,
        env=os.environ
        | {
            "PAGE_URL": ward_page,
            "ALLOW_HOSTS": servers.rasa_url.split("//", 1)[1],
            "STEPS": json.dumps(steps, ensure_ascii=False),
            "SCREENSHOT": str(screenshot),
            "CHROMIUM": str(CHROMIUM),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    (ARTIFACTS / "webchat-report.json").write_text(run.stdout + run.stderr, encoding="utf-8")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert screenshot.stat().st_size > 10_000
    transcript = report["transcript"]
    # Typed without diacritics, answered about the right procedure, line by line.
    duration = next(t for t in transcript if heading("utter_answer_duration") in t)
    assert "Đăng ký tạm trú" in duration and "\n" in duration
    # The overview offered the domain's buttons; clicking one answered the fee.
    assert report["steps"][2]["buttons"] == [
        "Giấy tờ cần chuẩn bị",
        "Lệ phí",
        "Thời hạn",
        "Nơi nộp",
    ]
    assert any(heading("utter_answer_fee") in t and "Đăng ký tạm trú" in t for t in transcript)
    # Persistent session: the conversation survives a reload.
    assert report["reloaded"][: len(transcript)] == transcript
    # Nothing but the page and Rasa was contacted (the widget's web font is blocked).
    assert all("fonts.g" in url for url in report["blocked"])
    # The ward code reached Rasa as message metadata (customData).
    with sqlite3.connect(servers.tracker_db) as db:
        metadata = [
            json.loads(data).get("metadata", {})
            for (data,) in db.execute("SELECT data FROM events WHERE type_name = 'user'")
        ]
    assert any(m.get("ward_code") == WARD_CODE for m in metadata)
