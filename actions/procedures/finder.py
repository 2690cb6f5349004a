"""Decide which procedure a question is about: the one named, or the one remembered."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from actions.cards.store import CardStore
from actions.procedures.models import Procedure
from actions.procedures.repository import ProcedureRepository, SearchEntry
from actions.procedures.resolver import Certainty, Match, ProcedureResolver, Resolution
from actions.procedures.variants import (
    core_of_name,
    cued_marks,
    fit,
    hinted_marks,
    marks_of_name,
    name_tokens,
    says_name,
)
from actions.scope.store import Matter, OutOfScope, Scope, is_out_of_scope

CHOICES_SHOWN = 4


@dataclass(frozen=True)
class Found:
    procedure: Procedure


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[SearchEntry, ...]


@dataclass(frozen=True)
class NotMentioned:
    """The question names no procedure and none is remembered."""


@dataclass(frozen=True)
class NotFound:
    """The question names something that is not in the ward's catalogue."""


@dataclass(frozen=True)
class HandledElsewhere:
    """The question is about a matter another agency handles (or a national procedure the
    ward's catalogue does not carry): the honest answer says who handles it."""

    matter: OutOfScope


FindResult = Found | Ambiguous | NotMentioned | NotFound | HandledElsewhere

# How much better an out-of-scope name must fit than the best ward procedure before the
# answer is "handled elsewhere" rather than the ward procedure (tests/procedures).
ELSEWHERE_MARGIN = 0.05

# How far below the best match a variant of the same act may score and still be chosen by
# the words that tell the variants apart (actions/procedures/variants.py): siblings such
# as "cấp thẻ căn cước" / "cấp thẻ căn cước cho người dưới 14 tuổi" differ by a few words
# of high weight, procedures of other acts score much lower.
VARIANT_WINDOW = 0.25
# A variant whose marker the question says ("chồng em người Nhật" for "... có yếu tố nước
# ngoài") may score lower still when its name is the best's plus the marker: the short
# ordinary name is fully covered by the question, the long marked one only partly.
CUED_VARIANT_WINDOW = 0.4
# Choosing the ordinary procedure because the question says no marker is weaker evidence
# than a marker said: it needs a good fit of its own.
PLAIN_VARIANT_SCORE = 0.6

# A question with this many content words that match nothing names something of its own.
STRAY_WORDS_FOR_NOT_FOUND = 2


_RESOLVERS: dict[str, ProcedureResolver] = {}


def resolver_for(repository: ProcedureRepository) -> ProcedureResolver:
    """The index of the current catalogue, rebuilt only when the knowledge base changes.

    Building it folds ~300 names and ~600 aliases (tens of ms); asking the version is one
    small query, so every action call can afford it.
    """
    version = repository.catalogue_version()
    resolver = _RESOLVERS.get(version)
    if resolver is None:
        resolver = ProcedureResolver(repository.list_search_entries())
        _RESOLVERS.clear()
        _RESOLVERS[version] = resolver
    return resolver


_SCOPED: dict[tuple[str, int, int], ProcedureResolver] = {}
_CARDED: dict[tuple[str, int], ProcedureResolver] = {}


def with_card_words(entries: list[SearchEntry], cards: CardStore | None) -> list[SearchEntry]:
    """The catalogue's entries, with each card's everyday names and situations as aliases:
    citizens describe their situation ("vừa sinh con") more often than they name it."""
    if cards is None:
        return entries
    extended = []
    for entry in entries:
        card = cards.get(entry.code)
        if card is not None:
            extra = tuple(
                a for a in (*card.everyday_names, *card.situations) if a not in entry.aliases
            )
            entry = replace(entry, aliases=entry.aliases + extra)
        extended.append(entry)
    return extended


def carded_resolver_for(repository: ProcedureRepository, cards: CardStore) -> ProcedureResolver:
    key = (repository.catalogue_version(), id(cards))
    resolver = _CARDED.get(key)
    if resolver is None:
        resolver = ProcedureResolver(with_card_words(repository.list_search_entries(), cards))
        _CARDED.clear()
        _CARDED[key] = resolver
    return resolver


