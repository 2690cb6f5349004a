"""The citizen's case is read from their own words, and never from words that state none.

``case_sentences.yml`` holds sentences written for this test, each stating one case of a
card; the share read as that case is the measure (issue 9: list only that case's papers).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from actions.cards.answers import CardComposer, OfficeContact, case_from_words, case_slot_value
from actions.cards.schema import Card
from actions.cards.store import cached_cards
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.settings import PROJECT_ROOT

SENTENCES = PROJECT_ROOT / "tests" / "cards" / "case_sentences.yml"
#: Share of the sentences whose case must be read (the rest are asked with buttons).
MIN_SHARE = 0.9


@cache
def stated() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    return data


def card(code: str) -> Card:
    found = cached_cards(PROJECT_ROOT / "data" / "cards").get(code)
    assert found is not None, code
    return found


def read(code: str, text: str) -> str | None:
    case = case_from_words(card(code), text)
    return case.id if case else None


def multi_case_cards() -> list[Card]:
    return [c for c in cached_cards(PROJECT_ROOT / "data" / "cards") if len(c.cases) > 1]


def test_every_case_of_every_card_has_sentences() -> None:
    for c in multi_case_cards():
        assert {case.id for case in c.cases} == set(stated().get(c.code, {})), c.code


def test_most_stated_cases_are_read_from_the_citizens_words() -> None:
    results = [
        (code, case_id, text, read(code, text))
        for code, cases in stated().items()
        for case_id, texts in cases.items()
        for text in texts
    ]
    missed = [r for r in results if r[3] != r[1]]
    share = 1 - len(missed) / len(results)
    print(f"case_from_words: {len(results) - len(missed)}/{len(results)} = {share:.3f}")
    for code, case_id, text, got in missed:
        print(f"  {code} {case_id}: {text!r} -> {got}")
    assert share >= MIN_SHARE


def test_a_stated_case_is_never_read_as_another_case() -> None:
    wrong = [
        (code, case_id, text, got)
        for code, cases in stated().items()
        for case_id, texts in cases.items()
        for text in texts
        if (got := read(code, text)) not in (None, case_id)
    ]
    assert wrong == []


#: Questions about a card's procedure that state no case (the card's title is added).
NEUTRAL = {
    # A grown child is not the under-14 (or under-18) case: kin words alone never pick an
    # age-bound case.
    "3.000527": ["con trai tôi 25 tuổi nghiện, muốn cho cháu cai ở nhà"],
    "1.004194": [
        "đăng ký tạm trú cần những gì",
        "làm tạm trú mất bao lâu",
        "tạm trú online được không",
    ],
    "1.004222": ["nhập hộ khẩu cần giấy tờ gì", "đăng ký thường trú mất mấy ngày"],
    "1.001193": ["làm giấy khai sinh cho con cần gì", "vợ tôi vừa sinh, khai sinh ở đâu"],
    "1.000656": ["khai tử cần mang gì", "khai tử cho người thân ở đâu"],
    "1.013225": ["xin giấy phép xây dựng cần gì", "giấy phép xây dựng mất bao lâu"],
    "1.014064": [
        "cấp lại căn cước mất bao lâu",
        "cấp lại thẻ căn cước hết bao nhiêu tiền",
        "làm lại căn cước cho con trai 20 tuổi",
        "con gái tôi 16 tuổi cần cấp lại thẻ",
    ],
    "1.001612": ["đăng ký hộ kinh doanh cần gì", "mở quán ăn cần giấy phép gì"],
    "3.000228": ["làm định danh điện tử mức 2 ở đâu", "kích hoạt VNeID mức 2 cần gì"],
    "1.013949": ["đất nhà tôi cần làm thủ tục gì ạ"],
    "1.014063": [
        "đổi thẻ căn cước cho con tôi đã đi làm",
        "đổi thẻ căn cước cần gì",
        "đổi căn cước ở đâu",
        "đổi căn cước năm 25 tuổi",
    ],
    "2.000908": [
        "cho em hỏi xin bản sao từ sổ gốc ở đâu",
        "bản sao giấy khai sinh từ sổ gốc mất bao lâu",
    ],
}


def neutral_sentences() -> list[tuple[str, str]]:
    out = [(code, text) for code, texts in NEUTRAL.items() for text in texts]
    for c in multi_case_cards():
        out += [(c.code, f"{c.title} cần những giấy tờ gì"), (c.code, f"cho em hỏi {c.title} ạ")]
    return out


@pytest.mark.parametrize(("code", "text"), neutral_sentences())
def test_a_question_that_states_no_case_picks_none(code: str, text: str) -> None:
    assert read(code, text) is None


@pytest.mark.parametrize(
    ("code", "text", "case_id"),
    [
        ("1.004194", "đăng ký tạm trú ở phòng trọ cần giấy tờ gì", "rented_home"),
        (
            "1.001193",
            "đẻ ở nhà không có giấy chứng sinh, làm khai sinh cần gì",
            "no_birth_certificate",
        ),
        ("1.001612", "một mình tôi mở quán, đăng ký hộ kinh doanh cần gì", "individual"),
        ("1.004194", "đăng ký tạm trú cần giấy tờ gì", None),
        # A death just now is the death-notice case, not the "died long ago" one.
        ("1.000656", "bố tôi vừa mất, làm khai tử thế nào", "death_notice"),
    ],
)
def test_a_stated_case_gets_its_papers_at_once(code: str, text: str, case_id: str | None) -> None:
    """Through the real composer: the stated case's papers, not the case question."""
    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    composer = CardComposer(
        Phrasebook(responses), lambda _: OfficeContact("Bộ phận Một cửa"), "https://x"
    )
    reply = composer.compose(Topic.PAPERS, card(code), None, text)
    assert reply.asked_case is (case_id is None)
    if case_id is not None:
        assert reply.case_slot == case_slot_value(code, case_id)
        joined = "\n".join(reply.texts)
        assert card(code).case(case_id).papers[0].name in joined  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        # A phrase said with a few words inside it ("sinh … ở bệnh viện"), within a clause.
        (
            "1.001193",
            "con tôi sinh hôm thứ hai ở bệnh viện tỉnh, khai sinh cần gì",
            "birth_certificate",
        ),
        ("1.001193", "bé đẻ được ba hôm tại bệnh viện, làm khai sinh", "birth_certificate"),
        # …never across a negation, nor across clauses.
        ("1.001193", "bé sinh non không phải ở bệnh viện, khai sinh thế nào", None),
        ("1.001193", "vợ tôi sinh hôm qua, ở bệnh viện thì chưa cấp giấy gì", None),
        # A phrase said as written beats one read with gaps.
        ("1.001193", "đẻ ở nhà rồi mới vào bệnh viện", "no_birth_certificate"),
        # A named country or Vietnamese place reads as its class after "ở", "tại", "bên".
        ("2.000547", "chồng tôi mất ở Pháp năm ngoái, giờ ghi vào sổ", "death"),
        ("2.000528", "bé sinh tại Nhật Bản, giờ về khai sinh cho con", "born_abroad"),
        ("2.000528", "bé sinh ở Huế, bố là người Hàn Quốc", "born_in_vietnam"),
        # …but not inside another word pair ("tư pháp", "cập nhật").
        ("2.000547", "cần cập nhật sổ hộ tịch ở sở tư pháp", None),
    ],
)
def test_case_words_read_with_gaps_and_places(code: str, text: str, expected: str | None) -> None:
    assert read(code, text) == expected
