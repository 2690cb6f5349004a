"""Shared fixtures of the procedure tests: per-test databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from actions.procedures.models import Base
from tests.databases import KINDS, database


@pytest.fixture(params=KINDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty procedure database per test."""
    with database(request.param, Base.metadata, "alembic_version") as eng:
        yield eng
