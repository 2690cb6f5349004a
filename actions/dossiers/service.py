"""The dossier lookup: attempt limits, the backend's answer, and the audit trail."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from actions.dossiers.backends import BackendUnavailable, DossierBackend, DossierView
from actions.dossiers.limits import (
    CODE,
    CONVERSATION,
    GLOBAL,
    GLOBAL_KEY,
    OWNER,
    CounterState,
    Limits,
    charge,
    locked_until,
    refund,
)
from actions.dossiers.repository import AttemptRepository, AuditRecord, CounterKey

logger = logging.getLogger(__name__)

VIETNAM = timezone(timedelta(hours=7))

FOUND = "found"
NOT_MATCHED = "not_matched"
LOCKED = "locked"
UNAVAILABLE = "unavailable"


def vietnam_now() -> datetime:
    """Naive Vietnam local time, as the dossier store keeps it."""
    return datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)


def hash_sender(key: bytes, sender_id: str) -> str:
    """Who asked, without keeping who: a keyed hash of the conversation's sender id."""
    return hmac.new(key, b"sender|" + sender_id.encode(), hashlib.sha256).hexdigest()


def owner_key(sender_hash: str, code: str) -> str:
    """The counter key of a (sender, code) pair; 64 hex characters like the column."""
    return hashlib.sha256(f"{sender_hash}|{code}".encode()).hexdigest()


#: A slowdown is warned about once per this interval and process: an attacker's every
#: request would otherwise write a log line.
SLOWDOWN_WARNING_EVERY = timedelta(minutes=10)
_last_slowdown_warning: list[datetime] = []


def _warn_slowdown(now: datetime) -> None:
    """Many failures ward-wide: someone is guessing, and the staff should know."""
    if _last_slowdown_warning and now - _last_slowdown_warning[0] < SLOWDOWN_WARNING_EVERY:
        return
    _last_slowdown_warning[:] = [now]
    logger.warning("dossier lookups slowed ward-wide: too many failed attempts (see lookup_audit)")


@dataclass(frozen=True)
class Requester:
    sender_hash: str
    channel: str


@dataclass(frozen=True)
class Found:
    view: DossierView


@dataclass(frozen=True)
class NotMatched:
    """Unknown code or wrong factor: deliberately indistinguishable."""


@dataclass(frozen=True)
class LockedOut:
    until: datetime


@dataclass(frozen=True)
class Unavailable:
    """The backend could not answer; the attempt was not counted."""


Outcome = Found | NotMatched | LockedOut | Unavailable


class DossierLookupService:
    def __init__(
        self,
        backend: DossierBackend,
        attempts: AttemptRepository,
        limits: Limits,
        clock: Callable[[], datetime] = vietnam_now,
    ) -> None:
        self._backend = backend
        self._attempts = attempts
        self._limits = limits
        self._clock = clock

    def lookup(self, code: str, factor: str, requester: Requester) -> Outcome:
        now = self._clock()
        keys: list[CounterKey] = [
            (CONVERSATION, requester.sender_hash),
            (CODE, code),
            (GLOBAL, GLOBAL_KEY),
        ]
        owner: CounterKey = (OWNER, owner_key(requester.sender_hash, code))
        # Read without creating the row: strangers' attempts must not fill the table.
        trusted = self._limits.trusted(self._attempts.get_counter(owner), now)
        lock: list[datetime] = []
        slowed: list[bool] = []

        def charge_unless_locked(
            states: dict[CounterKey, CounterState],
        ) -> dict[CounterKey, CounterState]:
            ends = {
                key[0]: end
                for key, state in states.items()
                if (not trusted or key[0] == CONVERSATION)
                and (end := locked_until(state, self._limits.rule(key[0]), now)) is not None
            }
            if ends:
                lock.append(max(ends.values()))
                if GLOBAL in ends:
                    slowed.append(True)
                return states
            charged = {k: charge(s, self._limits.rule(k[0]), now) for k, s in states.items()}
            if charged[(CODE, code)].failures == self._limits.code.capped_after:
                # Once per run of failures: from here on this code is being guessed at
                # the capped rate; the audit trail has the details.
                logger.warning("dossier code %s: repeated wrong factors, lookups throttled", code)
            return charged

        self._attempts.update_counters(keys, charge_unless_locked)
        if lock:
            if slowed:
                _warn_slowdown(now)
            self._audit(now, requester, code, LOCKED)
            self._attempts.commit()
            return LockedOut(lock[0])

        try:
            view = self._backend.verify(code, factor)
        except BackendUnavailable as error:
            logger.warning("dossier backend %s unavailable: %s", self._backend.name, error)
            self._audit(now, requester, code, UNAVAILABLE)
            self._refund(keys, succeeded=False)  # commits the audit record too
            return Unavailable()
        if view is None:
            self._audit(now, requester, code, NOT_MATCHED)
            self._attempts.commit()
            return NotMatched()
        self._audit(now, requester, code, FOUND)
        self._refund(keys, succeeded=True, owner=owner, now=now)
        return Found(view)

    def _refund(
        self,
        keys: list[CounterKey],
        *,
        succeeded: bool,
        owner: CounterKey | None = None,
        now: datetime | None = None,
    ) -> None:
        def change(states: dict[CounterKey, CounterState]) -> dict[CounterKey, CounterState]:
            new = {
                k: refund(s, self._limits.rule(k[0]), succeeded=succeeded)
                for k, s in states.items()
                if k != owner
            }
            if owner is not None:  # the owner's pair is trusted from now on
                new[owner] = CounterState(window_started_at=now)
            return new

        self._attempts.update_counters([*keys, *([owner] if owner else [])], change)

    def _audit(self, now: datetime, requester: Requester, code: str, result: str) -> None:
        self._attempts.add_audit(
            AuditRecord(
                at=now,
                sender_hash=requester.sender_hash,
                channel=requester.channel,
                dossier_code=code,
                result=result,
                backend=self._backend.name,
            )
        )


__all__ = [
    "DossierLookupService",
    "Found",
    "LockedOut",
    "NotMatched",
    "Outcome",
    "Requester",
    "Unavailable",
    "hash_sender",
    "vietnam_now",
]
