from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.schema import OfficeKind
from actions.cards.store import CardStore
from actions.dialogue.procedure_answers import (
    AnswerOutOfScope,
    AnswerProcedureDuration,
    AnswerProcedureFee,
    AnswerProcedureOverview,
    AnswerProcedurePapers,
    AnswerProcedureSubmission,
    AnswerYesOrNoOutsideAQuestion,
    ProcedureAnswerAction,
)
from tests.dialogue.conftest import KET_HON, KHAI_SINH, make_tracker
from tests.fakes import InMemoryProcedureRepository, channel, document, make_procedure, provider

LAI_KET_HON = make_procedure("1.004746", "Thủ tục đăng ký lại kết hôn")
LAI_KHAI_SINH = make_procedure("1.004884", "Thủ tục đăng ký lại khai sinh")


def run(
    action_class: type[ProcedureAnswerAction], domain: dict[str, Any], **tracker: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    repository = InMemoryProcedureRepository([KHAI_SINH, KET_HON, LAI_KET_HON, LAI_KHAI_SINH])
    # The record-based answers: no card (tests/dialogue/test_card_answers.py has them).
    action = action_class(catalogue=provider(repository), cards=lambda: CardStore({}))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(**tracker), domain))
    return dispatcher.messages, events


def test_names_the_procedure_and_remembers_it(domain: dict[str, Any]) -> None:
    messages, events = run(AnswerProcedurePapers, domain, text="làm giấy khai sinh cần gì")
    assert messages[0]["response"] == "utter_answer_papers"
    assert messages[0]["procedure_name"] == "Thủ tục đăng ký khai sinh"
    assert "1. Tờ khai đăng ký khai sinh (1 bản chính)" in messages[0]["document_lines"]
    assert SlotSet("procedure_code", "1.001193") in events


def test_follow_up_uses_the_remembered_procedure(domain: dict[str, Any]) -> None:
    messages, events = run(
        AnswerProcedureFee, domain, text="còn lệ phí thì sao?", slots={"procedure_code": "1.001193"}
    )
    assert messages[0]["response"] == "utter_answer_fee"
    assert messages[0]["fee_lines"] == "• Trực tiếp: Miễn phí"
    assert SlotSet("procedure_code", "1.001193") in events


def test_naming_another_procedure_switches(domain: dict[str, Any]) -> None:
    messages, _ = run(
        AnswerProcedureFee, domain, text="lệ phí kết hôn", slots={"procedure_code": "1.001193"}
    )
    assert messages[0]["procedure_name"] == "Thủ tục đăng ký kết hôn"


def test_several_candidates_are_offered_as_buttons(domain: dict[str, Any]) -> None:
    messages, events = run(AnswerProcedureFee, domain, text="đăng ký lại mất bao nhiêu tiền")
    assert messages[0]["response"] == "utter_choose_procedure"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_fee{"procedure_code": "1.004746"}' in payloads
    assert '/ask_fee{"procedure_code": "1.004884"}' in payloads
    # The question waits for the choice, as after "which procedure?".
    assert events == [SlotSet("pending_topic", "fee")]


def test_a_button_choice_answers_directly(domain: dict[str, Any]) -> None:
    payload = {"procedure_code": "1.004746"}
    messages, events = run(
        AnswerProcedureFee,
        domain,
        text=f"/ask_fee{json.dumps(payload)}",
        entities=[{"entity": "procedure_code", "value": "1.004746"}],
    )
    assert messages[0]["procedure_name"] == "Thủ tục đăng ký lại kết hôn"
    # No channel data for it: say so rather than invent.
    assert messages[0]["response"] == "utter_answer_missing_info"
    assert SlotSet("procedure_code", "1.004746") in events


def test_asks_which_procedure_and_answers_the_pending_topic(domain: dict[str, Any]) -> None:
    messages, events = run(AnswerProcedureFee, domain, text="hết bao nhiêu tiền")
    assert messages[0]["response"] == "utter_ask_which_procedure"
    assert SlotSet("pending_topic", "fee") in events

    messages, events = run(
        AnswerProcedureOverview, domain, text="khai sinh", slots={"pending_topic": "fee"}
    )
    assert messages[0]["response"] == "utter_answer_fee"
    assert SlotSet("pending_topic", None) in events


@pytest.mark.parametrize("text", ["abcxyz", "thủ tục gì đó"])
def test_unknown_procedure_gets_a_polite_reply(domain: dict[str, Any], text: str) -> None:
    messages, _ = run(AnswerProcedureOverview, domain, text=text)
    assert messages[0]["response"] == "utter_procedure_not_found"


