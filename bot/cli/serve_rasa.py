"""Start ``rasa run`` with the ward's public-surface policy (what ``make run`` starts).

Rasa's HTTP API (``--enable-api``) can read every conversation, send messages as the ward
on any channel and replace the model; it never belongs on the listener the widget and the
webhooks use. So it is off unless ``RASA_ENABLE_API=true``, and then always behind a token:
``RASA_AUTH_TOKEN``, or in development one generated into ``var/rasa-auth-token`` (0600;
``RASA_AUTH_TOKEN_FILE`` names another file).
In production (``WARD_ENV=production``) an API without ``RASA_AUTH_TOKEN`` is refused.

    python -m bot.cli.serve_rasa --model models/ward-assistant.tar.gz --port 5005 ...

Every argument is passed to ``rasa run``. Rasa runs in this process, so the token is never
on a command line (``ps`` shows this module's arguments, not the ones given to Rasa).
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN_FILE = ROOT / "var" / "rasa-auth-token"
TRUE = {"1", "true", "yes", "on"}
# Options that would bypass the policy: the API is switched by RASA_ENABLE_API only.
POLICY_OPTIONS = ("--enable-api", "--auth-token", "--jwt-secret")


class PolicyError(Exception):
    """The requested configuration would expose the API; the message says what to change."""


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE


def existing_token(path: Path) -> str:
    info = path.lstat()  # lstat: a symlink is refused, not followed
    if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
        raise PolicyError(f"{path} must be a regular file readable only by its owner (chmod 600)")
    token = path.read_text(encoding="utf-8").strip()
    if len(token) < 32:
        raise PolicyError(f"{path} holds a token shorter than 32 characters; delete it")
    return token


def read_or_create_token(path: Path) -> str:
    """The token in ``path``, created (random, mode 0600) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: never follow or overwrite something another user put there.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return existing_token(path)
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token


def api_arguments(env: Mapping[str, str], token_file: Path | None = None) -> list[str]:
    """The ``rasa run`` options for the HTTP API the environment asks for (none by default)."""
    token_file = token_file or Path(env.get("RASA_AUTH_TOKEN_FILE") or TOKEN_FILE)
    if not is_true(env.get("RASA_ENABLE_API")):
        return []
    token = (env.get("RASA_AUTH_TOKEN") or "").strip()
    if not token:
        if env.get("WARD_ENV", "").strip().lower() == "production":
            raise PolicyError(
                "RASA_ENABLE_API=true in production needs RASA_AUTH_TOKEN (32+ random characters)"
            )
        token = read_or_create_token(token_file)
        print(f"Rasa HTTP API enabled; its token is in {token_file}", file=sys.stderr)
    return ["--enable-api", "--auth-token", token]


def rasa_arguments(
    argv: Sequence[str], env: Mapping[str, str], token_file: Path | None = None
) -> list[str]:
    for arg in argv:
        if arg.split("=", 1)[0] in POLICY_OPTIONS:
            raise PolicyError(f"{arg.split('=', 1)[0]} is not accepted here: set RASA_ENABLE_API")
    return ["run", *argv, *api_arguments(env, token_file)]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        arguments = rasa_arguments(sys.argv[1:] if argv is None else argv, os.environ)
    except PolicyError as error:
        print(f"refusing to start Rasa: {error}", file=sys.stderr)
        return 2
    # Sanic reads SANIC_* settings from the environment: its own request cap, for this
    # process only (the action server is Sanic too and receives whole trackers).
    from bot.channels.limits import MAX_CLIENT_BODY_BYTES

    os.environ.setdefault("SANIC_REQUEST_MAX_SIZE", str(MAX_CLIENT_BODY_BYTES))
    from rasa.__main__ import main as rasa_main  # heavy: only once the policy passed

    sys.argv = ["rasa", *arguments]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
