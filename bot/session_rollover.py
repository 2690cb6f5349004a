"""Bounded conversation sessions: a long conversation continues in a new session.

Rasa re-reads, replays and featurises every event of the current session on every turn,
and ships them all to the action server, so a turn's cost grows with the session's length
(`make bench-long`: p50 72 ms at turns 1-100, 776 ms at turns 901-1000; now 54 and 59).
SQLTrackerStore only reads the events after the latest ``session_started``, so the store
(bot/tracker_store.py) starts a new session once the current one holds ``max_events``
events, carrying over every slot, as Rasa's own session start does with
``carry_over_slots_to_new_session``.

The cut is made just before the turn being saved, never inside a form or the two-stage
fallback, so the new session begins at rest (``action_listen``), holds the turn's user
message (Rasa's session expiry reads the latest user message of the session: it keeps
working). The earlier sessions stay stored (``retrieve_full_tracker`` reads them); only
the policies and the action server no longer see them, as after an expired session.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasa.shared.constants import ASSISTANT_ID_KEY
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import METADATA_MODEL_ID

#: Events per session before a conversation continues in a new one: ~30 turns of this bot,
#: far more than its rules and stories span (a few turns each, data/rules, data/stories).
DEFAULT_MAX_SESSION_EVENTS = 200
#: Fewer would start a session on almost every turn: the carried slots alone are ~10 events.
MIN_MAX_SESSION_EVENTS = 50
#: Marks a session continued by length (not expired): for whoever reads the stored events.
CONTINUED_METADATA = {"continued": "max_session_events"}


def session_start_index(events: Sequence[Event], end: int) -> int:
    """Index of the latest ``session_started`` before ``end`` (0 if none).

    Not a ``restart``: SQLTrackerStore reads from the latest session start, restarts
    included, and replaying from there goes through the restart's reset.
    """
    for index in range(end - 1, -1, -1):
        if isinstance(events[index], SessionStarted):
            return index
    return 0


def continuation_point(events: Sequence[Event], stored: int, max_events: int) -> int | None:
    """Where to cut: the index of the unsaved turn's user message, or None (no cut).

    ``events[:stored]`` are already stored. A cut needs a user message among the unsaved
    events, the conversation at rest just before it, no session started by this turn, and
    ``max_events`` or more events in the session so far.
    """
    user = next((i for i in range(stored, len(events)) if isinstance(events[i], UserUttered)), None)
    if user is None or user == 0:
        return None
    start = session_start_index(events, user)
    if start >= stored and isinstance(events[start], SessionStarted):
        return None  # this very turn began a session
    before = events[user - 1]
    if not (isinstance(before, ActionExecuted) and before.action_name == ACTION_LISTEN_NAME):
        return None
    if user - start < max_events:
        return None
    return user


def continuation_events(
    tracker: DialogueStateTracker, cut: int, secret_slots: frozenset[str]
) -> list[Event] | None:
    """The new session's opening, carrying the slots as they were at ``cut``.

    None when a form or loop was active there (a form's state cannot be carried) or the
    conversation was paused (handed over to a person).
    Secret slots are never carried. The timestamps are the user message's, so the
    message and the rest of its turn belong to the new session.
    """
    events = list(tracker.events)
    before = tracker.init_copy()
    for event in events[session_start_index(events, cut) : cut]:
        before.update(event)
    if before.active_loop_name is not None or before.is_paused():
        return None  # the new session's reset would end the form, or resume the bot
    at = events[cut].timestamp
    carried: list[Event] = [
        SlotSet(slot.name, slot.value, timestamp=at)
        for slot in before.slots.values()
        if slot.value != slot.initial_value and slot.name not in secret_slots
    ]
    opening = [
        SessionStarted(timestamp=at, metadata=dict(CONTINUED_METADATA)),
        *carried,
        ActionExecuted(ACTION_LISTEN_NAME, timestamp=at),
    ]
    # The model and assistant ids DialogueStateTracker.update stamps on every event.
    stamp = {METADATA_MODEL_ID: tracker.model_id, ASSISTANT_ID_KEY: tracker.assistant_id}
    for event in opening:
        event.metadata = {**{k: v for k, v in stamp.items() if v}, **event.metadata}
    return opening


def continue_session(
    tracker: DialogueStateTracker, stored: int, max_events: int, secret_slots: frozenset[str]
) -> bool:
    """Start a new session before the unsaved turn if the current one is too long.

    Rewrites ``tracker.events`` in place (the same object the processor holds) so the
    tracker matches what the store writes; its state is unchanged, as the new session
    restores every slot before replaying the turn. Returns whether it did.
    """
    events = list(tracker.events)
    cut = continuation_point(events, stored, max_events)
    if cut is None:
        return False
    opening = continuation_events(tracker, cut, secret_slots)
    if opening is None:
        return False
    tracker.events.clear()
    tracker.events.extend([*events[:cut], *opening, *events[cut:]])
    return True