@pytest.mark.parametrize(
    "text", ["làm cccd ở đâu", "thế còn hộ chiếu thì sao", "đổi bằng lái xe hết bao nhiêu"]
)
def test_something_not_in_the_catalogue_is_not_answered_with_the_remembered_one(
    domain: dict[str, Any], text: str
) -> None:
    messages, events = run(
        AnswerProcedureSubmission, domain, text=text, slots={"procedure_code": "1.001193"}
    )
    if messages[0]["response"] in {"utter_handled_elsewhere", "utter_national_elsewhere"}:
        assert SlotSet("procedure_code", None) in events
    else:
        assert messages[0]["response"] == "utter_procedure_not_found"
        assert SlotSet("pending_topic", "submission") in events


@pytest.mark.parametrize(
    ("text", "matter"),
    [
        ("thế còn hộ chiếu thì sao", "làm hộ chiếu"),
        ("đổi bằng lái xe hết bao nhiêu", "bằng lái xe"),
    ],
)
def test_a_matter_handled_elsewhere_says_who_handles_it(
    domain: dict[str, Any], text: str, matter: str
) -> None:
    messages, events = run(
        AnswerProcedureFee, domain, text=text, slots={"procedure_code": "1.001193"}
    )
    assert messages[0]["response"] == "utter_handled_elsewhere"
    assert messages[0]["matter"] == matter and messages[0]["legal"]
    assert SlotSet("procedure_code", None) in events


@pytest.mark.parametrize(
    "text", ["còn lệ phí thì sao?", "nộp online được không bạn", "mất bao lâu ạ"]
)
def test_follow_ups_stay_on_the_remembered_procedure(domain: dict[str, Any], text: str) -> None:
    messages, _ = run(
        AnswerProcedureSubmission, domain, text=text, slots={"procedure_code": "1.001193"}
    )
    assert messages[0]["procedure_name"] == "Thủ tục đăng ký khai sinh"


@pytest.mark.parametrize(
    ("text", "response", "code"),
    [
        # The NLU reads some plain procedure questions as out of scope: answered anyway.
        ("đăng ký kết hôn cho hai đứa mình", "utter_answer_overview", "1.000894"),
        ("cho hỏi làm giấy khai sinh hết bao nhiêu tiền", "utter_answer_fee", "1.001193"),
    ],
)
def test_out_of_scope_reading_of_a_plainly_named_procedure_answers_it(
    domain: dict[str, Any], text: str, response: str, code: str
) -> None:
    messages, events = run(AnswerOutOfScope, domain, text=text, intent="out_of_scope")
    assert messages[0]["response"] == response
    assert SlotSet("procedure_code", code) in events


def test_an_eligibility_question_read_as_out_of_scope_leads_with_the_conditions(
    domain: dict[str, Any],
) -> None:
    # The record states no conditions: it says so, then the procedure's overview.
    messages, events = run(
        AnswerOutOfScope, domain, text="có phải đăng ký kết hôn không", intent="out_of_scope"
    )
    assert [m["response"] for m in messages] == [
        "utter_answer_no_conditions",
        "utter_answer_overview",
    ]
    assert SlotSet("procedure_code", "1.000894") in events


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("tối nay ăn lẩu ở đâu ngon", "utter_out_of_scope"),
        # Names the procedure's words among many others: the NLU's reading stands.
        ("hôm qua đám cưới bạn thân vui quá, kết hôn xong đi du lịch đâu", "utter_out_of_scope"),
        ("làm hộ chiếu cho con ở đâu", "utter_handled_elsewhere"),
    ],
)
def test_out_of_scope_stays_out_of_scope_unless_a_procedure_is_plainly_named(
    domain: dict[str, Any], text: str, response: str
) -> None:
    messages, events = run(AnswerOutOfScope, domain, text=text, intent="out_of_scope")
    assert [m["response"] for m in messages] == [response]
    assert SlotSet("procedure_code", "1.000894") not in events


@pytest.mark.parametrize(
    ("text", "intent", "response"),
    [
        # Folded, "vắng" is "vâng": "tạm vắng thì sao" may read as a yes
        # (tests/e2e/test_intent_free.py); a procedure named is answered.
        ("vâng, đăng ký kết hôn thì sao nhỉ", "affirm", "utter_answer_overview"),
        ("vâng", "affirm", "utter_anything_else"),
        ("không ạ", "deny", "utter_anything_else"),
    ],
)
def test_a_yes_or_no_outside_a_question_answers_a_procedure_it_names(
    domain: dict[str, Any], text: str, intent: str, response: str
) -> None:
    messages, _ = run(AnswerYesOrNoOutsideAQuestion, domain, text=text, intent=intent)
    assert messages[0]["response"] == response


