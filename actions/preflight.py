"""Production preflight: refuse to start a deployment still configured for development.

``make run`` runs it before any server starts; with ``WARD_ENV=production`` it exits 1 and
lists every problem at once (fixing them one start at a time wastes an operator's morning).
Development (``WARD_ENV`` unset or ``development``) starts regardless; ``--production``
lists what a production start would refuse.

    python -m actions.preflight [--production]

Checked: the dossier factors' HMAC key (the development key is public), Rasa's HTTP API
(never without a token), Rasa telemetry (a public-sector deployment sends nothing to third
parties), and the ward file's office data (every contact field confirmed by ward staff).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from actions.catalogue.overrides import (
    CONTACT_FIELDS,
    OverrideError,
    load_overrides,
    resolve_offices,
    ward_file,
)
from actions.dossiers.factors import factor_key_problem
from actions.settings import DEV_FACTOR_KEY, Settings

ENVIRONMENTS = ("development", "production")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
MIN_SECRET_CHARS = 32
# A value confirmed by mistake can still be a placeholder: a marker left in the text, or a
# phone number whose subscriber part is all zeros ("024 0000 0000").
PLACEHOLDER_MARK = re.compile(
    r"to be (confirmed|filled)|placeholder|\btodo\b|\btbd\b|fixme|\bxxx|chưa cập nhật",
    re.IGNORECASE,
)
PLACEHOLDER_PHONE = re.compile(r"^\D*\d{2,4}[\s.]*0{3,}[\s.]*0{3,}\D*$")


def environment(env: Mapping[str, str]) -> str:
    return (env.get("WARD_ENV") or "development").strip().lower()


def office_problems(ward_code: str, data_dir: Path) -> list[str]:
    """Office contact data citizens would not get, or would get wrong (data/wards/<code>.yml).

    The ward file lists in each office's ``confirmed`` the fields staff checked; anything
    else is a placeholder (actions/catalogue/overrides.py)."""
    path = ward_file(data_dir, ward_code)
    if not path.is_file():
        return [f"ward file {path} is missing (WARD_CODE={ward_code})"]
    try:
        offices = resolve_offices(load_overrides(path), str(path))
    except OverrideError as error:
        return [f"ward file is invalid: {error}"]
    if not offices:
        return [f"{path}: no office (name, address, phone, opening hours)"]
    problems = []
    for kind, office in offices.items():
        missing = office.unconfirmed()
        if missing:
            problems.append(
                f"{path}: offices.{kind}: {', '.join(missing)} missing or not confirmed"
            )
        for name in CONTACT_FIELDS:
            value = (office.served(name) or "").strip()
            if PLACEHOLDER_MARK.search(value) or (
                name == "phone" and PLACEHOLDER_PHONE.match(value)
            ):
                problems.append(f"{path}: offices.{kind}.{name} is a placeholder ({value!r})")
    return problems


def production_problems(env: Mapping[str, str], settings: Settings) -> list[str]:
    """Everything that must change before this configuration may serve citizens."""
    problems = []
    key = settings.dossier_factor_key.get_secret_value()
    if key == DEV_FACTOR_KEY:
        problems.append(
            "WARD_DOSSIER_FACTOR_KEY is unset or the public development key: set a secret "
            f"of {MIN_SECRET_CHARS}+ random characters (before loading real dossiers)"
        )
    elif (problem := factor_key_problem(key)) is not None:
        problems.append(problem)
    # Without it web sessions use a per-process key: safe, but every restart ends them all
    # and replicas cannot resume each other's sessions.
    if len((env.get("WEBCHAT_SESSION_KEY") or "").strip()) < MIN_SECRET_CHARS:
        problems.append(f"WEBCHAT_SESSION_KEY must be a secret of {MIN_SECRET_CHARS}+ characters")
    # An in-process dedupe store forgets every delivery on restart: replays get answered.
    if (env.get("WEBHOOK_DEDUPE_URL") or "").strip().lower().startswith("memory:"):
        problems.append(
            "WEBHOOK_DEDUPE_URL=memory:// forgets deliveries on restart: use SQLite or Redis"
        )
    if (env.get("RASA_ENABLE_API") or "").strip().lower() in TRUE:
        token = (env.get("RASA_AUTH_TOKEN") or "").strip()
        if not token:
            problems.append("RASA_ENABLE_API=true without RASA_AUTH_TOKEN: the API would be open")
        elif len(token) < MIN_SECRET_CHARS:
            problems.append(f"RASA_AUTH_TOKEN is shorter than {MIN_SECRET_CHARS} characters")
    # Unset means "ask ~/.config/rasa/global.yml", which Rasa creates with telemetry on.
    if (env.get("RASA_TELEMETRY_ENABLED") or "").strip().lower() not in FALSE:
        problems.append("RASA_TELEMETRY_ENABLED must be set to false")
    problems += office_problems(settings.code, settings.data_dir)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--production", action="store_true", help="check as if WARD_ENV=production")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    mode = "production" if args.production else environment(env)
    if mode not in ENVIRONMENTS:
        print(f"WARD_ENV={mode!r}: expected one of {', '.join(ENVIRONMENTS)}", file=sys.stderr)
        return 1
    if mode != "production":
        return 0
    problems = production_problems(env, Settings())
    if not problems:
        print("production preflight: ok", file=sys.stderr)
        return 0
    print("refusing to start in production (WARD_ENV=production):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
