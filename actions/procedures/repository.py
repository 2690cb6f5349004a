"""Read access to the procedure knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from actions.procedures.models import CatalogueBuild, Procedure, WardOffice


@dataclass(frozen=True)
class SearchEntry:
    """What the resolver ranks: a procedure's names and the words citizens use for it."""

    code: str
    name: str
    field: str
    group: str
    aliases: tuple[str, ...]


class ProcedureRepository(Protocol):
    def get_by_code(self, code: str) -> Procedure | None: ...

    def list_search_entries(self) -> list[SearchEntry]: ...

    def catalogue_version(self) -> str:
        """Changes whenever the catalogue is rebuilt; cheap enough to ask on every call."""
        ...

    def get_office(self, ward_code: str) -> WardOffice | None: ...


class SqlAlchemyProcedureRepository:
    """Repository over one SQLAlchemy session; returned objects stay usable after it closes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_by_code(self, code: str) -> Procedure | None:
        stmt = (
            select(Procedure)
            .where(Procedure.code == code)
            .options(
                selectinload(Procedure.channels),
                selectinload(Procedure.documents),
                selectinload(Procedure.steps),
                selectinload(Procedure.legal_bases),
                selectinload(Procedure.aliases),
            )
        )
        return self._session.scalars(stmt).one_or_none()

    def list_search_entries(self) -> list[SearchEntry]:
        stmt = select(Procedure).options(selectinload(Procedure.aliases)).order_by(Procedure.code)
        return [
            SearchEntry(
                code=p.code,
                name=p.name,
                field=p.field,
                group=p.group,
                aliases=tuple(a.alias for a in p.aliases),
            )
            for p in self._session.scalars(stmt)
        ]

    def catalogue_version(self) -> str:
        # Row ids are no version (SQLite reuses them after the rebuild's delete), so every
        # build writes a fresh id.
        return self._session.scalars(select(CatalogueBuild.build_id)).first() or ""

    def get_office(self, ward_code: str) -> WardOffice | None:
        stmt = select(WardOffice).where(WardOffice.ward_code == ward_code)
        return self._session.scalars(stmt).one_or_none()
