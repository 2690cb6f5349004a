"""Read the citizen cards shipped in ``data/cards/`` (lazily, once per process)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions.cards.schema import Card


class CardError(ValueError):
    """A card file is invalid; the message names the file."""


@dataclass(frozen=True)
class CardStore:
    cards: Mapping[str, Card]

    def get(self, code: str) -> Card | None:
        return self.cards.get(code)

    def __iter__(self) -> Iterator[Card]:
        return iter(self.cards.values())

    def __len__(self) -> int:
        return len(self.cards)


def card_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("**/*.yml"))


def read_card(path: Path) -> Card:
    try:
        return Card.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except Exception as error:  # pydantic or YAML: either way the file is at fault
        raise CardError(f"{path}: {error}") from error


def load_cards(folder: Path) -> CardStore:
    cards: dict[str, Card] = {}
    for path in card_files(folder):
        card = read_card(path)
        if card.code in cards:
            raise CardError(f"{path}: a second card for {card.code}")
        cards[card.code] = card
    return CardStore(cards)


@lru_cache(maxsize=4)
def cached_cards(folder: Path) -> CardStore:
    """The cards of ``folder``, read once (they ship with the code, like the domain)."""
    return load_cards(folder)
