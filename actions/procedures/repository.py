"""Read access to the procedure knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from actions.procedures.models import AgencyOfficeRow, CatalogueBuild, Procedure, WardOffice


@dataclass(frozen=True)
class SearchEntry:
    """What the resolver ranks: a procedure's names and the words citizens use for it."""

    code: str
    name: str
    field: str
    group: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class OfficeView:
    """One office of the ward, by agency kind (ubnd_one_stop, commune_police,
    land_registration, other). Only values ward staff confirmed; None reads "chưa cập nhật"
    (utter_label_not_updated) to citizens. ``unconfirmed`` names the contact fields missing."""

    kind: str
    name: str | None
    address: str | None
    phone: str | None
    opening_hours: str | None
    email: str | None = None
    website: str | None = None
    unconfirmed: tuple[str, ...] = ()


class ProcedureRepository(Protocol):
    def get_by_code(self, code: str) -> Procedure | None: ...

    def list_search_entries(self) -> list[SearchEntry]: ...

    def catalogue_version(self) -> str:
        """Changes whenever the catalogue is rebuilt; cheap enough to ask on every call."""
        ...

    def get_office(self, ward_code: str) -> WardOffice | None: ...

    def get_offices(self, ward_code: str) -> dict[str, OfficeView]:
        """The ward's offices by agency kind (a procedure's ``agency_kind`` picks one)."""
        ...


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

    def get_offices(self, ward_code: str) -> dict[str, OfficeView]:
        stmt = (
            select(AgencyOfficeRow)
            .where(AgencyOfficeRow.ward_code == ward_code)
            .order_by(AgencyOfficeRow.kind)
        )
        return {
            row.kind: OfficeView(
                kind=row.kind,
                name=row.name,
                address=row.address,
                phone=row.phone,
                opening_hours=row.opening_hours,
                email=row.email,
                website=row.website,
                unconfirmed=tuple(f for f in row.unconfirmed.split(",") if f),
            )
            for row in self._session.scalars(stmt)
        }
