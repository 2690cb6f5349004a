"""Answer a procedure the NLU did not classify as a procedure question, only when sure.

The NLU reads some clear procedure questions as ``out_of_scope`` or falls back on them
("rút bhxh 1 lần cần gì"): the intent model knows the desk's kinds of question, not its
300 procedures. When such a message names one ward procedure plainly, the honest reply is
that procedure, not "out of scope" or "did you mean…?". The NLU's verdict still counts as
evidence against it, so the bar is higher than on the procedure intents' path: the finder
must find one procedure on its own (no remembered one), fitting well, clearly ahead of the
next procedure and of anything handled elsewhere, with most of the message's words being
the words of that procedure's names, aliases or card names. "Clearly ahead" leaves out a
variant the finder set aside by a marker the message says, and fails when a sibling has
the same words plus one the choice lacks. A word that matches only with its diacritics
dropped is no evidence either way ("định" ≠ "đình"), unless it is a rival's words as typed.
Eligibility questions ("có phải đăng ký … không") are answered with the conditions first
(``topics_without_intent``). Thresholds are calibrated in
tests/procedures/test_confidence.py (negatives: the NLU's out-of-scope examples, national
procedures the ward does not carry, matters handled elsewhere, chit-chat).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import pairwise

from actions.cards.store import CardStore
from actions.procedures.answers import Topic
from actions.procedures.aspects import MAX_TOPICS, cued_topics, topics_asked
from actions.procedures.finder import (
    Found,
    HandledElsewhere,
    ProcedureFinder,
    scoped_resolver_for,
)
from actions.procedures.models import Procedure
from actions.procedures.repository import ProcedureRepository
from actions.procedures.resolver import Match, ProcedureResolver
from actions.procedures.variants import cued_marks, marks_of_name
from actions.scope.store import Scope, is_out_of_scope
from actions.text import fold, nfc, topic_cues

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
#: A variant set aside by a marker the message says may share this much weight of the
#: message's words that the chosen procedure does not (stray words such as "kỹ" in "kỹ sư"
#: matching "đăng ký"): more, and it is about something else, a real rival.
MAX_SIBLING_EXTRA = 0.25
#: A rival with this share of the weight of the words the message shares with the chosen
#: procedure is about the same thing; if it also has a word the chosen one lacks, it may
#: be what is meant.
SIBLING_SHARE = 0.9

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


def accent_conflicts(text: str, phrases: Iterable[str]) -> list[str]:
    """The words of ``text`` typed with diacritics that match a word of ``phrases`` only
    once the diacritics are dropped: "sữa chua" is not "sửa chữa", though both fold to
    "sua chua"."""
    known: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        for word in _WORD.findall(nfc(phrase).lower()):
            letters, marks = _signature(word)
            known.setdefault(letters, set()).add(marks)
    conflicts = []
    for word in _WORD.findall(nfc(text)):
        if not _accented(word.lower()):
            continue
        letters, marks = _signature(word.lower())
        # A word spelled without diacritics in an alias ("dk ket hon") fits any spelling.
        if letters in known and not known[letters] & {marks, ()}:
            conflicts.append(word)
    return conflicts


def accent_conflict(text: str, phrases: Iterable[str]) -> bool:
    """True when some word of ``text`` conflicts with ``phrases`` (``accent_conflicts``)."""
    return bool(accent_conflicts(text, phrases))


def without_words(text: str, words: Iterable[str]) -> str:
    """``text`` without every occurrence of ``words`` (as typed)."""
    dropped = {nfc(w) for w in words}
    return " ".join(w for w in _WORD.findall(nfc(text)) if w not in dropped)


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


def _phrases_of(procedure: Procedure, cards: CardStore | None) -> list[str]:
    """The names a procedure is known by: official, aliases, and its card's words."""
    phrases = [procedure.name, *(a.alias for a in procedure.aliases)]
    card = cards.get(procedure.code) if cards is not None else None
    if card is not None:
        phrases += [card.title, *card.everyday_names, *card.situations]
    return phrases


def _displaced_sibling(
    resolver: ProcedureResolver, text: str, chosen: Procedure, other: Match
) -> bool:
    """Whether ``other`` is a variant of the chosen procedure's act that the finder set
    aside by a marker the message says ("… cho người nước ngoài", "đóng hộ kinh doanh"):
    it lacks that marker and shares nothing of weight with the message that the chosen
    one does not. Such a sibling often scores higher (its name is shorter, so the message
    covers more of it), but it is no rival: the message said what tells them apart."""
    said = marks_of_name(chosen.name) & cued_marks(text)
    if not said - marks_of_name(other.entry.name):
        return False
    theirs = resolver.matched_words(text, other.entry.code)
    ours = resolver.matched_words(text, chosen.code)
    extra = sum(w for word, w in theirs.items() if word not in ours)
    return extra <= MAX_SIBLING_EXTRA * sum(theirs.values())


