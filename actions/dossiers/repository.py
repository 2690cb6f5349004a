"""Repositories of the dossier store: dossiers, and lookup attempts (counters + audit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.dossiers.limits import CounterState
from actions.dossiers.models import Dossier, LookupAudit, LookupCounter


class DossierRepository(Protocol):
    def get_by_code(self, code: str) -> Dossier | None: ...


class SqlAlchemyDossierRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_by_code(self, code: str) -> Dossier | None:
        return self._session.scalars(select(Dossier).where(Dossier.code == code)).one_or_none()

    def add(self, dossier: Dossier) -> None:
        self._session.add(dossier)


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    sender_hash: str
    channel: str
    dossier_code: str
    result: str
    backend: str


CounterKey = tuple[str, str]  # (scope, key)


class AttemptRepository(Protocol):
    """Counters are read and written in one transaction, rows locked where the DB can."""

    def update_counters(
        self, keys: Iterable[CounterKey], change: CounterChange
    ) -> dict[CounterKey, CounterState]: ...

    def get_counter(self, key: CounterKey) -> CounterState | None:
        """A counter as stored, without creating or locking it."""

    def add_audit(self, record: AuditRecord) -> None:
        """Added to the pending transaction: committed by the next update or commit()."""

    def commit(self) -> None: ...


class CounterChange(Protocol):
    def __call__(self, states: dict[CounterKey, CounterState]) -> dict[CounterKey, CounterState]:
        """The new states, given the current ones (all keys present; missing ones empty)."""


def _state(row: LookupCounter) -> CounterState:
    return CounterState(
        failures=row.failures,
        total_failures=row.total_failures,
        window_started_at=row.window_started_at,
        locked_until=row.locked_until,
    )


class SqlAlchemyAttemptRepository:
    """Counters in the dossier DB, so limits hold across restarts and replicas."""

    RETRIES = 3

    def __init__(self, session: Session) -> None:
        self._session = session

    def update_counters(
        self, keys: Iterable[CounterKey], change: CounterChange
    ) -> dict[CounterKey, CounterState]:
        wanted = sorted(set(keys))  # a fixed order: no deadlock between two transactions
        for attempt in range(self.RETRIES):
            try:
                return self._update(wanted, change)
            except IntegrityError:  # another replica created the same counter row first
                self._session.rollback()
                if attempt == self.RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _update(
        self, wanted: list[CounterKey], change: CounterChange
    ) -> dict[CounterKey, CounterState]:
        rows: dict[CounterKey, LookupCounter] = {}
        for scope, key in wanted:
            stmt = (
                select(LookupCounter)
                .where(LookupCounter.scope == scope, LookupCounter.key == key)
                .with_for_update()
            )
            row = self._session.scalars(stmt).one_or_none()
            if row is None:
                row = LookupCounter(scope=scope, key=key, failures=0, total_failures=0)
                self._session.add(row)
                self._session.flush()
            rows[(scope, key)] = row
        before = {k: _state(row) for k, row in rows.items()}
        after = change(before)
        for k, state in after.items():
            row = rows[k]
            row.failures = state.failures
            row.total_failures = state.total_failures
            row.window_started_at = state.window_started_at
            row.locked_until = state.locked_until
        self._session.commit()
        return after

    def get_counter(self, key: CounterKey) -> CounterState | None:
        scope, name = key
        stmt = select(LookupCounter).where(LookupCounter.scope == scope, LookupCounter.key == name)
        row = self._session.scalars(stmt).one_or_none()
        return None if row is None else _state(row)

    def add_audit(self, record: AuditRecord) -> None:
        self._session.add(
            LookupAudit(
                at=record.at,
                sender_hash=record.sender_hash,
                channel=record.channel[:64],
                dossier_code=record.dossier_code[:32],
                result=record.result,
                backend=record.backend,
            )
        )

    def commit(self) -> None:
        self._session.commit()