@pytest.mark.parametrize(
    ("action_class", "text", "intent"),
    [
        # Each names a procedure in its leftover words: the attack still gets no answer.
        (AnswerOutOfScope, "<img src=x onerror=alert(1)> đăng ký kết hôn", "out_of_scope"),
        (AnswerProcedureFee, "giấy khai sinh' UNION SELECT * FROM fees --", "ask_fee"),
        (AnswerProcedureOverview, "'; DROP TABLE thu_tuc; --", "ask_procedure"),
        (AnswerProcedurePapers, "{{cycler.__init__}} đăng ký kết hôn", "ask_papers"),
        (AnswerYesOrNoOutsideAQuestion, "vâng ../../etc/passwd khai sinh", "affirm"),
    ],
)
def test_an_attack_string_gets_the_out_of_scope_reply_only(
    domain: dict[str, Any], action_class: type[ProcedureAnswerAction], text: str, intent: str
) -> None:
    messages, events = run(action_class, domain, text=text, intent=intent)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]
    assert events == []


@pytest.mark.parametrize(
    ("action_class", "text", "intent"),
    [
        (AnswerOutOfScope, "ggggggggg ?????", "out_of_scope"),
        (AnswerYesOrNoOutsideAQuestion, "🤪🤪 aaaaaaaa", "affirm"),
        (AnswerProcedurePapers, "đđđđđđ wwwwww 00000", "ask_papers"),
        (AnswerProcedureFee, "!!!!!!!", "ask_fee"),
    ],
)
def test_gibberish_is_told_it_was_not_understood(
    domain: dict[str, Any], action_class: type[ProcedureAnswerAction], text: str, intent: str
) -> None:
    messages, events = run(action_class, domain, text=text, intent=intent)
    assert [m["response"] for m in messages] == ["utter_ask_rephrase"]
    assert events == []


@pytest.mark.parametrize(
    ("kind", "agency", "expected"),
    [
        # An office outside the ward's that the ward did not set is the record's agency.
        ("other", "Sở Xây dựng, Khu Quản lý đường bộ", "Sở Xây dựng, Khu Quản lý đường bộ"),
        ("other", "Bảo hiểm xã hội cấp huyện", "Bảo hiểm xã hội cấp huyện"),
        # The ward's own offices keep their label; no agency keeps the generic one.
        ("ubnd_one_stop", "Ủy ban nhân dân cấp xã", "Bộ phận Một cửa phường Đống Đa"),
        ("other", "", "cơ quan có thẩm quyền"),
    ],
)
def test_an_office_the_ward_did_not_set_is_the_records_agency(
    domain: dict[str, Any], kind: OfficeKind, agency: str, expected: str
) -> None:
    from actions.dialogue.procedure_answers import office_lookup
    from actions.phrasebook import Phrasebook

    lookup = office_lookup(Phrasebook.from_domain(domain), {}, "phường Đống Đa", agency)
    assert expected in lookup(kind).name


@pytest.mark.parametrize(
    ("action_class", "text", "intent"),
    [
        (
            AnswerProcedurePapers,
            "Bà nội em vừa mất tuần trước, em làm giấy khai sinh cho con cần gì",
            "ask_papers",
        ),
        (
            AnswerProcedureFee,
            "ong ngoai moi qua doi, dang ky ket hon luc nay thi le phi bao nhieu",
            "ask_fee",
        ),
        (
            AnswerProcedureOverview,
            "Nhà đang có tang, thủ tục đăng ký kết hôn có dời lại được không",
            "ask_procedure",
        ),
    ],
)
def test_a_death_told_brings_the_condolence_line_then_the_answer(
    domain: dict[str, Any], action_class: type[ProcedureAnswerAction], text: str, intent: str
) -> None:
    messages, _ = run(action_class, domain, text=text, intent=intent)
    assert messages[0]["response"] == "utter_condolence"
    assert len(messages) >= 2 and messages[1]["response"] != "utter_condolence"


@pytest.mark.parametrize(
    ("action_class", "text", "intent"),
    [
        (
            AnswerProcedurePapers,
            "mẹ tôi mất giấy khai sinh, làm lại giấy khai sinh cần gì",
            "ask_papers",
        ),
        (AnswerProcedureFee, "đăng ký kết hôn mất bao nhiêu tiền", "ask_fee"),
    ],
)
def test_no_condolence_without_a_death(
    domain: dict[str, Any], action_class: type[ProcedureAnswerAction], text: str, intent: str
) -> None:
    messages, _ = run(action_class, domain, text=text, intent=intent)
    assert all(m["response"] != "utter_condolence" for m in messages)


