"""Engine and session factories, created on first use (never at import).

An engine is dropped (``reset_engines``) when a query on it fails, so that a database file
repaired or rebuilt meanwhile is opened afresh on the next call: pooled SQLite connections
would otherwise keep reading the damaged (or deleted) file until the server restarts.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from actions.settings import get_settings

_reset_lock = threading.Lock()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on, as PostgreSQL has them always.

    Statement parameters are kept out of error messages: they are what citizens typed
    (dossier codes, hashed senders, search text), and errors end up in logs.
    """
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"), hide_parameters=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def read_only_url(url: str) -> str:
    """A SQLite file opened read-only: a missing file is an error, not a new empty database
    (which would also look newer than its sources to `make db`). Other URLs are unchanged."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or "uri" in parsed.query:
        return url
    # Percent-encoded: in a URI, "?", "#" and "%" in a folder name would mean something.
    readonly = parsed.set(database=f"file:{quote(database)}", query={"mode": "ro", "uri": "true"})
    return readonly.render_as_string(hide_password=False)


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def drop_connections_to_replaced_file(engine: Engine, path: str) -> None:
    """A pooled SQLite connection keeps reading the file it opened, even once another file
    (a rebuilt or restored database) has been moved over it: such a connection is
    discarded on checkout, and the pool opens the file now at ``path``."""

    @event.listens_for(engine, "connect")
    def _remember(_dbapi_connection, record):  # type: ignore[no-untyped-def]
        record.info["file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def _check(_dbapi_connection, record, _proxy):  # type: ignore[no-untyped-def]
        if record.info.get("file") != _file_identity(path):
            raise DisconnectionError("database file replaced")


@lru_cache(maxsize=1)
def procedures_engine() -> Engine:
    # The action server only reads the knowledge base; `make db` builds it.
    url = get_settings().procedures_db_url
    engine = make_engine(read_only_url(url))
    path = _sqlite_file(url)
    if path is not None:
        drop_connections_to_replaced_file(engine, path)
    return engine


@lru_cache(maxsize=1)
def procedures_session_factory() -> sessionmaker[Session]:
    return sessionmaker(procedures_engine(), expire_on_commit=False)


def _sqlite_file(url: str) -> str | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return str(parsed.database)


@lru_cache(maxsize=1)
def dossiers_engine() -> Engine:
    url = get_settings().dossiers_db_url
    engine = make_engine(url)
    path = _sqlite_file(url)
    if path is not None:
        # Writes to a replaced file would be lost with it.
        drop_connections_to_replaced_file(engine, path)
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


def reset_engines(*, procedures: bool = True, dossiers: bool = False) -> None:
    """Forget the cached engine(s); the next session opens new connections.

    Sessions already handed out keep their connection until they close; disposing only
    closes the idle pooled ones, so this is safe while other threads work.
    """
    with _reset_lock:
        pairs = []
        if procedures:
            pairs.append((procedures_engine, procedures_session_factory))
        if dossiers:
            pairs.append((dossiers_engine, dossiers_session_factory))
        for engine_factory, session_factory in pairs:
            if engine_factory.cache_info().currsize:
                engine_factory().dispose()
            engine_factory.cache_clear()
            session_factory.cache_clear()
