"""The action server: rasa_sdk's app with a readiness route and a safety net.

``python -m actions.server --actions actions --port 5055`` takes rasa_sdk's arguments and
serves what ``python -m rasa_sdk`` serves, plus:

- ``GET /health/ready``: 200 when the procedure knowledge base and the dossier store
  answer, 503 otherwise, with which part is down (``{"status": "unavailable", "checks":
  {"procedures": "unavailable", "dossiers": "ok"}}``). ``/health`` stays liveness only:
  the Rasa server's degraded mode (bot/channels/degraded.py) uses it, since a running
  action server answers even a damaged database with an apology.
- an action that raises anyway is answered with that apology (and, for the session start,
  a started session) instead of rasa_sdk's 500, whose body echoes the whole request —
  the conversation — into Rasa's logs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import Table, func, literal_column, select
from sqlalchemy.orm import Session, sessionmaker

from actions.db import dossiers_session_factory, procedures_session_factory, reset_engines
from actions.dialogue.unavailable import DATABASE_ERRORS, apology, ward_desk
from actions.dossiers.models import Dossier, LookupAudit, LookupCounter
from actions.procedures.models import CatalogueBuild, Procedure, WardOffice
from actions.settings import get_settings

logger = logging.getLogger(__name__)

#: A check slower than this counts as down: a hung database must not hang the probe.
CHECK_TIMEOUT_S = 2.0
OK, EMPTY, UNAVAILABLE = "ok", "empty", "unavailable"

Check = Callable[[], str]


def _count(session: Session, table: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _exists(session: Session, table: Table) -> None:
    session.execute(select(literal_column("1")).select_from(table).limit(1)).first()


def check_procedures(
    factory: Callable[[], sessionmaker[Session]] = procedures_session_factory,
) -> str:
    """ "ok" when the knowledge base is built; counting reads the tables end to end, so a
    truncated file shows here rather than in a citizen's conversation."""
    with factory()() as session:
        procedures = _count(session, Procedure)
        builds = _count(session, CatalogueBuild)
        _count(session, WardOffice)
    return OK if procedures and builds else EMPTY


def check_dossiers(factory: Callable[[], sessionmaker[Session]] = dossiers_session_factory) -> str:
    """ "ok" when the attempt counters and the audit (and, for the local backend, the
    dossiers) can be read; never reads a row's content."""
    tables = [LookupCounter.__table__, LookupAudit.__table__]
    if get_settings().dossier_backend == "local":
        tables.append(Dossier.__table__)
    with factory()() as session:
        for table in tables:
            _exists(session, table)  # type: ignore[arg-type]
    return OK


def default_checks() -> dict[str, Check]:
    return {"procedures": check_procedures, "dossiers": check_dossiers}


async def _run_check(name: str, check: Check, timeout_s: float) -> str:
    try:
        return await asyncio.wait_for(asyncio.to_thread(check), timeout_s)
    except asyncio.TimeoutError:
        logger.error("readiness: %s did not answer in %.1f s", name, timeout_s)
    except Exception as error:  # any failure is "down"; the kind only, no stored text
        logger.error("readiness: %s unavailable (%s)", name, type(error).__name__)
        # Drop the engine so that a repaired database is seen by the next check and call.
        reset_engines(procedures=name == "procedures", dossiers=name == "dossiers")
    return UNAVAILABLE


async def readiness(
    checks: dict[str, Check], timeout_s: float = CHECK_TIMEOUT_S
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and body of /health/ready."""
    names = list(checks)
    results = await asyncio.gather(*(_run_check(n, checks[n], timeout_s) for n in names))
    states = dict(zip(names, results, strict=True))
    ready = all(state == OK for state in states.values())
    return (200 if ready else 503), {
        "status": "ready" if ready else "unavailable",
        "checks": states,
    }


def fallback_result(action_name: str | None) -> dict[str, Any]:
    """What an action that raised answers: the apology; a session start still starts."""
    name, values = apology()
    events: list[dict[str, Any]] = []
    if action_name == "action_session_start":
        events = [
            {"event": "session_started"},
            {"event": "slot", "name": "ward_name", "value": ward_desk().ward_name},
            {"event": "action", "name": "action_listen"},
        ]
    return {"events": events, "responses": [{"response": name, **values}]}


def build_app(
    action_package: str = "actions",
    cors_origins: str | list[str] | None = "*",
    auto_reload: bool = False,
    checks: Callable[[], dict[str, Check]] = default_checks,
) -> Sanic:
    app: Sanic = create_app(action_package, cors_origins=cors_origins, auto_reload=auto_reload)

    async def ready(_: Request) -> HTTPResponse:
        status, body = await readiness(checks())
        return response.json(body, status=status)

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, DATABASE_ERRORS):
            reset_engines(procedures=True, dossiers=True)
        if request.path != "/webhook":
            logger.error("request to %s failed: %s", request.path, type(exception).__name__)
            return response.json({"error": "internal error"}, status=500)
        try:
            action_name = (request.json or {}).get("next_action")
        except Exception:  # an unreadable body: no action to name
            action_name = None
        logger.error("action %s failed; answered with the apology", action_name, exc_info=exception)
        return response.json(fallback_result(action_name), status=200)

    app.add_route(ready, "/health/ready", methods=["GET"])
    # Replaces rasa_sdk's handler of every exception (same key in Sanic's handler table).
    app.error_handler.add(Exception, failed)
    return app


def main(argv: Sequence[str] | None = None) -> None:
    parser: argparse.ArgumentParser = create_argument_parser()
    args = parser.parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    app = build_app(args.actions, cors_origins=args.cors, auto_reload=args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    # rasa_sdk's own default; the Makefile sets SANIC_HOST from ACTION_HOST (loopback).
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    logger.info("action server on %s:%s", host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
