"""Shared fixtures of the catalogue tests: raw fixture records and per-test databases."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

from actions.procedures.models import Base

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tthc"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def raw_record(code: str) -> dict[str, Any]:
    (path,) = FIXTURES.glob(f"raw/*/{code}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _sqlite_memory() -> Engine:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _fk(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def _reset_postgres(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty database per test: in-memory SQLite; PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        eng = _sqlite_memory()
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        eng = create_engine(url)
        _reset_postgres(eng)
    try:
        yield eng
    finally:
        if request.param == "postgres":
            _reset_postgres(eng)
        eng.dispose()