def _pairs(text: str) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    """The word pairs of ``text``, each word as letters and diacritics (``_signature``)."""
    words = [_signature(w.lower()) for w in _WORD.findall(nfc(text))]
    return list(pairwise(words))


def _rivals_say(
    repository: ProcedureRepository,
    cards: CardStore | None,
    text: str,
    code: str,
    words: Iterable[str],
) -> bool:
    """Whether one of ``words``, with a word next to it in ``text``, is a word pair of a
    procedure ranked for ``text`` other than ``code``, diacritics and all ("cơ quan" of the
    procedure for organisations). One word alone says little ("định" is in "xác định",
    "quy định"…); a pair is what the message and that name share."""
    conflicting = {_signature(w.lower()) for w in words}
    asked = {pair for pair in _pairs(text) if conflicting & set(pair)}
    if not asked:
        return False
    ranked = ProcedureFinder(repository, None, cards).resolver().rank(text, limit=RANKED)
    for match in ranked:
        if match.entry.code == code:
            continue
        for phrase in (match.entry.name, *match.entry.aliases):
            if asked & set(_pairs(phrase)):
                return True
    return False


def _sibling_explains(
    resolver: ProcedureResolver, text: str, code: str, other: Match, stray: Sequence[str]
) -> bool:
    """Whether ``other`` is about the same thing as ``code`` in the message's words (it
    has nearly all the words the message shares with ``code``) and also has a word of the
    message ``code`` lacks: "thu hồi đăng ký biển số xe" is the revocation, not the first
    registration whose name it otherwise fits. Then the choice between them is not clear."""
    ours = resolver.matched_words(text, code)
    theirs = resolver.matched_words(text, other.entry.code)
    shared = sum(w for word, w in ours.items() if word in theirs)
    if shared < SIBLING_SHARE * sum(ours.values()):
        return False
    return any(word in theirs for word in stray)


def _clear_match(
    repository: ProcedureRepository, scope: Scope | None, cards: CardStore | None, text: str
) -> Found | None:
    """The finder's one procedure for ``text``, when it fits well and clearly ahead of
    every rival (accents aside)."""
    finder = ProcedureFinder(repository, scope, cards)
    result = finder.find(text)
    if not isinstance(result, Found):
        return None
    chosen = result.procedure
    code = chosen.code
    resolver = finder.resolver()
    ranked = resolver.rank(text, limit=RANKED)
    best = next((m.score for m in ranked if m.entry.code == code), 0.0)
    rivals = [
        m
        for m in ranked
        if m.entry.code != code and not _displaced_sibling(resolver, text, chosen, m)
    ]
    runner_up = rivals[0].score if rivals else 0.0
    if best < MIN_SCORE or best - runner_up < MIN_MARGIN:
        return None
    content = resolver.stray_words(text)
    stray = resolver.stray_words(text, code)
    if not set(content) - set(stray) or len(stray) > MAX_STRAY_SHARE * len(content):
        return None
    if any(_sibling_explains(resolver, text, code, m, stray) for m in rivals):
        return None
    if scope is not None:
        scoped = scoped_resolver_for(repository, scope, cards).rank(text, limit=RANKED)
        elsewhere = next((m.score for m in scoped if is_out_of_scope(m.entry.code)), 0.0)
        ward = next((m.score for m in scoped if m.entry.code == code), 0.0)
        if ward - elsewhere < MIN_ELSEWHERE_GAP:
            return None
    return result


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
    found = _clear_match(repository, scope, cards, text)
    if found is None:
        return None
    conflicts = accent_conflicts(text, _phrases_of(found.procedure, cards))
    if not conflicts:
        return found
    # A word that matches only once its diacritics are dropped ("sữa" for "sửa", "định"
    # for "đình", "có" for "cơ") is no evidence: the message is judged again without it,
    # and must still name the same procedure clearly on its own words. Unless it is, with
    # its neighbour, a rival's words as typed ("cơ quan" of the procedure for
    # organisations): then the message may well mean that rival.
    if _rivals_say(repository, cards, text, found.procedure.code, conflicts):
        return None
    again = _clear_match(repository, scope, cards, without_words(text, conflicts))
    if again is None or again.procedure.code != found.procedure.code:
        return None
    return found


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


def topics_without_intent(text: str) -> list[Topic]:
    """The answers a message the NLU did not classify gets once its procedure is found.

    Without an intent, the message's words are all there is to say what it asks. The kinds
    of answer they name come in answer order; a yes/no question of eligibility ("có phải
    đăng ký … không", "có được … không", "có cần … không") leads with the conditions, the
    answer to what was asked, and when it asks nothing else, the overview follows: what the
    procedure is and how it is done, whatever the conditions say.
    """
    if not topic_cues.asks_eligibility(text):
        return topics_asked(text, Topic.OVERVIEW)
    cued = cued_topics(text)
    others = [t for t in cued if t is not Topic.CONDITIONS]
    return [Topic.CONDITIONS, *(others or [Topic.OVERVIEW])][:MAX_TOPICS]
