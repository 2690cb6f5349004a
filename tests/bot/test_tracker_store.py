"""MaskingSQLTrackerStore keeps a long conversation's sessions bounded, and loses nothing.

Turns are played as Rasa's processor plays them: retrieve the latest session, run the
session start on a new conversation, add the turn's events, save once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.session_rollover import MIN_MAX_SESSION_EVENTS
from bot.tracker_store import MaskingSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
MAX_EVENTS = MIN_MAX_SESSION_EVENTS
FORM = "dossier_lookup_form"
LISTEN = ActionExecuted("action_listen")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "bot" / "domain")


def fresh_postgres(name: str) -> str:
    """An empty database ``name`` on TEST_DATABASE_URL's server, as Rasa's URL (psycopg2)."""
    url = os.environ.get("TEST_DATABASE_URL", "").replace("postgresql+psycopg://", "postgresql://")
    if not url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL (PostgreSQL) not set")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The tracker store's URL: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return fresh_postgres("ward_tracker_store_test")


def store_on(db: str, domain: Domain, **kwargs: Any) -> MaskingSQLTrackerStore:
    return MaskingSQLTrackerStore(host=db, domain=domain, **kwargs)


@pytest.fixture
def store(db: str, domain: Domain) -> Iterator[MaskingSQLTrackerStore]:
    store = store_on(db, domain, max_session_events=MAX_EVENTS)
    yield store
    store.engine.dispose()


def stored_rows(db: str, sender: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(db)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": sender},
        ).fetchall()
    engine.dispose()
    return [json.loads(data) for (data,) in rows]


def without_random_fields(value: Any) -> Any:
    """``value`` without the fields Rasa fills with clocks and random ids."""
    if isinstance(value, dict):
        return {
            key: without_random_fields(item)
            for key, item in value.items()
            if key not in {"timestamp", "message_id", "model_id"}
        }
    if isinstance(value, list):
        return [without_random_fields(item) for item in value]
    return value


def answer(text: str, intent: str = "ask_fee", code: str = "1.000894") -> list[Event]:
    """A procedure question answered by the action server: 5 events, like the bot's."""
    return [
        UserUttered(text, {"name": intent, "confidence": 1.0}),
        ActionExecuted("action_answer_procedure_fee"),
        SlotSet("procedure_code", code),
        BotUttered("Lệ phí: 8.000 đồng"),
        ActionExecuted("action_listen"),
    ]


async def turn(
    store: MaskingSQLTrackerStore, sender: str, events: list[Event]
) -> tuple[int, DialogueStateTracker]:
    """(events the turn read from the store, the saved tracker)."""
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    read = len(tracker.events)
    tracker.model_id = "model-1"  # as MessageProcessor.get_tracker does
    if not tracker.events:  # what action_session_start (actions/dialogue/session.py) returns
        for event in (
            ActionExecuted("action_session_start"),
            SessionStarted(),
            SlotSet("ward_name", "Phường Đống Đa"),
            ActionExecuted("action_listen"),
        ):
            tracker.update(event)
    for event in events:
        event.timestamp = time.time()  # made as the turn runs, after the session start
        tracker.update(event)
    await store.save(tracker)
    return read, tracker


async def test_events_read_per_turn_stay_bounded(store: MaskingSQLTrackerStore) -> None:
    reads = [(await turn(store, "long", answer(f"lệ phí {i}")))[0] for i in range(150)]
    # The old store read every event of the conversation: 750 by the last turn.
    assert max(reads) <= MAX_EVENTS + 10
    assert reads[-1] < MAX_EVENTS + 10


async def test_default_bound_is_used(db: str, domain: Domain) -> None:
    store = store_on(db, domain)
    reads = [(await turn(store, "long", answer(f"lệ phí {i}")))[0] for i in range(100)]
    assert max(reads) <= store.max_session_events + 10 < 5 * 100


async def test_every_turn_is_stored_once_and_in_order(
    store: MaskingSQLTrackerStore, db: str
) -> None:
    texts = [f"lệ phí {i}" for i in range(60)]
    for text in texts:
        await turn(store, "long", answer(text))
    rows = stored_rows(db, "long")
    assert [r["text"] for r in rows if r["event"] == "user"] == texts
    assert sum(r["event"] == "session_started" for r in rows) >= 5
    full = await store.retrieve_full_tracker("long")
    assert full is not None
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == texts


async def test_slots_are_carried_into_the_new_session(store: MaskingSQLTrackerStore) -> None:
    await turn(store, "long", [*answer("lệ phí"), SlotSet("pending_topic", "fee")])
    for i in range(30):
        await turn(store, "long", answer(f"câu {i}", code="2.000001"))
    tracker = await store.retrieve("long")
    assert tracker is not None
    opening = next(e for e in tracker.events if isinstance(e, SessionStarted))
    assert opening.metadata == {"continued": "max_session_events", "model_id": "model-1"}
    assert tracker.get_slot("ward_name") == "Phường Đống Đa"
    assert tracker.get_slot("procedure_code") == "2.000001"
    assert tracker.get_slot("pending_topic") == "fee"


async def test_the_new_session_holds_the_turns_user_message(
    store: MaskingSQLTrackerStore,
) -> None:
    """Rasa's session expiry reads the latest user message of the session."""
    for i in range(30):
        _, saved = await turn(store, "long", answer(f"câu {i}"))
        tracker = await store.retrieve("long")
        assert tracker is not None
        latest = tracker.get_last_event_for(UserUttered)
        assert latest is not None and latest.text == f"câu {i}"
        assert tracker.current_slot_values() == saved.current_slot_values()


