"""Which answers one message asks for: the intent's topic and the others it names.

"Cần giấy tờ gì và mất bao lâu" is classified as one intent (papers); the cue words of the
other kinds of answer (``topic_cues`` in actions/text/lexicon.yml) add the duration, so the
citizen gets both without asking twice.
"""

from __future__ import annotations

from actions.procedures.answers import Topic
from actions.text import topic_cues

#: Answers in one reply, at most: more would be a wall of text.
MAX_TOPICS = topic_cues.MAX_TOPICS


def cued_topics(text: str, primary: Topic | None = None) -> list[Topic]:
    """The topics whose cue words ``text`` contains, in answer order; beside ``primary``
    (the intent's topic), secondary cues of other topics count too (topic_cues.explain)."""
    asked = None if primary in (None, Topic.OVERVIEW) else primary.value
    return [Topic(name) for name in topic_cues.cued_topics(text, asked)]


def topics_asked(text: str, primary: Topic) -> list[Topic]:
    """The intent's topic first, then the other topics the message asks about
    (``topic_cues.answer_topics``: a bare overview question that names kinds of answer gets
    those answers instead; one that asks how to go about it gets the papers too). Follow-ups
    (more details, every step) continue the previous answer and take nothing along."""
    return [Topic(name) for name in topic_cues.answer_topics(text, primary.value)]
