"""Which kinds of answer a message asks for, from its words ("giấy tờ gì", "bao lâu"…).

"Cần giấy tờ gì và mất bao lâu" asks two things; the NLU gives one intent. The cue patterns
of each kind of answer (``topic_cues`` in lexicon.yml) say which others it asks. A long or
multi-question message words each question its own way ("phải về đâu làm", "cần mang giấy
gì", "mấy hôm thì xong"), so a cue is a pattern over the folded words, with alternatives and
short gaps, not a fixed phrase; and a cue inside one of the topic's ``unless`` patterns does
not count ("mất bao nhiêu ngày" is no fee question, "giấy tờ khai tử" no form). A topic's
``secondary`` cues ("có phải xin phép … không") count only beside another question: alone,
such a yes/no question is what the intent says (often the overview), and answering it with
that topic instead would be a guess. Only the clauses that ask (``question_clauses``: the
``question_shapes`` of lexicon.yml) are read, each on its own: the story told before the
question names no kind of answer. A yes/no clause of obligation or permission that no cue
explains ("cháu có phải đi cùng không") asks the conditions, beside another question (a
second yes/no clause counts as one); read as an overview, or as another kind of answer
when it names no office, channel or time (``place_or_time_words``), such a question gets
the conditions first. Shared by the NLU
(bot/components/multi_topic.py) and
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

from actions.text.folding import _LEXICON_PATH, nfc, normalise_tokens

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
                # The one kind of capturing group: ``without_cues`` keeps a gap's words.
                parts.append(rf"((?:\S+ ){{0,{int(token[1:])}}}?)")
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


def _cues_in_clauses(
    folded_clauses: list[str], cues: _Cues, unless: tuple[re.Pattern[str], ...]
) -> list[str]:
    """The sources of ``cues`` found in any clause, each once, in order: a cue never runs
    across a clause boundary."""
    found = [
        cue
        for folded in folded_clauses
        for cue in _cues_found(folded, cues, _spans(folded, unless))
    ]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Shapes:
    asks: tuple[re.Pattern[str], ...]
    not_asking: tuple[re.Pattern[str], ...]
    yes_no_ends: frozenset[str]
    not_yes_no_ends: frozenset[str]
    particles: frozenset[str]
    obligation: tuple[re.Pattern[str], ...]
    paper_words: tuple[re.Pattern[str], ...]
    not_paper_words: tuple[re.Pattern[str], ...]
    place_or_time_words: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _shapes() -> _Shapes:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle).get("question_shapes") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(" ".join(normalise_tokens(str(w))) for w in raw.get(key) or ())

    return _Shapes(
        asks=tuple(compile_pattern(str(p)) for p in raw.get("asks") or ()),
        not_asking=tuple(compile_pattern(str(p)) for p in raw.get("not_asking") or ()),
        yes_no_ends=words("yes_no_ends"),
        not_yes_no_ends=words("not_yes_no_ends"),
        particles=words("particles"),
        obligation=tuple(compile_pattern(str(w)) for w in raw.get("obligation") or ()),
        paper_words=tuple(compile_pattern(str(w)) for w in raw.get("paper_words") or ()),
        not_paper_words=tuple(compile_pattern(str(w)) for w in raw.get("not_paper_words") or ()),
        place_or_time_words=tuple(
            compile_pattern(str(w)) for w in raw.get("place_or_time_words") or ()
        ),
    )


_CLAUSE = re.compile(r"[^,.;:!?\n]+[,.;:!?\n]*")
# "… được không và cần giấy gì", "… với lại mất bao tiền": a new question after a conjunction.
_CONJUNCTION = re.compile(r"\s+(?=(?:và|va|với lại|voi lai|vs lại|hay là|hay la)\s)", re.IGNORECASE)


def _spans(folded: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    # Without the trailing space, so that touching matches do not overlap.
    return [(m.start(), m.end() - 1) for p in patterns for m in p.finditer(folded)]


def _outside(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    start, end = match.start(), match.end() - 1
    return not any(start < e and s < end for s, e in spans)


def _is_yes_no(folded: str) -> bool:
    """Whether the clause ends, past particles ("ạ", "vậy", "mấy chú"), with a yes/no word."""
    words = folded.split()
    shapes = _shapes()
    while words and words[-1] in shapes.particles:
        words.pop()
    if any(" ".join(words[-len(w.split()) :]) == w for w in shapes.not_yes_no_ends):
        return False  # "sửa chữa": the last word of another word, not "chưa"
    return bool(words) and (
        words[-1] in shapes.yes_no_ends or " ".join(words[-2:]) in shapes.yes_no_ends
    )


def _wh_asks(folded: str) -> bool:
    """Whether the clause holds a question word ("gì", "ở đâu", "bao lâu") that asks."""
    shapes = _shapes()
    quiet = _spans(folded, shapes.not_asking)
    return any(_outside(m, quiet) for p in shapes.asks for m in p.finditer(folded))


def _yes_no_shaped(clause: str, folded: str) -> bool:
    """A yes/no question, with or without its yes/no word: "… có phải đổi không", and
    "năm nay thì phải đi đổi căn cước ạ?", asked by its "?" alone (no question word)."""
    if _is_yes_no(folded):
        return True
    return clause.rstrip().endswith("?") and not _wh_asks(folded)


def _asks(clause: str) -> bool:
    if clause.rstrip().endswith("?"):
        return True
    folded = folded_text(clause)
    return _is_yes_no(folded) or _wh_asks(folded)


def question_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that ask something, in order; all of it when none does (a
    bare "lệ phí khai sinh"). A story told before the question ("công an bảo không đủ điều
    kiện", "chưa bao giờ có giấy khai sinh") names no kind of answer: the questions do."""
    clauses: list[str] = []
    for clause in _CLAUSE.findall(nfc(text)):
        # Split at a conjunction only after a part that asks on its own: "được nhận trợ cấp
        # và tiền tuất không" is one question.
        head, *rest = _CONJUNCTION.split(clause)
        for piece in rest:
            if _asks(head):
                clauses.append(head)
                head = piece
            else:
                head = f"{head} {piece}"
        clauses.append(head)
    clauses = [c.strip() for c in clauses if c.strip()]
    asking = [c for c in clauses if _asks(c)]
    return asking or ([text] if text.strip() else [])


