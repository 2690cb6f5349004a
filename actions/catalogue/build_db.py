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
    if applied.office is not None:
        session.add(WardOffice(ward_code=ward_code, **applied.office.model_dump()))
    session.flush()


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
