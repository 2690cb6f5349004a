from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from actions.dossiers.codes import is_valid_code
from actions.dossiers.demo import SAMPLE_DOSSIERS
from actions.dossiers.models import Dossier, DossierLogEntry
from actions.dossiers.statuses import Status


def test_demo_set_is_realistic_and_private(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        dossiers = session.scalars(select(Dossier)).all()
        logs = session.scalar(select(func.count()).select_from(DossierLogEntry))
    assert len(dossiers) == 200 + len(SAMPLE_DOSSIERS)
    assert logs and logs >= len(dossiers)
    assert all(is_valid_code(d.code) and ".H26-" in d.code for d in dossiers)
    assert len({d.code for d in dossiers}) == len(dossiers)
    statuses = Counter(d.status for d in dossiers)
    assert statuses.most_common(1)[0][0] == Status.CANCELLED.value
    assert {Status.RETURNED.value, Status.PROCESSING.value} <= set(statuses)
    for d in dossiers:
        assert d.phone_masked and d.phone_masked.endswith("*******")
        assert d.id_number_masked and d.id_number_masked.endswith("*********")
        assert d.phone_last4_mac and len(d.phone_last4_mac) == 64
        if d.finished_at and d.due_at:
            assert d.finished_at >= d.received_at


def test_same_seed_same_dossiers(demo_engine: Engine) -> None:
    from datetime import date

    from actions.dossiers.demo import generate
    from actions.settings import PROJECT_ROOT
    from tests.dossiers.conftest import TEST_KEY

    def snapshot() -> list[tuple[str, str, str]]:
        with Session(demo_engine) as session:
            rows = session.execute(
                select(Dossier.code, Dossier.status, Dossier.phone_last4_mac).order_by(Dossier.id)
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]

    first = snapshot()
    with Session(demo_engine) as session:
        generate(session, 200, 42, date(2025, 11, 20), TEST_KEY, PROJECT_ROOT / "data")
    assert snapshot() == first
