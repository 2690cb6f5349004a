"""The provincial backend against a local stand-in that can be slow, failing or down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.dossiers.backends import BackendUnavailable
from actions.dossiers.provincial import ProvincialBackend
from actions.dossiers.statuses import Status
from tests.standins.provincial_onestop import ProvincialStandin

CODE = "000.00.27.H26-251017-0012"


@pytest.fixture
def standin() -> Iterator[ProvincialStandin]:
    server = ProvincialStandin().start()
    yield server
    server.stop()


def client(url: str, **kwargs: float) -> ProvincialBackend:
    options = {"timeout_s": 0.5, "retries": 2, "backoff_s": 0.01} | kwargs
    return ProvincialBackend(
        url,
        timeout_s=options["timeout_s"],
        retries=int(options["retries"]),
        backoff_s=options["backoff_s"],
    )


def test_answers_the_owner(standin: ProvincialStandin) -> None:
    view = client(standin.url).verify(CODE, "5678")
    assert view is not None
    assert view.status is Status.PROCESSED
    assert view.owner_name_masked == "Nguyễn V** A**"
    assert view.received_at.hour == 9 and view.received_at.tzinfo is None


def test_wrong_factor_and_unknown_code_are_none(standin: ProvincialStandin) -> None:
    backend = client(standin.url)
    assert backend.verify(CODE, "0000") is None
    assert backend.verify("000.00.27.H26-251017-0099", "5678") is None


def test_retries_a_500_with_backoff(standin: ProvincialStandin) -> None:
    standin.fail_first = 2
    sleeps: list[float] = []
    backend = ProvincialBackend(
        standin.url, timeout_s=1, retries=2, backoff_s=0.1, sleep=sleeps.append
    )
    assert backend.verify(CODE, "5678") is not None
    assert sleeps == [0.1, 0.2]
    assert standin.requests == 3


def test_failing_system_is_unavailable(standin: ProvincialStandin) -> None:
    standin.mode = "fail"
    with pytest.raises(BackendUnavailable, match="HTTP 500"):
        client(standin.url).verify(CODE, "5678")
    assert standin.requests == 3


def test_slow_system_times_out(standin: ProvincialStandin) -> None:
    standin.mode, standin.delay_s = "slow", 1.0
    with pytest.raises(BackendUnavailable, match="timeout"):
        client(standin.url, timeout_s=0.2, retries=1).verify(CODE, "5678")


def test_system_down_is_unavailable(standin: ProvincialStandin) -> None:
    url = standin.url
    standin.stop()
    with pytest.raises(BackendUnavailable, match="connection"):
        client(url).verify(CODE, "5678")


def test_service_over_a_down_system_is_unavailable_and_not_counted(
    standin: ProvincialStandin,
) -> None:
    from actions.dossiers.limits import default_limits
    from actions.dossiers.service import DossierLookupService, Found, Requester, Unavailable
    from tests.dossiers.fakes import FakeAttempts

    attempts = FakeAttempts()
    service = DossierLookupService(client(standin.url), attempts, default_limits())
    requester = Requester("a" * 64, "rest")
    assert isinstance(service.lookup(CODE, "5678", requester), Found)
    standin.stop()
    for _ in range(5):
        assert service.lookup(CODE, "5678", requester) == Unavailable()
    assert all(state.failures == 0 for state in attempts.counters.values())
    assert [r.result for r in attempts.audit] == ["found"] + ["unavailable"] * 5
