"""Attempt limits of the dossier lookup: pure rules over counter states (no database here).

Every attempt is charged *before* the factor is checked, and refunded if it succeeds or
the backend is down, so parallel requests cannot exceed a limit (docs/dossiers.md).

Sender ids are chosen by the client on REST and socket.io, so no limit may trust them to
tell an owner from a stranger, and no limit may last: whatever strangers do, a lock ends
within ``BackoffRule.max_delay`` (15 minutes) and the owner with the right factor gets in.

- conversation (per keyed sender hash): 3 failures in 15 minutes lock it for 15 minutes.
  Costs an attacker nothing (new sender ids), saves an honest citizen from a typo spiral.
- code: exponential backoff. A few free failures, then each further failure locks the
  code for 1, 2, 4, 8, then 15 minutes (the cap), until a quiet day forgets the failures.
  Never permanent; what it bounds is the guess *rate*: ~4 an hour, ~100 a day.
- global (the whole ward): a leaky bucket of failures, a slowdown rather than a lock.
  When full, the next attempt waits for one failure to leak out (2 minutes at 30/hour),
  never an hour, and only while failures keep coming in.
- owner: a sender that found the dossier with its factor is trusted for that code for 30
  days: a returning owner skips the code's and the ward's waits, so even a stranger who
  re-locks a code every 15 minutes for weeks does not keep its owner out. Strangers cannot
  earn the trust (it takes the factor) nor borrow it (sender hashes are keyed, and the
  channels vouch for their ids).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

CONVERSATION = "conversation"
CODE = "code"
GLOBAL = "global"
GLOBAL_KEY = "*"
#: Not a limit: (keyed sender hash, code) pairs that found the dossier with its factor.
OWNER = "owner"


@dataclass(frozen=True)
class CounterState:
    """One ``lookup_counter`` row; each rule gives the columns its own meaning."""

    #: WindowRule: failures in the window. BackoffRule: failures since the last quiet
    #: period. BucketRule: the bucket's level.
    failures: int = 0
    #: Failures ever charged and not refunded (statistics; no rule locks on it).
    total_failures: int = 0
    #: WindowRule: window start. BackoffRule: last failure. BucketRule: last leak.
    window_started_at: datetime | None = None
    locked_until: datetime | None = None


class Rule(Protocol):
    @property
    def scope(self) -> str: ...

    def locked_until(self, state: CounterState, now: datetime) -> datetime | None:
        """When the wait ends, or None if an attempt is allowed now."""

    def charge(self, state: CounterState, now: datetime) -> CounterState:
        """The state after one more (presumed failed) attempt."""

    def refund(self, state: CounterState, *, succeeded: bool) -> CounterState:
        """Undo a charge: the attempt succeeded, or could not be checked (backend down)."""


@dataclass(frozen=True)
class WindowRule:
    """``max_failures`` in ``window`` lock for ``lockout``; a success clears the window."""

    scope: str
    max_failures: int
    window: timedelta
    lockout: timedelta

    def locked_until(self, state: CounterState, now: datetime) -> datetime | None:
        if state.locked_until is not None and state.locked_until > now:
            return state.locked_until
        return None

    def charge(self, state: CounterState, now: datetime) -> CounterState:
        if state.window_started_at is None or now - state.window_started_at >= self.window:
            state = replace(state, failures=0, window_started_at=now)
        failures = state.failures + 1
        lock = now + self.lockout if failures >= self.max_failures else state.locked_until
        return replace(
            state, failures=failures, total_failures=state.total_failures + 1, locked_until=lock
        )

    def refund(self, state: CounterState, *, succeeded: bool) -> CounterState:
        total = max(0, state.total_failures - 1)
        if succeeded:
            return CounterState(total_failures=total)
        failures = max(0, state.failures - 1)
        lock = state.locked_until if failures >= self.max_failures else None
        return replace(state, failures=failures, total_failures=total, locked_until=lock)


@dataclass(frozen=True)
class BackoffRule:
    """Per dossier code: ``free_failures``, then locks doubling from ``first_delay`` up to
    ``max_delay``; failures are forgotten after ``forget_after`` without one.

    A lock only ever follows a charged failure and lasts at most ``max_delay``, and a
    locked attempt is not charged, so no number of requests makes a lock longer or
    permanent: 1,000 wrong guesses in a burst leave the owner waiting at most 15 minutes.
    """

    scope: str
    free_failures: int
    first_delay: timedelta
    max_delay: timedelta
    forget_after: timedelta

    def delay(self, failures: int) -> timedelta | None:
        """The lock after the ``failures``-th failure in a row (1-based), if any."""
        over = failures - self.free_failures
        if over <= 0:
            return None
        # 2**over overflows a timedelta long before it matters: cap the exponent.
        delay: timedelta = self.first_delay * 2 ** min(over - 1, 30)
        return min(delay, self.max_delay)

    @property
    def capped_after(self) -> int:
        """The failure from which every lock lasts ``max_delay``."""
        failures = self.free_failures + 1
        while (delay := self.delay(failures)) is not None and delay < self.max_delay:
            failures += 1
        return failures

    def locked_until(self, state: CounterState, now: datetime) -> datetime | None:
        if state.locked_until is not None and state.locked_until > now:
            return state.locked_until
        return None

    def charge(self, state: CounterState, now: datetime) -> CounterState:
        failures = state.failures
        last = state.window_started_at
        if last is None or now - last >= self.forget_after:
            failures = 0
        failures += 1
        delay = self.delay(failures)
        return CounterState(
            failures=failures,
            total_failures=state.total_failures + 1,
            window_started_at=now,
            locked_until=now + delay if delay is not None else None,
        )

    def refund(self, state: CounterState, *, succeeded: bool) -> CounterState:
        # While this attempt was being checked every other one was locked out by it (or
        # none was due), so the lock it set is the only one to lift. A success keeps the
        # strangers' failures: the owner's lookup must not hand them fresh free guesses.
        failures = max(0, state.failures - 1)
        lock = None if succeeded or self.delay(failures) is None else state.locked_until
        return replace(
            state,
            failures=failures,
            total_failures=max(0, state.total_failures - 1),
            locked_until=lock,
        )


@dataclass(frozen=True)
class BucketRule:
    """Ward-wide leaky bucket: ``capacity`` failures, leaking ``capacity`` per ``period``.

    A full bucket delays the next attempt by one leak interval (2 minutes for 30/hour):
    a slowdown for everyone while failures pour in, never a lock that outlasts them.
    """

    scope: str
    capacity: int
    period: timedelta

    @property
    def interval(self) -> timedelta:
        return self.period / self.capacity

    def _leaked(self, state: CounterState, now: datetime) -> CounterState:
        last = state.window_started_at
        if last is None or state.failures <= 0:
            return replace(state, failures=0, window_started_at=now)
        leaked = int((now - last) / self.interval)
        if leaked >= state.failures:
            return replace(state, failures=0, window_started_at=now)
        # Keep the remainder of a partial interval: the level leaks at a steady rate.
        return replace(
            state, failures=state.failures - leaked, window_started_at=last + leaked * self.interval
        )

    def locked_until(self, state: CounterState, now: datetime) -> datetime | None:
        level = self._leaked(state, now)
        if level.failures < self.capacity or level.window_started_at is None:
            return None
        return level.window_started_at + self.interval

    def charge(self, state: CounterState, now: datetime) -> CounterState:
        level = self._leaked(state, now)
        return replace(level, failures=level.failures + 1, total_failures=state.total_failures + 1)

    def refund(self, state: CounterState, *, succeeded: bool) -> CounterState:
        return replace(
            state,
            failures=max(0, state.failures - 1),
            total_failures=max(0, state.total_failures - 1),
        )


@dataclass(frozen=True)
class Limits:
    conversation: WindowRule
    code: BackoffRule
    global_: BucketRule
    #: How long a sender that found a dossier with its factor skips the code's and the
    #: ward's waits for that code (its own conversation limit still holds).
    owner_trust: timedelta = timedelta(days=30)

    def trusted(self, owner: CounterState | None, now: datetime) -> bool:
        verified = owner.window_started_at if owner is not None else None
        return verified is not None and now - verified < self.owner_trust

    def rule(self, scope: str) -> Rule:
        rules: dict[str, Rule] = {
            CONVERSATION: self.conversation,
            CODE: self.code,
            GLOBAL: self.global_,
        }
        return rules[scope]


def default_limits(
    *,
    conversation_max_failures: int = 3,
    conversation_lockout_minutes: int = 15,
    code_free_failures: int = 3,
    code_first_delay_seconds: int = 60,
    code_max_delay_minutes: int = 15,
    code_forget_after_hours: int = 24,
    global_failures_per_hour: int = 30,
    owner_trust_days: int = 30,
) -> Limits:
    return Limits(
        conversation=WindowRule(
            CONVERSATION,
            conversation_max_failures,
            window=timedelta(minutes=conversation_lockout_minutes),
            lockout=timedelta(minutes=conversation_lockout_minutes),
        ),
        code=BackoffRule(
            CODE,
            free_failures=code_free_failures,
            first_delay=timedelta(seconds=code_first_delay_seconds),
            max_delay=timedelta(minutes=code_max_delay_minutes),
            forget_after=timedelta(hours=code_forget_after_hours),
        ),
        global_=BucketRule(GLOBAL, global_failures_per_hour, timedelta(hours=1)),
        owner_trust=timedelta(days=owner_trust_days),
    )


def locked_until(state: CounterState, rule: Rule, now: datetime) -> datetime | None:
    """When the wait on this counter ends, or None if an attempt is allowed now."""
    return rule.locked_until(state, now)


def charge(state: CounterState, rule: Rule, now: datetime) -> CounterState:
    """The state after one more (presumed failed) attempt."""
    return rule.charge(state, now)


def refund(state: CounterState, rule: Rule, *, succeeded: bool) -> CounterState:
    """Undo a charge: the attempt succeeded, or could not be checked (backend down)."""
    return rule.refund(state, succeeded=succeeded)
