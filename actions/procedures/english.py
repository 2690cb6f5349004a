"""An English message in the catalogue's Vietnamese terms, for the procedure finder.

The NLU only says a message is in English; the Vietnamese finder cannot read it. A reviewed
glossary (``data/english/glossary.yml``) gives the Vietnamese of the catalogue's key terms
(procedure names and results, the matters other agencies handle, the kinds of question).
The message is translated term by term, longest English wording first, and the translation
goes through the same finder as a Vietnamese question: "register our marriage" + "I'm
American" reads "đăng ký kết hôn có yếu tố nước ngoài", which names that procedure the way
a Vietnamese citizen would. No phrase maps to a procedure code, so a term serves every
procedure whose name holds it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Articles and possessives say nothing about the matter: "lost my passport", "lost the
#: passport" and "lost passport" are one wording.
_DROPPED = frozenset(
    {"a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this", "that",
     "these", "those", "some"}
)  # fmt: skip
#: Words a wording's words may have between them in a message ("lost my Vietnamese
#: passport", "register a marriage here"): one.
MAX_GAP = 1


def _stem(word: str) -> str:
    """A light English stem, the same for the glossary and the message: "marriages",
    "registered", "registering" and "register's" meet their base form."""
    word = word.removesuffix("'s").replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if (len(word) > 4 and word.endswith("es") and word[-3] in "sxz") or word.endswith(
        ("ches", "shes")
    ):
        return word[:-2]
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def english_words(text: str) -> tuple[str, ...]:
    """The stemmed words of an English text (case, accents and punctuation dropped)."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return tuple(_stem(w) for w in _WORD.findall(text) if w not in _DROPPED)


@dataclass(frozen=True)
class Term:
    vietnamese: str
    english: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Translation:
    #: The Vietnamese terms found, in the order the message says them, each once.
    terms: tuple[str, ...]

    @property
    def text(self) -> str:
        return ", ".join(self.terms)


_Index = dict[str, list[tuple[tuple[str, ...], str]]]


@dataclass(frozen=True)
class EnglishGlossary:
    terms: tuple[Term, ...]
    #: English wordings by their first word, longest first.
    _index: _Index = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: _Index = {}
        for term in self.terms:
            for words in term.english:
                index.setdefault(words[0], []).append((words, term.vietnamese))
        for candidates in index.values():
            candidates.sort(key=lambda c: len(c[0]), reverse=True)
        object.__setattr__(self, "_index", index)

    def translate(self, text: str) -> Translation:
        """The Vietnamese terms of ``text``: at each word the longest English wording of a
        term that starts there wins, and its words are used up."""
        words = english_words(text)
        found: list[str] = []
        i = 0
        while i < len(words):
            end, vietnamese = next(
                (
                    (end, vi)
                    for wording, vi in self._index.get(words[i], ())
                    if (end := _match_end(words, i, wording)) is not None
                ),
                (None, ""),
            )
            if end is None:
                i += 1
                continue
            if vietnamese not in found:
                found.append(vietnamese)
            i = end
        return Translation(tuple(found))


def _match_end(words: tuple[str, ...], start: int, wording: tuple[str, ...]) -> int | None:
    """Where ``wording`` ends when it is said from ``words[start]`` on, its words in order
    with at most ``MAX_GAP`` other words between two of them; else ``None``."""
    pos = start + 1
    for word in wording[1:]:
        window = words[pos : pos + MAX_GAP + 1]
        if word not in window:
            return None
        pos += window.index(word) + 1
    return pos


def load_glossary(path: Path) -> EnglishGlossary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = []
    seen: dict[tuple[str, ...], str] = {}
    for entry in raw["terms"]:
        vietnamese = unicodedata.normalize("NFC", str(entry["vi"])).strip()
        wordings = []
        for phrase in entry["en"]:
            words = english_words(str(phrase))
            if not words:
                raise ValueError(f"an English wording without words: {phrase!r}")
            if words in seen and seen[words] != vietnamese:
                # Two terms for one wording: the reviewer must choose (load fails loudly).
                raise ValueError(f"{phrase!r} is both {seen[words]!r} and {vietnamese!r}")
            seen[words] = vietnamese
            wordings.append(words)
        terms.append(Term(vietnamese, tuple(wordings)))
    return EnglishGlossary(tuple(terms))


@lru_cache(maxsize=2)
def cached_glossary(data_dir: Path) -> EnglishGlossary:
    return load_glossary(data_dir / "english" / "glossary.yml")
