"""Which kinds of answer a message asks for, from its words ("giấy tờ gì", "bao lâu"…).

"Cần giấy tờ gì và mất bao lâu" asks two things; the NLU gives one intent. The cue patterns
of each kind of answer (``topic_cues`` in lexicon.yml) say which others it asks. A long or
multi-question message words each question its own way ("phải về đâu làm", "cần mang giấy
gì", "mấy hôm thì xong"), so a cue is a pattern over the folded words, with alternatives and
short gaps, not a fixed phrase; and a cue inside one of the topic's ``unless`` patterns does
not count ("mất bao nhiêu ngày" is no fee question, "giấy tờ khai tử" no form). A topic's
``secondary`` cues ("có phải xin phép … không") count only beside another question: alone,
such a yes/no question is what the intent says (often the overview), and answering it with
that topic instead would be a guess. Shared by the NLU (bot/components/multi_topic.py) and
the action server (actions/procedures/aspects.py), so both read a message alike; standard
library and PyYAML only.

Pattern syntax, over folded, teencode-expanded words (``normalise_tokens``)::

    word       the word itself            pre*      a word starting with "pre"
    (a|b c)    one of the alternatives    (a|b)?    the group, or nothing
    ~N         any 0 to N words
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from actions.text.folding import _LEXICON_PATH, normalise_tokens

#: The order answers are given in, and the names of the topics.
TOPIC_ORDER = ("papers", "conditions", "fee", "duration", "submission", "forms")

_SYNTAX = re.compile(r"\)\?|[()|]|~\d+|[^\s()|~]+")
_SYNTAX_MARKS = frozenset({"(", ")", ")?", "|"})


class CuePatternError(ValueError):
    """A cue pattern in lexicon.yml that does not parse: fail at load, not per message."""


def _word(raw: str) -> str:
    if raw.endswith("*"):
        stem = " ".join(normalise_tokens(raw[:-1]))
        if not stem or " " in stem:
            raise CuePatternError(f"prefix {raw!r} must be one word")
        return re.escape(stem) + r"\S* "
    words = normalise_tokens(raw)
    if not words:
        raise CuePatternError(f"{raw!r} has no word")
    # Each piece ends with the space after its word: the text is " w1 w2 … wn ", so a
    # piece always starts and ends on a word boundary, and gaps and options compose.
    return "".join(re.escape(w) + " " for w in words)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression of one cue pattern, matched against ``folded_text``."""
    tokens = _SYNTAX.findall(pattern)
    pos = 0

    def sequence() -> str:
        nonlocal pos
        parts: list[str] = []
        while pos < len(tokens) and tokens[pos] not in ("|", ")", ")?"):
            token = tokens[pos]
            pos += 1
            if token == "(":
                alternatives = [sequence()]
                while pos < len(tokens) and tokens[pos] == "|":
                    pos += 1
                    alternatives.append(sequence())
                if pos >= len(tokens) or not all(alternatives):
                    raise CuePatternError(f"unbalanced or empty group in {pattern!r}")
                optional = tokens[pos] == ")?"
                pos += 1
                parts.append("(?:" + "|".join(alternatives) + ")" + ("?" if optional else ""))
            elif token.startswith("~"):
                parts.append(rf"(?:\S+ ){{0,{int(token[1:])}}}?")
            else:
                parts.append(_word(token))
        return "".join(parts)

    body = sequence()
    if pos != len(tokens) or not any(t not in _SYNTAX_MARKS and t[0] != "~" for t in tokens):
        raise CuePatternError(f"cannot read {pattern!r}")
    return re.compile("(?<= )" + body)


def folded_text(text: str) -> str:
    """The text as cue patterns see it: " w1 w2 … wn " (folded, teencode expanded)."""
    return " " + " ".join(normalise_tokens(text)) + " "


_Cues = tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class _Topic:
    cues: _Cues
    secondary: _Cues
    unless: tuple[re.Pattern[str], ...]


def _compiled(entry: dict[str, Any], key: str) -> _Cues:
    return tuple((str(c), compile_pattern(str(c))) for c in entry.get(key) or ())


def _as_topic(entry: Any) -> _Topic:
    if isinstance(entry, list):  # a bare list: cues without exceptions
        entry = {"cues": entry}
    unknown = set(entry) - {"cues", "secondary", "unless"}
    if unknown:
        raise CuePatternError(f"unknown key(s) in topic_cues: {sorted(unknown)}")
    unless = tuple(compile_pattern(str(u)) for u in entry.get("unless") or ())
    return _Topic(_compiled(entry, "cues"), _compiled(entry, "secondary"), unless)


@lru_cache(maxsize=1)
def _topics() -> dict[str, _Topic]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)["topic_cues"]
    unknown = set(raw) - set(TOPIC_ORDER)
    if unknown:
        raise CuePatternError(f"unknown topic(s) in topic_cues: {sorted(unknown)}")
    return {topic: _as_topic(entry) for topic, entry in raw.items()}


def _cues_found(folded: str, cues: _Cues, unless: list[tuple[int, int]]) -> list[str]:
    """The sources of ``cues`` that match outside every ``unless`` span."""
    found = []
    for source, pattern in cues:
        for match in pattern.finditer(folded):
            start, end = match.start(), match.end() - 1
            if not any(start < e and s < end for s, e in unless):
                found.append(source)
                break
    return found


