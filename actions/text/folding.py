"""Accent folding and teencode normalisation for Vietnamese user text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
_WORD = re.compile(r"\w+", re.UNICODE)
# Vietnamese never triples a letter; "khongggg" or "đcccc" is emphasis or a sticky key.
_REPEATS = re.compile(r"(\w)\1{2,}", re.UNICODE)
# Letters Vietnamese spelling does not use, typed for the sound: "fải" = "phải",
# "jờ" = "giờ", "wá" = "quá", "dzậy" = "dậy". Applied to folded syllables that start
# with them and go on with a vowel, so "j" alone ("gì") stays a teencode entry.
_SPELLING = (
    (re.compile(r"^f(?=[aeiouy])"), "ph"),
    (re.compile(r"^j(?=[aeiouy])"), "gi"),
    (re.compile(r"^w(?=[aeiouy])"), "qu"),
    (re.compile(r"^dz(?=[aeiouy])"), "d"),
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics; "Đăng ký" -> "dang ky".

    ``str.lower`` plus mark removal maps each NFC character to exactly one character,
    so offsets computed on the folded text are valid in the NFC original.
    """
    lowered = nfc(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return {
        "teencode": {fold(k): fold(v) for k, v in raw["teencode"].items()},
        "stop_phrases": sorted(
            (tuple(fold(p).split()) for p in raw["query_stop_phrases"]), key=len, reverse=True
        ),
        "follow_up_words": frozenset(fold(w) for w in raw.get("follow_up_words", ())),
        "keep_phrases": sorted(
            (tuple(fold(p).split()) for p in raw.get("keep_phrases", ())), key=len, reverse=True
        ),
    }


def follow_up_words() -> frozenset[str]:
    """Folded words of a follow-up about papers or channels (see lexicon.yml)."""
    words: frozenset[str] = _lexicon()["follow_up_words"]
    return words


def _collapse(folded: str) -> str:
    """Collapse a run of one letter ("khongggg"), unless the token is a known abbreviation
    whose letters repeat ("cccd")."""
    if folded in _lexicon()["teencode"]:
        return folded
    return _REPEATS.sub(r"\1", folded)


def fold_tokens(text: str) -> list[str]:
    """Folded word tokens of ``text``, with runs of a repeated letter collapsed."""
    return [_collapse(token) for token in _WORD.findall(fold(text))]


def _expand(folded: str) -> str:
    """Teencode entry of a folded token, else its respelling ("fai" -> "phai")."""
    teencode: dict[str, str] = _lexicon()["teencode"]
    if folded in teencode:
        return teencode[folded]
    for pattern, replacement in _SPELLING:
        folded = pattern.sub(replacement, folded)
    return folded


def normalise_token(token: str) -> str:
    """Expand an unambiguous abbreviation ("ko" -> "khong", "gks" -> "giay khai sinh")."""
    return _expand(_collapse(fold(token)))


def normalise_tokens(text: str) -> list[str]:
    """Folded, teencode-expanded word tokens: the form both NLU and search compare."""
    out: list[str] = []
    for token in fold_tokens(text):
        out.extend(_expand(token).split())
    return out


def content_segments(tokens: list[str]) -> list[list[str]]:
    """Split normalised tokens into runs of content words, dropping question words.

    Returned as segments so that no word pair is formed across a removed phrase.
    """
    stops: list[tuple[str, ...]] = _lexicon()["stop_phrases"]
    keep: list[tuple[str, ...]] = _lexicon()["keep_phrases"]
    segments: list[list[str]] = [[]]
    i = 0
    while i < len(tokens):
        kept = next((p for p in keep if tuple(tokens[i : i + len(p)]) == p), None)
        if kept:  # a name whose folded words look like question words ("căn cước")
            segments[-1].extend(kept)
            i += len(kept)
            continue
        hit = next((p for p in stops if tuple(tokens[i : i + len(p)]) == p), None)
        if hit:
            i += len(hit)
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(tokens[i])
        i += 1
    return [s for s in segments if s]
