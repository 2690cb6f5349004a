from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from actions.dossiers.limits import (
    CounterState,
    Rule,
    charge,
    default_limits,
    locked_until,
    refund,
)

NOW = datetime(2025, 11, 20, 10, 0)
LIMITS = default_limits()


def fail(state: CounterState, rule: Rule, now: datetime, times: int) -> CounterState:
    for _ in range(times):
        assert locked_until(state, rule, now) is None
        state = charge(state, rule, now)
    return state


def test_conversation_locks_after_three_failures_for_fifteen_minutes() -> None:
    rule = LIMITS.conversation
    state = fail(CounterState(), rule, NOW, 3)
    assert locked_until(state, rule, NOW) == NOW + timedelta(minutes=15)
    assert locked_until(state, rule, NOW + timedelta(minutes=14)) is not None
    assert locked_until(state, rule, NOW + timedelta(minutes=15)) is None
    later = NOW + timedelta(minutes=16)  # a new window after the lock
    state = fail(state, rule, later, 2)
    assert locked_until(state, rule, later) is None


def test_success_resets_the_conversation_but_keeps_the_codes_failures() -> None:
    state = fail(CounterState(), LIMITS.conversation, NOW, 2)
    state = refund(charge(state, LIMITS.conversation, NOW), LIMITS.conversation, succeeded=True)
    assert state.failures == 0
    code = fail(CounterState(), LIMITS.code, NOW, 3)
    code = charge(code, LIMITS.code, NOW)
    assert locked_until(code, LIMITS.code, NOW) is not None
    code = refund(code, LIMITS.code, succeeded=True)
    assert code.failures == 3  # the success's own charge is refunded, earlier failures stay
    assert locked_until(code, LIMITS.code, NOW) is None  # and the lock it set is lifted


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(1, None), (3, None), (4, 1), (5, 2), (6, 4), (7, 8), (8, 15), (9, 15), (10_000, 15)],
)
def test_code_backoff_doubles_up_to_fifteen_minutes(failures: int, minutes: int | None) -> None:
    delay = LIMITS.code.delay(failures)
    assert delay == (timedelta(minutes=minutes) if minutes is not None else None)


def test_the_cap_is_reached_at_the_eighth_failure() -> None:
    assert LIMITS.code.capped_after == 8


def test_a_code_lock_always_ends_and_a_quiet_day_forgets_the_failures() -> None:
    rule = LIMITS.code
    state, now = CounterState(), NOW
    for attempt in range(1, 501):
        now = locked_until(state, rule, now) or now
        state = charge(state, rule, now)
        end = locked_until(state, rule, now)
        if attempt > rule.free_failures:
            assert end is not None and end - now <= timedelta(minutes=15)
    quiet = now + timedelta(hours=24)
    assert locked_until(state, rule, quiet) is None
    state = charge(state, rule, quiet)
    assert state.failures == 1 and locked_until(state, rule, quiet) is None


def test_the_ward_bucket_slows_down_without_locking() -> None:
    rule = LIMITS.global_
    state = fail(CounterState(), rule, NOW, 30)
    wait = locked_until(state, rule, NOW)
    assert wait == NOW + timedelta(minutes=2)  # one failure leaks out every 2 minutes
    assert locked_until(state, rule, NOW + timedelta(minutes=2)) is None
    state = charge(state, rule, NOW + timedelta(minutes=2))
    assert locked_until(state, rule, NOW + timedelta(minutes=2)) == NOW + timedelta(minutes=4)
    assert locked_until(state, rule, NOW + timedelta(hours=1)) is None
    refunded = refund(state, rule, succeeded=True)
    assert refunded.failures == state.failures - 1


def test_refund_after_backend_failure_removes_the_lock_it_caused() -> None:
    rule = LIMITS.conversation
    state = fail(CounterState(), rule, NOW, 2)
    charged = charge(state, rule, NOW)
    assert locked_until(charged, rule, NOW) is not None
    refunded = refund(charged, rule, succeeded=False)
    assert locked_until(refunded, rule, NOW) is None
    assert refunded.failures == 2
    code = fail(CounterState(), LIMITS.code, NOW, 3)
    code = refund(charge(code, LIMITS.code, NOW), LIMITS.code, succeeded=False)
    assert locked_until(code, LIMITS.code, NOW) is None
