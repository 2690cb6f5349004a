"""Real questions through Rasa's REST channel, answered by the running action server."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.e2e.conftest import Servers, fixed_part

KHAI_SINH = "Thủ tục đăng ký khai sinh"


def text_of(replies: list[dict[str, object]]) -> str:
    assert replies, "the assistant answered nothing (Rasa answers [] on any internal error)"
    return "\n".join(str(r.get("text", "")) for r in replies)


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize(
    ("question", "answer", "must_contain"),
    [
        ("Làm giấy khai sinh cho con cần những giấy tờ gì?", "utter_answer_papers", KHAI_SINH),
        ("lam giay khai sinh cho con can gi", "utter_answer_papers", KHAI_SINH),
        ("đăng ký tạm trú mất bao lâu", "utter_answer_duration", "Đăng ký tạm trú"),
        (
            "chứng thực bản sao hết bao nhiêu tiền một trang",
            "utter_answer_fee",
            "Chứng thực bản sao",
        ),
        ("xin giấy phép xây dựng nộp ở đâu", "utter_answer_submission", "giấy phép xây dựng"),
    ],
)
def test_answers_procedure_questions(
    servers: Servers, responses: dict[str, str], question: str, answer: str, must_contain: str
) -> None:
    text = text_of(servers.say(new_sender(), question))
    assert fixed_part(responses[answer]).split("—")[0].strip() in text
    assert must_contain in text
    assert "Nguồn: CSDL quốc gia về TTHC" in text


def test_follow_up_is_about_the_same_procedure(servers: Servers, responses: dict[str, str]) -> None:
    sender = new_sender()
    text_of(servers.say(sender, "Làm giấy khai sinh cho con cần những giấy tờ gì?"))
    text = text_of(servers.say(sender, "còn lệ phí thì sao?"))
    assert fixed_part(responses["utter_answer_fee"]).split("—")[0].strip() in text
    assert KHAI_SINH in text


def test_choosing_among_similar_procedures(servers: Servers) -> None:
    sender = new_sender()
    replies = servers.say(sender, "đăng ký lại cần giấy tờ gì")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert len(buttons) >= 2
    chosen = buttons[0]
    intent, _, entities = chosen["payload"].partition("{")
    assert intent == "/ask_papers"
    assert "procedure_code" in json.loads("{" + entities)
    text = text_of(servers.say(sender, chosen["payload"]))
    assert chosen["title"] in text


def test_out_of_scope_gets_a_polite_redirect(servers: Servers, responses: dict[str, str]) -> None:
    text = text_of(servers.say(new_sender(), "hôm nay thời tiết hà nội thế nào"))
    assert text == responses["utter_out_of_scope"]


@pytest.mark.parametrize("junk", ["???", "🙂🙂🙂", "a" * 5000, "<script>alert(1)</script>"])
def test_bad_input_gets_a_reply_and_the_conversation_goes_on(servers: Servers, junk: str) -> None:
    sender = new_sender()
    assert text_of(servers.say(sender, junk))
    assert KHAI_SINH in text_of(servers.say(sender, "đăng ký khai sinh cần giấy tờ gì"))
