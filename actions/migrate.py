"""Alembic migrations run from code, one script location per database.

The procedure knowledge base and the dossier store are separate databases with their own
migration histories (``actions/migrations``, ``actions/dossiers/migrations``); neither
folder is a Python package, so the action server never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from actions.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Migrations:
    script_location: Path

    def config(self, url: str | None = None, connection: Connection | None = None) -> Config:
        config = Config()
        config.set_main_option("script_location", str(self.script_location))
        if url is not None:
            # ConfigParser interpolation would read "%" in a password as a reference.
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    def upgrade_to_head(self, url: str) -> None:
        """Run every migration up to head on the database at ``url``."""
        command.upgrade(self.config(url), "head")

    def upgrade_connection_to_head(self, connection: Connection) -> None:
        """Same, on a live connection (in-memory SQLite in tests, or an open transaction)."""
        command.upgrade(self.config(connection=connection), "head")


PROCEDURES = Migrations(PROJECT_ROOT / "actions" / "migrations")
DOSSIERS = Migrations(PROJECT_ROOT / "actions" / "dossiers" / "migrations")
