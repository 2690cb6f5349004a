from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from tests.fakes import channel, document, make_procedure

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"

#: Two civil-status procedures the dialogue tests answer about.
KHAI_SINH = make_procedure(
    "1.001193",
    "Thủ tục đăng ký khai sinh",
    aliases=["giấy khai sinh"],
    channels=[channel("in_person", time="1 ngày làm việc", fee="Miễn phí")],
    documents=[document("Tờ khai đăng ký khai sinh"), document("Giấy chứng sinh")],
)
KET_HON = make_procedure(
    "1.000894",
    "Thủ tục đăng ký kết hôn",
    channels=[channel("in_person", time="1 ngày làm việc", fee="Miễn phí")],
)


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The bot's domain merged from its files, as the Rasa server sends it to actions."""
    merged: dict[str, Any] = {"responses": {}, "actions": [], "intents": [], "slots": {}}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        merged["responses"].update(part.get("responses", {}))
        merged["actions"] += part.get("actions", [])
        merged["intents"] += part.get("intents", [])
        merged["slots"].update(part.get("slots", {}))
    return merged


def make_tracker(
    text: str = "",
    *,
    intent: str = "ask_procedure",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    intent_ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": intent_ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker(
        sender_id="test",
        slots={"procedure_code": None, "pending_topic": None, "ward_name": "phường Đống Đa"}
        | (slots or {}),
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
