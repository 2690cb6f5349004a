"""Procedure answers from a citizen card: one question for the case, then its papers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.schema import Card, Condition, Source
from actions.cards.store import CardStore, cached_cards
from actions.dialogue.procedure_answers import (
    AnswerProcedureCase,
    AnswerProcedureDuration,
    AnswerProcedureFee,
    AnswerProcedurePapers,
    AnswerProcedureSteps,
    ProcedureAnswerAction,
)
from actions.settings import PROJECT_ROOT
from tests.dialogue.conftest import make_tracker
from tests.fakes import InMemoryProcedureRepository, channel, document, make_procedure, provider

CODE = "1.004222"
RECORD = make_procedure(
    CODE,
    "Đăng ký thường trú",
    aliases=["nhập khẩu"],
    channels=[channel("in_person", time="7 ngày làm việc", fee="20.000 đồng")],
    documents=[document("Tờ khai thay đổi thông tin cư trú (mẫu CT01)")],
    steps=["Bước 1: nộp hồ sơ tại Công an cấp xã."],
)
SOURCE = {"field": "thanh_phan_ho_so", "quote": "Tờ khai"}


def paper(name: str, kind: str = "original") -> dict[str, Any]:
    return {"name": name, "kind": kind, "source": SOURCE}


CARD = Card.model_validate(
    {
        "code": CODE,
        "record_digest": "sha256:test",
        "title": "Đăng ký thường trú",
        "office": "commune_police",
        "online": True,
        "online_source": {"field": "cach_thuc_thuc_hien", "quote": "Trực tuyến"},
        "time": {"value": 7, "unit": "working_day", "text": "7 ngày làm việc", "source": SOURCE},
        "fee": {"kind": "amount", "text": "20.000 đồng", "amounts_vnd": [20000], "source": SOURCE},
        "forms": [{"code": "CT01", "name": "Tờ khai thay đổi thông tin cư trú", "source": SOURCE}],
        "case_question": "Anh/chị đăng ký thường trú vào:",
        "cases": [
            {"id": "own_home", "title": "Nhà của mình", "papers": [paper("Tờ khai CT01")]},
            {
                "id": "rented_home",
                "title": "Nhà thuê, mượn, ở nhờ",
                "papers": [paper("Tờ khai CT01"), paper("Hợp đồng thuê nhà", "original_or_copy")],
            },
        ],
    }
)


def run(
    action_class: type[ProcedureAnswerAction], domain: dict[str, Any], **tracker: Any
) -> tuple[list[dict[str, Any]], list[Any]]:
    action = action_class(
        catalogue=provider(InMemoryProcedureRepository([RECORD])),
        cards=lambda: CardStore({CODE: CARD}),
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(**tracker), domain))
    return dispatcher.messages, events


def test_papers_of_a_procedure_with_cases_ask_which_case_first(domain: dict[str, Any]) -> None:
    messages, events = run(AnswerProcedurePapers, domain, text="nhập khẩu cần giấy tờ gì")
    assert "Anh/chị đăng ký thường trú vào:" in messages[-1]["text"]
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert titles == ["Nhà của mình", "Nhà thuê, mượn, ở nhờ"]
    payload = messages[-1]["buttons"][1]["payload"]
    assert payload.startswith("/choose_case")
    assert json.loads(payload.removeprefix("/choose_case")) == {
        "procedure_code": CODE,
        "procedure_case": f"{CODE}#rented_home",
    }
    assert SlotSet("pending_topic", "papers") in events


def test_the_chosen_case_lists_only_its_papers(domain: dict[str, Any]) -> None:
    messages, events = run(
        AnswerProcedureCase,
        domain,
        intent="choose_case",
        slots={"procedure_case": f"{CODE}#rented_home", "pending_topic": "papers"},
        entities=[{"entity": "procedure_code", "value": CODE}],
    )
    text = "\n".join(m["text"] for m in messages)
    assert "Hợp đồng thuê nhà — bản chính hoặc bản sao" in text
    assert "(Nhà thuê, mượn, ở nhờ)" in text
    assert "Tờ khai thay đổi thông tin cư trú (mẫu CT01)" in text
    assert "Công an phường Đống Đa" in text and "chưa cập nhật" in text
    assert "Nguồn: CSDL quốc gia về TTHC" in text
    assert SlotSet("procedure_case", f"{CODE}#rented_home") in events
    assert SlotSet("pending_topic", None) in events


def test_a_typed_follow_up_keeps_procedure_and_case(domain: dict[str, Any]) -> None:
    slots = {"procedure_code": CODE, "procedure_case": f"{CODE}#own_home"}
    messages, _ = run(AnswerProcedurePapers, domain, text="cần bản sao hay bản chính", slots=slots)
    text = "\n".join(m["text"] for m in messages)
    assert "Tờ khai CT01 — bản chính" in text and "Hợp đồng" not in text


def test_a_case_chosen_for_another_procedure_is_not_used(domain: dict[str, Any]) -> None:
    slots = {"procedure_code": CODE, "procedure_case": "1.004194#own_home"}
    messages, _ = run(AnswerProcedurePapers, domain, text="cần giấy tờ gì", slots=slots)
    assert messages[-1]["buttons"]


def test_fee_from_the_card(domain: dict[str, Any]) -> None:
    messages, _ = run(AnswerProcedureFee, domain, text="nhập khẩu hết bao nhiêu tiền")
    assert messages[0]["text"].startswith("💰 Lệ phí — Đăng ký thường trú: 20.000 đồng")


def test_topics_a_card_does_not_cover_come_from_the_record(domain: dict[str, Any]) -> None:
    messages, _ = run(AnswerProcedureSteps, domain, text="nhập khẩu các bước")
    assert messages[0]["response"] == "utter_answer_steps"


@pytest.mark.parametrize("action", [AnswerProcedurePapers, AnswerProcedureFee])
def test_no_card_message_is_over_700_characters(
    domain: dict[str, Any], action: type[ProcedureAnswerAction]
) -> None:
    slots = {"procedure_code": CODE, "procedure_case": f"{CODE}#rented_home"}
    messages, _ = run(action, domain, text="cần gì", slots=slots)
    assert all(len(m["text"]) <= 700 for m in messages)


@pytest.mark.parametrize(
    ("online", "kinds", "said", "unsaid"),
    [
        # Not online: the ways the record lists, in the usual order.
        (False, ["post", "in_person"], ["Cách nộp: Trực tiếp, Qua bưu chính"], ["trực tuyến"]),
        (False, ["in_person"], ["Cách nộp: Trực tiếp"], ["bưu chính", "trực tuyến"]),
        # The card's reviewed "not online" wins over an online row of the record.
        (False, ["in_person", "online"], ["Cách nộp: Trực tiếp"], ["Trực tuyến"]),
        # Online: the online line says it.
        (True, ["in_person", "online"], ["Có thể nộp trực tuyến"], ["Cách nộp"]),
    ],
)
def test_where_to_file_says_how_the_record_lets_one_file(
    domain: dict[str, Any], online: bool, kinds: list[str], said: list[str], unsaid: list[str]
) -> None:
    from actions.dialogue.procedure_answers import AnswerProcedureSubmission

    record = make_procedure(
        CODE, "Đăng ký thường trú", aliases=["nhập khẩu"], channels=[channel(k) for k in kinds]
    )
    card = CARD.model_copy(
        update={"online": online, "online_source": CARD.online_source if online else None}
    )
    action = AnswerProcedureSubmission(
        catalogue=provider(InMemoryProcedureRepository([record])),
        cards=lambda: CardStore({CODE: card}),
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, make_tracker(text="nhập khẩu nộp ở đâu"), domain))
    text = "\n".join(m["text"] for m in dispatcher.messages)
    assert all(s in text for s in said), text
    assert not any(u in text for u in unsaid), text


@pytest.mark.parametrize(
    ("rows", "said", "unsaid"),
    [
        # Every row of the record copies the in-person text: the card's "not online" is
        # right, and the post row is the same copy, not a way to file.
        (
            [
                ("in_person", "Nộp hồ sơ trực tiếp tại UBND cấp xã."),
                ("post", "Nộp hồ sơ trực tiếp tại UBND cấp xã."),
            ],
            ["Cách nộp: Trực tiếp"],
            ["bưu chính"],
        ),
        # A post row that describes posting stays.
        (
            [
                ("in_person", "Nộp trực tiếp tại Công an xã."),
                ("post", "Gửi hồ sơ qua dịch vụ bưu chính công ích."),
            ],
            ["Cách nộp: Trực tiếp, Qua bưu chính"],
            ["trực tuyến"],
        ),
    ],
)
def test_a_channel_row_that_describes_another_way_is_not_offered(
    domain: dict[str, Any], rows: list[tuple[str, str]], said: list[str], unsaid: list[str]
) -> None:
    from actions.dialogue.procedure_answers import AnswerProcedureSubmission

    record = make_procedure(
        CODE,
        "Đăng ký thường trú",
        aliases=["nhập khẩu"],
        channels=[channel(k, description=d) for k, d in rows],
    )
    card = CARD.model_copy(update={"online": False, "online_source": None})
    action = AnswerProcedureSubmission(
        catalogue=provider(InMemoryProcedureRepository([record])),
        cards=lambda: CardStore({CODE: card}),
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, make_tracker(text="nhập khẩu nộp ở đâu"), domain))
    text = "\n".join(m["text"] for m in dispatcher.messages)
    assert all(s in text for s in said), text
    assert not any(u in text for u in unsaid), text


# -- every topic asked, for the citizen's case ------------------------------------------


def make_card(code: str, title: str, cases: list[dict[str, Any]], **fields: Any) -> Card:
    """A card of several cases with a time, a fee and the given ``fields``."""
    raw: dict[str, Any] = {
        "code": code,
        "record_digest": "sha256:test",
        "title": title,
        "office": "ubnd_one_stop",
        "online": False,
        "time": {"value": 3, "unit": "working_day", "text": "3 ngày làm việc", "source": SOURCE},
        "fee": {"kind": "free", "text": "Miễn lệ phí", "source": SOURCE},
        "case_question": "Anh/chị thuộc trường hợp nào?",
        "cases": cases,
    }
    return Card.model_validate(raw | fields)


GIAM_HO = make_card(
    "1.004837",
    "Đăng ký giám hộ",
    [
        {"id": "by_law", "title": "Giám hộ đương nhiên", "papers": [
            paper("Tờ khai đăng ký giám hộ"), paper("Giấy tờ chứng minh điều kiện giám hộ")]},
        {"id": "appointed", "title": "Được cử làm giám hộ", "papers": [
            paper("Tờ khai đăng ký giám hộ"), paper("Văn bản cử người giám hộ")]},
    ],
    time={"value": 3, "unit": "working_day", "text": "03 ngày làm việc", "source": SOURCE},
)  # fmt: skip
DOC_THAN = make_card(
    "1.004873",
    "Cấp Giấy xác nhận tình trạng hôn nhân",
    [
        {"id": "first", "title": "Xin lần đầu", "papers": [paper("Tờ khai xác nhận")],
         "note": "Đã ly hôn thì cung cấp số của Bản án hoặc Quyết định ly hôn."},
        {"id": "again", "title": "Xin cấp lại", "papers": [
            paper("Tờ khai xác nhận"), paper("Giấy xác nhận đã được cấp trước đó")]},
    ],
    fee={"kind": "set_by_province", "text": "Theo mức HĐND tỉnh quy định", "source": SOURCE},
)  # fmt: skip
TACH_HO = make_card(
    "1.010038",
    "Tách hộ",
    [
        {"id": "same_home", "title": "Ở cùng chỗ ở", "papers": [paper(
            "Tờ khai thay đổi thông tin cư trú, có ý kiến đồng ý cho tách hộ của chủ hộ")]},
        {"id": "divorced", "title": "Đã ly hôn", "papers": [
            paper("Tờ khai thay đổi thông tin cư trú"),
            paper("Giấy tờ chứng minh việc ly hôn", "original_or_copy")]},
    ],
    fee={"kind": "amount", "text": "10.000 đồng/lần", "amounts_vnd": [10000], "source": SOURCE},
    forms=[{"code": "CT01", "name": "Tờ khai thay đổi thông tin cư trú", "source": SOURCE}],
    conditions=[{"text": "Người tách hộ có năng lực hành vi dân sự đầy đủ.", "source": SOURCE}],
)  # fmt: skip
THUY_SAN = make_card(
    "1.014801",
    "Giấy xác nhận nuôi thủy sản lồng bè",
    [
        {"id": "new", "title": "Cấp lần đầu", "papers": [
            paper("Đơn đề nghị cấp (Mẫu số 25.NT)"), paper("Sơ đồ vị trí lồng nuôi")]},
        {"id": "again", "title": "Cấp lại", "papers": [
            paper("Đơn đề nghị cấp lại (Mẫu số 26.NT)")]},
    ],
    forms=[
        {"code": "Mẫu số 25.NT", "name": "Đơn đề nghị cấp", "source": SOURCE},
        {"code": "Mẫu số 26.NT", "name": "Đơn đề nghị cấp lại", "source": SOURCE},
    ],
)  # fmt: skip
KINH_DOANH = make_card(
    "2.000575",
    "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
    [
        {"id": "lost", "title": "Giấy bị mất, rách", "papers": [
            paper("Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh")]},
        {"id": "owner", "title": "Đổi chủ hộ", "papers": [
            paper("Thông báo thay đổi chủ hộ kinh doanh"), paper("Hợp đồng mua bán, tặng cho")]},
    ],
    forms=[
        {"name": "Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "source": SOURCE},
        {"name": "Thông báo thay đổi chủ hộ kinh doanh", "source": SOURCE},
        {"name": "Mẫu điện tử (điền trực tuyến)", "source": SOURCE},
    ],
)  # fmt: skip


_STORES: dict[Card, CardStore] = {}


def run_card(
    action_class: type[ProcedureAnswerAction], domain: dict[str, Any], card: Card, **tracker: Any
) -> tuple[str, list[Any]]:
    """The action's reply about ``card`` (the procedure named by its code), as one text.
    The other cards are the shipped ones: which word pairs are too common to tie a question
    to a paper is read from a whole collection."""
    record = make_procedure(card.code, card.title, channels=[channel("in_person")])
    if card not in _STORES:
        shipped = cached_cards(PROJECT_ROOT / "data" / "cards").cards
        _STORES[card] = CardStore({**shipped, card.code: card})
    store = _STORES[card]
    action = action_class(
        catalogue=provider(InMemoryProcedureRepository([record])), cards=lambda: store
    )
    tracker.setdefault("entities", [{"entity": "procedure_code", "value": card.code}])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(**tracker), domain))
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), events


@pytest.mark.parametrize(
    ("card", "text", "case_id", "pending", "facts"),
    [
        (GIAM_HO, "tôi muốn làm giám hộ cho cháu thì cần giấy gì và mất mấy ngày",
         "by_law", "papers duration", ["Giấy tờ chứng minh điều kiện giám hộ", "03 ngày làm việc"]),
        (DOC_THAN, "xin giấy độc thân cần giấy tờ gì, lệ phí bao nhiêu",
         "again", "papers fee", ["Giấy xác nhận đã được cấp trước đó", "HĐND"]),
        (TACH_HO, "muốn tách hộ thì mang giấy gì, tốn bao nhiêu tiền",
         "divorced", "papers fee", ["Giấy tờ chứng minh việc ly hôn", "10.000 đồng/lần"]),
    ],
)  # fmt: skip
def test_the_answer_after_the_case_button_answers_every_topic_the_message_asked(
    domain: dict[str, Any], card: Card, text: str, case_id: str, pending: str, facts: list[str]
) -> None:
    asked, events = run_card(AnswerProcedurePapers, domain, card, text=text)
    assert card.case_question in asked
    assert SlotSet("pending_topic", pending) in events
    answer, events = run_card(
        AnswerProcedureCase,
        domain,
        card,
        text="/choose_case",
        intent="choose_case",
        slots={"procedure_case": f"{card.code}#{case_id}", "pending_topic": pending},
    )
    assert all(fact in answer for fact in facts), answer
    assert SlotSet("pending_topic", None) in events


def test_did_you_mean_buttons_keep_every_topic_the_message_asked(domain: dict[str, Any]) -> None:
    records = [
        make_procedure("1.004746", "Thủ tục đăng ký lại kết hôn",
                       channels=[channel("in_person", time="5 ngày làm việc", fee="Miễn phí")]),
        make_procedure("1.004884", "Thủ tục đăng ký lại khai sinh",
                       channels=[channel("in_person", time="4 ngày làm việc", fee="Miễn phí")]),
    ]  # fmt: skip

    def run_records(**tracker: Any) -> tuple[list[dict[str, Any]], list[Any]]:
        action = AnswerProcedureFee(
            catalogue=provider(InMemoryProcedureRepository(records)),
            cards=lambda: CardStore({}),
        )
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, make_tracker(**tracker), domain))
        return dispatcher.messages, events

    messages, events = run_records(text="đăng ký lại thì tốn bao nhiêu tiền, mất mấy ngày")
    assert messages[0]["response"] == "utter_choose_procedure"
    assert SlotSet("pending_topic", "fee duration") in events
    messages, _ = run_records(
        text='/ask_fee{"procedure_code": "1.004884"}',
        entities=[{"entity": "procedure_code", "value": "1.004884"}],
        slots={"pending_topic": "fee duration"},
    )
    assert [m["response"] for m in messages] == ["utter_answer_fee", "utter_answer_duration"]
    assert "4 ngày làm việc" in messages[1]["duration_lines"]


@pytest.mark.parametrize(
    ("card", "case_id", "said", "unsaid"),
    [
        (THUY_SAN, "again", ["26.NT"], ["25.NT"]),
        (THUY_SAN, "new", ["25.NT"], ["26.NT"]),
        # A form no case's paper names (the online one) stays.
        (KINH_DOANH, "owner", ["Thông báo thay đổi chủ hộ", "Mẫu điện tử"],
         ["Giấy đề nghị cấp lại"]),
    ],
)  # fmt: skip
def test_the_forms_of_the_known_case_leave_out_the_other_cases_forms(
    domain: dict[str, Any], card: Card, case_id: str, said: list[str], unsaid: list[str]
) -> None:
    from actions.dialogue.procedure_answers import AnswerProcedureForms

    slots = {"procedure_case": f"{card.code}#{case_id}"}
    for action in (AnswerProcedureForms, AnswerProcedurePapers):
        answer, _ = run_card(action, domain, card, text="mẫu đơn nào", slots=slots)
        assert all(s in answer for s in said), answer
        assert not any(u in answer for u in unsaid), answer


@pytest.mark.parametrize(
    ("card", "action", "text", "said"),
    [
        # The owner's consent is on a paper of one case: said with its case.
        (TACH_HO, AnswerProcedureFee, "có cần chủ hộ đồng ý không, phí bao nhiêu",
         "• Ở cùng chỗ ở: Tờ khai thay đổi thông tin cư trú, có ý kiến đồng ý"),
        (KINH_DOANH, AnswerProcedureDuration,
         "hợp đồng mua bán cửa hàng ký xong thì mấy ngày có giấy",
         "• Đổi chủ hộ: Hợp đồng mua bán, tặng cho — bản chính"),
        # A case's note the question speaks of, in a time answer.
        (DOC_THAN, AnswerProcedureDuration, "tôi đã ly hôn, xin giấy độc thân mất mấy ngày",
         "Xin lần đầu: Đã ly hôn thì cung cấp số của Bản án"),
    ],
)  # fmt: skip
def test_a_paper_or_note_the_question_names_is_said_whatever_the_topic(
    domain: dict[str, Any], card: Card, action: type[ProcedureAnswerAction], text: str, said: str
) -> None:
    answer, _ = run_card(action, domain, card, text=text)
    assert said in answer, answer
    # Before the source line, and the topic's own answer is still there.
    assert answer.index(said) < answer.index("Nguồn:")
    assert card.fee.text in answer or card.time.text in answer


@pytest.mark.parametrize(
    ("card", "text"),
    [
        (TACH_HO, "tách hộ phí bao nhiêu"),
        (GIAM_HO, "đăng ký giám hộ mất mấy ngày"),
        # The papers answer lists the papers anyway: nothing is added to the fee.
        (TACH_HO, "tách hộ cần chủ hộ đồng ý bằng giấy gì, phí bao nhiêu"),
    ],
)
def test_nothing_is_added_when_the_question_names_no_paper_or_asks_the_papers(
    domain: dict[str, Any], card: Card, text: str
) -> None:
    answer, _ = run_card(AnswerProcedureFee, domain, card, text=text)
    fee_part = answer.split("Nguồn:")[0]
    assert "• " not in fee_part and "ℹ️" not in fee_part, answer


SINGLE = make_card(
    "1.013228",
    "Cấp lại giấy phép xây dựng",
    [{"id": "default", "title": "Cấp lại", "papers": [
        paper("Đơn đề nghị cấp lại giấy phép, nêu rõ lý do"),
        paper("Bản chính giấy phép đã cấp")]}],
    case_question=None,
)  # fmt: skip


@pytest.mark.parametrize(
    ("card", "record", "said"),
    [
        # A card without conditions: its papers.
        (SINGLE, None, ["Bản chính giấy phép đã cấp — bản chính"]),
        # No card: the record's papers.
        (None, make_procedure("2.000575", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
                              documents=[document("Giấy đề nghị cấp lại Giấy chứng nhận")]),
         ["Giấy đề nghị cấp lại Giấy chứng nhận"]),
        (None, make_procedure("1.004194", "Đăng ký tạm trú",
                              documents=[document("Tờ khai thay đổi thông tin cư trú (mẫu CT01)")]),
         ["mẫu CT01"]),
    ],
)  # fmt: skip
def test_a_conditions_question_without_conditions_is_answered_with_the_papers(
    domain: dict[str, Any], card: Card | None, record: Any, said: list[str]
) -> None:
    from actions.dialogue.procedure_answers import AnswerProcedureConditions
    from actions.phrasebook import Phrasebook

    code = card.code if card is not None else record.code
    record = record or make_procedure(
        code, card.title if card else "", channels=[channel("in_person")]
    )
    action = AnswerProcedureConditions(
        catalogue=provider(InMemoryProcedureRepository([record])),
        cards=lambda: CardStore({card.code: card} if card is not None else {}),
    )
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "xin làm được không", entities=[{"entity": "procedure_code", "value": code}]
    )
    asyncio.run(action.run(dispatcher, tracker, domain))
    phrases = Phrasebook.from_domain(domain)
    texts = [
        m.get("text")
        or phrases.text(m["response"], **{k: v for k, v in m.items() if k != "response"})
        for m in dispatcher.messages
    ]
    answer = "\n".join(texts)
    assert dispatcher.messages[0].get("response") == "utter_answer_no_conditions"
    assert all(s in answer for s in said), answer


@pytest.mark.parametrize(
    ("condition", "said"),
    [
        ("Nếu nộp bản sao hoặc bản scan, khi nhận kết quả phải nộp bản chính các giấy tờ.",
         True),
        ("Nhờ cha, mẹ, con, vợ, chồng làm thay thì văn bản ủy quyền không cần chứng thực.", True),
        # A condition about something else stays with the conditions.
        ("Người tách hộ phải có năng lực hành vi dân sự đầy đủ.", False),
    ],
)  # fmt: skip
def test_the_papers_carry_the_cards_condition_about_copies(
    domain: dict[str, Any], condition: str, said: bool
) -> None:
    card = SINGLE.model_copy(
        update={"conditions": (Condition(text=condition, source=Source(**SOURCE)),)}
    )
    answer, _ = run_card(AnswerProcedurePapers, domain, card, text="cần giấy tờ gì")
    assert (condition in answer) is said, answer
    assert answer.index("Bản chính giấy phép") < answer.index("Nguồn:")


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("Trường hợp đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.", True),
        ("Trường hợp gửi hồ sơ qua bưu chính thì gửi kèm bản sao có chứng thực.", True),
        ("Trường hợp người yêu cầu là người nước ngoài thì nộp thêm hộ chiếu.", False),
    ],
)
def test_the_record_papers_carry_its_note_about_copies(
    domain: dict[str, Any], note: str, said: bool
) -> None:
    from actions.phrasebook import Phrasebook
    from actions.procedures.answers import AnswerComposer, Topic

    record = make_procedure(
        "1.000110",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        documents=[document("Tờ khai đăng ký khai sinh"), document(note, is_note=True)],
    )
    reply = AnswerComposer(Phrasebook.from_domain(domain)).compose(Topic.PAPERS, record)
    assert (note in reply.values["document_lines"]) is said, reply.values