def _explained_by_a_cue(folded: str) -> bool:
    """Whether any topic's cue (or secondary cue) or a how cue matches ``folded``."""
    if any(p.search(folded) for p in _how_cues()):
        return True
    return _names_a_topic(folded)


def _yes_no_kind(clause: str) -> str | None:
    """The kind of answer a yes/no clause of obligation or permission asks when no cue
    explains it: "papers" when it is about a paper ("mỗi người khai một tờ riêng không",
    "có phải nộp lại cuốn sổ gốc không"), else "conditions" ("cháu có phải đi cùng
    không", "chủ trọ phải làm hay người thuê"). None for any other clause."""
    folded = folded_text(clause)
    if not (_yes_no_shaped(clause, folded) or " hay " in folded):
        return None
    shapes = _shapes()
    if not any(p.search(folded) for p in shapes.obligation) or _explained_by_a_cue(folded):
        return None
    permits = _spans(folded, shapes.not_paper_words)
    if any(_outside(m, permits) for p in shapes.paper_words for m in p.finditer(folded)):
        return "papers"
    conditions = _topics().get("conditions")
    if conditions is not None and any(u.search(folded) for u in conditions.unless):
        return None
    return "conditions"


def asks_must_or_may(clause: str) -> bool:
    """Whether a clause is a yes/no question of obligation or permission that names no
    kind of answer: "cháu có phải đi cùng không", "có bắt buộc cả hai cùng có mặt không",
    "chủ trọ phải làm hay người thuê". The paper, office, channel, time or cost it may be
    about is another topic's cue; what is left asks whether one must or may."""
    return _yes_no_kind(clause) == "conditions"


def explain(text: str, primary: str | None = None) -> dict[str, list[str]]:
    """Per topic asked, in answer order, the cue patterns that fire on ``text``.

    ``primary`` is the kind of answer the intent already asks for ("papers", "steps"…),
    None for an overview: beside it, a secondary cue of another topic counts.
    """
    return _explain(text, primary)[0]