def scoped_resolver_for(
    repository: ProcedureRepository, scope: Scope, cards: CardStore | None = None
) -> ProcedureResolver:
    """One index over the ward's procedures and what is out of scope, so that their scores
    compare (the same IDF); rebuilt when the catalogue changes."""
    key = (repository.catalogue_version(), id(scope), id(cards))
    resolver = _SCOPED.get(key)
    if resolver is None:
        entries = with_card_words(repository.list_search_entries(), cards)
        resolver = ProcedureResolver([*entries, *scope.entries(e.code for e in entries)])
        _SCOPED.clear()
        _SCOPED[key] = resolver
    return resolver


# A message longer than this tells a story; the request is usually one of its sentences.
LONG_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.?!;\n])\s+|\s*\n+\s*")


def sentences(text: str) -> list[str]:
    """The sentences of a message, last first: a story ends with what the citizen asks."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if len(p.split()) >= 2]
    return parts[::-1]


# Two candidates are variants of one act when most of the weight of the question's words
# that either matches is matched by both, and their names, markers aside, mostly agree
# ("cấp đổi thẻ căn cước" / "cấp thẻ căn cước"): not two names that happen to share a
# situation's words ("sau khi ...").
SAME_ACT_SHARE = 0.5


def _name_core(resolver: ProcedureResolver, name: str) -> dict[str, float]:
    return {word: resolver.weight(word) for word in core_of_name(name)}


def _same_act(a: dict[str, float], b: dict[str, float]) -> bool:
    shared = sum(w for word, w in a.items() if word in b)
    return shared > 0 and shared >= SAME_ACT_SHARE * min(sum(a.values()), sum(b.values()))


class ProcedureFinder:
    def __init__(
        self,
        repository: ProcedureRepository,
        scope: Scope | None = None,
        cards: CardStore | None = None,
    ) -> None:
        self._repository = repository
        self._scope = scope
        self._cards = cards

    def resolver(self) -> ProcedureResolver:
        if self._cards is not None and len(self._cards):
            return carded_resolver_for(self._repository, self._cards)
        return resolver_for(self._repository)

    def out_of_scope(self, text: str) -> OutOfScope | None:
        """What ``text`` is about when that is clearly something the ward does not handle."""
        if self._scope is None:
            return None
        resolver = scoped_resolver_for(self._repository, self._scope, self._cards)
        ranked = resolver.rank(text, limit=12)
        if not ranked or not is_out_of_scope(ranked[0].entry.code):
            return None
        best = ranked[0]
        if best.score < resolver.min_score:
            return None
        ward = next((m for m in ranked if not is_out_of_scope(m.entry.code)), None)
        if ward is not None and best.score - ward.score < ELSEWHERE_MARGIN:
            return None
        return self._scope.get(best.entry.code)

    def _overriding_matter(self, text: str, resolution: Resolution) -> Matter | None:
        """A matter handled elsewhere whose own words the question says, beside words of
        the ward procedures it would otherwise get ("công ty TNHH tạm ngừng kinh doanh",
        "sổ bảo hiểm xã hội ghi sai ngày sinh"): those words decide, not the ward's names
        (data/scope/elsewhere.yml, ``overrides``)."""
        if self._scope is None or resolution.best is None:
            return None
        if resolution.certainty not in (Certainty.UNIQUE, Certainty.AMBIGUOUS):
            return None
        return self._scope.overriding(text, resolution.best.entry)

    def _prefer_the_carded(self, resolution: Resolution, resolver: ProcedureResolver) -> Resolution:
        """Among close candidates, the only one with a citizen card — the procedures wards
        handle most — is what a citizen most likely means, when it fits well on its own."""
        best = resolution.best
        if (
            resolution.certainty is not Certainty.AMBIGUOUS
            or self._cards is None
            or best is None
            or best.score < resolver.min_score
        ):
            return resolution
        carded = [m for m in resolution.matches if self._cards.get(m.entry.code) is not None]
        if carded == [best]:
            return Resolution(Certainty.UNIQUE, resolution.matches)
        return resolution

    @staticmethod
    def _prefer_the_name_said(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """A question that contains a procedure's whole official name ("gia hạn tạm trú",
        "đăng ký khai tử có yếu tố nước ngoài") means that procedure, or the longest such
        name when it contains several: not buttons, and not a shorter name it contains.
        A clear match whose own name the question does not say is kept."""
        best = resolution.best
        if resolution.certainty is Certainty.NONE or best is None:
            return resolution
        ranked = resolver.rank(text, limit=8)
        said = [
            m for m in ranked if m.score >= resolver.suggest_score and says_name(text, m.entry.name)
        ]
        if not said:
            return resolution
        longest = max(said, key=lambda m: (len(name_tokens(m.entry.name)), m.score))
        if sum(name_tokens(m.entry.name) == name_tokens(longest.entry.name) for m in said) > 1:
            return resolution  # several procedures bear that very name
        if longest.entry.code == best.entry.code:
            return Resolution(Certainty.UNIQUE, resolution.matches)
        if resolution.certainty is Certainty.UNIQUE and not says_name(text, best.entry.name):
            return resolution
        if len(name_tokens(longest.entry.name)) <= len(name_tokens(best.entry.name)):
            return resolution
        rest = tuple(m for m in ranked if m.entry.code != longest.entry.code)
        return Resolution(Certainty.UNIQUE, (longest, *rest))

    @staticmethod
    def _prefer_the_variant_named(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """Among close variants of one act, the one whose distinguishing words the question
        says ("gia hạn", "tạm ngừng", "người nước ngoài"); when it says none, the unmarked
        ordinary procedure rather than buttons for its special cases.

        A clear match is overturned only by a variant that carries more of the cued
        markers: its own curated words ("mất giấy khai sinh" for "đăng ký lại khai sinh")
        made it win without the question saying a marker.
        """
        best = resolution.best
        if resolution.certainty is Certainty.NONE or best is None:
            return resolution
        ranked = resolver.rank(text, limit=8)
        if not ranked:
            return resolution
        floor = max(resolver.suggest_score, ranked[0].score - VARIANT_WINDOW)
        cued_floor = max(resolver.suggest_score, ranked[0].score - CUED_VARIANT_WINDOW)
        if best.score < floor:
            return resolution
        cued = cued_marks(text)
        marks = {m.entry.code: marks_of_name(m.entry.name) for m in ranked}
        marks.setdefault(best.entry.code, marks_of_name(best.entry.name))
        # Variants of one act match the same words of the question ("thẻ căn cước").
        # Without a cued marker to go by, their names must also agree, markers aside:
        # names that only share a situation's words ("sau khi ...") are not variants.
        core = resolver.matched_words(text, best.entry.code)
        best_name = _name_core(resolver, best.entry.name)

        # The words the question shares with the best's official name: its curated
        # situations may add a person ("cháu", "con") that a marked sibling lacks.
        named = {word: w for word, w in core.items() if word in best_name}

        def variant_of_best(m: Match) -> bool:
            theirs = resolver.matched_words(text, m.entry.code)
            cued_sibling = bool(marks[m.entry.code] & cued)
            if not (
                _same_act(core, theirs) or (cued_sibling and named and _same_act(named, theirs))
            ):
                return False
            same_name = _same_act(best_name, _name_core(resolver, m.entry.name))
            if m.score < floor:
                return same_name and bool(marks[m.entry.code] & cued)
            return same_name or bool((marks[best.entry.code] | marks[m.entry.code]) & cued)

        close = [best] + [
            m
            for m in ranked
            if m.score >= cued_floor and m.entry.code != best.entry.code and variant_of_best(m)
        ]
        if len(close) < 2 or not any(marks[m.entry.code] for m in close):
            return resolution
        # Only hints at what tells these candidates apart leave the choice open.
        hinted = (hinted_marks(text) - cued) & frozenset().union(
            *(marks[m.entry.code] for m in close)
        )
        fits = {m.entry.code: fit(marks[m.entry.code], cued, hinted) for m in close}
        if resolution.certainty is Certainty.UNIQUE:
            carried = fits[best.entry.code][0]
            close = [m for m in close if fits[m.entry.code][0] > carried]
            if not close:
                return resolution
        top = max(fits[m.entry.code] for m in close)
        winners = [m for m in close if fits[m.entry.code] == top]
        if len(winners) > 1 and named:
            # Equally marked, but only one is still about what the best's own name says
            # ("khai sinh"): the others share just the situation's words ("giấy", "bị").
            on_topic = [
                m
                for m in winners
                if named.keys() <= resolver.matched_words(text, m.entry.code).keys()
            ]
            if len(on_topic) == 1:
                winners = on_topic
        # A variant carrying what the question says is chosen though it fits only partly,
        # when its name is the best's but for the markers (in a long story, many names
        # share some of its words).
        sure = (
            len(winners) == 1
            and not hinted
            and (
                winners[0].score >= PLAIN_VARIANT_SCORE
                or (top[0] > 0 and winners[0].score >= resolver.min_score)
                or (
                    top[0] > 0 and _same_act(best_name, _name_core(resolver, winners[0].entry.name))
                )
            )
        )
        if resolution.certainty is Certainty.UNIQUE:
            if sure:
                rest = tuple(m for m in ranked if m.entry.code != winners[0].entry.code)
                return Resolution(Certainty.UNIQUE, (winners[0], *rest))
            return resolution
        # Candidates of other acts that fit as well stay on offer: the markers say
        # nothing about them.
        kept = {m.entry.code for m in close}
        others = tuple(m for m in resolution.matches if m.entry.code not in kept)
        if sure and not others:
            rest = tuple(m for m in ranked if m.entry.code != winners[0].entry.code)
            return Resolution(Certainty.UNIQUE, (winners[0], *rest))
        if len(winners) == len(close) or not (top[0] or hinted):
            # Nothing said to narrow the choice by, or nothing to narrow.
            return resolution
        return Resolution(Certainty.AMBIGUOUS, (*winners, *others))

    @staticmethod
    def _resolve_the_request(
        resolver: ProcedureResolver, text: str, whole: Resolution
    ) -> Resolution:
        """In a long story, the one sentence that names a single procedure, if any; else
        the resolution of the whole message."""
        for sentence in sentences(text):
            found = resolver.resolve(sentence)
            if found.certainty is Certainty.UNIQUE:
                return found
        return whole

    def find(
        self,
        text: str,
        *,
        explicit_code: str | None = None,
        remembered_code: str | None = None,
    ) -> FindResult:
        if explicit_code:
            chosen = self._repository.get_by_code(explicit_code)
            if chosen is not None:
                return Found(chosen)
        resolver = self.resolver()
        # A follow-up about the procedure being discussed ("cần bản sao hay bản chính")
        # names nothing else, even when its words appear in other procedures' names.
        follow_up = bool(remembered_code) and not resolver.stray_words(text, remembered_code)
        elsewhere = None if follow_up else self.out_of_scope(text)
        if elsewhere is not None:
            return HandledElsewhere(elsewhere)
        resolution = resolver.resolve(text)
        if resolution.certainty is not Certainty.UNIQUE and len(text.split()) > LONG_WORDS:
            resolution = self._resolve_the_request(resolver, text, resolution)
        resolution = self._prefer_the_name_said(resolution, resolver, text)
        resolution = self._prefer_the_variant_named(resolution, resolver, text)
        resolution = self._prefer_the_carded(resolution, resolver)
        best = resolution.best
        overriding = None if follow_up else self._overriding_matter(text, resolution)
        if overriding is not None:
            return HandledElsewhere(overriding)
        if resolution.certainty is Certainty.UNIQUE and best is not None:
            procedure = self._repository.get_by_code(best.entry.code)
            if procedure is not None:
                return Found(procedure)
        remembered = self._repository.get_by_code(remembered_code) if remembered_code else None
        # A follow-up such as "thế còn lệ phí?" keeps the remembered procedure unless the
        # question clearly names others.
        confident = best is not None and best.score >= resolver.min_score
        if resolution.certainty is Certainty.AMBIGUOUS and (remembered is None or confident):
            return Ambiguous(tuple(m.entry for m in resolution.matches[:CHOICES_SHOWN]))
        stray = resolver.stray_words(text, remembered.code if remembered else None)
        if len(stray) >= STRAY_WORDS_FOR_NOT_FOUND:
            return NotFound()
        if remembered is not None:
            return Found(remembered)
        return NotMentioned()
