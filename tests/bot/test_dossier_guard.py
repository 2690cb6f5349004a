"""The dossier lookup never starts for a message that mentions no dossier."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from actions.text.dossier_cues import mentions_dossier
from bot.components.dossier_guard import DossierIntentGuard


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    entries = [{"name": n, "confidence": c} for n, c in ranking]
    message = Message(data={"text": text})
    message.set("intent", entries[0])
    message.set("intent_ranking", entries)
    return message


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --",
        "{{7*7}}",
        "bố tôi mất tuần trước, giờ gia đình phải làm những gì ạ",
        "giấy khai sinh cần gì",
    ],
)
def test_no_dossier_words_no_lookup(text: str) -> None:
    message = classified(text, [("check_dossier_status", 0.7), ("ask_procedure", 0.2)])
    [out] = DossierIntentGuard().process([message])
    assert out.get("intent")["name"] == "ask_procedure"
    assert all(r["name"] != "check_dossier_status" for r in out.get("intent_ranking"))


@pytest.mark.parametrize(
    "text",
    [
        "hồ sơ của tôi đến đâu rồi",
        "tra cứu giúp em mã 000.00.27.H26-251017-0012",
        "H26-251017-0012",
        "giấy phép xây dựng của tôi có chưa",
        "ho so nop tuan truoc xong chua",
    ],
)
def test_dossier_questions_keep_their_intent(text: str) -> None:
    message = classified(text, [("check_dossier_status", 0.7), ("ask_procedure", 0.2)])
    [out] = DossierIntentGuard().process([message])
    assert out.get("intent")["name"] == "check_dossier_status"
    assert mentions_dossier(text)


def test_other_intents_are_untouched() -> None:
    message = classified("{{7*7}}", [("out_of_scope", 0.9), ("check_dossier_status", 0.1)])
    [out] = DossierIntentGuard().process([message])
    assert out.get("intent")["name"] == "out_of_scope"
