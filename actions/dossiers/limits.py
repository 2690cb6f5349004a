"""Attempt limits of the dossier lookup: pure rules over counter states (no database here).

Every attempt is charged *before* the factor is checked, and refunded if it succeeds or
the backend is down, so parallel requests cannot exceed a limit (docs/dossiers.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CONVERSATION = "conversation"
CODE = "code"
GLOBAL = "global"
GLOBAL_KEY = "*"
#: A lifetime lock has no end; staff clear it (DELETE FROM lookup_counter ...).
FOREVER = datetime(9999, 12, 31)


@dataclass(frozen=True)
class Rule:
    scope: str
    max_failures: int
    window: timedelta
    lockout: timedelta
    #: Failures ever allowed (no reset on success), or None.
    lifetime_max: int | None = None
    #: Whether a successful lookup clears the window's failures.
    reset_on_success: bool = False


@dataclass(frozen=True)
class CounterState:
    failures: int = 0
    total_failures: int = 0
    window_started_at: datetime | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Limits:
    conversation: Rule
    code: Rule
    global_: Rule

    def rule(self, scope: str) -> Rule:
        return {CONVERSATION: self.conversation, CODE: self.code, GLOBAL: self.global_}[scope]


def default_limits(
    *,
    conversation_max_failures: int = 3,
    conversation_lockout_minutes: int = 15,
    code_max_failures_per_day: int = 5,
    code_max_failures_total: int = 10,
    global_max_failures_per_hour: int = 30,
) -> Limits:
    return Limits(
        conversation=Rule(
            CONVERSATION,
            conversation_max_failures,
            window=timedelta(minutes=conversation_lockout_minutes),
            lockout=timedelta(minutes=conversation_lockout_minutes),
            reset_on_success=True,
        ),
        code=Rule(
            CODE,
            code_max_failures_per_day,
            window=timedelta(days=1),
            lockout=timedelta(days=1),
            lifetime_max=code_max_failures_total,
        ),
        global_=Rule(GLOBAL, global_max_failures_per_hour, timedelta(hours=1), timedelta(hours=1)),
    )


def locked_until(state: CounterState, rule: Rule, now: datetime) -> datetime | None:
    """When the lock on this counter ends, or None if an attempt is allowed now."""
    if rule.lifetime_max is not None and state.total_failures >= rule.lifetime_max:
        return FOREVER
    if state.locked_until is not None and state.locked_until > now:
        return state.locked_until
    return None


def charge(state: CounterState, rule: Rule, now: datetime) -> CounterState:
    """The state after one more (presumed failed) attempt."""
    if state.window_started_at is None or now - state.window_started_at >= rule.window:
        state = replace(state, failures=0, window_started_at=now)
    failures = state.failures + 1
    lock = now + rule.lockout if failures >= rule.max_failures else state.locked_until
    return replace(
        state, failures=failures, total_failures=state.total_failures + 1, locked_until=lock
    )


def refund(state: CounterState, rule: Rule, *, succeeded: bool) -> CounterState:
    """Undo a charge: the attempt succeeded, or could not be checked (backend down)."""
    if succeeded and rule.reset_on_success:
        return replace(
            state,
            failures=0,
            total_failures=max(0, state.total_failures - 1),
            window_started_at=None,
            locked_until=None,
        )
    failures = max(0, state.failures - 1)
    lock = state.locked_until if failures >= rule.max_failures else None
    return replace(
        state,
        failures=failures,
        total_failures=max(0, state.total_failures - 1),
        locked_until=lock,
    )
