"""When a message the NLU finds out of scope (or unclear) is still answered with a procedure.

Calibration on the shipped catalogue, cards and scope list. Negatives, never to be answered
with a ward procedure: the NLU's own out-of-scope and chit-chat examples (data/nlu, read as
negatives only), every national procedure the ward does not carry, every matter handled
elsewhere, and sentences of our own. Positives: ward procedures asked in everyday words.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest
import yaml

from actions.cards.store import CardStore, load_cards
from actions.procedures.answers import Topic
from actions.procedures.confidence import (
    accent_conflict,
    accent_conflicts,
    answer_without_intent,
    confident_procedure,
    topics_without_intent,
)
from actions.procedures.finder import Found, HandledElsewhere
from actions.scope.store import Scope, load_scope
from actions.settings import PROJECT_ROOT
from tests.fakes import InMemoryProcedureRepository, make_procedure

DATA = PROJECT_ROOT / "data"
WARD = "phường Đống Đa"


@lru_cache(maxsize=1)
def shipped() -> tuple[InMemoryProcedureRepository, Scope, CardStore]:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    aliases = yaml.safe_load((DATA / "procedures" / "aliases.yml").read_text(encoding="utf-8"))
    aliases = aliases.get("aliases", aliases)
    # The ward's own aliases name the ward ("… ở phường Đống Đa"): that must not be evidence.
    aliases.setdefault("1.001193", []).append(f"làm giấy khai sinh ở {WARD}")
    procedures = [
        make_procedure(r["code"], r["name"], aliases=list(aliases.get(r["code"], ())))
        for r in records
    ]
    repository = InMemoryProcedureRepository(procedures)
    return repository, load_scope(DATA), load_cards(DATA / "cards")


def confident(text: str) -> str | None:
    repository, scope, cards = shipped()
    found = confident_procedure(repository, scope, cards, text, ward_name=WARD)
    return found.procedure.code if found is not None else None


def nlu_examples(file: str, intents: set[str]) -> list[str]:
    data: dict[str, Any] = yaml.safe_load((DATA / "nlu" / file).read_text(encoding="utf-8"))
    examples = []
    for block in data["nlu"]:
        if block.get("intent") in intents:
            lines = block["examples"].splitlines()
            examples += [line.strip()[2:] for line in lines if line.strip().startswith("- ")]
    return examples


CHIT_CHAT = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "request_human"}


@pytest.mark.parametrize(
    ("name", "examples", "share"),
    [
        ("out_of_scope", lambda: nlu_examples("out_of_scope.yml", {"out_of_scope"}), 0.0),
        ("chit-chat", lambda: nlu_examples("chitchat.yml", CHIT_CHAT), 0.01),
        ("english", lambda: nlu_examples("english.yml", {"english"}), 0.0),
    ],
)
def test_the_nlus_own_negatives_are_not_answered_with_a_procedure(
    name: str, examples: Any, share: float
) -> None:
    texts = examples()
    answered = [(t, code) for t in texts if (code := confident(t)) is not None]
    assert len(texts) > 20
    assert len(answered) <= share * len(texts), (name, answered)


def test_national_procedures_the_ward_does_not_carry_are_not_answered() -> None:
    names = json.loads((DATA / "procedures" / "national_names.json").read_text(encoding="utf-8"))
    carried = {e.code for e in shipped()[0].list_search_entries()}
    outside = [n["name"] for n in names if n["code"] not in carried]
    answered = [(n, code) for n in outside if (code := confident(n)) is not None]
    assert len(outside) > 250
    assert len(answered) <= 0.01 * len(outside), answered


def test_matters_handled_elsewhere_say_who_and_are_never_a_ward_procedure() -> None:
    repository, scope, cards = shipped()
    asked = [name for matter in scope.matters for name in matter.names]
    answers = [answer_without_intent(repository, scope, cards, n, ward_name=WARD) for n in asked]
    assert not [n for n, a in zip(asked, answers, strict=True) if isinstance(a, Found)]
    elsewhere = sum(isinstance(a, HandledElsewhere) for a in answers)
    assert elsewhere >= 0.95 * len(asked)


@pytest.mark.parametrize(
    "text",
    [
        # Our own out-of-scope sentences that share words with ward procedures.
        "cách làm sữa chua dẻo",  # "sữa chua" folds like "sửa chữa" (repair permit)
        "nhà hàng nào ở phường Đống Đa nấu cỗ cưới ngon",
        "phường Đống Đa có mấy tổ dân phố",
        "ubnd phường Đống Đa ở chỗ nào",
        "con tôi sinh năm con rồng thì hợp tuổi gì",
        "xin học bổng du học Nhật cho con",
        "tra cứu điểm thi đại học của con",
        "bán xe máy cũ ở chợ nào được giá",
        "ai đang là chủ tịch nước",
    ],
)
def test_our_out_of_scope_sentences_are_not_answered(text: str) -> None:
    assert confident(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("cho tôi hỏi đăng ký khai sinh cho bé", "1.001193"),
        ("thủ tục làm đăng ký kết hôn", "1.000894"),
        ("lam giay chung tu cho ba", "1.000656"),
        ("chứng thực bản sao giấy tờ", "2.000815"),
        ("em muốn đăng ký tạm trú", "1.004194"),
    ],
)
def test_a_plainly_named_ward_procedure_is_answered(text: str, code: str) -> None:
    assert confident(text) == code


def test_most_card_names_asked_alone_are_answered_with_their_procedure() -> None:
    """Positives in the citizens' words: each card's everyday names, asked as they are."""
    _, _, cards = shipped()
    asked = [(name, card.code, confident(name)) for card in cards for name in card.everyday_names]
    right = sum(got == code for _, code, got in asked)
    wrong = [(n, c, got) for n, c, got in asked if got not in (None, c)]
    assert right >= 0.8 * len(asked)
    assert len(wrong) <= 0.02 * len(asked), wrong


def test_a_story_is_left_to_the_nlu() -> None:
    story = (
        "chào anh chị, nhà em mới chuyển về đây được mấy tháng, hôm trước em có lên phường hỏi "
        "nhưng chưa rõ lắm nên giờ em muốn hỏi lại là đăng ký tạm trú cho cả nhà thì làm sao"
    )
    assert confident(story) is None


@pytest.mark.parametrize(
    ("text", "phrases", "conflict"),
    [
        ("cách làm sữa chua", ["xin phép sửa chữa nhà ở"], True),
        ("xin phép sửa chữa nhà", ["xin phép sửa chữa nhà ở"], False),
        ("xin phep sua chua nha", ["xin phép sửa chữa nhà ở"], False),
        # Old and new tone placement are the same word.
        ("hoà giải tranh chấp", ["hòa giải tranh chấp đất đai"], False),
        # An alias typed without diacritics fits any spelling.
        ("đk kết hôn", ["dk ket hon"], False),
        ("chứng tử", ["giấy chứng tử"], False),
    ],
)
def test_accent_conflict(text: str, phrases: list[str], conflict: bool) -> None:
    assert accent_conflict(text, phrases) is conflict


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Eligibility questions the NLU may not classify: "định" folds like "đình" (of
        # "hộ gia đình" in an alias), "có" like "cơ" (of "cơ sở"); neither is evidence, and
        # without them the message still names the procedure plainly.
        ("tôi dự định mở tiệm bánh mì nhỏ, có cần đăng ký kinh doanh không", "1.001612"),
        ("nhà định mở tiệm tạp hóa thì có phải đăng ký kinh doanh không", "1.001612"),
        (
            "muốn khoan giếng lấy nước tưới rau có phải đăng ký khai thác nước dưới đất không",
            "1.001662",
        ),
        # The marker said ("người nước ngoài") sets the plain sibling (đăng ký tạm trú,
        # a shorter name, so a higher score) aside: it is no rival.
        ("khai báo tạm trú cho vợ chồng người nước ngoài thuê nhà mình", "1.000253"),
        ("có phải khai báo tạm trú cho khách người nước ngoài ở nhờ không", "1.000253"),
    ],
)
def test_an_eligibility_question_about_one_ward_procedure_is_answered(text: str, code: str) -> None:
    assert confident(text) == code


@pytest.mark.parametrize(
    "text",
    [
        # What an insurance card pays for is no ward procedure, though it names the card.
        "thẻ bảo hiểm y tế có được dùng để mua thuốc ở nhà thuốc không",
        "cửa hàng sửa chữa xe máy nào gần phường có uy tín không",
        # Without the word that only matches once its accents are dropped, nothing is left.
        "cách làm sữa chua dẻo",
        # "cơ" is no "có" here: "cơ quan" is a rival's words (the procedure for
        # organisations), so the word is not dropped and the message is not answered.
        "cấp sổ đỏ cho cơ quan nhà nước",
    ],
)
def test_eligibility_shaped_questions_outside_the_catalogue_are_not_answered(text: str) -> None:
    assert confident(text) is None


@pytest.mark.parametrize(
    ("text", "not_code"),
    [
        # "thu hồi" ("hồi" folds like the question word "hỏi") is the revocation, a
        # sibling with the same words plus "thu": not the first registration of a plate.
        ("đã bán xe máy cho người khác thì có phải thu hồi đăng ký biển số xe không", "1.013067"),
        ("bán xe rồi phải làm thu hồi đăng ký biển số xe à", "1.013067"),
        # "lại": đăng ký lại kết hôn has every word kết hôn has, and "lại".
        ("có phải đăng ký kết hôn lại khi chuyển nhà không", "1.000894"),
    ],
)
def test_a_sibling_with_a_word_the_choice_lacks_leaves_it_unclear(text: str, not_code: str) -> None:
    assert confident(text) != not_code


def test_accent_conflicts_name_the_words() -> None:
    assert accent_conflicts("mua sữa chua", ["sửa chữa nhà ở"]) == ["sữa"]
    assert accent_conflicts("sửa chữa nhà", ["sửa chữa nhà ở"]) == []


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # A yes/no question of eligibility leads with the conditions, then the overview.
        ("có phải đăng ký tạm trú cho người ở trọ không", [Topic.CONDITIONS, Topic.OVERVIEW]),
        ("mở tiệm tạp hóa có cần đăng ký kinh doanh không", [Topic.CONDITIONS, Topic.OVERVIEW]),
        # … and with the other answers asked beside it.
        (
            "mở tiệm tạp hóa có cần đăng ký kinh doanh không, làm ở đâu",
            [Topic.CONDITIONS, Topic.SUBMISSION],
        ),
        ("điều kiện tách hộ là gì", [Topic.CONDITIONS, Topic.OVERVIEW]),
        # Not eligibility: the words' topics, else the overview.
        ("đăng ký tạm trú cần giấy tờ gì", [Topic.PAPERS]),
        ("làm giấy khai sinh cho con", [Topic.OVERVIEW]),
        # Which office, not whether: "làm ở phường được không".
        ("chứng thực bản sao làm ở phường được không", [Topic.SUBMISSION]),
    ],
)
def test_topics_without_intent(text: str, topics: list[Topic]) -> None:
    assert topics_without_intent(text) == topics
