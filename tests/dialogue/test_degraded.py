"""A damaged procedure database: actions apologise, sessions start, engines recover."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import DatabaseError, OperationalError

from actions import db
from actions.catalogue.build_db import main as build_db
from actions.catalogue_session import sql_catalogue
from actions.dialogue.fallback import AskAffirmation
from actions.dialogue.office import AnswerOfficeInfo, HandOverToStaff
from actions.dialogue.procedure_answers import (
    AnswerProcedureFee,
    AnswerProcedureOverview,
    AnswerProcedurePapers,
)
from actions.dialogue.session import StartSession
from actions.procedures.repository import ProcedureRepository
from actions.settings import PROJECT_ROOT, get_settings
from tests.dialogue.conftest import make_tracker

SQLITE_ERRORS = [
    OperationalError("SELECT", {}, Exception("no such table: procedure")),
    DatabaseError("SELECT", {}, Exception("database disk image is malformed")),
]


def broken(error: Exception):  # type: ignore[no-untyped-def]
    """A catalogue provider whose database fails as ``error``."""

    @contextmanager
    def _open() -> Iterator[ProcedureRepository]:
        raise error
        yield  # pragma: no cover

    return _open


@pytest.fixture
def ward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings over a ward file with an unconfirmed (placeholder) phone."""
    (tmp_path / "wards").mkdir()
    write_office(tmp_path, {"ward_name": "phường Thử", "phone": "024 0000 0000"})
    monkeypatch.setenv("WARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WARD_CODE", "99999")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
    db.reset_engines(procedures=True, dossiers=True)


def write_office(folder: Path, office: dict[str, Any]) -> None:
    text = yaml.safe_dump({"office": office}, allow_unicode=True)
    (folder / "wards" / "99999.yml").write_text(text, encoding="utf-8")


def run(action: Action, domain: dict[str, Any], text: str = "lệ phí khai sinh") -> Any:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(text), domain))
    return dispatcher.messages, events


@pytest.mark.parametrize("error", SQLITE_ERRORS, ids=["tables-missing", "corrupt"])
@pytest.mark.parametrize(
    "action_class",
    [AnswerProcedurePapers, AnswerProcedureFee, AnswerProcedureOverview, AnswerOfficeInfo,
     HandOverToStaff],
)  # fmt: skip
def test_answers_apologise_when_the_procedure_database_fails(
    action_class: type[Any], error: Exception, domain: dict[str, Any], ward: Path
) -> None:
    messages, events = run(action_class(catalogue=broken(error)), domain)
    assert [m["response"] for m in messages] == ["utter_service_unavailable_no_phone"]
    assert events == []


def test_apology_gives_the_hotline_once_the_ward_file_confirms_it(
    domain: dict[str, Any], ward: Path
) -> None:
    write_office(ward, {"phone": "024 3851 2345", "confirmed": ["phone"]})
    messages, _ = run(AnswerProcedurePapers(catalogue=broken(SQLITE_ERRORS[0])), domain)
    assert messages[0]["response"] == "utter_service_unavailable"
    assert messages[0]["phone"] == "024 3851 2345"
    assert "{phone}" in domain["responses"]["utter_service_unavailable"][0]["text"]


def test_session_starts_without_the_procedure_database(domain: dict[str, Any], ward: Path) -> None:
    messages, events = run(StartSession(catalogue=broken(SQLITE_ERRORS[1])), domain)
    assert messages == []
    assert events == [
        SessionStarted(),
        SlotSet("ward_name", "phường Thử"),  # from the ward file
        ActionExecuted("action_listen"),
    ]


def test_did_you_mean_still_offers_the_intents(domain: dict[str, Any], ward: Path) -> None:
    ranking = [{"name": "ask_fee", "confidence": 0.5}, {"name": "ask_papers", "confidence": 0.3}]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("le phi", intent="ask_fee", intent_ranking=ranking)
    asyncio.run(AskAffirmation(catalogue=broken(SQLITE_ERRORS[0])).run(dispatcher, tracker, domain))
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_affirmation"
    assert [b["payload"] for b in message["buttons"]] == ["/ask_fee", "/ask_papers", "/deny"]


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "procedures.db"
    data = str(PROJECT_ROOT / "data")
    assert build_db(["--url", f"sqlite:///{path}", "--data-dir", data, "--ward", "00235"]) == 0
    return path


@pytest.fixture
def live_db(
    good_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ward: Path
) -> Iterator[Path]:
    """The real SQL catalogue over a copy of a built database, the action server's way."""
    path = tmp_path / "procedures.db"
    shutil.copy(good_db, path)
    monkeypatch.setenv("WARD_PROCEDURES_DB_URL", f"sqlite:///{path}")
    monkeypatch.setenv("WARD_DATA_DIR", str(PROJECT_ROOT / "data"))
    monkeypatch.setenv("WARD_CODE", "00235")
    get_settings.cache_clear()
    db.reset_engines(procedures=True)
    yield path
    db.reset_engines(procedures=True)


def truncate(path: Path) -> None:
    """Damage the file in place, as a full disk or a bad copy does."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 3)


def responses_of(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("response") for m in messages]


def answered(messages: list[dict[str, Any]]) -> bool:
    """A real answer: something said, and no apology in it."""
    return bool(messages) and not any(
        (r or "").startswith("utter_service_unavailable") for r in responses_of(messages)
    )


def test_a_repaired_database_is_used_again_without_restart(
    live_db: Path, good_db: Path, domain: dict[str, Any]
) -> None:
    papers = AnswerProcedurePapers()
    assert answered(run(papers, domain, "giấy khai sinh cần gì")[0])
    truncate(live_db)
    messages, _ = run(papers, domain, "giấy khai sinh cần gì")
    assert responses_of(messages) == ["utter_service_unavailable_no_phone"]
    # Repaired the way an operator would: a rebuilt file moved over the damaged one.
    repaired = live_db.with_suffix(".new")
    shutil.copy(good_db, repaired)
    os.replace(repaired, live_db)
    assert answered(run(papers, domain, "giấy khai sinh cần gì")[0])


def test_connections_to_a_replaced_file_are_not_reused(live_db: Path, good_db: Path) -> None:
    # An error on a path that does not reset the engine (the dossier lookup reads the
    # office as a bonus and carries on) leaves its connection in the pool.
    with sql_catalogue() as repository:
        assert repository.get_office("00235") is not None
    truncate(live_db)
    with pytest.raises(DatabaseError), sql_catalogue() as repository:
        repository.list_search_entries()
    repaired = live_db.with_suffix(".new")
    shutil.copy(good_db, repaired)
    os.replace(repaired, live_db)
    with sql_catalogue() as repository:
        assert repository.list_search_entries()


def test_a_missing_database_file_is_not_created(live_db: Path, domain: dict[str, Any]) -> None:
    live_db.unlink()
    db.reset_engines(procedures=True)
    messages, _ = run(AnswerOfficeInfo(), domain)
    assert responses_of(messages) == ["utter_service_unavailable_no_phone"]
    assert not live_db.exists()  # `make db` would otherwise take an empty file as built


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////srv/var/procedures.db", "sqlite:///file:/srv/var/procedures.db?mode=ro&uri=true"),
        ("sqlite:////srv/my var/p.db", "sqlite:///file:/srv/my%20var/p.db?mode=ro&uri=true"),
        ("sqlite://", "sqlite://"),
        ("postgresql+psycopg://u:p@db/ward", "postgresql+psycopg://u:p@db/ward"),
    ],
)  # fmt: skip
def test_procedures_engine_opens_sqlite_read_only(url: str, expected: str) -> None:
    assert db.read_only_url(url) == expected
