"""Which kinds of answer a message asks for, from its words ("giấy tờ gì", "bao lâu"…).

"Cần giấy tờ gì và mất bao lâu" asks two things; the NLU gives one intent. The cue words of
each kind of answer (``topic_cues`` in lexicon.yml) say which others it asks. Shared by the
NLU (bot/components/multi_topic.py) and the action server (actions/procedures/aspects.py);
standard library and PyYAML only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from actions.text.folding import _LEXICON_PATH, normalise_tokens

#: The order answers are given in, and the names of the topics.
TOPIC_ORDER = ("papers", "conditions", "fee", "duration", "submission", "forms")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        cues: dict[str, list[str]] = yaml.safe_load(handle)["topic_cues"]
    return {
        topic: re.compile(
            r"\b(?:" + "|".join(re.escape(" ".join(normalise_tokens(c))) for c in phrases) + r")\b"
        )
        for topic, phrases in cues.items()
    }


def cued_topics(text: str) -> list[str]:
    """The topics whose cue words ``text`` contains, in answer order."""
    folded = " ".join(normalise_tokens(text))
    found = {topic for topic, pattern in _patterns().items() if pattern.search(folded)}
    return [t for t in TOPIC_ORDER if t in found]
