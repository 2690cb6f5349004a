"""The shipped cards say the facts citizens ask about the way the record states them.

Data rules over whole groups of cards, not one card each: a deadline the citizen must keep is
said with the time, a paper named by its everyday name still gives its official name, a size
the record sets for a paper is in the paper's name, and the office a condition quotes is named.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from actions.cards.answers import CardComposer, case_from_words
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.procedures.answers import Topic
from actions.settings import PROJECT_ROOT
from tests.cards.shipped import shipped_composer

CARDS = PROJECT_ROOT / "data" / "cards"
SHIPPED = sorted((read_card(p) for p in card_files(CARDS)), key=lambda c: c.code)
#: The groups whose deadlines this rule covers (the others are listed for their owners).
DEADLINE_GROUPS = ("land", "household_business", "social")

#: A period the citizen must file within, counted from an event on the citizen's side ("trong
#: 10 ngày kể từ khi có thay đổi", "chậm nhất 03 ngày làm việc trước ngày tạm ngừng"); the
#: office's own periods count from receiving the file ("kể từ khi nhận đơn") and are not it.
CITIZEN_DEADLINE = re.compile(
    r"(?:trong(?: thời hạn)?|chậm nhất(?: là)?)\s+(\d+)\s+ngày(?: làm việc)?,?\s+"
    r"(?:kể từ|trước)\s+(?:ngày|khi)\s+(?!nhận)",
    re.IGNORECASE,
)
EVERYDAY_NAME = re.compile(r"\bsổ (?:đỏ|hồng)\b", re.IGNORECASE)
SIZE = re.compile(r"\d+\s*x\s*\d+\s*cm")
REGISTRY = "cơ quan đăng ký kinh doanh"


def _group(card: Card) -> str:
    return next(p.parent.name for p in card_files(CARDS) if p.stem == card.code)


def _deadlines(card: Card) -> list[str]:
    return [m[1] for c in card.conditions if (m := CITIZEN_DEADLINE.search(c.text))]


def _days_said(days: str, text: str) -> bool:
    return re.search(rf"\b0?{int(days)} ngày", text) is not None


def _composer() -> CardComposer:
    return shipped_composer()


WITH_DEADLINE = [c for c in SHIPPED if _group(c) in DEADLINE_GROUPS and _deadlines(c)]


def test_the_deadline_rule_covers_cards_of_several_procedures() -> None:
    # The rule must bite: registering a change, a pause, a cooperative group, a board...
    assert len(WITH_DEADLINE) >= 4


@pytest.mark.parametrize("card", WITH_DEADLINE, ids=lambda c: c.code)
def test_a_duration_answer_says_the_deadline_the_citizen_must_keep(card: Card) -> None:
    # "chuyển địa điểm thì trong mấy ngày phải đăng ký?" is a time question: the answer
    # gives the period the citizen has, not only the office's processing time.
    reply = "\n".join(_composer().compose(Topic.DURATION, card, None, "").texts)
    for days in _deadlines(card):
        assert _days_said(days, reply), f"{card.code}: {days} ngày not in {card.time.text!r}"
    assert all(len(t) <= 700 for t in _composer().compose(Topic.OVERVIEW, card, None, "").texts)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Trong 10 ngày kể từ khi có thay đổi, chủ hộ phải đăng ký.", "10"),
        ("Nộp hồ sơ chậm nhất 03 ngày làm việc trước ngày tạm ngừng.", "03"),
        ("Ban quản trị nộp hồ sơ trong 10 ngày kể từ ngày có biên bản bầu.", "10"),
        ("Trong 03 ngày làm việc kể từ khi nhận đơn, phường thông báo thụ lý.", None),
        ("Cơ quan kiểm tra hồ sơ trong 07 ngày làm việc và báo một lần.", None),
    ],
)
def test_a_citizen_deadline_is_told_from_the_offices_own_periods(
    text: str, deadline: str | None
) -> None:
    match = CITIZEN_DEADLINE.search(text)
    assert (match[1] if match else None) == deadline


PAPERS = [(c, case.id, p) for c in SHIPPED for case in c.cases for p in case.papers]


@pytest.mark.parametrize(
    ("card", "case_id", "paper"),
    [t for t in PAPERS if EVERYDAY_NAME.search(t[2].name)],
    ids=lambda v: v.code if isinstance(v, Card) else (v if isinstance(v, str) else ""),
)
def test_a_paper_called_by_its_everyday_name_also_gives_its_official_name(
    card: Card, case_id: str, paper: Any
) -> None:
    # "sổ đỏ" alone leaves a citizen holding an older certificate or another land paper
    # unsure it counts; the counter and the record say "Giấy chứng nhận", "giấy tờ ... đất đai".
    assert "giấy chứng nhận" in paper.name.casefold(), f"{card.code} {case_id}: {paper.name}"


@pytest.mark.parametrize(
    ("card", "case_id", "paper"),
    [t for t in PAPERS if SIZE.search(t[2].source.quote or "")],
    ids=lambda v: v.code if isinstance(v, Card) else (v if isinstance(v, str) else ""),
)
def test_a_size_the_record_sets_for_a_paper_is_in_its_name(
    card: Card, case_id: str, paper: Any
) -> None:
    size = SIZE.search(paper.source.quote or "")
    assert size is not None and size[0] in paper.name, f"{card.code} {case_id}: {paper.name}"


CONDITIONS = [(c, cond) for c in SHIPPED for cond in c.conditions]


@pytest.mark.parametrize(
    ("card", "condition"),
    [t for t in CONDITIONS if REGISTRY in (t[1].source.quote or "").casefold()],
    ids=lambda v: v.code if isinstance(v, Card) else "",
)
def test_a_condition_quoting_the_business_registry_names_it(card: Card, condition: Any) -> None:
    # "nộp cho cơ quan nào?": the record's answer is the commune business registry, which a
    # condition that only says "phường, xã" hides.
    assert REGISTRY in condition.text.casefold(), f"{card.code}: {condition.text}"


#: Citizens state their case in everyday words (a death, an intent to found, damage by
#: termites or rats, a move to new premises): the card reads it instead of asking, for
#: the multi-case cards of the land, household business and social groups. Sentences
#: written for this test (issue: the case question was asked though the story said it).
EVERYDAY_CASE_SENTENCES = [
    ("2.000720", "owner_died", "mẹ tôi đứng tên cửa hàng, mẹ vừa mất tháng rồi"),
    ("2.000720", "owner_died", "ông nhà tôi đứng tên hộ kinh doanh đã chết vì tai nạn"),
    ("2.000720", "owner_died", "chủ cửa hàng là ba tôi, ba mới mất tuần trước"),
    ("2.000720", "new_owner", "bà muốn giao lại quán cho cháu nội"),
    ("2.000720", "new_owner", "muốn cho con gái đứng tên hộ kinh doanh thay tôi"),
    ("2.000720", "details", "quán phở dời sang địa chỉ mới gần chợ"),
    ("2.000720", "details", "muốn bán thêm đồ gia dụng ngoài tạp hóa"),
    ("2.002637", "new_group", "các hộ làm gốm muốn thành lập tổ hợp tác"),
    ("2.002637", "new_group", "chị em trong thôn chuẩn bị lập tổ hợp tác"),
    ("1.010092", "death", "anh tôi ở đội xung kích bị lũ cuốn mất khi đi cứu dân"),
    ("1.010092", "death", "em trai tôi đi ứng cứu sạt lở thì không qua khỏi"),
    ("1.012538", "death", "ông xã tôi ở tổ an ninh trật tự tử nạn khi truy đuổi trộm"),
    ("1.013228", "damaged", "giấy phép xây dựng bị mối ăn mất một góc"),
    ("2.000575", "lost", "giấy chứng nhận hộ kinh doanh bị chuột cắn"),
    ("1.013226", "private_house", "nhà ở gia đình xin nâng tầng so với giấy phép"),
]


@pytest.mark.parametrize(("code", "case_id", "text"), EVERYDAY_CASE_SENTENCES)
def test_a_case_told_in_everyday_words_is_read(code: str, case_id: str, text: str) -> None:
    card = next(c for c in SHIPPED if c.code == code)
    case = case_from_words(card, text)
    assert case is not None and case.id == case_id, f"{code}: {text!r} -> {case}"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("2.000720", "hộ kinh doanh cần thay đổi thì làm sao"),
        ("2.002637", "đăng ký tổ hợp tác cần giấy tờ gì"),
        ("1.013228", "cấp lại giấy phép xây dựng mất bao lâu"),
    ],
)
def test_a_question_stating_no_case_still_gets_the_case_question(code: str, text: str) -> None:
    card = next(c for c in SHIPPED if c.code == code)
    assert case_from_words(card, text) is None


def _case_forms() -> list[tuple[Card, str, str]]:
    """(card, case id, form code) where a case's paper names one of the card's forms and
    another case names a different one (to issue vs to re-issue, per kind of building)."""
    out = []
    for card in SHIPPED:
        if _group(card) not in ("land", "household_business", "social"):
            continue
        named = {
            case.id: {
                f.code
                for f in card.forms
                if f.code and f.code in " ".join(p.name for p in case.papers)
            }
            for case in card.cases
        }
        if len(set().union(*named.values())) < 2:
            continue
        out += [(card, case_id, code) for case_id, codes in named.items() for code in codes]
    return out


def test_the_per_case_form_rule_covers_new_cards() -> None:
    # The fish-cage certificate: Mẫu số 25.NT to issue, 26.NT to re-issue.
    assert {(c.code, code) for c, _, code in _case_forms()} >= {
        ("1.014801", "Mẫu số 25.NT"),
        ("1.014801", "Mẫu số 26.NT"),
    }


@pytest.mark.parametrize(
    ("card", "case_id", "code"), _case_forms(), ids=lambda v: v.code if isinstance(v, Card) else v
)
def test_with_the_case_known_the_forms_answer_names_that_cases_form(
    card: Card, case_id: str, code: str
) -> None:
    from actions.cards.answers import case_slot_value

    reply = "\n".join(
        _composer().compose(Topic.FORMS, card, case_slot_value(card.code, case_id), "").texts
    )
    assert code in reply, f"{card.code} {case_id}: {reply}"


#: Cards written this round for uncarded ward procedures of the land (agriculture), household
#: business and justice groups: each answers, for the case asked, the fact the record holds
#: and no other case's form.
NEW_CARD_FACTS = [
    ("1.014801", Topic.FORMS, "reissue", "26.NT", "25.NT"),
    ("1.014801", Topic.PAPERS, "first_issue", "Sơ đồ mặt bằng", "26.NT"),
    ("1.013997", Topic.DURATION, None, "30 ngày", None),
    ("1.013997", Topic.FORMS, None, "Mẫu số 2a", None),
    ("1.004982", Topic.PAPERS, None, "Thông báo về việc giải thể", None),
    (
        "1.004982",
        Topic.DURATION,
        None,
        "05 ngày làm việc kể từ ngày thanh toán hết các khoản nợ",
        None,
    ),
    ("1.002211", Topic.FORMS, None, "Mẫu số 06", None),
    ("2.002641", Topic.PAPERS, "cooperative_pause", "Nghị quyết của Đại hội thành viên", None),
    (
        "2.002641",
        Topic.PAPERS,
        "cooperative_group_pause",
        "biên bản họp thành viên tổ hợp tác",
        "Đại hội",
    ),
    ("2.002641", Topic.FEE, None, "HĐND", None),
]


@pytest.mark.parametrize(("code", "topic", "case_id", "said", "not_said"), NEW_CARD_FACTS)
def test_a_new_card_answers_the_records_fact(
    code: str, topic: Topic, case_id: str | None, said: str, not_said: str | None
) -> None:
    from actions.cards.answers import case_slot_value

    card = next((c for c in SHIPPED if c.code == code), None)
    assert card is not None, f"no card for {code}"
    slot = case_slot_value(code, case_id) if case_id else None
    reply = "\n".join(_composer().compose(topic, card, slot, "").texts)
    assert said.casefold() in reply.casefold(), reply
    assert not_said is None or not_said.casefold() not in reply.casefold(), reply
    assert all(len(t) <= 700 for t in _composer().compose(topic, card, slot, "").texts)
