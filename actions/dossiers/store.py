"""Wiring of the dossier lookup: migrations, the configured backend, one session per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache

from sqlalchemy.orm import Session

from actions.db import dossiers_session_factory
from actions.dossiers.backends import DossierBackend, LocalBackend
from actions.dossiers.factors import factor_key
from actions.dossiers.limits import Limits, default_limits
from actions.dossiers.provincial import ProvincialBackend
from actions.dossiers.repository import SqlAlchemyAttemptRepository, SqlAlchemyDossierRepository
from actions.dossiers.service import DossierLookupService
from actions.migrate import DOSSIERS
from actions.settings import Settings, get_settings

LookupServiceProvider = Callable[[], AbstractContextManager[DossierLookupService]]

upgrade_to_head = DOSSIERS.upgrade_to_head
upgrade_connection_to_head = DOSSIERS.upgrade_connection_to_head


def limits_from(settings: Settings) -> Limits:
    return default_limits(
        conversation_max_failures=settings.dossier_conversation_max_failures,
        conversation_lockout_minutes=settings.dossier_conversation_lockout_minutes,
        code_free_failures=settings.dossier_code_free_failures,
        code_first_delay_seconds=settings.dossier_code_first_delay_seconds,
        code_max_delay_minutes=settings.dossier_code_max_delay_minutes,
        code_forget_after_hours=settings.dossier_code_forget_after_hours,
        global_failures_per_hour=settings.dossier_global_failures_per_hour,
    )


@lru_cache(maxsize=1)
def provincial_backend() -> ProvincialBackend:
    """One HTTP client (connection pool) per process, created on first use."""
    settings = get_settings()
    return ProvincialBackend(
        settings.provincial_base_url,
        timeout_s=settings.provincial_timeout_s,
        retries=settings.provincial_retries,
        backoff_s=settings.provincial_backoff_s,
    )


def make_service(session: Session, settings: Settings) -> DossierLookupService:
    backend: DossierBackend
    if settings.dossier_backend == "provincial":
        backend = provincial_backend()
    else:
        backend = LocalBackend(SqlAlchemyDossierRepository(session), factor_key())
    return DossierLookupService(
        backend, SqlAlchemyAttemptRepository(session), limits_from(settings)
    )


@contextmanager
def sql_lookup_service() -> Iterator[DossierLookupService]:
    """A lookup service over one short-lived session of the dossier store."""
    with dossiers_session_factory()() as session:
        yield make_service(session, get_settings())
