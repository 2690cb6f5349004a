"""Answer a procedure the NLU did not classify as a procedure question, only when sure.

The NLU reads some clear procedure questions as ``out_of_scope`` or falls back on them
("rút bhxh 1 lần cần gì"): the intent model knows the desk's kinds of question, not its
300 procedures. When such a message names one ward procedure plainly, the honest reply is
that procedure, not "out of scope" or "did you mean…?". The NLU's verdict still counts as
evidence against it, so the bar is higher than on the procedure intents' path: the finder
must find one procedure on its own (no remembered one), fitting well, clearly ahead of the
next procedure and of anything handled elsewhere, with most of the message's words being
the words of that procedure's names, aliases or card names. Thresholds are calibrated in
tests/procedures/test_confidence.py (negatives: the NLU's out-of-scope examples, national
procedures the ward does not carry, matters handled elsewhere, chit-chat).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from actions.cards.store import CardStore
from actions.procedures.finder import (
    Found,
    HandledElsewhere,
    ProcedureFinder,
    scoped_resolver_for,
)
from actions.procedures.repository import ProcedureRepository
from actions.scope.store import Scope, is_out_of_scope
from actions.text import fold, nfc

#: The procedure's best phrase must be mostly in the message…
MIN_SCORE = 0.6
#: …clearly better than the next procedure's (the finder alone asks for 0.08)…
MIN_MARGIN = 0.15
#: …and than the best matter handled elsewhere (the finder alone asks for 0.05).
MIN_ELSEWHERE_GAP = 0.15
#: At most this share of the message's content words may be foreign to the procedure.
MAX_STRAY_SHARE = 0.5
#: A story (the finder's long message) is not answered without an intent: the request is
#: one sentence of many, and the NLU's doubt is then about what is asked, not the words.
MAX_WORDS = 25
RANKED = 12

_WORD = re.compile(r"\w+")
# Vietnamese diacritics: tone marks and vowel-quality marks (combining characters after NFD).
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _signature(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's letters and diacritics, wherever a tone mark sits ("hoà" and "hòa" agree)."""
    decomposed = unicodedata.normalize("NFD", word)
    marks = tuple(sorted(c for c in decomposed if c in _MARKS))
    return fold(word), marks + (("đ",) if "đ" in word else ())


def _accented(word: str) -> bool:
    return _signature(word)[1] != ()


def accent_conflict(text: str, phrases: Iterable[str]) -> bool:
    """True when a word typed with diacritics matches a word of ``phrases`` only once the
    diacritics are dropped: "sữa chua" is not "sửa chữa", though both fold to "sua chua"."""
    known: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        for word in _WORD.findall(nfc(phrase).lower()):
            letters, marks = _signature(word)
            known.setdefault(letters, set()).add(marks)
    for word in _WORD.findall(nfc(text).lower()):
        if not _accented(word):
            continue
        letters, marks = _signature(word)
        # A word spelled without diacritics in an alias ("dk ket hon") fits any spelling.
        if letters in known and not known[letters] & {marks, ()}:
            return True
    return False


def without_ward_name(text: str, ward_name: str) -> str:
    """``text`` without the ward's own name, with or without its unit ("phường Đống Đa",
    "Đống Đa"): every conversation is with that ward, so its name names no procedure."""
    name = fold(ward_name).split()
    if not name:
        return text
    forms = [name, name[1:]] if len(name) > 1 else [name]
    words = _WORD.findall(nfc(text))
    folded = [fold(w) for w in words]
    kept: list[str] = []
    i = 0
    while i < len(words):
        form = next((f for f in forms if f and folded[i : i + len(f)] == f), None)
        if form is None:
            kept.append(words[i])
            i += 1
        else:
            i += len(form)
    return " ".join(kept)


def confident_procedure(
    repository: ProcedureRepository,
    scope: Scope | None,
    cards: CardStore | None,
    text: str,
    *,
    ward_name: str = "",
) -> Found | None:
    """The one ward procedure ``text`` clearly names on its own, else None.

    ``ward_name`` ("phường Đống Đa") names no procedure: it is left out, so that
    "ubnd phường Đống Đa ở đâu" is not the procedure whose alias mentions the ward.
    """
    if len(text.split()) > MAX_WORDS:
        return None
    text = without_ward_name(text, ward_name)
    finder = ProcedureFinder(repository, scope, cards)
    result = finder.find(text)
    if not isinstance(result, Found):
        return None
    code = result.procedure.code
    resolver = finder.resolver()
    ranked = resolver.rank(text, limit=RANKED)
    best = next((m.score for m in ranked if m.entry.code == code), 0.0)
    runner_up = next((m.score for m in ranked if m.entry.code != code), 0.0)
    if best < MIN_SCORE or best - runner_up < MIN_MARGIN:
        return None
    content = resolver.stray_words(text)
    stray = resolver.stray_words(text, code)
    if not set(content) - set(stray) or len(stray) > MAX_STRAY_SHARE * len(content):
        return None
    if scope is not None:
        scoped = scoped_resolver_for(repository, scope, cards).rank(text, limit=RANKED)
        elsewhere = next((m.score for m in scoped if is_out_of_scope(m.entry.code)), 0.0)
        ward = next((m.score for m in scoped if m.entry.code == code), 0.0)
        if ward - elsewhere < MIN_ELSEWHERE_GAP:
            return None
    procedure = result.procedure
    phrases = [procedure.name, *(a.alias for a in procedure.aliases)]
    card = cards.get(code) if cards is not None else None
    if card is not None:
        phrases += [card.title, *card.everyday_names, *card.situations]
    if accent_conflict(text, phrases):
        return None
    return result


def answer_without_intent(
    repository: ProcedureRepository,
    scope: Scope | None,
    cards: CardStore | None,
    text: str,
    *,
    ward_name: str = "",
) -> HandledElsewhere | Found | None:
    """What a message the NLU found out of scope (or unclear) is answered with: who handles
    it when another agency does, else the one ward procedure it clearly names, else None
    (the out-of-scope reply, or "did you mean…?")."""
    matter = ProcedureFinder(repository, scope, cards).out_of_scope(text)
    if matter is not None:
        return HandledElsewhere(matter)
    return confident_procedure(repository, scope, cards, text, ward_name=ward_name)
