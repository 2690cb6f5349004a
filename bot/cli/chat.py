"""Terminal chat with the running assistant through Rasa's REST channel."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, text: str) -> list[dict[str, object]]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return list(json.load(response))


def show(replies: list[dict[str, object]]) -> list[str]:
    """Print the replies; return the buttons' payloads, numbered from 1."""
    payloads: list[str] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\033[36m{reply['text']}\033[0m")
        for button in reply.get("buttons", []) or []:  # type: ignore[union-attr]
            payloads.append(str(button["payload"]))
            print(f"  [{len(payloads)}] {button['title']}")
    return payloads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    sender = f"shell-{uuid.uuid4().hex[:8]}"
    print("Type a question (a button's number picks it; Ctrl-D quits).")
    payloads: list[str] = []
    while True:
        try:
            text = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(payloads):
            text = payloads[int(text) - 1]
        try:
            payloads = show(send(args.url, sender, text))
        except (urllib.error.URLError, OSError) as error:
            print(f"The assistant is not reachable at {args.url} ({error}). Is `make run` going?")
            return 1


if __name__ == "__main__":
    sys.exit(main())
