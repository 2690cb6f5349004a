"""Engines of the action server: parameters kept out of errors, replaced files reopened."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from actions import db
from actions.settings import get_settings


def sqlite_file(path: Path, value: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (v INTEGER)")
        connection.execute("INSERT INTO t VALUES (?)", (value,))


def test_a_file_moved_over_the_database_is_opened_on_the_next_checkout(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    sqlite_file(path, 1)
    engine = db.make_engine(f"sqlite:///{path}")
    db.drop_connections_to_replaced_file(engine, str(path))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT v FROM t")) == 1
    sqlite_file(tmp_path / "rebuilt.db", 2)
    os.replace(tmp_path / "rebuilt.db", path)
    with engine.connect() as connection:  # the pooled connection still had the old file
        assert connection.scalar(text("SELECT v FROM t")) == 2


def test_statement_parameters_stay_out_of_error_messages(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(DBAPIError) as error, engine.connect() as connection:
        connection.execute(text("SELECT * FROM dossier WHERE code = :code"), {"code": "0912345678"})
    assert "0912345678" not in str(error.value)


@pytest.mark.parametrize("which", ["procedures", "dossiers"])
def test_both_engines_reopen_a_replaced_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    path = tmp_path / f"{which}.db"
    sqlite_file(path, 1)
    monkeypatch.setenv(f"WARD_{which.upper()}_DB_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    db.reset_engines(procedures=True, dossiers=True)
    engine = db.procedures_engine if which == "procedures" else db.dossiers_engine
    try:
        with engine().connect() as connection:
            assert connection.scalar(text("SELECT v FROM t")) == 1
        sqlite_file(tmp_path / "rebuilt.db", 2)
        os.replace(tmp_path / "rebuilt.db", path)
        with engine().connect() as connection:
            assert connection.scalar(text("SELECT v FROM t")) == 2
    finally:
        db.reset_engines(procedures=True, dossiers=True)
        get_settings.cache_clear()
