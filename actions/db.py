"""Engine and session factories, created on first use (never at import)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from actions.settings import get_settings


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on, as PostgreSQL has them always."""
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


@lru_cache(maxsize=1)
def procedures_engine() -> Engine:
    return make_engine(get_settings().procedures_db_url)


@lru_cache(maxsize=1)
def procedures_session_factory() -> sessionmaker[Session]:
    return sessionmaker(procedures_engine(), expire_on_commit=False)


@lru_cache(maxsize=1)
def dossiers_engine() -> Engine:
    engine = make_engine(get_settings().dossiers_db_url)
    if engine.dialect.name == "sqlite":
        # Every lookup writes (counters, audit): WAL lets readers go on while one writes,
        # and synchronous=NORMAL is crash-safe in WAL mode without an fsync per commit.
        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


@lru_cache(maxsize=1)
def dossiers_session_factory() -> sessionmaker[Session]:
    return sessionmaker(dossiers_engine(), expire_on_commit=False)
