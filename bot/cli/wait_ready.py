"""Wait until the Rasa server and the action server answer, or give up with a reason.

Rasa is ready when its health channel (bot/channels/health.py) answers 200: the model is
loaded. Its ``/`` answers earlier and says nothing about the model; without the admin API
there is no ``/status``.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa", required=True, help="Rasa base URL")
    parser.add_argument("--actions", required=True, help="action server base URL")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    targets = {
        "action server": f"{args.actions}/health",
        "Rasa server": f"{args.rasa}/webhooks/health/",
    }
    started = time.monotonic()
    pending = dict(targets)
    while pending:
        for name, url in list(pending.items()):
            if is_up(url):
                print(f"{name} is up after {time.monotonic() - started:.0f} s", flush=True)
                del pending[name]
        if time.monotonic() - started > args.timeout:
            print(f"gave up waiting for: {', '.join(pending)}", file=sys.stderr)
            return 1
        time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
