"""The development answer conversations (tests/answers/dev.yml) through the real REST channel.

Each conversation's last reply must contain the facts read from the record, must not say
the plausible wrong ones, and no message may exceed its length. The blind set
(tests/answers/blind.yml) is evaluated apart, with `make eval-answers`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.answers.evaluate import Conversation, load, play
from tests.e2e.conftest import Servers

DEV = load(Path(__file__).resolve().parents[1] / "answers" / "dev.yml")


@pytest.mark.parametrize("conversation", DEV, ids=[c.id for c in DEV])
def test_dev_conversation(servers: Servers, conversation: Conversation) -> None:
    result = play(conversation, servers.say)
    assert result.passed, f"{result.problems}\nbot said: {result.last_text}"
