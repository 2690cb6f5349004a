from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from actions.dossiers.backends import LocalBackend
from actions.dossiers.demo import SAMPLE_DOSSIERS
from actions.dossiers.limits import FOREVER, default_limits
from actions.dossiers.models import LookupAudit, LookupCounter
from actions.dossiers.repository import SqlAlchemyAttemptRepository, SqlAlchemyDossierRepository
from actions.dossiers.service import (
    DossierLookupService,
    Found,
    LockedOut,
    NotMatched,
    Requester,
    Unavailable,
    hash_sender,
)
from actions.dossiers.statuses import Status
from tests.dossiers.conftest import TEST_KEY
from tests.dossiers.fakes import VIEW, Clock, FakeAttempts, FakeBackend

NOW = datetime(2025, 11, 20, 10, 0)
ALICE = Requester(sender_hash="a" * 64, channel="rest")


def service(backend: FakeBackend, attempts: FakeAttempts, clock: Clock) -> DossierLookupService:
    return DossierLookupService(backend, attempts, default_limits(), clock)


def test_right_factor_finds_the_dossier_and_is_audited() -> None:
    attempts = FakeAttempts()
    outcome = service(FakeBackend(), attempts, Clock(NOW)).lookup(VIEW.code, "5678", ALICE)
    assert outcome == Found(VIEW)
    (record,) = attempts.audit
    assert (record.result, record.dossier_code, record.sender_hash) == (
        "found",
        VIEW.code,
        ALICE.sender_hash,
    )
    assert "5678" not in repr(record)


def test_unknown_code_and_wrong_factor_are_the_same_outcome() -> None:
    lookup = service(FakeBackend(), FakeAttempts(), Clock(NOW)).lookup
    assert lookup(VIEW.code, "0000", ALICE) == NotMatched()
    other = Requester("b" * 64, "rest")
    assert lookup("000.00.27.H26-251017-0099", "5678", other) == NotMatched()


def test_conversation_is_locked_after_three_failures_even_for_the_right_factor() -> None:
    backend, clock = FakeBackend(), Clock(NOW)
    lookup = service(backend, FakeAttempts(), clock).lookup
    for factor in ("0001", "0002", "0003"):
        assert lookup(VIEW.code, factor, ALICE) == NotMatched()
    assert lookup(VIEW.code, "5678", ALICE) == LockedOut(NOW + timedelta(minutes=15))
    assert backend.calls == 3  # a locked attempt never reaches the backend
    clock.now = NOW + timedelta(minutes=16)
    assert lookup(VIEW.code, "5678", ALICE) == Found(VIEW)


def test_brute_force_across_conversations_stops_at_the_code_limit() -> None:
    backend, clock = FakeBackend(), Clock(NOW)
    lookup = service(backend, FakeAttempts(), clock).lookup
    outcomes = []
    for guess in range(10_000):  # a fresh conversation per guess, an hour apart
        clock.now = NOW + timedelta(hours=guess)
        requester = Requester(f"{guess:064d}", "rest")
        outcomes.append(lookup(VIEW.code, f"{guess:04d}", requester))
    assert Found(VIEW) not in outcomes  # 5678 was reached, but the code was locked for good
    assert backend.calls == 10
    assert outcomes[-1] == LockedOut(FOREVER)


def test_an_unknown_code_is_locked_like_a_real_one() -> None:
    lookup = service(FakeBackend(), FakeAttempts(), Clock(NOW)).lookup
    ghost = "000.00.27.H26-251017-0099"
    for i in range(5):
        assert lookup(ghost, "0000", Requester(f"{i:064d}", "rest")) == NotMatched()
    assert isinstance(lookup(ghost, "0000", Requester("z" * 64, "rest")), LockedOut)


def test_backend_down_is_not_counted() -> None:
    backend, attempts = FakeBackend(), FakeAttempts()
    backend.down = True
    lookup = service(backend, attempts, Clock(NOW)).lookup
    for _ in range(5):
        assert lookup(VIEW.code, "5678", ALICE) == Unavailable()
    backend.down = False
    assert lookup(VIEW.code, "5678", ALICE) == Found(VIEW)
    assert [r.result for r in attempts.audit] == ["unavailable"] * 5 + ["found"]


def test_sender_hash_is_keyed_and_stable() -> None:
    assert hash_sender(b"k", "zalo-123") == hash_sender(b"k", "zalo-123")
    assert hash_sender(b"k", "zalo-123") != hash_sender(b"other", "zalo-123")
    assert "zalo-123" not in hash_sender(b"k", "zalo-123")


# --- integration: the SQL repositories and the local backend on a demo store ---


def sql_service(session: Session, clock: Clock) -> DossierLookupService:
    backend = LocalBackend(SqlAlchemyDossierRepository(session), TEST_KEY)
    return DossierLookupService(
        backend, SqlAlchemyAttemptRepository(session), default_limits(), clock
    )


@pytest.mark.parametrize("which", ["phone", "id"])
def test_sql_lookup_by_phone_or_cccd(demo_engine: Engine, which: str) -> None:
    sample = SAMPLE_DOSSIERS[0]
    factor = (sample.phone if which == "phone" else sample.id_number).replace(" ", "")[-4:]
    with Session(demo_engine) as session:
        outcome = sql_service(session, Clock(NOW)).lookup(sample.code, factor, ALICE)
    assert isinstance(outcome, Found)
    assert outcome.view.status is Status.PROCESSED
    assert outcome.view.owner_name_masked == "Nguyễn V** A**"


def test_sql_counters_survive_a_restart(demo_engine: Engine) -> None:
    sample = SAMPLE_DOSSIERS[1]
    for factor in ("0001", "0002", "0003"):
        with Session(demo_engine) as session:  # a new session per call, as in the action
            assert (
                sql_service(session, Clock(NOW)).lookup(sample.code, factor, ALICE) == NotMatched()
            )
    with Session(demo_engine) as session:
        outcome = sql_service(session, Clock(NOW)).lookup(sample.code, "4321", ALICE)
        assert isinstance(outcome, LockedOut)
        audit = session.scalars(select(LookupAudit.result).order_by(LookupAudit.id)).all()
        assert audit == ["not_matched"] * 3 + ["locked"]
        assert session.scalar(select(func.count()).select_from(LookupCounter)) == 3
    with Session(demo_engine) as session:
        other = Requester("c" * 64, "zalo")
        assert isinstance(
            sql_service(session, Clock(NOW)).lookup(sample.code, "4321", other), Found
        )