def explain(text: str, primary: str | None = None) -> dict[str, list[str]]:
    """Per topic asked, in answer order, the cue patterns that fire on ``text``.

    ``primary`` is the kind of answer the intent already asks for ("papers", "steps"…),
    None for an overview: beside it, a secondary cue of another topic counts.
    """
    folded = folded_text(text)
    strong: dict[str, list[str]] = {}
    weak: dict[str, list[str]] = {}
    for topic, spec in _topics().items():
        # Spans without the trailing space, so touching matches do not overlap.
        unless = [(m.start(), m.end() - 1) for u in spec.unless for m in u.finditer(folded)]
        if found := _cues_found(folded, spec.cues, unless):
            strong[topic] = found
        elif found := _cues_found(folded, spec.secondary, unless):
            weak[topic] = found
    asked = dict(strong)
    for topic, found in weak.items():
        if (set(strong) | {primary}) - {topic, None}:
            asked[topic] = found
    return {t: asked[t] for t in TOPIC_ORDER if t in asked}


def asks_eligibility(text: str) -> bool:
    """Whether ``text`` asks whether the citizen may, must or can (the conditions topic's
    cues, secondary ones included: "có phải đăng ký … không", "có được … không")."""
    spec = _topics().get("conditions")
    if spec is None:
        return False
    folded = folded_text(text)
    unless = [(m.start(), m.end() - 1) for u in spec.unless for m in u.finditer(folded)]
    return bool(
        _cues_found(folded, spec.cues, unless) or _cues_found(folded, spec.secondary, unless)
    )


@lru_cache(maxsize=1)
def _how_cues() -> tuple[re.Pattern[str], ...]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    return tuple(compile_pattern(str(c)) for c in raw.get("how_cues") or ())


_CLAUSE_BREAK = re.compile(r"[,.;:!?\n]+")


def _names_a_topic(folded: str) -> bool:
    for spec in _topics().values():
        unless = [(m.start(), m.end() - 1) for u in spec.unless for m in u.finditer(folded)]
        if _cues_found(folded, spec.cues + spec.secondary, unless):
            return True
    return False


def asks_how(text: str) -> bool:
    """Whether ``text`` asks how to go about it ("thủ tục thế nào", "làm sao"): a clause
    with a ``how_cues`` pattern of lexicon.yml and no topic's cue ("phí làm giám hộ thế
    nào" asks the fee, "tờ khai điền thế nào" the form)."""
    for clause in _CLAUSE_BREAK.split(text):
        folded = folded_text(clause)
        if any(p.search(folded) for p in _how_cues()) and not _names_a_topic(folded):
            return True
    return False


#: Answers in one reply, at most: more would be a wall of text.
MAX_TOPICS = 3
#: Intents without cue words of their own that still take the others along: "các bước thế
#: nào, mất bao lâu" gets the steps, then the duration. They answer a "how" themselves.
TAKE_OTHERS = ("steps", "legal_basis")


def answer_topics(text: str, primary: str) -> list[str]:
    """The kinds of answer a message gets, first to last, for the intent's ``primary`` kind
    ("overview", a topic of TOPIC_ORDER, or another: "steps", "more_details"…).

    The intent's kind first, then the others the words ask for; a bare overview question
    that names kinds of answer gets those instead. A "how do I go about it" (``asks_how``)
    is answered with the papers too: a clerk says what to bring. Shared by the action server
    (actions/procedures/aspects.py) and the NLU report (bot/evaluation/topic_cues_report.py).
    """
    how = asks_how(text)
    if primary == "overview":
        cued = cued_topics(text)
        if how and "papers" not in cued:
            # "Thủ tục thế nào?": what to bring first, then the summary with its choices.
            return (["papers", *cued] if cued else ["papers", "overview"])[:MAX_TOPICS]
        return cued[:MAX_TOPICS] or ["overview"]
    if primary not in TOPIC_ORDER and primary not in TAKE_OTHERS:
        return [primary]
    if primary == "conditions" and how and not asks_eligibility(text):
        # "Làm kiểu gì" read as eligibility without one eligibility word.
        return ["papers", "conditions"]
    answers = [primary] + [t for t in cued_topics(text, primary) if t != primary]
    if how and primary not in TAKE_OTHERS and "papers" not in answers:
        answers.insert(1, "papers")
    return answers[:MAX_TOPICS]


def without_cues(text: str) -> str:
    """``text`` folded, without the words any cue pattern matches (every topic's cues and
    secondary cues, and the how cues): what is left names the matter, not the question.
    "bn ngày thì xong" keeps "thì xong"; "cần bản chính hay bản sao" keeps "bản sao"."""
    folded = folded_text(text)
    patterns = [p for spec in _topics().values() for _, p in spec.cues + spec.secondary]
    keep = [True] * len(folded)
    for pattern in (*patterns, *_how_cues()):
        for match in pattern.finditer(folded):
            keep[match.start() : match.end()] = [False] * (match.end() - match.start())
    return " ".join("".join(c if k else " " for c, k in zip(folded, keep, strict=True)).split())


def cued_topics(text: str, primary: str | None = None) -> list[str]:
    """The topics whose cues ``text`` contains, in answer order (see ``explain``)."""
    return list(explain(text, primary))
