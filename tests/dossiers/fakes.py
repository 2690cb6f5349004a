"""Fakes of the dossier lookup's collaborators (fakes over mocks)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from actions.dossiers.backends import BackendUnavailable, DossierView
from actions.dossiers.limits import CounterState
from actions.dossiers.repository import AuditRecord, CounterChange, CounterKey
from actions.dossiers.statuses import Status

VIEW = DossierView(
    code="000.00.27.H26-251017-0012",
    procedure_code="1.001193",
    procedure_name="Thủ tục đăng ký khai sinh",
    channel=1,
    owner_name_masked="Nguyễn V** A**",
    status=Status.PROCESSED,
    received_at=datetime(2025, 10, 17, 9, 15),
    due_at=datetime(2025, 10, 24, 16, 30),
    finished_at=datetime(2025, 10, 22, 15, 0),
)


class FakeBackend:
    name = "fake"

    def __init__(self, dossiers: dict[str, tuple[str, DossierView]] | None = None) -> None:
        self.dossiers = dossiers if dossiers is not None else {VIEW.code: ("5678", VIEW)}
        self.down = False
        self.calls = 0

    def verify(self, code: str, factor: str) -> DossierView | None:
        self.calls += 1
        if self.down:
            raise BackendUnavailable("down")
        found = self.dossiers.get(code)
        return found[1] if found and found[0] == factor else None


class FakeAttempts:
    def __init__(self) -> None:
        self.counters: dict[CounterKey, CounterState] = {}
        self.audit: list[AuditRecord] = []
        self.pending: list[AuditRecord] = []

    def update_counters(
        self, keys: Iterable[CounterKey], change: CounterChange
    ) -> dict[CounterKey, CounterState]:
        states = {k: self.counters.get(k, CounterState()) for k in keys}
        new = change(states)
        self.counters.update(new)
        self.commit()
        return new

    def get_counter(self, key: CounterKey) -> CounterState | None:
        return self.counters.get(key)

    def add_audit(self, record: AuditRecord) -> None:
        self.pending.append(record)

    def commit(self) -> None:
        self.audit += self.pending
        self.pending.clear()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
