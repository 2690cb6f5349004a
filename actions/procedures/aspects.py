"""Which answers one message asks for: the intent's topic and the others it names.

"Cần giấy tờ gì và mất bao lâu" is classified as one intent (papers); the cue words of the
other kinds of answer (``topic_cues`` in actions/text/lexicon.yml) add the duration, so the
citizen gets both without asking twice.
"""

from __future__ import annotations

from actions.procedures.answers import Topic
from actions.text import topic_cues

#: Answers in one reply, at most: more would be a wall of text.
MAX_TOPICS = 3
_ORDER = [Topic(name) for name in topic_cues.TOPIC_ORDER]
#: Intents without cue words of their own that still take the others along: "các bước thế
#: nào, mất bao lâu" gets the steps, then the duration. Follow-ups (more details, every
#: step) continue the previous answer and take nothing along.
_WITH_OTHERS = frozenset({Topic.STEPS, Topic.LEGAL_BASIS})


def cued_topics(text: str, primary: Topic | None = None) -> list[Topic]:
    """The topics whose cue words ``text`` contains, in answer order; beside ``primary``
    (the intent's topic), secondary cues of other topics count too (topic_cues.explain)."""
    asked = None if primary in (None, Topic.OVERVIEW) else primary.value
    return [Topic(name) for name in topic_cues.cued_topics(text, asked)]


def topics_asked(text: str, primary: Topic) -> list[Topic]:
    """The intent's topic first, then the other topics the message asks about.

    A bare overview question that names kinds of answer gets those answers instead.
    """
    if primary is Topic.OVERVIEW:
        return cued_topics(text)[:MAX_TOPICS] or [primary]
    if primary not in _ORDER and primary not in _WITH_OTHERS:
        return [primary]
    cued = cued_topics(text, primary)
    return ([primary] + [t for t in cued if t is not primary])[:MAX_TOPICS]
