"""The cards of civil status, certification, residence and social insurance carry the facts
their record states, in the record's words where citizens ask about them.

Data rules over every card of these groups whose record states the fact: an authorisation
given by a close relative "không phải chứng thực" said with the paper itself, the paper the
citizen receives when the record names its form (CT03, CT07), the forms the citizen fills in,
the same-day rule of the steps, and a fee the provincial council sets. Plus the facts of the
cards written this round for uncarded procedures.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from actions.cards.answers import case_slot_value
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.procedures.answers import Topic
from actions.settings import PROJECT_ROOT
from tests.cards.shipped import shipped_composer

DATA = PROJECT_ROOT / "data"
GROUPS = ("civil_status", "certification", "residence", "social_insurance")
CARDS = sorted(
    (read_card(p) for p in card_files(DATA / "cards") if p.parent.name in GROUPS),
    key=lambda c: c.code,
)
RECORDS: dict[str, dict[str, Any]] = {
    r["code"]: r
    for r in json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
}
UNCERTIFIED = "văn bản ủy quyền không phải chứng thực"
#: A form code as the portal writes it in a result ("Phiếu khai báo tạm vắng (CT03)").
RESULT_FORM = re.compile(r"\(((?:CT|NA|DC|TK)\d{2}[A-Z]?)\)")
#: Documents an employer, a collection agent or the insurer's own office fills in, not the
#: citizen: their forms are not the citizen's to bring.
ORGANISATION_CASE = re.compile(r"^(?:Đơn vị|Đại lý|Phòng/Tổ)", re.IGNORECASE)
ORGANISATION_DOCUMENT = re.compile(r"Tổ chức dịch vụ|đơn vị sử dụng lao động lập", re.IGNORECASE)


def _record(card: Card) -> dict[str, Any]:
    return RECORDS.get(card.code) or {}


def _card_text(card: Card) -> str:
    return card.model_dump_json().casefold()


def _documents(card: Card) -> str:
    return " ".join(d["name"] for d in _record(card).get("documents") or ()).casefold()


def test_the_rules_cover_the_four_groups() -> None:
    assert {p.parent.name for p in card_files(DATA / "cards")} >= set(GROUPS)
    assert len(CARDS) >= 80


WITH_UNCERTIFIED = [c for c in CARDS if UNCERTIFIED in _documents(c)]


def test_the_authorisation_rule_covers_many_procedures() -> None:
    assert len(WITH_UNCERTIFIED) >= 12


@pytest.mark.parametrize("card", WITH_UNCERTIFIED, ids=lambda c: c.code)
def test_the_authorisation_says_the_records_words_for_every_case(card: Card) -> None:
    # "nhờ em ruột đi lấy hộ thì giấy ủy quyền có phải chứng thực không": the record answers
    # "không phải chứng thực"; the card says so with the paper of each case that lists it
    # (or in a condition, which the papers answer shows), not only in one case's note.
    conditions = " ".join(c.text for c in card.conditions).casefold()
    for case in card.cases:
        for paper in case.papers:
            if "ủy quyền" not in paper.name.casefold():
                continue
            said = f"{paper.name} {case.note or ''} {conditions}".casefold()
            assert "không phải chứng thực" in said, f"{card.code} {case.id}: {paper.name}"


def _result_forms(card: Card) -> list[str]:
    return [m for r in _record(card).get("results") or () for m in RESULT_FORM.findall(r)]


WITH_RESULT_FORM = [(c, code) for c in CARDS for code in _result_forms(c)]


def test_the_result_form_rule_covers_several_procedures() -> None:
    assert {c.code for c, _ in WITH_RESULT_FORM} >= {"1.003677", "1.010040", "1.010041"}


@pytest.mark.parametrize(
    ("card", "code"), WITH_RESULT_FORM, ids=lambda v: v.code if isinstance(v, Card) else v
)
def test_the_paper_the_citizen_receives_is_named_by_its_form(card: Card, code: str) -> None:
    # "khai xong thì được cấp giấy gì?": the record's result is a numbered form (the
    # absence slip CT03, the residence confirmation CT07), which the conditions answer names.
    reply = "\n".join(shipped_composer().compose(Topic.CONDITIONS, card, None, "").texts)
    assert code in reply, f"{card.code}: {code} not in {reply!r}"


def _citizen_forms(card: Card) -> set[str]:
    return {
        d["form_code"]
        for d in _record(card).get("documents") or ()
        if d.get("form_code")
        and not ORGANISATION_CASE.search(d.get("case_title") or "")
        and not ORGANISATION_DOCUMENT.search(d["name"])
    }


WITH_FORMS = [(c, code) for c in CARDS for code in sorted(_citizen_forms(c))]


def test_the_form_rule_covers_many_procedures() -> None:
    assert len({c.code for c, _ in WITH_FORMS}) >= 20


@pytest.mark.parametrize(
    ("card", "code"), WITH_FORMS, ids=lambda v: v.code if isinstance(v, Card) else v
)
def test_every_form_the_citizen_fills_in_is_a_form_of_the_card(card: Card, code: str) -> None:
    # The forms answer lists the card's forms: a form the record names for a case (the
    # population-data slip DC01 when the data is missing, the army-service statement 04B)
    # must be one of them, or that case's citizen never hears of it.
    # A bare number ("02") is the record's short name of "Mẫu số 02 ban hành kèm theo …".
    # "01" is also the record's short name of "01- QĐ613".
    named = re.compile(rf"(?:Mẫu số )?{re.escape(code)}(?:\s*-.*)?")
    codes = [f.code for f in card.forms if f.code]
    assert any(named.fullmatch(c) for c in codes), f"{card.code}: {code} not in {codes}"


def _steps(card: Card) -> str:
    return " ".join(_record(card).get("steps") or ())


WITH_SAME_DAY = [c for c in CARDS if "sau 15 giờ" in _steps(c)]


def test_the_same_day_rule_covers_many_procedures() -> None:
    assert len(WITH_SAME_DAY) >= 6


@pytest.mark.parametrize("card", WITH_SAME_DAY, ids=lambda c: c.code)
def test_the_same_day_rule_of_the_steps_is_in_the_time(card: Card) -> None:
    # "nộp sáng mai thì bao giờ có?": the steps say same day, after 15:00 the next working
    # day; the table's bare "1" says neither.
    assert "15 giờ" in card.time.text, f"{card.code}: {card.time.text}"


def _council_sets_fee(card: Card) -> bool:
    channels = _record(card).get("channels") or ()
    return any("Hội đồng nhân dân" in (ch.get("fee_source_text") or "") for ch in channels)


WITH_COUNCIL_FEE = [c for c in CARDS if _council_sets_fee(c)]


def test_the_council_fee_rule_covers_many_procedures() -> None:
    assert len(WITH_COUNCIL_FEE) >= 15


@pytest.mark.parametrize("card", WITH_COUNCIL_FEE, ids=lambda c: c.code)
def test_a_fee_the_council_sets_is_never_said_free(card: Card) -> None:
    # The table says "Miễn phí" and its note "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh …
    # quyết định": the answer names the council and is no plain "Miễn phí".
    assert card.fee.kind == "set_by_province", card.code
    assert "HĐND" in card.fee.text or "Hội đồng nhân dân" in card.fee.text, card.fee.text
    assert not card.fee.text.casefold().startswith("miễn phí"), card.fee.text


def _card(code: str) -> Card:
    card = next((c for c in CARDS if c.code == code), None)
    assert card is not None, f"no card for {code}"
    return card


#: (code, topic, case, said, not said): the cards written this round for uncarded
#: procedures answer the record's fact for the case asked.
NEW_CARD_FACTS = [
    ("2.000986", Topic.DURATION, None, "20 ngày làm việc", None),
    ("2.000986", Topic.DURATION, None, "ngay trong ngày", None),
    ("2.000986", Topic.FEE, None, "lệ phí đăng ký thường trú", "Miễn phí"),
    ("2.000986", Topic.PAPERS, "with_parents", "Giấy chứng sinh", "đồng ý của chủ hộ"),
    ("2.000986", Topic.PAPERS, "other_household", "đồng ý của chủ hộ", None),
    ("2.000986", Topic.PAPERS, "with_parents", "Tờ khai tham gia bảo hiểm y tế", None),
    ("2.000986", Topic.PAPERS, "with_parents", "bỏ rơi", None),
]


@pytest.mark.parametrize(("code", "topic", "case_id", "said", "not_said"), NEW_CARD_FACTS)
def test_a_new_card_answers_the_records_fact(
    code: str, topic: Topic, case_id: str | None, said: str, not_said: str | None
) -> None:
    card = _card(code)
    slot = case_slot_value(code, case_id) if case_id else None
    texts = shipped_composer().compose(topic, card, slot, "").texts
    reply = "\n".join(texts)
    assert said.casefold() in reply.casefold(), reply
    assert not_said is None or not_said.casefold() not in reply.casefold(), reply
    assert all(len(t) <= 700 for t in texts)


@pytest.mark.parametrize(
    ("code", "text", "case_id"),
    [
        (
            "2.000986",
            "bé mới sinh, làm khai sinh và nhập khẩu luôn vào hộ của bố mẹ",
            "with_parents",
        ),
        ("2.000986", "con tôi nhập khẩu theo mẹ, làm liên thông cả thẻ bhyt", "with_parents"),
        ("2.000986", "cháu nhập khẩu vào nhà ông bà nội chứ không theo bố mẹ", "other_household"),
        ("1.004222", "nhà tôi sống trên thuyền neo ở bến sông, muốn nhập khẩu", "vessel_home"),
        ("1.004222", "hai vợ chồng ở nhà bè nuôi cá, đăng ký thường trú được không", "vessel_home"),
        ("1.004222", "tôi thuê căn hộ chung cư, muốn đăng ký thường trú", "rented_home"),
    ],
)
def test_the_case_a_new_or_completed_card_adds_is_read(code: str, text: str, case_id: str) -> None:
    from actions.cards.answers import case_from_words

    case = case_from_words(_card(code), text)
    assert case is not None and case.id == case_id, f"{code}: {text!r} -> {case}"
