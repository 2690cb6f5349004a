"""A message the NLU reads as out of scope, or falls back on, that plainly names one ward
procedure is answered (actions/procedures/confidence.py), and the conversation goes on
about that procedure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Servers
from tests.e2e.test_rest_channel import answered_or_asked_the_case, new_sender, text_of


def buttons_of(replies: list[dict[str, Any]]) -> list[str]:
    return [str(b.get("payload", "")) for r in replies for b in r.get("buttons") or []]


@pytest.mark.parametrize(
    ("first", "words"),
    [
        # Read as out of scope by the shipped model.
        ("văn bản từ chối di sản thừa kế", "từ chối nhận di sản"),
        # The shipped model falls back on it ("did you mean…?" before).
        ("tạm vắng thì sao nhỉ", "tạm vắng"),
    ],
)
def test_a_plainly_named_procedure_is_answered_and_followed_up(
    servers: Servers, first: str, words: str
) -> None:
    sender = new_sender()
    replies = servers.say(sender, first)
    assert answered_or_asked_the_case(replies), text_of(replies)
    assert words in text_of(replies).casefold()
    assert "/deny" not in buttons_of(replies)
    follow_up = servers.say(sender, "còn lệ phí thì sao?")
    assert words in text_of(follow_up).casefold(), text_of(follow_up)


def test_an_unclear_message_after_an_answer_still_gets_a_reply(servers: Servers) -> None:
    sender = new_sender()
    servers.say(sender, "tạm vắng thì sao nhỉ")
    replies = servers.say(sender, "ừm cái kia thì sao nhỉ")
    assert text_of(replies)
