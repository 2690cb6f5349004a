"""Per-test databases: a fresh in-memory SQLite, and PostgreSQL when TEST_DATABASE_URL is set.

Each test package's conftest turns :func:`database` into its ``engine`` fixture, with the
metadata and Alembic version table of the store it tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.pool import StaticPool

KINDS = ["sqlite", "postgres"]


def sqlite_memory() -> Engine:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def _reset(engine: Engine, metadata: MetaData, version_table: str) -> None:
    metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {version_table}"))


@contextmanager
def database(kind: str, metadata: MetaData, version_table: str) -> Iterator[Engine]:
    """An empty database of ``kind``; a PostgreSQL one is emptied before and after."""
    if kind == "sqlite":
        engine = sqlite_memory()
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        engine = create_engine(url)
        _reset(engine, metadata, version_table)
    try:
        yield engine
    finally:
        if kind == "postgres":
            _reset(engine, metadata, version_table)
        engine.dispose()
