"""The shipped cards say the facts citizens ask about the way the record states them.

Data rules over whole groups of cards, not one card each: a deadline the citizen must keep is
said with the time, a paper named by its everyday name still gives its official name, a size
the record sets for a paper is in the paper's name, and the office a condition quotes is named.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from actions.cards.answers import CardComposer, OfficeContact
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.settings import PROJECT_ROOT

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
    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    return CardComposer(
        Phrasebook(responses), lambda _: OfficeContact("Bộ phận Một cửa"), "https://x"
    )


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
