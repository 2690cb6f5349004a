"""Procedure answers from a citizen card: one question for the case, then its papers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.schema import Card
from actions.cards.store import CardStore
from actions.dialogue.procedure_answers import (
    AnswerProcedureCase,
    AnswerProcedureFee,
    AnswerProcedurePapers,
    AnswerProcedureSteps,
    ProcedureAnswerAction,
)
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
