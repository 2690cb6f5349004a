"""Where dossiers are looked up: the ward's own store, or a provincial one-stop system.

A backend answers one question — "is this the owner's dossier, and if so what does the
owner need to know?" — and nothing else: it never tells an unknown code from a wrong
factor, and what it returns holds masked personal data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from actions.dossiers.factors import ID_NUMBER, PHONE, matches
from actions.dossiers.models import Dossier
from actions.dossiers.repository import DossierRepository
from actions.dossiers.statuses import Status

_DUMMY_SALT = "0" * 32


@dataclass(frozen=True)
class DossierView:
    """What the owner is told: no clear personal number, nothing the owner does not need."""

    code: str
    procedure_code: str
    procedure_name: str
    channel: int
    owner_name_masked: str
    status: Status
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    fee_due_vnd: int | None = None
    citizen_note: str | None = None


class BackendUnavailable(Exception):
    """The system holding the dossiers did not answer in time, or answered nonsense."""


class DossierBackend(Protocol):
    name: str

    def verify(self, code: str, factor: str) -> DossierView | None:
        """The dossier if ``factor`` is the owner's; None for a wrong factor or unknown code.

        Raises BackendUnavailable when the answer cannot be known.
        """


def view_of(dossier: Dossier) -> DossierView:
    return DossierView(
        code=dossier.code,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        channel=dossier.channel,
        owner_name_masked=dossier.owner_name_masked,
        status=Status(dossier.status),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        fee_due_vnd=dossier.fee_due_vnd,
        citizen_note=dossier.citizen_note,
    )


class LocalBackend:
    """The ward's dossier store; the factor is checked against the stored HMACs."""

    name = "local"

    def __init__(self, repository: DossierRepository, key: bytes) -> None:
        self._repository = repository
        self._key = key

    def verify(self, code: str, factor: str) -> DossierView | None:
        dossier = self._repository.get_by_code(code)
        if dossier is None:
            # Same work as for a known code: response time does not tell codes apart.
            matches(self._key, _DUMMY_SALT, PHONE, factor, None)
            matches(self._key, _DUMMY_SALT, ID_NUMBER, factor, None)
            return None
        by_phone = matches(self._key, dossier.factor_salt, PHONE, factor, dossier.phone_last4_mac)
        by_id = matches(self._key, dossier.factor_salt, ID_NUMBER, factor, dossier.id_last4_mac)
        return view_of(dossier) if by_phone or by_id else None
