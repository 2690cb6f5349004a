"""Card answers are cut into chat-sized messages at line boundaries."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from actions.cards.answers import case_for, split_message
from actions.cards.schema import Card, Paper
from actions.procedures.answers import Topic
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


def _responses() -> dict[str, Any]:
    from actions.settings import PROJECT_ROOT

    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    return responses


def _composer(responses: dict[str, Any] | None = None) -> Any:
    from actions.cards.answers import CardComposer, OfficeContact
    from actions.phrasebook import Phrasebook

    return CardComposer(
        Phrasebook(responses or _responses()),
        lambda _: OfficeContact("Bộ phận Một cửa"),
        "https://x",
    )


def _with_papers(*papers: list[tuple[str, str]]) -> Card:
    source = {"field": "thanh_phan_ho_so", "quote": "Tờ khai"}
    cases = [
        case.model_copy(
            update={
                "papers": tuple(
                    Paper.model_validate({"name": n, "kind": k, "source": source}) for n, k in ps
                )
            }
        )
        for case, ps in zip(CARD.cases, papers, strict=True)
    ]
    return CARD.model_copy(update={"cases": tuple(cases)})


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        # Shared in the first case's order; a paper of one case only is not shared.
        (
            [("Tờ khai", "original"), ("Căn cước", "show"), ("Sổ đỏ", "copy")],
            [("Căn cước", "show"), ("Hợp đồng thuê", "copy"), ("Tờ khai", "original")],
            ["Tờ khai", "Căn cước"],
        ),
        # The same paper asked in another form (original here, copy there) is not shared.
        ([("Tờ khai", "original")], [("Tờ khai", "copy")], []),
        ([("Sổ đỏ", "copy")], [("Hợp đồng thuê", "copy")], []),
    ],
)
def test_common_papers_are_those_every_case_lists(
    first: list[tuple[str, str]], second: list[tuple[str, str]], shared: list[str]
) -> None:
    from actions.cards.answers import common_papers

    assert [p.name for p in common_papers(_with_papers(first, second))] == shared


@pytest.mark.parametrize(
    ("first", "second", "said", "unsaid"),
    [
        (
            [("Tờ khai CT01", "original"), ("Sổ đỏ", "copy")],
            [("Tờ khai CT01", "original"), ("Hợp đồng thuê nhà", "copy")],
            ["Tờ khai CT01 — bản chính"],
            ["Sổ đỏ", "Hợp đồng thuê nhà"],
        ),
        ([("Sổ đỏ", "copy")], [("Hợp đồng thuê nhà", "copy")], [], ["Sổ đỏ", "Hợp đồng"]),
    ],
)
def test_the_case_question_comes_after_the_papers_every_case_needs(
    first: list[tuple[str, str]], second: list[tuple[str, str]], said: list[str], unsaid: list[str]
) -> None:
    reply = _composer().compose(Topic.PAPERS, _with_papers(first, second), None, "cần gì")
    text = "\n".join(reply.texts)
    assert reply.asked_case and len(reply.buttons) == 2
    assert text.rstrip().endswith(CARD.case_question or "?")
    assert all(s in text for s in said) and not any(u in text for u in unsaid)


def test_an_older_domain_without_the_template_still_gets_the_common_papers() -> None:
    responses = {k: v for k, v in _responses().items() if k != "utter_card_ask_case_common"}
    older = _composer(responses)
    card = _with_papers([("Tờ khai CT01", "original")], [("Tờ khai CT01", "original")])
    text = "\n".join(older.compose(Topic.PAPERS, card, None, "cần gì").texts)
    assert "Tờ khai CT01 — bản chính" in text and text.endswith(CARD.case_question or "?")
