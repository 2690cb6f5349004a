"""Card answers are cut into chat-sized messages at line boundaries."""

from __future__ import annotations

import pytest

from actions.cards.answers import case_for, split_message
from tests.dialogue.test_card_answers import CARD, CODE


@pytest.mark.parametrize("limit", [40, 100, 700])
def test_split_message_respects_the_limit_and_keeps_every_line(limit: int) -> None:
    text = "\n".join(f"{i}. " + "giấy tờ " * (i % 9) for i in range(1, 60))
    parts = split_message(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_a_short_text_is_one_message() -> None:
    assert split_message("a\nb") == ("a\nb",)


@pytest.mark.parametrize(
    ("slot", "expected"),
    [(None, None), (f"{CODE}#own_home", "own_home"), ("9.9#own_home", None), (f"{CODE}#x", None)],
)
def test_case_for_reads_only_this_procedures_case(slot: str | None, expected: str | None) -> None:
    case = case_for(CARD, slot)
    assert (case.id if case else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tôi muốn nhập khẩu vào nhà thuê thì cần gì", "rented_home"),
        ("nhập khẩu cần giấy tờ gì", None),
        ("", None),
    ],
)
def test_a_case_named_in_the_question_is_taken_from_its_words(
    text: str, expected: str | None
) -> None:
    from actions.cards.answers import case_from_words

    case = case_from_words(CARD, text)
    assert (case.id if case else None) == expected
