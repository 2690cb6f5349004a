"""Client of a provincial one-stop system's lookup API (WARD_DOSSIER_BACKEND=provincial).

The API this speaks (tests/standins/provincial_onestop.py is a stand-in):

    POST {base_url}/api/v1/dossiers/lookup   {"code": "...", "factor": "1234"}
    200 {"code", "procedure_code", "procedure_name", "channel", "owner_name_masked",
         "status" (our key, national 1-10 or an iGate label), "received_at", "due_at",
         "finished_at", "returned_at", "fee_due_vnd", "citizen_note"}   (ISO datetimes)
    404 unknown code or wrong factor (indistinguishable, as here)

Synchronous httpx, run in a worker thread by the action. Connection errors, timeouts and
5xx are retried with exponential backoff; then the lookup is "unavailable".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from actions.dossiers.backends import BackendUnavailable, DossierView
from actions.dossiers.statuses import status_from_external

LOOKUP_PATH = "/api/v1/dossiers/lookup"


def _datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)).replace(tzinfo=None) if value else None


def view_from_json(data: dict[str, Any]) -> DossierView:
    received = _datetime(data["received_at"])
    if received is None:
        raise ValueError("received_at missing")
    fee = data.get("fee_due_vnd")
    return DossierView(
        code=str(data["code"]),
        procedure_code=str(data.get("procedure_code") or ""),
        procedure_name=str(data["procedure_name"]),
        channel=int(data.get("channel") or 0),
        owner_name_masked=str(data.get("owner_name_masked") or ""),
        status=status_from_external(data["status"]),
        received_at=received,
        due_at=_datetime(data.get("due_at")),
        finished_at=_datetime(data.get("finished_at")),
        returned_at=_datetime(data.get("returned_at")),
        fee_due_vnd=int(fee) if fee is not None else None,
        citizen_note=data.get("citizen_note") or None,
    )


class ProvincialBackend:
    name = "provincial"

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 2.5,
        retries: int = 1,
        backoff_s: float = 0.2,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout_s, transport=transport
        )
        self._retries = retries
        self._backoff_s = backoff_s
        self._sleep = sleep

    def close(self) -> None:
        self._client.close()

    def verify(self, code: str, factor: str) -> DossierView | None:
        problem = "no attempt"
        for attempt in range(self._retries + 1):
            if attempt:
                self._sleep(self._backoff_s * 2 ** (attempt - 1))
            try:
                response = self._client.post(LOOKUP_PATH, json={"code": code, "factor": factor})
            except httpx.TimeoutException:
                problem = "timeout"
                continue
            except httpx.TransportError as error:
                problem = f"connection: {type(error).__name__}"
                continue
            if response.status_code == 404:
                return None
            if response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise BackendUnavailable(f"HTTP {response.status_code}")
            try:
                return view_from_json(response.json())
            except (ValueError, KeyError, TypeError) as error:
                raise BackendUnavailable(f"malformed answer: {error}") from error
        raise BackendUnavailable(f"{problem} after {self._retries + 1} attempts")
