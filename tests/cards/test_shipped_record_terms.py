"""Cards keep the record's own words where a citizen asks a yes/no question about them.

Data rules over every shipped card whose record states the fact: an authorisation given by a
close relative needs no certification ("không phải chứng thực"), and a fee exemption is a
"miễn lệ phí" (citizens ask "có phải đóng lệ phí không").
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
SHIPPED = sorted((read_card(p) for p in card_files(DATA / "cards")), key=lambda c: c.code)
RECORDS: dict[str, dict[str, Any]] = {
    r["code"]: r
    for r in json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
}
UNCERTIFIED = "văn bản ủy quyền không phải chứng thực"


def _documents(card: Card) -> str:
    record = RECORDS.get(card.code) or {}
    return " ".join(d["name"] for d in record.get("documents") or ()).casefold()


def _channels(card: Card) -> str:
    record = RECORDS.get(card.code) or {}
    return json.dumps(record.get("channels") or [], ensure_ascii=False).casefold()


WITH_UNCERTIFIED = [c for c in SHIPPED if UNCERTIFIED in _documents(c)]


def test_the_authorisation_rule_covers_many_procedures() -> None:
    # Birth, guardianship, marital status, re-registrations, corrections…
    assert len(WITH_UNCERTIFIED) >= 10


@pytest.mark.parametrize("card", WITH_UNCERTIFIED, ids=lambda c: c.code)
def test_an_authorisation_paper_says_a_relative_needs_no_certification(card: Card) -> None:
    # "bà nội đi làm thay thì giấy ủy quyền có phải chứng thực không": the record says no
    # for grandparents, parents, children, spouses and siblings.
    text = " ".join(
        [p.name for case in card.cases for p in case.papers if "ủy quyền" in p.name.casefold()]
        + [c.text for c in card.conditions]
        + [case.note or "" for case in card.cases]
    ).casefold()
    assert "không phải chứng thực" in text or "không cần chứng thực" in text, card.code


WITH_EXEMPTION = [c for c in SHIPPED if "miễn lệ phí" in _channels(c) and c.fee.kind != "free"]


def test_the_exemption_rule_covers_many_procedures() -> None:
    assert len(WITH_EXEMPTION) >= 8


@pytest.mark.parametrize("card", WITH_EXEMPTION, ids=lambda c: c.code)
def test_a_fee_with_exemptions_says_miễn_lệ_phí(card: Card) -> None:
    # "miễn cho gia đình có công" answered "có phải đóng lệ phí không?" without the record's
    # words; the record says "Miễn lệ phí cho …".
    assert "miễn lệ phí" in card.fee.text.casefold(), card.fee.text