async def test_no_new_session_inside_a_form(store: MaskingSQLTrackerStore, db: str) -> None:
    await turn(store, "form", [*answer("bắt đầu", "check_dossier_status"), ActiveLoop(FORM)])
    reads = []
    for i in range(20):
        read, _ = await turn(store, "form", answer(f"mã {i}", "inform"))
        reads.append(read)
    assert reads[-1] > MAX_EVENTS  # the form is still active: one session
    done = [
        UserUttered("xong", {"name": "inform", "confidence": 1.0}),
        ActionExecuted(FORM),
        ActiveLoop(None),
        ActionExecuted("action_dossier_lookup"),
        ActionExecuted("action_listen"),
    ]
    await turn(store, "form", done)
    await turn(store, "form", answer("sau form"))  # saved in a new session
    read, _ = await turn(store, "form", answer("tiếp"))
    assert read < MAX_EVENTS
    texts = [r["text"] for r in stored_rows(db, "form") if r["event"] == "user"]
    assert texts[-3:] == ["xong", "sau form", "tiếp"]


async def test_no_new_session_while_paused(store: MaskingSQLTrackerStore) -> None:
    """A conversation handed over to a person stays paused: a new session would resume it."""
    await turn(store, "paused", [*answer("gặp cán bộ"), ConversationPaused(), LISTEN])
    for i in range(15):
        read, tracker = await turn(store, "paused", answer(f"câu {i}"))
        assert tracker.is_paused()
    assert read > MAX_EVENTS


async def test_masking_still_applies_and_secrets_are_not_carried(
    store: MaskingSQLTrackerStore, db: str
) -> None:
    await turn(store, "mask", [*answer("tra cứu"), SlotSet("dossier_factor", "5678")])
    for i in range(12):
        await turn(store, "mask", answer(f"câu {i} gọi 0912345678"))
    rows = stored_rows(db, "mask")
    assert sum(r["event"] == "session_started" for r in rows) >= 2
    # Timestamps and message ids are random digits that may hold "5678" by chance.
    dumped = json.dumps([without_random_fields(r) for r in rows], ensure_ascii=False)
    assert "0912345678" not in dumped and "5678" not in dumped
    tracker = await store.retrieve("mask")
    assert tracker is not None
    assert tracker.get_slot("dossier_factor") is None


async def test_saving_the_same_tracker_again_writes_nothing(
    store: MaskingSQLTrackerStore, db: str
) -> None:
    saved = None
    for i in range(30):
        _, saved = await turn(store, "again", answer(f"câu {i}"))
        before = len(stored_rows(db, "again"))
        await store.save(saved)
        assert len(stored_rows(db, "again")) == before


async def test_an_event_stamped_by_a_clock_ahead_is_not_counted_twice(
    store: MaskingSQLTrackerStore, db: str
) -> None:
    """A replica whose clock runs ahead stamped an event before the session start later
    than it: the stored session, read by timestamp, holds it; nothing new may be skipped."""
    now = time.time()
    tracker = await store.get_or_create_tracker("skew", append_action_listen=False)
    for event in (
        ActionExecuted("action_session_start", timestamp=now + 5),
        SessionStarted(timestamp=now),
        ActionExecuted("action_listen", timestamp=now),
    ):
        tracker.update(event)
    await store.save(tracker)
    for text in ("một", "hai"):
        await turn(store, "skew", answer(text))
    assert [r["text"] for r in stored_rows(db, "skew") if r["event"] == "user"] == [
        "một",
        "hai",
    ]


async def test_an_expired_session_is_saved_as_rasa_does(
    store: MaskingSQLTrackerStore, db: str
) -> None:
    """The previous session stays in the tracker while the new one starts (processor)."""
    await turn(store, "expired", answer("hôm qua"))
    tracker = await store.retrieve("expired")
    assert tracker is not None
    for event in (
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("ward_name", "Phường Đống Đa"),
        ActionExecuted("action_listen"),
        *answer("hôm nay"),
    ):
        tracker.update(event)
    await store.save(tracker)
    rows = stored_rows(db, "expired")
    assert [r["text"] for r in rows if r["event"] == "user"] == ["hôm qua", "hôm nay"]
    assert len(rows) == len(tracker.events) + 1  # + the first action_session_start


async def test_replicas_sharing_the_database_see_each_others_turns(db: str, domain: Domain) -> None:
    replicas = [store_on(db, domain, max_session_events=MAX_EVENTS) for _ in range(2)]
    texts = [f"câu {i}" for i in range(40)]
    for i, text in enumerate(texts):
        read, _ = await turn(replicas[i % 2], "shared", answer(text, code=f"code-{i}"))
        assert read < MAX_EVENTS + 10
        other = await replicas[(i + 1) % 2].retrieve("shared")
        assert other is not None and other.get_slot("procedure_code") == f"code-{i}"
    assert [r["text"] for r in stored_rows(db, "shared") if r["event"] == "user"] == texts


@pytest.mark.parametrize("bound", [0, 10, MIN_MAX_SESSION_EVENTS - 1])
def test_too_small_a_bound_is_refused(db: str, domain: Domain, bound: int) -> None:
    with pytest.raises(ValueError, match="max_session_events"):
        store_on(db, domain, max_session_events=bound)
