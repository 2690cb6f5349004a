"""Personal numbers out of the stored conversation and the Rasa server's logs.

Pure functions over event dictionaries (``Event.as_dict()``), used by
bot/tracker_store.py before anything is written. The number patterns live in
actions/text/masking.py, shared with the action server.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from actions.text.masking import install_log_masking, mask_all_digits, mask_personal_numbers

#: Slots holding a secret: their values are never stored.
SECRET_SLOTS = frozenset({"dossier_factor"})
#: (form, requested slot) while which the citizen's whole reply is the secret.
SECRET_REPLIES = frozenset({("dossier_lookup_form", "dossier_factor")})
SECRET_PLACEHOLDER = "****"

__all__ = [
    "ConversationState",
    "install_log_masking",
    "mask_event",
    "mask_events",
    "mask_personal_numbers",
]


class ConversationState:
    """Follows the active form and its requested slot along the events."""

    def __init__(self) -> None:
        self.active_loop: str | None = None
        self.requested_slot: str | None = None

    def follow(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "active_loop":
            self.active_loop = event.get("name")
            if self.active_loop is None:
                self.requested_slot = None
        elif kind == "slot" and event.get("name") == "requested_slot":
            self.requested_slot = event.get("value")
        elif kind in ("restart", "session_started"):
            self.active_loop = self.requested_slot = None

    @property
    def expects_secret(self) -> bool:
        return (self.active_loop, self.requested_slot) in SECRET_REPLIES


def _mask_text(text: Any, secret: bool) -> Any:
    if not isinstance(text, str):
        return text
    return mask_all_digits(text) if secret else mask_personal_numbers(text)


def mask_event(event: dict[str, Any], *, secret_reply: bool = False) -> dict[str, Any]:
    """A copy of ``event`` safe to store: personal numbers and secrets masked."""
    kind = event.get("event")
    if kind == "slot":
        if event.get("name") in SECRET_SLOTS and event.get("value") is not None:
            return {**event, "value": SECRET_PLACEHOLDER}
        if isinstance(event.get("value"), str):
            return {**event, "value": mask_personal_numbers(event["value"])}
        return event
    if kind not in ("user", "bot"):
        return event
    masked = copy.deepcopy(event)
    masked["text"] = _mask_text(masked.get("text"), secret_reply)
    parse_data = masked.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data["text"] = _mask_text(parse_data.get("text"), secret_reply)
        for entity in parse_data.get("entities") or []:
            entity["value"] = _mask_text(entity.get("value"), secret_reply)
    for entity in masked.get("entities") or []:  # pragma: no cover - older layouts
        entity["value"] = _mask_text(entity.get("value"), secret_reply)
    return masked


def mask_events(events: Iterable[dict[str, Any]], start: int = 0) -> list[dict[str, Any]]:
    """Masked copies of ``events[start:]``; the earlier ones only set the form's state."""
    state = ConversationState()
    masked = []
    for index, event in enumerate(events):
        if index >= start:
            secret = event.get("event") == "user" and state.expects_secret
            masked.append(mask_event(event, secret_reply=secret))
        state.follow(event)
    return masked
