"""One short-lived database session per action call, handed out as a repository."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from actions.db import procedures_session_factory
from actions.procedures.repository import ProcedureRepository, SqlAlchemyProcedureRepository

CatalogueProvider = Callable[[], AbstractContextManager[ProcedureRepository]]


@contextmanager
def sql_catalogue() -> Iterator[ProcedureRepository]:
    with procedures_session_factory()() as session:
        yield SqlAlchemyProcedureRepository(session)
