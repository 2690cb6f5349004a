"""A civil-status case said with a negation or by who acted is read as that case.

"không có tiền đi giám định ADN" says there is no DNA result (its "giám định ADN" must not
read as the case that has one); "ủy ban đã cử tôi", "không còn ông bà" say an appointed
guardian (their "ông bà" must not read as a relative by law), while "anh em thống nhất cử tôi"
says relatives agreeing on one of them. Sentences written for this test.
"""

from __future__ import annotations

import pytest

from actions.cards.answers import case_from_words
from actions.cards.store import cached_cards
from actions.settings import PROJECT_ROOT


def _read(code: str, text: str) -> str | None:
    card = cached_cards(PROJECT_ROOT / "data" / "cards").get(code)
    assert card is not None, code
    case = case_from_words(card, text)
    return case.id if case else None


@pytest.mark.parametrize(
    ("code", "text", "case_id"),
    [
        ("1.001022", "muốn nhận con nhưng không có kết quả xét nghiệm ADN", "no_evidence"),
        ("1.001022", "gia đình khó khăn, không có tiền đi giám định ADN", "no_evidence"),
        ("1.001022", "hai bố con chưa đi xét nghiệm gì cả, nhận cha được không", "no_evidence"),
        ("1.001022", "đã có kết quả giám định adn của viện pháp y", "evidence"),
        (
            "1.004837",
            "cháu mồ côi, không còn ông bà, ủy ban đã cử tôi chăm sóc",
            "appointed_guardian",
        ),
        (
            "1.004837",
            "cụ già neo đơn không còn người thân, phường cử tôi giám hộ",
            "appointed_guardian",
        ),
        ("1.004837", "UBND xã chỉ định tôi làm người giám hộ cho em bé", "appointed_guardian"),
        ("1.004837", "bà ngoại muốn làm giám hộ cho cháu", "natural_guardian"),
        # Relatives by law who agree among themselves on one of them are natural guardians
        # with an agreement ("văn bản thỏa thuận"), however the sentence says who was chosen.
        (
            "1.004837",
            "ba anh em đều đủ điều kiện giám hộ cho mẹ, đã thống nhất cử tôi đứng ra",
            "natural_guardian",
        ),
        ("1.004837", "gia đình thống nhất cử tôi làm giám hộ cho bố bị lẫn", "natural_guardian"),
        ("1.004837", "các con họp lại thỏa thuận cử chị cả giám hộ cho cha", "natural_guardian"),
        ("1.004837", "xã đã có văn bản cử tôi làm giám hộ cho em bé", "appointed_guardian"),
    ],
)
def test_the_case_said_is_read(code: str, text: str, case_id: str) -> None:
    assert _read(code, text) == case_id
