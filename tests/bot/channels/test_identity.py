"""Sender ids namespaced per channel (bot/channels/identity.py)."""

from __future__ import annotations

import pytest

from bot.channels.identity import MAX_RAW_ID_CHARS, channel_of, namespaced, raw_id


@pytest.mark.parametrize(
    ("channel", "raw", "sender_id"),
    [
        ("rest", "me", "rest:me"),
        ("web", "AbC_-1", "web:AbC_-1"),
        ("zalo", "1234567890123456789", "zalo:1234567890123456789"),
        ("rest", "zalo:123", "rest:zalo:123"),  # a colon never lets a client name a channel
    ],
)
def test_a_sender_id_is_prefixed_with_its_channel(channel: str, raw: str, sender_id: str) -> None:
    assert namespaced(channel, raw) == sender_id
    assert raw_id(channel, sender_id) == raw
    assert channel_of(sender_id) == channel


def test_two_channels_never_share_a_conversation() -> None:
    assert namespaced("rest", "123") != namespaced("zalo", "123")
    assert namespaced("rest", "web:x") != namespaced("web", "x")


@pytest.mark.parametrize("raw", ["", "x" * (MAX_RAW_ID_CHARS + 1), "a\nb", "a\x00b"])
def test_an_unusable_raw_id_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        namespaced("rest", raw)


@pytest.mark.parametrize("channel", ["", "REST", "re:st", "a" * 17, "1rest"])
def test_a_channel_name_is_a_short_lowercase_word(channel: str) -> None:
    with pytest.raises(ValueError):
        namespaced(channel, "x")


@pytest.mark.parametrize("sender_id", ["zalo:1", "zalo:", "rest:zalo:1", "1"])
def test_a_reply_never_goes_to_another_channels_id(sender_id: str) -> None:
    with pytest.raises(ValueError):
        raw_id("web", sender_id)


def test_a_bare_legacy_id_has_no_channel() -> None:
    assert channel_of("3f2a9c") is None
