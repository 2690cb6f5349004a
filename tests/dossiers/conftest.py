"""Dossier-store fixtures: a migrated database per test (SQLite; PostgreSQL if configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from actions.dossiers.demo import generate
from actions.dossiers.models import DossierBase
from actions.dossiers.store import upgrade_connection_to_head
from actions.settings import PROJECT_ROOT

TEST_KEY = b"test-factor-key"
AS_OF = date(2025, 11, 20)


def _sqlite_memory() -> Engine:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _fk(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def _reset_postgres(engine: Engine) -> None:
    DossierBase.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version_dossiers"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty dossier store per test."""
    if request.param == "sqlite":
        eng = _sqlite_memory()
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        eng = create_engine(url)
        _reset_postgres(eng)
    with eng.begin() as connection:
        upgrade_connection_to_head(connection)
    try:
        yield eng
    finally:
        if request.param == "postgres":
            _reset_postgres(eng)
        eng.dispose()


@pytest.fixture
def demo_engine(engine: Engine) -> Engine:
    """The store filled with 200 seeded demo dossiers plus the samples."""
    with Session(engine) as session:
        generate(session, 200, 42, AS_OF, TEST_KEY, PROJECT_ROOT / "data")
    return engine
