"""What the tests of the shipped cards share: a composer over the bot's own responses."""

from __future__ import annotations

from typing import Any

import yaml

from actions.cards.answers import CardComposer, OfficeContact
from actions.phrasebook import Phrasebook
from actions.settings import PROJECT_ROOT


def shipped_composer() -> CardComposer:
    """A card composer speaking with the domain's responses, as the action server does."""
    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    return CardComposer(
        Phrasebook(responses), lambda _: OfficeContact("Bộ phận Một cửa"), "https://x"
    )