def _explain(text: str, primary: str | None) -> tuple[dict[str, list[str]], frozenset[str]]:
    """``explain``, and the topics asked by a cue of their own (not only a secondary cue
    or a yes/no shape): those are kept first when there are too many to answer."""
    clauses = question_clauses(text)
    strong: dict[str, list[str]] = {}
    weak: dict[str, list[str]] = {}
    for topic, spec in _topics().items():
        # Clause by clause: "phải xin phép ai, có mẫu đơn sẵn không" holds no "phải xin
        # phép … không".
        folded_clauses = [folded_text(c) for c in clauses]
        found = _cues_in_clauses(folded_clauses, spec.cues, spec.unless)
        if found:
            strong[topic] = found
            continue
        found = _cues_in_clauses(folded_clauses, spec.secondary, spec.unless)
        if found:
            weak[topic] = found
    # A secondary cue on the very words of another topic's cue ("làm ở phường được không":
    # the office) is that question's other side: it counts beside a third question only.
    shared = {t: _shared_with(clauses, t, strong) for t in weak}
    # A must-or-may clause beside a clause that asks something else: "cần mang giấy gì,
    # cháu có phải đi cùng không" (the conditions), "mất bao nhiêu tiền, mỗi người khai một
    # tờ riêng không" (the papers). Alone, it is the question the intent read (an office, a
    # time: "có bắt buộc lên tận ủy ban không" is where to file).
    # Two yes/no clauses are two questions as well, cue words or not: "tôi nộp hộ được
    # không, có cần giấy ủy quyền không" asks whether one may, then a paper.
    yes_no: set[str] = set()
    kinds = [_yes_no_kind(c) for c in clauses]
    explained = [_explained_by_a_cue(folded_text(c)) for c in clauses]
    if any(explained) or sum(k is not None for k in kinds) >= 2:
        for clause, kind in zip(clauses, kinds, strict=True):
            if kind is not None and kind not in strong:
                weak.setdefault(kind, []).append(f"yes/no: {clause}")
                yes_no.add(kind)
    asked = dict(strong)
    # A "how" clause is another question too: "có được mua lại không, thủ tục thế nào";
    # so is a yes/no clause about a paper ("lên phường làm được không, giấy đó có cần
    # dịch không": whether the ward may counts beside the office and the papers).
    beside = set(strong) | {primary} | yes_no | ({"how"} if _asks_how_in(clauses) else set())
    for topic, found in weak.items():
        # A yes/no clause of its own ("có bắt buộc không, làm ở công an được không") is
        # no other side of the office question: it counts beside it.
        covered = set() if topic in yes_no else shared.get(topic, set())
        if beside - {topic, None} - covered:
            asked[topic] = found
    return {t: asked[t] for t in TOPIC_ORDER if t in asked}, frozenset(strong)


def _shared_with(clauses: list[str], topic: str, strong: dict[str, list[str]]) -> set[str]:
    """The strongly asked topics whose cue matches cover every secondary match of
    ``topic``; empty when one of its matches stands on words of its own."""
    spec = _topics()[topic]
    covering: set[str] = set()
    for clause in clauses:
        folded = folded_text(clause)
        unless = _spans(folded, spec.unless)
        for _, pattern in spec.secondary:
            for match in pattern.finditer(folded):
                if not _outside(match, unless):
                    continue
                over = {
                    other
                    for other in strong
                    for _, cue in _topics()[other].cues
                    for m in cue.finditer(folded)
                    if not _outside(match, [(m.start(), m.end() - 1)])
                }
                if not over:
                    return set()
                covering |= over
    return covering


def asks_eligibility(text: str) -> bool:
    """Whether ``text`` asks whether the citizen may, must or can (the conditions topic's
    cues, secondary ones included: "có phải đăng ký … không", "có được … không"; or a
    must-or-may clause no cue explains: ``asks_must_or_may``)."""
    spec = _topics().get("conditions")
    if spec is None:
        return False
    # The whole text: the story may say what is asked ("nghe nói được hỗ trợ …, xét thế nào").
    clauses = question_clauses(text)
    folded = folded_text(text)
    unless = _spans(folded, spec.unless)
    # A yes/no that is also another topic's own question ("làm ở phường được không": the
    # office) asks whether one may beside it, but is not an eligibility question alone.
    others = [
        (m.start(), m.end() - 1)
        for topic, other in _topics().items()
        if topic != "conditions"
        for _, pattern in other.cues
        for m in pattern.finditer(folded)
    ]
    return bool(
        _cues_found(folded, spec.cues, unless)
        or _cues_found(folded, spec.secondary, unless + others)
        or any(asks_must_or_may(c) for c in clauses)
    )


@lru_cache(maxsize=1)
def _how_cues() -> tuple[re.Pattern[str], ...]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    return tuple(compile_pattern(str(c)) for c in raw.get("how_cues") or ())


@lru_cache(maxsize=1)
def _bereavement_cues() -> tuple[re.Pattern[str], ...]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    return tuple(compile_pattern(str(c)) for c in raw.get("bereavement_cues") or ())


def mentions_bereavement(text: str) -> bool:
    """Whether ``text`` tells of a death ("mẹ tôi mới mất", "nhà đang có tang", "khai tử")."""
    folded = folded_text(text)
    return any(p.search(folded) for p in _bereavement_cues())


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
    return _asks_how_in(_CLAUSE_BREAK.split(text))


