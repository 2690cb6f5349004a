"""Two questions in one message keep their joint confidence instead of a fallback."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from actions.text.topic_cues import cued_topics
from bot.components.multi_topic import TOPIC_INTENTS, MultiTopicIntent


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


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        # Questions worded with gaps and no fixed phrase: the NLU side reads them too.
        (
            "cưới xong thì lên đâu đăng ký, phải mang theo giấy gì",
            [("ask_submission", 0.4), ("ask_papers", 0.35)],
        ),
        (
            "làm lại căn cước mấy hôm thì xong, có tốn đồng nào không",
            [("ask_fee", 0.38), ("ask_duration", 0.3)],
        ),
        # A yes/no eligibility question beside another one.
        (
            "mở quán có bắt buộc phải đăng ký không, hồ sơ gồm những gì",
            [("ask_papers", 0.4), ("ask_conditions", 0.3)],
        ),
    ],
)
def test_merged_questions_are_all_answered_by_the_action(
    text: str, ranking: list[tuple[str, float]]
) -> None:
    [out] = MultiTopicIntent().process([classified(text, ranking)])
    assert out.get("intent")["name"] == ranking[0][0]
    assert out.get("intent")["confidence"] == pytest.approx(ranking[0][1] + ranking[1][1])
    # The action (actions/procedures/aspects.py) reads the same cues with the merged
    # intent's topic first: every topic the merge relied on is answered.
    first, second = (TOPIC_INTENTS[name] for name, _ in ranking[:2])
    assert second in cued_topics(text, primary=first)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # A death in the family told before the question: the question decides.
        ("Bố tôi vừa mất sáng nay, làm giấy khai tử cần mang những gì", "ask_papers"),
        ("nhà em đang có tang, xóa thường trú cho ông thì nộp ở đâu ạ", "ask_submission"),
        ("Mẹ chồng tôi qua đời tuần trước, hưởng tiền tuất mất bao lâu thì có", "ask_duration"),
        ("bà nội mất rồi, thủ tục khai tử thế nào vậy cô", "ask_procedure"),
    ],
)
def test_a_bereaved_question_is_no_complaint(text: str, asked: str) -> None:
    message = classified(text, [("complain", 0.8), ("ask_papers", 0.1), ("greet", 0.05)])
    [out] = MultiTopicIntent().process([message])
    assert out.get("intent") == {"name": asked, "confidence": 0.8}
    assert out.get("intent_ranking")[0]["name"] == asked


@pytest.mark.parametrize(
    "text",
    [
        # A grievance stays one, about a death certificate too.
        "nhà có tang mà lên phường làm khai tử ba lần vẫn bị trả hồ sơ, làm ăn kiểu đó à",
        # "mất" as in lost time, or a lost paper, is no death.
        "nộp hồ sơ mất cả buổi sáng, cán bộ không ai hướng dẫn, gửi phản ánh cho ai",
        "em vừa mất ví ở phường, cán bộ thái độ quá, khiếu nại ở đâu",
    ],
)
def test_a_grievance_stays_a_complaint(text: str) -> None:
    message = classified(text, [("complain", 0.8), ("ask_submission", 0.1)])
    [out] = MultiTopicIntent().process([message])
    assert out.get("intent") == {"name": "complain", "confidence": 0.8}
