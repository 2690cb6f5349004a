"""What a message in English is about: a ward procedure or a matter handled elsewhere.

The NLU only says a message is in English; the Vietnamese finder cannot read it. A small
reviewed glossary (``data/english/topics.yml``) maps English phrases to a ward procedure
code or an out-of-scope matter, so the English reply can name what the citizen asked about
and offer the Vietnamese answer one button away.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class EnglishTopic:
    english: str
    phrases: tuple[str, ...]
    code: str | None = None
    matter: str | None = None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return " ".join(re.findall(r"[a-z0-9']+", text))


@dataclass(frozen=True)
class EnglishGlossary:
    topics: tuple[EnglishTopic, ...]

    def match(self, text: str) -> EnglishTopic | None:
        """The topic whose phrases cover most of the message (total phrase length), or
        ``None``; on a tie the topic listed first wins."""
        folded = f" {_fold(text)} "
        best: EnglishTopic | None = None
        best_score = 0
        for topic in self.topics:
            score = sum(len(p) for p in topic.phrases if f" {p} " in folded)
            if score > best_score:
                best, best_score = topic, score
        return best


def load_glossary(path: Path) -> EnglishGlossary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    topics = []
    for entry in raw["topics"]:
        code, matter = entry.get("code"), entry.get("matter")
        if (code is None) == (matter is None):
            raise ValueError(f"an English topic has a code or a matter, not both: {entry}")
        topics.append(
            EnglishTopic(
                english=str(entry["english"]),
                phrases=tuple(_fold(p) for p in entry["phrases"]),
                code=str(code) if code is not None else None,
                matter=str(matter) if matter is not None else None,
            )
        )
    return EnglishGlossary(tuple(topics))


@lru_cache(maxsize=2)
def cached_glossary(data_dir: Path) -> EnglishGlossary:
    return load_glossary(data_dir / "english" / "topics.yml")