def _asks_how_in(clauses: list[str]) -> bool:
    for clause in clauses:
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
        if not cued and asks_eligibility(text):
            # "Có phải đăng ký … không" read as an overview question: whether one must is
            # what was asked, so the conditions lead and the overview says what it is.
            return ["conditions", "overview"]
        return cued[:MAX_TOPICS] or ["overview"]
    if primary not in TOPIC_ORDER and primary not in TAKE_OTHERS:
        return [primary]
    if primary == "conditions" and how and not asks_eligibility(text):
        # "Làm kiểu gì" read as eligibility without one eligibility word.
        return ["papers", "conditions"]
    explained, strong = _explain(text, primary)
    cued = list(explained)
    if (
        primary in TOPIC_ORDER
        and primary not in cued
        and primary not in cued_topics(text)
        and not (primary == "conditions" and _asks_must_or_may_shape(text))
    ):
        # The intent is one signal, the words of the asking clauses another: when they ask
        # other kinds of answer and not the intent's, the NLU most likely misread the
        # question ("… mất mấy ngày?" read as where to file). What the words ask leads; the
        # intent's reading follows, in case the words missed it.
        words = ["papers"] if how and "papers" not in cued else []
        words += cued
        if words:
            return _fit([*words, primary], strong)
        if primary != "conditions" and _must_or_may_about_a_person_or_act(text):
            # No cue at all, but a yes/no of obligation or permission about a person or an
            # act ("bố tôi có cần đi cùng không" read as the papers, "muốn dừng giữa chừng
            # được không" as the office): whether one may or must leads.
            return _fit(["conditions", primary], strong)
    answers = [primary] + [t for t in cued if t != primary]
    if how and primary not in TAKE_OTHERS and "papers" not in answers:
        answers.insert(1, "papers")
    return _fit(answers, strong)


def _must_or_may_about_a_person_or_act(text: str) -> bool:
    """Whether an asking clause of ``text`` asks whether one must or may (``asks_must_or_may``)
    about a person or an act: no office, channel or time named (``place_or_time_words``:
    "làm ở phường luôn được chứ" is the office question, "có xong ngay trong buổi sáng
    không" the duration)."""
    shapes = _shapes()
    for clause in question_clauses(text):
        if not asks_must_or_may(clause):
            continue
        folded = folded_text(clause)
        if not any(p.search(folded) for p in shapes.place_or_time_words):
            return True
    return False


def _asks_must_or_may_shape(text: str) -> bool:
    """Whether a clause of ``text`` is a yes/no question of obligation or permission, cue
    words or not ("xin ghi nợ tiền sử dụng đất được không", "có phải lên phường làm
    không"): the conditions intent's own shape, so the intent is not overruled."""
    shapes = _shapes()
    for clause in question_clauses(text):
        folded = folded_text(clause)
        if (_yes_no_shaped(clause, folded) or " hay " in folded) and any(
            p.search(folded) for p in shapes.obligation
        ):
            return True
    return False


def _fit(answers: list[str], strong: frozenset[str]) -> list[str]:
    """At most MAX_TOPICS answers, in order: past the first, a topic asked only in yes/no
    shape gives way to one a cue of its own asks ("làm ở phường được không, cần giấy gì,
    phí bao nhiêu": the papers and the fee before whether the ward may)."""
    kept = list(answers)
    for topic in reversed(answers[1:]):
        if len(kept) <= MAX_TOPICS:
            break
        if topic in TOPIC_ORDER and topic not in strong:
            kept.remove(topic)
    return kept[:MAX_TOPICS]


def without_cues(text: str) -> str:
    """``text`` folded, without the words any cue pattern matches (every topic's cues and
    secondary cues, and the how cues), a gap's words (``~N``) kept: what is left names
    the matter, not the question.
    "bn ngày thì xong" keeps "thì xong"; "cần bản chính hay bản sao" keeps "bản sao"."""
    folded = folded_text(text)
    patterns = [p for spec in _topics().values() for _, p in spec.cues + spec.secondary]
    keep = [True] * len(folded)
    for pattern in (*patterns, *_how_cues()):
        for match in pattern.finditer(folded):
            # The words a gap skips are not the cue's: in "phường có làm (đăng ký giám hộ)
            # không" they name the matter. A word another cue matches goes all the same.
            gaps = [(s, e) for s, e in match.regs[1:] if s >= 0]
            for i in range(match.start(), match.end()):
                if not any(s <= i < e for s, e in gaps):
                    keep[i] = False
    return " ".join("".join(c if k else " " for c, k in zip(folded, keep, strict=True)).split())


def cued_topics(text: str, primary: str | None = None) -> list[str]:
    """The topics whose cues ``text`` contains, in answer order (see ``explain``)."""
    return list(explain(text, primary))
