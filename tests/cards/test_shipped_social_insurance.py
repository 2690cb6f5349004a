"""The social-insurance procedures citizens ask the ward about most have citizen cards.

Claims (funeral allowance and survivor benefit, a deceased's pension arrears, one-off
withdrawal, maternity, sickness), enrolment (household health insurance, voluntary social
insurance) and how a pension is paid (proxy, cash or bank account): each card names the form
its record names, answers the time its record gives, and is found from a citizen's everyday
words. Sentences written for this test, several per procedure.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from actions.cards.answers import CardComposer, OfficeContact, case_from_words
from actions.cards.check import check_card, records, ward_overrides
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.phrasebook import Phrasebook
from actions.procedures.answers import Topic
from actions.procedures.finder import Found
from actions.settings import PROJECT_ROOT
from tests.procedures.test_scope_calibration import finder

DATA = PROJECT_ROOT / "data"
CARDS = {read_card(p).code: read_card(p) for p in card_files(DATA / "cards")}

#: Code -> the form the record names for the citizen's own paper.
FORMS = {
    "2.000717": "3-CBH",
    "2.000740": "2-CBH",
    "1.001601": "13-HSB",
    "2.000821": "09-HSB",
    "1.001613": "14-HSB",
    "1.001939": "TK1-TS",
    "1.002179": "TK1-TS",
    "2.000693": "14-HSB",
    "1.001667": "01B-HSB",
}


def _composer() -> CardComposer:
    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    return CardComposer(
        Phrasebook(responses), lambda _: OfficeContact("Bảo hiểm xã hội"), "https://x"
    )


def _card(code: str) -> Card:
    assert code in CARDS, f"no card for {code}"
    return CARDS[code]


def _record(code: str) -> dict[str, Any]:
    national = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    return next(r for r in national if r["code"] == code)


@pytest.mark.parametrize("code", sorted(FORMS))
def test_the_card_checks_against_its_record_and_names_the_agency_kind(code: str) -> None:
    card = _card(code)
    assert check_card(card, records(DATA).get(code), ward_overrides(DATA)) == []
    # Settled by the social-insurance agency the record names, not the one-stop desk.
    assert card.office == "other"
    assert _record(code)["agency_kind"] == "other"


@pytest.mark.parametrize(("code", "form"), sorted(FORMS.items()))
def test_a_forms_question_names_the_records_form(code: str, form: str) -> None:
    reply = "\n".join(_composer().compose(Topic.FORMS, _card(code), None, "").texts)
    assert form in reply, reply


@pytest.mark.parametrize("code", sorted(FORMS))
def test_a_time_question_gives_the_records_working_days(code: str) -> None:
    days = {int(c["time_limit_value"]) for c in _record(code)["channels"]}
    reply = "\n".join(_composer().compose(Topic.DURATION, _card(code), None, "").texts)
    assert any(f"{d} ngày" in reply or f"{d:02d} ngày" in reply for d in days), reply
    assert all(len(t) <= 700 for t in _composer().compose(Topic.OVERVIEW, _card(code), None).texts)


@pytest.mark.parametrize("code", ["2.000717", "2.000821"])
def test_claims_after_a_death_open_with_condolences(code: str) -> None:
    reply = _composer().compose(Topic.PAPERS, _card(code), None, "").texts
    assert reply[0].startswith("Em xin chia buồn")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("2.000717", "cha tôi từ trần, bảo hiểm xã hội còn nợ ông mấy tháng trợ cấp"),
        ("2.000717", "truy lĩnh lương hưu cho mẹ đã mất cần gì"),
        ("2.000740", "bà tôi muốn thôi nhận lương hưu qua tài khoản, quay về lĩnh tiền mặt"),
        ("2.000740", "mẹ tôi đổi số tài khoản ngân hàng nhận lương hưu thì làm sao"),
        ("1.001601", "bố nằm viện không đi nhận lương hưu được, viết giấy cho tôi nhận thay"),
        ("1.001601", "nhờ em gái lĩnh hộ lương hưu có cần giấy gì không"),
        ("2.000821", "ông cụ về hưu mất tuần rồi, con cháu làm hồ sơ lĩnh tiền mai táng thế nào"),
        ("2.000821", "xin trợ cấp tuất một lần cho vợ đã mất"),
        ("1.001613", "tôi muốn lãnh bảo hiểm xã hội một lần vì không đi làm nữa"),
        ("1.001613", "rút bhxh 1 lần cần mang những gì"),
        ("1.001939", "muốn mua bảo hiểm y tế theo hộ gia đình cho ông bà"),
        ("1.001939", "mua bhyt hộ gia đình cho bố mẹ ở đâu"),
        ("1.002179", "tôi bán hàng online muốn tham gia bảo hiểm xã hội tự nguyện"),
        ("1.002179", "đóng bhxh tự nguyện ở đâu"),
        ("2.000693", "chồng có được hưởng thai sản khi vợ đẻ không"),
        ("2.000693", "làm hồ sơ hưởng tiền thai sản cần gì"),
        ("1.001667", "nghỉ ốm mấy ngày có giấy bác sĩ thì bảo hiểm xã hội có trả tiền không"),
        ("1.001667", "con nhỏ ốm nằm viện, mẹ nghỉ làm chăm con thì làm chế độ ốm đau thế nào"),
    ],
)
def test_everyday_words_find_the_procedure(code: str, text: str) -> None:
    result = finder().find(text)
    assert isinstance(result, Found) and result.procedure.code == code, result


@pytest.mark.parametrize(
    ("code", "case_id", "text"),
    [
        ("2.000821", "pensioner", "bố tôi đang hưởng lương hưu thì mất"),
        ("2.000821", "contributor", "chồng tôi đang đóng bảo hiểm ở xí nghiệp thì mất"),
        ("2.000693", "father", "vợ tôi sinh con tháng trước, tôi muốn hưởng thai sản"),
        ("2.000693", "left_job", "em đã nghỉ việc từ tháng 3 rồi mới sinh bé"),
        ("2.000693", "adoption", "vợ chồng tôi nhận nuôi một bé 2 tháng tuổi"),
        ("1.001667", "inpatient", "con tôi phải nằm viện một tuần"),
        ("1.001667", "outpatient", "bác sĩ cho điều trị ngoại trú ở nhà"),
        ("1.001939", "household", "mua cho cả nhà theo hộ gia đình"),
        ("1.002179", "refund", "muốn xin hoàn trả tiền đã đóng"),
    ],
)
def test_a_case_told_in_everyday_words_is_read(code: str, case_id: str, text: str) -> None:
    case = case_from_words(_card(code), text)
    assert case is not None and case.id == case_id, f"{code}: {text!r} -> {case}"
