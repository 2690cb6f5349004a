"""Two questions in one message keep their joint confidence instead of a fallback."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components.multi_topic import MultiTopicIntent


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    entries = [{"name": n, "confidence": c} for n, c in ranking]
    message = Message(data={"text": text})
    message.set("intent", entries[0])
    message.set("intent_ranking", entries)
    return message


def test_two_topics_asked_keep_their_joint_confidence() -> None:
    text = "đăng ký tạm trú cần giấy tờ gì và mất bao lâu"
    message = classified(text, [("ask_papers", 0.45), ("ask_duration", 0.4), ("greet", 0.1)])
    [out] = MultiTopicIntent().process([message])
    assert out.get("intent") == {"name": "ask_papers", "confidence": pytest.approx(0.85)}


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        # The words ask only one thing: a genuinely unclear message stays unclear.
        ("đăng ký tạm trú cần giấy tờ gì", [("ask_papers", 0.45), ("ask_duration", 0.4)]),
        # Not two procedure questions.
        ("cần giấy tờ gì và mất bao lâu", [("ask_papers", 0.45), ("greet", 0.4)]),
        # Together not confident.
        ("cần giấy tờ gì và mất bao lâu", [("ask_papers", 0.3), ("ask_duration", 0.2)]),
    ],
)
def test_otherwise_nothing_changes(text: str, ranking: list[tuple[str, float]]) -> None:
    [out] = MultiTopicIntent().process([classified(text, ranking)])
    assert out.get("intent") == {"name": ranking[0][0], "confidence": ranking[0][1]}
