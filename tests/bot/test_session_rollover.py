"""Where a long session is cut (bot/session_rollover.py); the store's side is in
tests/bot/test_tracker_store.py."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.session_rollover import continuation_point

LISTEN = ActionExecuted("action_listen")


def session(turns: int) -> list[Event]:
    """A stored session: its start, then ``turns`` answered questions (4 events each)."""
    events: list[Event] = [SessionStarted(), SlotSet("ward_name", "x"), LISTEN]
    for i in range(turns):
        events += [UserUttered(f"q{i}"), ActionExecuted("action_x"), BotUttered("a"), LISTEN]
    return events


def new_turn() -> list[Event]:
    return [UserUttered("now"), ActionExecuted("action_x"), BotUttered("a"), LISTEN]


@pytest.mark.parametrize(
    ("stored", "unsaved", "max_events", "cut"),
    [
        (session(20), new_turn(), 50, 83),  # 83 events stored, at rest: cut at the message
        (session(20), new_turn(), 84, None),  # not long enough yet
        (session(20), [ActionExecuted("action_x"), LISTEN], 50, None),  # no user message
        (session(20)[:-1], new_turn(), 50, None),  # the bot was not listening
        (  # this turn started a session (expired): nothing to cut
            session(20),
            [ActionExecuted("action_session_start"), SessionStarted(), LISTEN, *new_turn()],
            50,
            None,
        ),
    ],
)
def test_continuation_point(
    stored: list[Event], unsaved: list[Event], max_events: int, cut: int | None
) -> None:
    assert continuation_point([*stored, *unsaved], len(stored), max_events) == cut
