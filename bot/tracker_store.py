"""SQL tracker store that never writes a personal number or the lookup's factor.

bot/endpoints.yml: ``tracker_store: {type: bot.tracker_store.MaskingSQLTrackerStore,
url: ...}``. Rasa 3.6 builds custom stores as ``cls(host=url, domain=..., event_broker=...,
**kwargs)``; SQLTrackerStore takes a full SQLAlchemy URL as ``host``. Events are masked
when saved (bot/privacy.py), so the in-memory tracker of the current turn is unchanged and
the next turn starts from the masked one. Creating the store also masks the process's logs.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import Session

from bot.privacy import SECRET_SLOTS, install_log_masking, mask_events
from bot.session_rollover import (
    DEFAULT_MAX_SESSION_EVENTS,
    MIN_MAX_SESSION_EVENTS,
    continue_session,
)

logger = logging.getLogger(__name__)


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        *args: Any,
        max_session_events: int = DEFAULT_MAX_SESSION_EVENTS,
        **kwargs: Any,
    ) -> None:
        # endpoints.yml may set ``max_session_events`` (bot/session_rollover.py).
        if int(max_session_events) < MIN_MAX_SESSION_EVENTS:
            raise ValueError(f"max_session_events must be >= {MIN_MAX_SESSION_EVENTS}")
        self.max_session_events = int(max_session_events)
        install_log_masking()
        super().__init__(*args, **kwargs)

    def _stored_count(self, session: Session, tracker: DialogueStateTracker) -> int:
        """How many of ``tracker.events`` are stored already.

        SQLTrackerStore counts the stored events of the latest session, which is right when
        the tracker begins with that session, as a retrieved one does. A tracker the store
        continued in a new session (bot/session_rollover.py), or a new conversation's
        first one, also holds events before that session's ``session_started``: they are
        stored too, and added to the count.
        """
        latest_start = (
            session.query(sa.func.max(self.SQLEvent.timestamp))
            .filter(
                self.SQLEvent.sender_id == tracker.sender_id,
                self.SQLEvent.type_name == SessionStarted.type_name,
            )
            .scalar()
        )
        count: int = self._event_query(
            session, tracker.sender_id, fetch_events_from_all_sessions=False
        ).count()
        if latest_start is None:
            return count
        events = list(tracker.events)
        for index in range(len(events) - 1, 0, -1):
            event = events[index]
            if isinstance(event, SessionStarted) and event.timestamp == latest_start:
                # Those before it that the count missed: the stored session is read by
                # timestamp, so one stamped later by a clock ahead is counted already.
                return count + sum(e.timestamp < latest_start for e in events[:index])
        return count

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Any event broker would receive unmasked events: none is configured (endpoints.yml).
        await self.stream_events(tracker)
        with self.session_scope() as session:
            already = self._stored_count(session, tracker)
            # A long session continues in a new one, so a turn's cost stays bounded.
            continue_session(tracker, already, self.max_session_events, SECRET_SLOTS)
            # The same slice as SQLTrackerStore._additional_events; masking follows the
            # form's state from the first event so the factor's reply is recognised.
            events = list(tracker.events)
            new = mask_events([e.as_dict() for e in events], start=already)
            for event, data in zip(events[already:], new, strict=True):
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("Tracker stored (masked)")
