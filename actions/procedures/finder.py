"""Decide which procedure a question is about: the one named, or the one remembered."""

from __future__ import annotations

from dataclasses import dataclass

from actions.procedures.models import Procedure
from actions.procedures.repository import ProcedureRepository, SearchEntry
from actions.procedures.resolver import Certainty, ProcedureResolver

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


FindResult = Found | Ambiguous | NotMentioned | NotFound

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


class ProcedureFinder:
    def __init__(self, repository: ProcedureRepository) -> None:
        self._repository = repository

    def resolver(self) -> ProcedureResolver:
        return resolver_for(self._repository)

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
        resolution = resolver.resolve(text)
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
