"""The social-insurance procedures citizens ask the ward about most have citizen cards.

Claims (funeral allowance and survivor benefit, a deceased's pension arrears, one-off
withdrawal, maternity, sickness), enrolment (household health insurance, voluntary social
insurance) and how a pension is paid (proxy, cash or bank account); accidents at work and
occupational illness, rest after illness or birth, direct payment of treatment costs, a
book's registration, a commune cadre's pension, moving or resuming a pension, the
613/QĐ-TTg allowance, the retired teachers' allowance and the two health-facility
procedures of the ward's index: each card names the form its record names, answers the time
its record gives, and is found from a citizen's everyday words. Sentences written for this
test, several per procedure.
"""

from __future__ import annotations

import csv
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
    "1.001632": "05A-HSB",
    "1.001643": "05A-HSB",
    "1.001598": "01B-HSB",
    "1.001646": "Mẫu số 03",
    "1.001656": "01/KBCB",
    "1.001710": "14-HSB",
    "1.002051": "TK1-TS",
    "2.000605": "12-HSB",
    "2.000755": "14-HSB",
    "2.000762": "01-QĐ613",
    "1.001798": "Mẫu số 01",
}
#: Carded procedures whose record names no form for the citizen's paper ("Đơn đề nghị").
NO_FORM_CODE = ["1.001521", "1.001742", "1.001909", "2.000809"]
#: Records whose channel table gives a bare number without unit, the steps none either.
BARE_TIME = ["1.001710", "1.001742"]


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


@pytest.mark.parametrize("code", sorted([*FORMS, *NO_FORM_CODE]))
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


@pytest.mark.parametrize("code", sorted((set(FORMS) | set(NO_FORM_CODE)) - set(BARE_TIME)))
def test_a_time_question_gives_the_records_working_days(code: str) -> None:
    days = {int(c["time_limit_value"]) for c in _record(code)["channels"]}
    reply = "\n".join(_composer().compose(Topic.DURATION, _card(code), None, "").texts)
    assert any(f"{d} ngày" in reply or f"{d:02d} ngày" in reply for d in days), reply
    assert all(len(t) <= 700 for t in _composer().compose(Topic.OVERVIEW, _card(code), None).texts)


@pytest.mark.parametrize("code", BARE_TIME)
def test_a_bare_time_is_not_given_a_unit_the_record_lacks(code: str) -> None:
    value = {int(c["time_limit_value"]) for c in _record(code)["channels"]}.pop()
    reply = "\n".join(_composer().compose(Topic.DURATION, _card(code), None, "").texts)
    assert f'"{value}"' in reply and "không ghi đơn vị" in reply, reply
    assert f"{value} ngày" not in reply, reply


def test_the_new_cards_are_all_the_social_insurance_procedures_of_the_ward_index() -> None:
    index = PROJECT_ROOT.parent / "shared" / "data" / "tthc" / "ward_relevant_index.csv"
    if not index.exists():
        pytest.skip("the ward index is a developer file outside the product")
    with index.open(encoding="utf-8") as handle:
        listed = {r["ma_thu_tuc"] for r in csv.DictReader(handle)}
    national = {
        r["code"]: r
        for r in json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    }
    insurance = {
        c
        for c in listed
        if c in national
        and national[c]["agency_kind"] == "other"
        and "Bảo hiểm xã hội" in (national[c]["agency"] or "")
    }
    assert insurance <= set(CARDS), sorted(insurance - set(CARDS))


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
        ("1.001632", "chồng tôi ngã giàn giáo ở công trường, làm chế độ tai nạn lao động cần gì"),
        (
            "1.001632",
            "làm mỏ than lâu năm bị bệnh bụi phổi, hưởng trợ cấp bệnh nghề nghiệp thế nào",
        ),
        (
            "1.001521",
            "vết thương tai nạn lao động cũ tái phát, mổ lại xong có được giám định lại không",
        ),
        (
            "1.001643",
            "năm ngoái bị tai nạn lao động rồi, tháng này lại bị tai nạn lao động lần nữa",
        ),
        ("1.001598", "đi làm lại sau sinh thấy mệt, công ty có cho nghỉ dưỡng sức không"),
        ("1.001646", "mẹ là giáo viên về hưu, lương hưu chưa có phụ cấp thâm niên nhà giáo"),
        ("1.001656", "nằm viện tự chi trả viện phí thì bảo hiểm y tế có thanh toán lại không"),
        ("1.001656", "quên mang thẻ bhyt khi khám, đóng tiền rồi xin bảo hiểm trả lại tiền ở đâu"),
        ("1.001710", "lương hưu của bố bị tính sai, muốn làm đơn đề nghị điều chỉnh lại"),
        (
            "1.001742",
            "bố lĩnh lương hưu ở Hà Nội, giờ về quê sống, chuyển nơi nhận lương hưu thế nào",
        ),
        ("1.002051", "đi xuất khẩu lao động Nhật có đóng bảo hiểm xã hội tiếp được không"),
        ("2.000605", "bố tôi làm chủ tịch hội nông dân xã 20 năm, làm hồ sơ lương hưu cán bộ xã"),
        ("2.000755", "bà đang lĩnh lương hưu, sắp sang Mỹ định cư với con, có nhận một lần không"),
        (
            "2.000762",
            "ông trước hưởng mất sức lao động bị cắt lâu rồi, có trợ cấp theo quyết định 613",
        ),
        ("2.000809", "bố đang hưởng lương hưu thì đi tù 3 năm, nay ra tù muốn nhận lương hưu tiếp"),
        ("1.001798", "tôi mở phòng khám tư, muốn ký hợp đồng khám chữa bệnh bảo hiểm y tế"),
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
        ("1.001632", "employed", "em vẫn đang đi làm ở xưởng thì bị tai nạn"),
        ("1.001632", "left_job", "bố tôi đã nghỉ hưu rồi mới phát hiện bệnh nghề nghiệp"),
        ("1.001656", "refund", "phải tự trả viện phí, muốn lấy lại tiền"),
        ("1.001656", "no_copayment", "xin giấy chứng nhận không cùng chi trả trong năm"),
        ("1.002051", "abroad", "sắp đi xuất khẩu lao động sang Đài Loan"),
        ("2.000809", "prison", "ông vừa mãn hạn tù"),
        ("2.000762", "deceased", "ông đã mất năm ngoái, gia đình xin tiền mai táng"),
        ("1.001646", "relatives", "bố tôi là nhà giáo đã mất năm 2015"),
    ],
)
def test_a_case_told_in_everyday_words_is_read(code: str, case_id: str, text: str) -> None:
    case = case_from_words(_card(code), text)
    assert case is not None and case.id == case_id, f"{code}: {text!r} -> {case}"
