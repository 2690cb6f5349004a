"""The offline ranker says what the bot's actions do with a message, given its intent."""

from __future__ import annotations

import pytest

from actions.cards.store import CardStore
from actions.procedures.rank_cli import decide
from actions.scope.store import load_scope
from actions.settings import PROJECT_ROOT
from tests.fakes import InMemoryProcedureRepository, make_procedure

REPOSITORY = InMemoryProcedureRepository(
    [
        make_procedure("1.001193", "Thủ tục đăng ký khai sinh", aliases=["giấy khai sinh"]),
        make_procedure("1.000894", "Thủ tục đăng ký kết hôn"),
        make_procedure("1.004746", "Thủ tục đăng ký lại kết hôn"),
    ]
)
SCOPE = load_scope(PROJECT_ROOT / "data")


def decision(text: str, intent: str | None) -> tuple[str, list[str], list[str]]:
    out = decide(REPOSITORY, SCOPE, CardStore({}), text, intent)
    return out["decision"], out["decision_codes"], out["topics"]


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        # Procedure intents: the finder's decision, as before.
        ("làm giấy khai sinh cần gì", "ask_papers", ("found", ["1.001193"], ["papers"])),
        ("làm giấy khai sinh cần gì", None, ("found", ["1.001193"], ["papers"])),
        ("kết hôn", "ask_fee", ("found", ["1.000894"], [])),
        # Out of scope / unclear, yet one procedure plainly named: answered, with the
        # topics its words ask for (an overview when none).
        ("làm giấy khai sinh cần gì", "out_of_scope", ("found", ["1.001193"], ["papers"])),
        ("đăng ký kết hôn", "nlu_fallback", ("found", ["1.000894"], ["overview"])),
        # Nothing named plainly (here: too close to "đăng ký lại kết hôn" for a message the
        # NLU finds out of scope): the out-of-scope reply, or "did you mean…?" buttons.
        ("kết hôn", "out_of_scope", ("out_of_scope", [], [])),
        ("tối nay đá bóng mấy giờ", "nlu_fallback", ("fallback", [], [])),
        # A matter handled elsewhere: who handles it, on both paths.
        ("làm hộ chiếu ở đâu", "out_of_scope", ("elsewhere", ["elsewhere:passport"], [])),
        ("làm hộ chiếu ở đâu", "nlu_fallback", ("elsewhere", ["elsewhere:passport"], [])),
        # Other intents run no procedure action.
        ("làm giấy khai sinh cần gì", "greet", ("other", [], [])),
        # An attack string gets the out-of-scope reply from every procedure action.
        ("giấy khai sinh'; DROP TABLE x; --", "ask_papers", ("out_of_scope", [], [])),
        ("<svg onload=alert(1)> kết hôn", "out_of_scope", ("out_of_scope", [], [])),
        ("{{7*7}} đăng ký kết hôn", "nlu_fallback", ("out_of_scope", [], [])),
        # English: what the English reply names, from the message's translation.
        ("How do we register the birth of our son?", "english", ("found", ["1.001193"], [])),
        ("Where can I renew my passport?", "english", ("elsewhere", ["elsewhere:passport"], [])),
        ("Good morning, do you speak English?", "english", ("english", [], [])),
    ],
)
def test_decision_follows_the_action_the_intent_runs(
    text: str, intent: str | None, expected: tuple[str, list[str], list[str]]
) -> None:
    assert decision(text, intent) == expected


@pytest.mark.parametrize(
    ("text", "intent", "topics"),
    [
        # Beside the intent's own topic, a secondary cue counts, as in the action
        # (aspects.topics_asked): "có phải … không" asks the conditions too.
        ("khai sinh cần giấy gì, quá hạn có bị phạt không", "ask_papers", ["papers", "conditions"]),
        (
            "khai sinh mất bao lâu, trễ hạn có bị phạt không",
            "ask_duration",
            ["duration", "conditions"],
        ),
        # Without an intent, an eligibility question leads with the conditions.
        ("có phải đăng ký khai sinh cho con không", "nlu_fallback", ["conditions", "overview"]),
    ],
)
def test_topics_are_those_the_action_answers(text: str, intent: str, topics: list[str]) -> None:
    assert decision(text, intent)[2] == topics
