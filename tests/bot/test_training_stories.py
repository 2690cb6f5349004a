"""The NLU training data holds long stories for every question a citizen ends a story with.

Unseen long messages (a situation told in several sentences, the question last) were read as
ask_procedure, out_of_scope or nlu_fallback because the training data had almost none of them
for most intents: each intent a story can end with needs its own long examples.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from actions.text import fold

ROOT = Path(__file__).resolve().parents[2]
# The question sets tag a message "long" from 30 words on (tests/nlu/BLIND.md).
LONG_WORDS = 30
MIN_LONG_STORIES = 15
STORY_INTENTS = [
    "ask_papers",
    "ask_submission",
    "ask_duration",
    "ask_fee",
    "ask_conditions",
    "ask_procedure",
    "out_of_scope",
    "complain",
]


def long_examples_by_intent() -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                example = line.strip().removeprefix("- ").strip()
                if len(fold(example).split()) >= LONG_WORDS:
                    counts[block["intent"]] += 1
    return counts


@pytest.mark.parametrize("intent", STORY_INTENTS)
def test_each_story_question_has_long_examples(intent: str) -> None:
    assert long_examples_by_intent()[intent] >= MIN_LONG_STORIES
