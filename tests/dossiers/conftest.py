"""Dossier-store fixtures: a migrated database per test (SQLite; PostgreSQL if configured)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from actions.dossiers.demo import generate
from actions.dossiers.models import DossierBase
from actions.dossiers.store import upgrade_connection_to_head
from actions.settings import PROJECT_ROOT
from tests.databases import KINDS, database

TEST_KEY = b"test-factor-key"
AS_OF = date(2025, 11, 20)


@pytest.fixture(params=KINDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty dossier store per test."""
    with database(request.param, DossierBase.metadata, "alembic_version_dossiers") as eng:
        with eng.begin() as connection:
            upgrade_connection_to_head(connection)
        yield eng


@pytest.fixture
def demo_engine(engine: Engine) -> Engine:
    """The store filled with 200 seeded demo dossiers plus the samples."""
    with Session(engine) as session:
        generate(session, 200, 42, AS_OF, TEST_KEY, PROJECT_ROOT / "data")
    return engine
