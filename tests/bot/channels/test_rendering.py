"""Channel-independent rendering: splitting long answers, numbered choices, domain texts."""

from __future__ import annotations

import pytest

from bot.channels.rendering import (
    CHOOSE_NUMBER,
    TEXT_ONLY,
    Choice,
    ChoiceMemory,
    choices_from,
    domain_texts,
    numbered_list,
    split_text,
)


def test_short_text_is_one_message() -> None:
    assert split_text("một\nhai", 2000) == ["một\nhai"]
    assert split_text("", 2000) == []


def test_long_text_is_cut_at_line_boundaries() -> None:
    lines = [f"dòng {i:03d}" for i in range(100)]
    parts = split_text("\n".join(lines), 50)
    assert all(len(p) <= 50 for p in parts)
    assert "\n".join(parts).split("\n") == lines


def test_a_line_longer_than_the_limit_is_cut_at_spaces() -> None:
    parts = split_text("xin " * 30 + "\n" + "a" * 25, 20)
    assert all(len(p) <= 20 for p in parts)
    assert " ".join(parts).split() == ["xin"] * 30 + ["a" * 20, "a" * 5]


def test_numbered_list_and_memory() -> None:
    choices = [Choice("Lệ phí", "/ask_fee"), Choice("Thời hạn", "/ask_duration")]
    assert numbered_list(choices, "Chọn:") == "Chọn:\n1. Lệ phí\n2. Thời hạn"
    memory = ChoiceMemory(max_senders=1)
    memory.remember("a", choices)
    assert memory.resolve("a", " 2 ") == "/ask_duration"
    assert memory.resolve("a", "3") == "3"
    assert memory.resolve("a", "2 bản") == "2 bản"
    memory.remember("b", choices)  # "a" is forgotten: bounded memory
    assert memory.resolve("a", "1") == "1"


def test_buttons_without_payload_are_dropped() -> None:
    assert choices_from([{"title": "x"}, {"title": " y ", "payload": "/y"}]) == [Choice("y", "/y")]


@pytest.mark.parametrize("name", [TEXT_ONLY, CHOOSE_NUMBER])
def test_channel_phrases_come_from_the_domain(name: str) -> None:
    assert domain_texts()[name].strip()
