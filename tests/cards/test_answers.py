"""Card answers are cut into chat-sized messages at line boundaries."""

from __future__ import annotations

import pytest

from actions.cards.answers import case_for, split_message
from actions.cards.schema import Card
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


def worded(words: dict[str, list[str]]) -> Card:
    cases = [c.model_copy(update={"words": tuple(words.get(c.id, ()))}) for c in CARD.cases]
    return CARD.model_copy(update={"cases": tuple(cases)})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đăng ký thường trú vào phòng trọ", "rented_home"),
        ("nhập khẩu vào căn hộ tôi đứng tên", "own_home"),
        # a phrase inside a longer one of another case, or negated, does not count
        ("nhà tôi không có sổ đỏ, nhập khẩu được không", "rented_home"),
        ("nhà có sổ đỏ đứng tên tôi", "own_home"),
        ("nhà chưa có sổ đỏ", None),
        # naming both cases states neither; words the cases lack state none
        ("nhà của mình hay phòng trọ đều được", None),
        ("nhập khẩu cần giấy tờ gì", None),
        # with words, a title word alone ("thuê") is no longer taken for the case
        ("nhập khẩu vào nhà thuê", None),
        # where phrases overlap, the longer reading wins
        ("tôi đứng tên hợp đồng thuê nhà", "rented_home"),
        # "<N" matches a stated number below N only
        ("nhập khẩu cho cháu 9 tuổi", "own_home"),
        ("nhập khẩu cho cháu 19 tuổi", None),
    ],
)
def test_a_case_is_read_from_its_words(text: str, expected: str | None) -> None:
    from actions.cards.answers import case_from_words

    card = worded(
        {
            "rented_home": ["phòng trọ", "không có sổ đỏ", "đứng tên hợp đồng thuê"],
            "own_home": ["tôi đứng tên", "có sổ đỏ", "nhà của mình", "cháu <14 tuổi"],
        }
    )
    case = case_from_words(card, text)
    assert (case.id if case else None) == expected
