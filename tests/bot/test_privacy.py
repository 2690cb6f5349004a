"""bot/privacy.py: no personal number or factor reaches the stored conversation or a log.

The table below is written through the real MaskingSQLTrackerStore into SQLite and read
back raw, and through a log handler; the number patterns themselves are tested
property-based in tests/text/test_masking.py.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.privacy import SECRET_PLACEHOLDER, mask_event, mask_events

# (what the citizen typed, the digits that must not be stored or logged)
WRITTEN_FORMS = [
    ("sdt0912345510", "0912345510"),
    ("cccd001203004504", "001203004504"),
    ("số001203004505", "001203004505"),
    ("(+84) 912 345 508", "912345508"),
    ("0084912345509", "84912345509"),
    ("0912 - 345 - 511", "0912345511"),
    ("0912/345/512", "0912345512"),
    ("0912_345_513", "0912345513"),
    ("0912  345  514", "0912345514"),
    ("０９１２３４５５１５", "0912345515"),
    ("sđt: 0912.345.516", "0912345516"),
    ("+84 912 345 517", "912345517"),
    ("84912345518", "84912345518"),
    ("đt 0383-123-519", "0383123519"),
    ("máy bàn (024) 3851 2520", "02438512520"),
    ("+84 24 3851 2521", "2438512521"),
    ("CCCD số 001 203 004 522", "001203004522"),
    ("cccd: 0012 0300 4523", "001203004523"),
    ("CMND 012345524", "012345524"),
    ("cmnd 012.345.525", "012345525"),
    ("em là Lan 0912345526, cccd 001203004527", "0912345526"),
    ("hồ sơ 000.00.27.H26-251017-0012, 4 số cuối 5528", "5528"),
    ("H26-251017-0012 5529", "5529"),
    ("số cuối sđt là 5530 ạ", "5530"),
]


def digits_of(text: str) -> str:
    """The digits as ASCII: a full-width "５" left in clear is a 5 left in clear."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdecimal())


def clear_in(stored: str, secret: str) -> bool:
    """Whether ``secret``'s last 4 digits (the factor), and so the whole number, is readable."""
    return secret[-4:] in digits_of(stored)


def strings_of(value: object) -> list[str]:
    """Every string in a stored event (not its timestamp: its digits are the clock's)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "timestamp" for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return []


def user(text: str) -> dict[str, object]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "nlu_fallback"},
            "entities": [{"entity": "x", "value": text}],
        },
    }


@pytest.mark.parametrize(("text", "secret"), WRITTEN_FORMS)
async def test_written_forms_are_not_stored_in_clear(
    text: str, secret: str, tmp_path: Path
) -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import MaskingSQLTrackerStore

    db = tmp_path / "tracker.db"
    store = MaskingSQLTrackerStore(host=f"sqlite:///{db}", domain=Domain.empty())
    tracker = DialogueStateTracker("citizen", slots=[])
    for event in (
        ActionExecuted("action_listen"),
        UserUttered(text, {"name": "nlu_fallback", "confidence": 1.0}),
        BotUttered(f"Anh/chị vừa gửi: {text}"),
    ):
        tracker.update(event)
    await store.save(tracker)
    with sqlite3.connect(db) as connection:
        rows = [data for (data,) in connection.execute("SELECT data FROM events")]
    (stored,) = [json.loads(row)["text"] for row in rows if json.loads(row)["event"] == "user"]
    # the citizen's words stay; only digits may become "*"
    assert all(s == t or (s == "*" and t.isdigit()) for s, t in zip(stored, text, strict=True))
    assert not clear_in(stored, secret), stored
    for row in rows:  # bot text, parse data, entities: nowhere in the stored events
        assert not any(clear_in(value, secret) for value in strings_of(json.loads(row)))


@pytest.mark.parametrize(("text", "secret"), WRITTEN_FORMS)
def test_written_forms_are_not_logged_in_clear(text: str, secret: str) -> None:
    from bot.privacy import install_log_masking

    install_log_masking()
    # A handler on the logger itself: other tests (Rasa's own logging set-up) change levels
    # and propagation of Rasa's loggers, which would hide the record from caplog.
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("rasa.core.processor")
    level, disabled = logger.level, logger.disabled
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    try:
        logger.debug("Received user message '%s'", text)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled
    assert records
    logged = "\n".join(r.getMessage() for r in records)
    assert not clear_in(logged, secret), logged


def test_factor_reply_and_slot_are_masked_by_position() -> None:
    events: list[dict[str, Any]] = [
        user("tra cứu hồ sơ 000.00.27.H26-251017-0012"),
        {"event": "active_loop", "name": "dossier_lookup_form"},
        {"event": "slot", "name": "dossier_code", "value": "000.00.27.H26-251017-0012"},
        {"event": "slot", "name": "requested_slot", "value": "dossier_factor"},
        {"event": "action", "name": "action_listen"},
        user("số cuối 5678 ạ"),
        {"event": "slot", "name": "dossier_factor", "value": "5678"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "dossier_factor", "value": None},
        user("cảm ơn, số tôi 0912345678"),
    ]
    masked = mask_events(events)
    assert masked[0]["text"] == "tra cứu hồ sơ 000.00.27.H26-251017-0012"
    assert masked[2]["value"] == "000.00.27.H26-251017-0012"
    assert masked[5]["text"] == "số cuối **** ạ"
    assert masked[5]["parse_data"]["text"] == "số cuối **** ạ"
    assert masked[5]["parse_data"]["entities"][0]["value"] == "số cuối **** ạ"
    assert masked[6]["value"] == SECRET_PLACEHOLDER
    assert masked[9]["value"] is None
    assert masked[10]["text"] == "cảm ơn, số tôi **********"
    assert events[5]["text"] == "số cuối 5678 ạ"  # the originals are untouched
    assert "5678" not in repr(masked)


def test_only_new_events_are_returned() -> None:
    events = [
        {"event": "active_loop", "name": "dossier_lookup_form"},
        {"event": "slot", "name": "requested_slot", "value": "dossier_factor"},
        user("１２３４"),
    ]
    assert mask_events(events, start=2) == [mask_event(user("１２３４"), secret_reply=True)]
    assert mask_events(events, start=2)[0]["text"] == "****"


def test_slot_values_are_masked() -> None:
    event = {"event": "slot", "name": "note", "value": "gọi 0912 - 345 - 678"}
    assert mask_event(event)["value"] == "gọi **** - *** - ***"
