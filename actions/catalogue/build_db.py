"""Build the procedure database: migrate, then replace the catalogue in one transaction.

    python -m actions.catalogue.build_db [--url URL]

Sources: data/procedures/national.json + data/procedures/aliases.yml + the ward override
file data/wards/<WARD_CODE>.yml. Idempotent: running it twice gives the same content.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from actions.catalogue.catalogue import load_catalogue
from actions.catalogue.overrides import (
    DESK,
    AppliedCatalogue,
    apply_overrides,
    load_aliases,
    load_overrides,
    ward_file,
)
from actions.catalogue.schema import CatalogueRecord
from actions.db import make_engine
from actions.migrate import PROCEDURES
from actions.procedures.models import (
    AgencyOfficeRow,
    CatalogueBuild,
    LegalBasis,
    Procedure,
    ProcedureAlias,
    ProcedureStep,
    RequiredDocument,
    SubmissionChannel,
    WardOffice,
)
from actions.settings import get_settings

upgrade_to_head = PROCEDURES.upgrade_to_head
upgrade_connection_to_head = PROCEDURES.upgrade_connection_to_head


def to_model(record: CatalogueRecord, aliases: Sequence[str]) -> Procedure:
    return Procedure(
        code=record.code,
        name=record.name,
        field=record.field,
        group=record.group,
        level=record.level,
        agency=record.agency,
        agency_kind=record.agency_kind,
        target_group=record.target_group,
        conditions=record.conditions,
        decision_number=record.decision_number,
        source_url=record.source_url,
        online_url=record.online_url,
        results="\n".join(record.results),
        ward_note=record.ward_note,
        is_local=record.is_local,
        channels=[
            SubmissionChannel(position=i, **c.model_dump()) for i, c in enumerate(record.channels)
        ],
        documents=[
            RequiredDocument(position=i, **d.model_dump()) for i, d in enumerate(record.documents)
        ],
        steps=[ProcedureStep(position=i, text=s) for i, s in enumerate(record.steps)],
        legal_bases=[
            LegalBasis(position=i, number=b.number, title=b.title)
            for i, b in enumerate(record.legal_bases)
        ],
        aliases=[ProcedureAlias(alias=a) for a in aliases],
    )


def replace_catalogue(session: Session, applied: AppliedCatalogue, ward_code: str) -> None:
    """Delete the whole catalogue and insert ``applied`` (the caller owns the transaction)."""
    for model in (
        AgencyOfficeRow,
        ProcedureAlias,
        LegalBasis,
        ProcedureStep,
        RequiredDocument,
        SubmissionChannel,
        Procedure,
        WardOffice,
        CatalogueBuild,
    ):
        session.execute(delete(model))
    session.add(CatalogueBuild(build_id=str(uuid.uuid4()), built_at=datetime.now(timezone.utc)))
    session.add_all(to_model(r, applied.aliases.get(r.code, ())) for r in applied.records)
    session.add_all(office_rows(applied, ward_code))
    desk = legacy_office(applied, ward_code)
    if desk is not None:
        session.add(desk)
    session.flush()


def office_rows(applied: AppliedCatalogue, ward_code: str) -> list[AgencyOfficeRow]:
    """The ward's offices by kind, confirmed values only."""
    return [
        AgencyOfficeRow(
            ward_code=ward_code,
            kind=kind,
            name=office.served("name"),
            address=office.served("address"),
            phone=office.served("phone"),
            opening_hours=office.served("opening_hours"),
            email=office.served("email"),
            website=office.served("website"),
            unconfirmed=",".join(office.unconfirmed()),
        )
        for kind, office in applied.offices.items()
    ]


def legacy_office(applied: AppliedCatalogue, ward_code: str) -> WardOffice | None:
    """The ``ward_office`` row (ward name + one-stop desk); "" where nothing is confirmed."""
    if applied.office is None:
        return None
    desk = applied.offices.get(DESK)
    return WardOffice(
        ward_code=ward_code,
        ward_name=applied.office.ward_name,
        name=(desk.served("name") if desk else None) or "",
        address=(desk.served("address") if desk else None) or "",
        opening_hours=(desk.served("opening_hours") if desk else None) or "",
        phone=(desk.served("phone") if desk else None) or "",
        email=desk.served("email") if desk else None,
        website=desk.served("website") if desk else None,
    )


def load_sources(data_dir: Path, ward_code: str) -> AppliedCatalogue:
    records = load_catalogue(data_dir / "procedures" / "national.json")
    aliases = load_aliases(data_dir / "procedures" / "aliases.yml")
    path = ward_file(data_dir, ward_code)
    return apply_overrides(records, aliases, load_overrides(path), source=str(path))


@dataclass(frozen=True)
class BuildSummary:
    procedures: int
    local: int
    overridden: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.procedures} procedures, {self.local} local, {self.overridden} overridden "
            f"({self.seconds:.1f} s)"
        )


def build(url: str, data_dir: Path, ward_code: str) -> BuildSummary:
    started = time.perf_counter()
    applied = load_sources(data_dir, ward_code)  # validate before touching the database
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            replace_catalogue(session, applied, ward_code)
    finally:
        engine.dispose()
    return BuildSummary(
        procedures=len(applied.records),
        local=len(applied.local),
        overridden=len(applied.overridden),
        seconds=time.perf_counter() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Build the procedure database.")
    parser.add_argument("--url", default=settings.procedures_db_url, help="SQLAlchemy URL")
    parser.add_argument("--data-dir", type=Path, default=settings.data_dir)
    parser.add_argument("--ward", default=settings.code, help="ward code of the override file")
    args = parser.parse_args(argv)
    if args.url.startswith("sqlite:///"):
        Path(args.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    summary = build(args.url, args.data_dir, args.ward)
    print(summary.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
