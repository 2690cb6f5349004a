"""A grievance gets the apology and the way forward, then the answer it also asks."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.cards.store import CardStore
from actions.dialogue.complaint import AnswerComplaint
from tests.dialogue.conftest import KET_HON, KHAI_SINH, make_tracker
from tests.fakes import InMemoryProcedureRepository, provider


def run(domain: dict[str, Any], text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    repository = InMemoryProcedureRepository([KHAI_SINH, KET_HON])
    action = AnswerComplaint(catalogue=provider(repository), cards=lambda: CardStore({}))
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text=text, intent="complain")
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Lên ba lần rồi lần nào cũng bảo thiếu, rốt cuộc đăng ký khai sinh cần giấy tờ gì?",
            "1.001193",
        ),
        ("bực mình quá, đăng ký kết hôn lệ phí bao nhiêu mà hỏi ai cũng không biết", "1.000894"),
    ],
)
def test_a_complaint_that_asks_gets_the_apology_then_the_answer(
    domain: dict[str, Any], text: str, code: str
) -> None:
    messages, events = run(domain, text)
    assert messages[0]["response"] == "utter_complain"
    assert len(messages) >= 2
    assert all(m.get("response") != "utter_complain" for m in messages[1:])
    assert {"event": "slot", "name": "procedure_code", "value": code} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Asks nothing: a rhetorical "kiểu gì".
        "đăng ký kết hôn mà bắt chờ cả buổi, làm việc kiểu gì vậy",
        # Asks, but names no one procedure: no "which procedure?" to an upset citizen.
        "thái độ cán bộ quá tệ, vậy nộp hồ sơ ở đâu cho nhanh",
        "/complain",
    ],
)
def test_a_complaint_that_asks_nothing_answerable_gets_the_complaint_reply_alone(
    domain: dict[str, Any], text: str
) -> None:
    messages, events = run(domain, text)
    assert [m["response"] for m in messages] == ["utter_complain"]
    assert events == []


def test_a_grieving_complaint_gets_the_condolence_line_first(domain: dict[str, Any]) -> None:
    messages, _ = run(domain, "Nhà đang có tang mà lên phường cứ bị trả về, bực mình quá")
    assert [m["response"] for m in messages] == ["utter_condolence", "utter_complain"]
