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

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import install_log_masking, mask_events

logger = logging.getLogger(__name__)


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install_log_masking()
        super().__init__(*args, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Any event broker would receive unmasked events: none is configured (endpoints.yml).
        await self.stream_events(tracker)
        with self.session_scope() as session:
            already = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
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
