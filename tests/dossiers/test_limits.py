from __future__ import annotations

from datetime import datetime, timedelta

from actions.dossiers.limits import (
    FOREVER,
    CounterState,
    charge,
    default_limits,
    locked_until,
    refund,
)

NOW = datetime(2025, 11, 20, 10, 0)
LIMITS = default_limits()


def fail(state: CounterState, rule_scope: str, now: datetime, times: int) -> CounterState:
    rule = LIMITS.rule(rule_scope)
    for _ in range(times):
        assert locked_until(state, rule, now) is None
        state = charge(state, rule, now)
    return state


def test_conversation_locks_after_three_failures_for_fifteen_minutes() -> None:
    rule = LIMITS.conversation
    state = fail(CounterState(), "conversation", NOW, 3)
    assert locked_until(state, rule, NOW) == NOW + timedelta(minutes=15)
    assert locked_until(state, rule, NOW + timedelta(minutes=14)) is not None
    assert locked_until(state, rule, NOW + timedelta(minutes=15)) is None
    # a new window starts after the lock: three more tries
    later = NOW + timedelta(minutes=16)
    state = fail(state, "conversation", later, 2)
    assert locked_until(state, rule, later) is None


def test_success_resets_the_conversation_but_not_the_code() -> None:
    state = fail(CounterState(), "conversation", NOW, 2)
    state = refund(charge(state, LIMITS.conversation, NOW), LIMITS.conversation, succeeded=True)
    assert state.failures == 0
    code = fail(CounterState(), "code", NOW, 2)
    code = refund(charge(code, LIMITS.code, NOW), LIMITS.code, succeeded=True)
    assert code.failures == 2  # the success's own charge is refunded, earlier failures stay


def test_code_locks_for_a_day_then_for_good() -> None:
    rule = LIMITS.code
    state = fail(CounterState(), "code", NOW, 5)
    assert locked_until(state, rule, NOW) == NOW + timedelta(days=1)
    next_day = NOW + timedelta(days=1, minutes=1)
    state = fail(state, "code", next_day, 5)
    assert state.total_failures == 10
    assert locked_until(state, rule, NOW + timedelta(days=365)) == FOREVER


def test_refund_after_backend_failure_removes_the_lock_it_caused() -> None:
    rule = LIMITS.conversation
    state = fail(CounterState(), "conversation", NOW, 2)
    charged = charge(state, rule, NOW)
    assert locked_until(charged, rule, NOW) is not None
    refunded = refund(charged, rule, succeeded=False)
    assert locked_until(refunded, rule, NOW) is None
    assert refunded.failures == 2
