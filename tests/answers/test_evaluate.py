"""The answer-evaluation harness judges what the bot said, with a fake bot."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.answers.evaluate import Conversation, Turn, load, normalise, play, report

Replies = list[dict[str, object]]


def conversation(**overrides: object) -> Conversation:
    values: dict[str, object] = {
        "id": "c1",
        "group": "residence",
        "procedure": "1.004194",
        "turns": (Turn(text="nhập khẩu cần gì"),),
        "must": (("CT01", "Tờ khai thay đổi thông tin cư trú"),),
        "must_not": ("Ủy ban nhân dân",),
        "max_chars": 700,
    }
    values.update(overrides)
    return Conversation(**values)  # type: ignore[arg-type]


def scripted(*replies: Replies) -> tuple[list[str], object]:
    sent: list[str] = []
    queue = list(replies)

    def say(sender: str, text: str) -> Replies:
        sent.append(text)
        return queue.pop(0)

    return sent, say


@pytest.mark.parametrize(
    ("said", "passed"),
    [
        ("Nộp Tờ khai CT01 tại Công an phường", True),
        ("nộp tờ khai THAY ĐỔI thông tin   cư trú", True),
        ("Nộp tờ khai tại Ủy ban nhân dân, mẫu CT01", False),
        ("Anh/chị mang CCCD", False),
    ],
)
def test_must_and_must_not(said: str, passed: bool) -> None:
    _, say = scripted([{"text": said}])
    assert play(conversation(), say).passed is passed  # type: ignore[arg-type]


def test_click_sends_the_payload_of_the_button_whose_title_matches() -> None:
    buttons = [
        {"title": "Nhà của mình", "payload": "/a"},
        {"title": "Nhà người thân", "payload": "/b"},
    ]
    sent, say = scripted([{"text": "Nhà nào?", "buttons": buttons}], [{"text": "CT01"}])
    c = conversation(turns=(Turn(text="nhập khẩu"), Turn(click="người thân")))
    assert play(c, say).passed  # type: ignore[arg-type]
    assert sent == ["nhập khẩu", "/b"]


def test_missing_button_fails() -> None:
    _, say = scripted([{"text": "CT01"}])
    c = conversation(turns=(Turn(text="nhập khẩu"), Turn(click="người thân")))
    result = play(c, say)  # type: ignore[arg-type]
    assert not result.passed and "no button" in result.problems[0]


def test_long_message_anywhere_fails() -> None:
    _, say = scripted([{"text": "x" * 701}], [{"text": "CT01"}])
    c = conversation(turns=(Turn(text="a"), Turn(text="b")))
    assert not play(c, say).passed  # type: ignore[arg-type]


def test_report_ends_with_the_summary_line() -> None:
    _, say = scripted([{"text": "CT01"}])
    out = io.StringIO()
    report([play(conversation(), say)], out)  # type: ignore[arg-type]
    assert out.getvalue().strip().splitlines()[-1].startswith("answers_pass=1.000 passed=1")


def test_load_reads_alternatives_and_refuses_bad_turns(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text(
        "conversations:\n- id: a\n  procedure: '1.0'\n  turns: [{text: hi}, {click: X}]\n"
        "  must: [one, [two, three]]\n",
        encoding="utf-8",
    )
    [c] = load(good)
    assert c.must == (("one",), ("two", "three")) and c.turns[1].click == "X"
    bad = tmp_path / "bad.yml"
    bad.write_text("conversations:\n- id: a\n  turns: [{text: hi, click: X}]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load(bad)


def test_normalise_is_nfc_casefold_and_collapses_spaces() -> None:
    assert normalise("Tờ  KHAI\n") == normalise("to\u0300 khai".replace("to\u0300", "tờ"))


def test_a_long_turn_is_expanded_to_its_length() -> None:
    from tests.answers.evaluate import expand

    assert len(expand("LONG:3000")) == 3000 and expand("hello") == "hello"


def test_the_dev_set_loads() -> None:
    from tests.answers.evaluate import load

    conversations = load(Path(__file__).with_name("dev.yml"))
    assert len(conversations) >= 20


_CASES = [
    {"title": "Nhà của mình", "payload": '/choose_case{"procedure_case":"x#own"}'},
    {"title": "Nhà thuê, mượn, ở nhờ", "payload": '/choose_case{"procedure_case":"x#rent"}'},
]


def test_the_citizen_answers_a_case_question_with_their_case() -> None:
    sent, say = scripted([{"text": "Nhà nào?", "buttons": _CASES}], [{"text": "CT01"}])
    c = conversation(if_asked=("ở nhờ", "thuê"))
    result = play(c, say)  # type: ignore[arg-type]
    assert sent == ["nhập khẩu cần gì", '/choose_case{"procedure_case":"x#rent"}']
    assert result.passed and result.case_clicks == 1


@pytest.mark.parametrize(
    "buttons",
    [
        # Not a case question: did-you-mean buttons are never clicked for the citizen.
        [{"title": "Đăng ký thường trú (nhà thuê)", "payload": "/choose_procedure"}],
        # A case question, but none of its cases is the citizen's.
        _CASES[:1],
    ],
)
def test_only_a_case_question_naming_the_citizens_case_is_answered(
    buttons: Replies,
) -> None:
    sent, say = scripted([{"text": "Chọn?", "buttons": buttons}])
    result = play(conversation(if_asked=("thuê",)), say)  # type: ignore[arg-type]
    assert len(sent) == 1 and not result.passed and result.case_clicks == 0


def test_a_second_case_question_is_not_answered() -> None:
    ask = {"text": "Nhà nào?", "buttons": _CASES}
    sent, say = scripted([ask], [ask], [ask])
    c = conversation(turns=(Turn(text="a"), Turn(text="b")), if_asked=("thuê",))
    result = play(c, say)  # type: ignore[arg-type]
    assert len(sent) == 3 and result.case_clicks == 1 and not result.passed


def test_load_reads_if_asked(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text(
        "conversations:\n"
        "  - id: a\n    turns: [{text: hi}]\n    must: [x]\n    if_asked: [thuê, ở nhờ]\n",
        encoding="utf-8",
    )
    assert load(path)[0].if_asked == ("thuê", "ở nhờ")
