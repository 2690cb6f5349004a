"""Choose between close variants of one act by the few words that tell them apart.

"Đăng ký khai sinh", "đăng ký lại khai sinh" and "đăng ký khai sinh có yếu tố nước ngoài"
share most of their words, so the resolver scores them within a few hundredths of each
other and the citizen gets buttons, or the broader procedure wins. What tells them apart
is a marker in the official name ("lại", "có yếu tố nước ngoài", "tạm ngừng") that the
citizen says in their own words ("làm lại", "chồng em người Hàn", "tạm nghỉ bán"). The
markers and their cues are data (variants.yml).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions.text.folding import normalise_tokens

_MARKERS_PATH = Path(__file__).with_name("variants.yml")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Marker:
    key: str
    name_forms: tuple[Phrase, ...]
    cues: tuple[Phrase, ...]
    unless: tuple[Phrase, ...] = ()
    hints: tuple[Phrase, ...] = ()

    def _denied(self, tokens: Sequence[str]) -> bool:
        return any(_contains(tokens, u) for u in self.unless)

    def cued_by(self, tokens: Sequence[str]) -> bool:
        return any(_contains(tokens, c) for c in self.cues) and not self._denied(tokens)

    def hinted_by(self, tokens: Sequence[str]) -> bool:
        return any(_contains(tokens, h) for h in self.hints) and not self._denied(tokens)


def _phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(p for p in (tuple(normalise_tokens(str(t))) for t in texts) if p)


@lru_cache(maxsize=1)
def markers() -> tuple[Marker, ...]:
    """The markers of variants.yml, folded (read once, on first use)."""
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["markers"]
    return tuple(
        Marker(
            key,
            _phrases(spec["name"]),
            _phrases(spec["cues"]),
            _phrases(spec.get("unless", ())),
            _phrases(spec.get("hints", ())),
        )
        for key, spec in raw.items()
    )


def _contains(tokens: Sequence[str], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


@lru_cache(maxsize=4096)
def marks_of_name(name: str) -> frozenset[str]:
    """The variant markers an official procedure name carries."""
    tokens = normalise_tokens(name)
    return frozenset(m.key for m in markers() if any(_contains(tokens, f) for f in m.name_forms))


@lru_cache(maxsize=4096)
def core_of_name(name: str) -> frozenset[str]:
    """The words of an official name besides its variant markers: what the act is."""
    tokens = name_tokens(name)
    drop: set[int] = set()
    for marker in markers():
        for form in marker.name_forms:
            n = len(form)
            for i in range(len(tokens) - n + 1):
                if tuple(tokens[i : i + n]) == form:
                    drop.update(range(i, i + n))
    return frozenset(t for i, t in enumerate(tokens) if i not in drop)


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> Phrase:
    """An official name's folded words, without the "Thủ tục" every national name starts
    with."""
    tokens = normalise_tokens(name)
    if tuple(tokens[:2]) == ("thu", "tuc"):
        tokens = tokens[2:]
    return tuple(tokens)


@lru_cache(maxsize=1)
def _negations() -> frozenset[str]:
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle).get("negations", ())
    return frozenset(t for w in raw for t in normalise_tokens(str(w)))


def says_name(text: str, name: str, *, min_words: int = 3) -> bool:
    """Whether ``text`` contains the whole official ``name``, word for word, and does not
    deny it ("chưa đăng ký kết hôn")."""
    phrase = name_tokens(name)
    if len(phrase) < min_words:
        return False
    tokens = normalise_tokens(text)
    n = len(phrase)
    return any(
        tuple(tokens[i : i + n]) == phrase and (i == 0 or tokens[i - 1] not in _negations())
        for i in range(len(tokens) - n + 1)
    )


def cued_marks(text: str) -> frozenset[str]:
    """The variant markers a citizen's question cues."""
    tokens = normalise_tokens(text)
    return frozenset(m.key for m in markers() if m.cued_by(tokens))


def hinted_marks(text: str) -> frozenset[str]:
    """The variant markers a question makes possible without saying them."""
    tokens = normalise_tokens(text)
    return frozenset(m.key for m in markers() if m.hinted_by(tokens))


def fit(
    name_marks: frozenset[str], cued: frozenset[str], hinted: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """How well a variant fits the question, larger is better: first the cued markers it
    carries, then (negated) the markers it carries that the question neither cues nor
    hints at."""
    return len(name_marks & cued), -len(name_marks - cued - hinted)
