"""Decide which procedure a question is about: the one named, or the one remembered."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from actions.cards.store import CardStore
from actions.procedures.models import Procedure
from actions.procedures.repository import ProcedureRepository, SearchEntry
from actions.procedures.resolver import Certainty, ProcedureResolver, Resolution
from actions.scope.store import OutOfScope, Scope, is_out_of_scope

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
        resolution = self._prefer_the_carded(resolution, resolver)
        best = resolution.best
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
