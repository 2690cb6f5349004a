"""Citizen-facing wording, read from the domain's responses.

The Rasa server sends its domain with every action call; answers are assembled from
the line templates there, so that no Vietnamese text a citizen reads lives in Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Phrasebook:
    def __init__(self, responses: Mapping[str, Any]) -> None:
        self._responses = responses

    @classmethod
    def from_domain(cls, domain: Mapping[str, Any]) -> Phrasebook:
        return cls(domain.get("responses", {}))

    def has(self, response: str) -> bool:
        return bool(self._responses.get(response))

    def text(self, response: str, /, **values: object) -> str:
        """The first variation of ``response`` with ``{placeholders}`` filled in.

        Unknown placeholders are left as they are rather than raising, the way Rasa
        itself renders responses.
        """
        variations = self._responses.get(response)
        if not variations:
            raise KeyError(f"response {response!r} is not in the domain")
        template = str(variations[0].get("text", ""))
        return _PLACEHOLDER.sub(
            lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0),
            template,
        )

    def buttons(self, response: str) -> list[dict[str, str]]:
        """The buttons of the first variation of ``response`` (none when it has none)."""
        variations = self._responses.get(response) or [{}]
        return [dict(b) for b in variations[0].get("buttons") or ()]
