"""Shared fixtures of the catalogue tests: raw fixture records and per-test databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from actions.procedures.models import Base
from tests.databases import KINDS, database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tthc"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def raw_record(code: str) -> dict[str, Any]:
    (path,) = FIXTURES.glob(f"raw/*/{code}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(params=KINDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty procedure database per test."""
    with database(request.param, Base.metadata, "alembic_version") as eng:
        yield eng
