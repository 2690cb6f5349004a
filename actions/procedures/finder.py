"""Decide which procedure a question is about: the one named, or the one remembered."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


FindResult = Found | Ambiguous | NotMentioned


@lru_cache(maxsize=4)
def resolver_for(entries: tuple[SearchEntry, ...]) -> ProcedureResolver:
    """One index per catalogue content: rebuilt only when the knowledge base changes."""
    return ProcedureResolver(entries)


class ProcedureFinder:
    def __init__(self, repository: ProcedureRepository) -> None:
        self._repository = repository

    def resolver(self) -> ProcedureResolver:
        return resolver_for(tuple(self._repository.list_search_entries()))

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
        resolution = self.resolver().resolve(text)
        best = resolution.best
        if resolution.certainty is Certainty.UNIQUE and best is not None:
            procedure = self._repository.get_by_code(best.entry.code)
            if procedure is not None:
                return Found(procedure)
        remembered = self._repository.get_by_code(remembered_code) if remembered_code else None
        # A follow-up such as "thế còn lệ phí?" keeps the remembered procedure unless the
        # question clearly names others.
        confident = best is not None and best.score >= self.resolver().min_score
        if resolution.certainty is Certainty.AMBIGUOUS and (remembered is None or confident):
            return Ambiguous(tuple(m.entry for m in resolution.matches[:CHOICES_SHOWN]))
        if remembered is not None:
            return Found(remembered)
        return NotMentioned()
