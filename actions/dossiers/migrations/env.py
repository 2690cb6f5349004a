"""Alembic environment of the dossier store (no __init__.py: rasa_sdk must not import it).

URL precedence: a live connection in ``config.attributes["connection"]`` (tests, the demo
generator), then ``-x url=...``, then ``sqlalchemy.url``, then WARD_DOSSIERS_DB_URL.
Its own version table, so the store may share a PostgreSQL database with another schema.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from actions.db import make_engine
from actions.dossiers.models import DossierBase
from actions.settings import get_settings

config = context.config
target_metadata = DossierBase.metadata
VERSION_TABLE = "alembic_version_dossiers"


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    return url or get_settings().dossiers_db_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(), target_metadata=target_metadata, version_table=VERSION_TABLE, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