def _said(messages: list[dict[str, Any]], domain: dict[str, Any]) -> str:
    from actions.phrasebook import Phrasebook

    phrases = Phrasebook.from_domain(domain)
    texts = []
    for m in messages:
        if m.get("text"):
            texts.append(m["text"])
        elif m.get("response"):
            values = {k: v for k, v in m.items() if isinstance(v, str)}
            texts.append(phrases.text(m["response"], **values))
    return "\n".join(texts)


def _run_on(
    record: Any, action_class: type[ProcedureAnswerAction], domain: dict[str, Any], text: str
) -> list[dict[str, Any]]:
    action = action_class(
        catalogue=provider(InMemoryProcedureRepository([record])), cards=lambda: CardStore({})
    )
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, entities=[{"entity": "procedure_code", "value": record.code}])
    asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages


GUARDIAN = make_procedure(
    "9.000101",
    "Thủ tục đăng ký giám hộ",
    channels=[channel("in_person", time="3 ngày làm việc", fee="Miễn phí")],
    documents=[
        document("Tờ khai đăng ký giám hộ theo mẫu"),
        document(
            "Văn bản ủy quyền trong trường hợp ủy quyền thực hiện việc đăng ký. Người được ủy "
            "quyền là ông, bà, cha, mẹ, anh, chị, em ruột thì văn bản ủy quyền không phải "
            "chứng thực."
        ),
    ],
)
DEBT = make_procedure(
    "9.000102",
    "Thanh toán, xóa nợ tiền thuê nhà",
    field="Nhà ở",
    channels=[channel("in_person", time="10 ngày", fee="Không")],
    documents=[
        document("Đơn đề nghị xóa nợ"),
        document("Chứng từ đã nộp tiền vào ngân sách (bản sao)", original=0, copy=1),
    ],
)
SHOP = make_procedure(
    "9.000103",
    "Đăng ký thành lập tổ hợp tác",
    field="Kinh tế",
    channels=[channel("in_person", time="3 ngày làm việc", fee="Miễn phí")],
    documents=[
        document("Giấy đề nghị đăng ký tổ hợp tác"),
        document("Hợp đồng hợp tác"),
        document(
            "Trường hợp người đại diện nộp thì có văn bản ủy quyền của một trăm phần trăm "
            "(100%) tổng số thành viên",
            is_note=True,
        ),
    ],
)


@pytest.mark.parametrize(
    ("record", "action_class", "text", "fact"),
    [
        # The question names a paper the answer on its topic does not show: its own words
        # come with that answer (fee, time, papers), over several kinds of procedure.
        (
            GUARDIAN,
            AnswerProcedureFee,
            "nhờ anh trai nộp hộ thì giấy ủy quyền có cần đem chứng thực không, phí bao nhiêu",
            "không phải chứng thực",
        ),
        (
            GUARDIAN,
            AnswerProcedurePapers,
            "cháu làm giám hộ cho ông, em gái đi thay thì văn bản ủy quyền phải công chứng à",
            "không phải chứng thực",
        ),
        (DEBT, AnswerProcedureDuration, "nộp kèm chứng từ ngân sách thì mấy ngày xong", "bản sao"),
        (
            SHOP,
            AnswerProcedureFee,
            "tổ trưởng bận, người khác nộp thay thì văn bản ủy quyền cần mấy thành viên, "
            "có mất phí",
            "100%",
        ),
    ],
)
def test_a_record_answer_carries_the_paper_the_question_names(
    domain: dict[str, Any],
    record: Any,
    action_class: type[ProcedureAnswerAction],
    text: str,
    fact: str,
) -> None:
    messages = _run_on(record, action_class, domain, text)
    said = _said(messages, domain)
    assert fact in said
    # Before the source line, which stays last; every message fits a chat bubble.
    assert said.rstrip().splitlines()[-1].startswith("Nguồn:")
    assert all(len(m.get("text") or "") <= 700 for m in messages)


@pytest.mark.parametrize(
    ("record", "action_class", "text"),
    [
        (GUARDIAN, AnswerProcedureFee, "đăng ký giám hộ lệ phí bao nhiêu"),
        (DEBT, AnswerProcedureDuration, "xóa nợ tiền thuê nhà mất bao lâu"),
        (SHOP, AnswerProcedureFee, "/ask_fee"),
    ],
)
def test_a_question_naming_no_paper_gets_the_plain_answer(
    domain: dict[str, Any], record: Any, action_class: type[ProcedureAnswerAction], text: str
) -> None:
    messages = _run_on(record, action_class, domain, text)
    # One templated answer, nothing added to it.
    assert len(messages) == 1
    assert messages[0]["response"].startswith("utter_answer_")
    assert not messages[0].get("text")
