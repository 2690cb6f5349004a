"""Conversation ids namespaced per input channel: ``"<channel>:<id>"``.

Rasa keys a conversation by sender id alone, whatever channel it came from. Without a
prefix a REST client sending ``"sender": "<a Zalo user id>"``, or a socket.io client
choosing such a session id, would read and write that citizen's conversation. Every input
channel passes the id the platform (or our server) vouches for through ``namespaced``;
the ids of two channels can then never be equal.

Kept free of Rasa imports: the webhook channels and their tests import it cheaply.
"""

from __future__ import annotations

import re

# Channel names are fixed by our code, never by a client: short lowercase words.
_CHANNEL = re.compile(r"[a-z][a-z0-9_-]{0,15}")
# Longer than any platform id (Zalo and Messenger ids are ~20 digits, our web ids 43
# characters, a REST sender a UUID or so); a bound keeps ids out of the way of abuse.
MAX_RAW_ID_CHARS = 128


def namespaced(channel: str, raw_id: str) -> str:
    """``"<channel>:<raw_id>"``; ``ValueError`` for an empty, over-long or control-character id.

    The prefix is added even when ``raw_id`` already contains a colon: ``namespaced("rest",
    "zalo:1")`` is ``"rest:zalo:1"``, so a client cannot name another channel's conversation.
    """
    if not _CHANNEL.fullmatch(channel):
        raise ValueError(f"not a channel name: {channel!r}")
    if not raw_id or len(raw_id) > MAX_RAW_ID_CHARS:
        raise ValueError(f"a sender id must have 1 to {MAX_RAW_ID_CHARS} characters")
    if not raw_id.isprintable():
        raise ValueError("a sender id must not contain control characters")
    return f"{channel}:{raw_id}"


def channel_of(sender_id: str) -> str | None:
    """The channel a namespaced sender id belongs to (``None`` for a legacy, bare id)."""
    channel, sep, _ = sender_id.partition(":")
    return channel if sep and _CHANNEL.fullmatch(channel) else None


def raw_id(channel: str, sender_id: str) -> str:
    """The platform's own id back from ``namespaced(channel, ...)`` (replies go to it).

    ``ValueError`` when ``sender_id`` is not of ``channel``: a reply must never be sent to
    an id another channel's namespace produced.
    """
    prefix = f"{channel}:"
    if not sender_id.startswith(prefix) or len(sender_id) == len(prefix):
        raise ValueError(f"not a {channel} sender id")
    return sender_id[len(prefix) :]
