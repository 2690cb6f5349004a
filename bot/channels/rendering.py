"""Channel-aware rendering of what Rasa sends: text, buttons and their fallbacks.

The channels do not write Vietnamese of their own: every phrase a citizen reads comes from
the domain responses (``bot/domain/*.yml``), loaded here by name.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"

# Responses the channels use (bot/domain/channels.yml).
TEXT_ONLY = "utter_text_only"
CHOOSE_NUMBER = "utter_choose_by_number"


@dataclass(frozen=True)
class Choice:
    """One button as Rasa sends it: what the citizen sees and what comes back."""

    title: str
    payload: str


def choices_from(buttons: Iterable[Mapping[str, Any]] | None) -> list[Choice]:
    """Rasa's button dicts as choices; buttons without a payload are dropped."""
    return [
        Choice(str(b.get("title", "")).strip(), str(b["payload"]))
        for b in buttons or ()
        if b.get("payload")
    ]


@lru_cache(maxsize=8)
def domain_texts(domain_dir: Path = DOMAIN_DIR) -> dict[str, str]:
    """Response name -> text of its first variation, over every domain file."""
    texts: dict[str, str] = {}
    for path in sorted(domain_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            if variations and isinstance(variations[0], dict) and "text" in variations[0]:
                texts[name] = str(variations[0]["text"])
    return texts


def response_text(name: str, domain_dir: Path = DOMAIN_DIR) -> str:
    """The text of one domain response; a missing one is a deployment error."""
    try:
        return domain_texts(domain_dir)[name]
    except KeyError:
        raise LookupError(f"response {name!r} is missing from {domain_dir}") from None


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into messages of at most ``limit`` characters, at line boundaries.

    A single line longer than the limit is cut at the last space before it (or hard, for
    a run without spaces). Empty input gives no message.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current = ""
    for line in _short_lines(text.strip("\n"), limit):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            chunks.append(current.rstrip())
        current = line
    if current.strip():
        chunks.append(current.rstrip())
    return chunks


def _short_lines(text: str, limit: int) -> Iterable[str]:
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            if cut <= 0:
                cut = limit
            yield line[:cut].rstrip()
            line = line[cut:].lstrip()
        yield line


def numbered_list(choices: Sequence[Choice], intro: str) -> str:
    """The choices as a numbered list the citizen can answer with a digit."""
    lines = [intro] if intro else []
    lines += [f"{i}. {c.title}" for i, c in enumerate(choices, start=1)]
    return "\n".join(lines)


class ChoiceMemory:
    """The last numbered choices offered to each sender, so that a typed "2" means choice 2.

    Bounded (least recently used senders are forgotten); per process, like the sessions
    of the channel itself: a lost entry only means "2" is read as text.
    """

    def __init__(self, max_senders: int = 10_000) -> None:
        self._max = max_senders
        self._choices: OrderedDict[str, list[Choice]] = OrderedDict()

    def remember(self, sender_id: str, choices: Sequence[Choice]) -> None:
        self._choices[sender_id] = list(choices)
        self._choices.move_to_end(sender_id)
        while len(self._choices) > self._max:
            self._choices.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        self._choices.pop(sender_id, None)

    def resolve(self, sender_id: str, text: str) -> str:
        """The payload of choice number ``text`` if it is one, else ``text`` unchanged."""
        match = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", text)
        choices = self._choices.get(sender_id)
        if not match or not choices:
            return text
        index = int(match.group(1)) - 1
        if 0 <= index < len(choices):
            return choices[index].payload
        return text
