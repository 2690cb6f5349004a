"""Answers from a citizen card: the papers of the citizen's own case, fee, time, office.

Replies are rendered from the domain's templates (``bot/domain/cards.yml``) by the
``Phrasebook`` and cut into chat messages of at most ``MESSAGE_CHARS`` at line boundaries,
so no message is a wall of text and no Vietnamese lives here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from actions.cards.schema import Card, Case, Form, OfficeKind, Paper
from actions.phrasebook import Phrasebook
from actions.procedures.answers import (
    CHANNEL_ORDER,
    Topic,
    copy_notes,
    deadline_conditions,
    deciding_agency,
    is_application,
    place_conditions,
)
from actions.text import content_segments, normalise_tokens

MESSAGE_CHARS = 700
#: Separates the procedure code from the case id in the ``procedure_case`` slot, so a case
#: chosen for one procedure never applies to another.
CASE_SEPARATOR = "#"
#: Folded words that negate the phrase right after them ("không", "chưa", "chẳng").
NEGATIONS = frozenset({"khong", "chua", "chang", "cha"})
#: Folded verbs a negation reaches across to the phrase after them: "không còn ông bà",
#: "không phải sinh ở bệnh viện", "chưa từng có", "chưa được cấp".
NEGATED_LINKS = frozenset({"con", "co", "phai", "duoc", "tung", "he"})
#: A number-below placeholder in ``Case.words`` ("<14").
BELOW = re.compile(r"<(\d+)")
#: Share of a case title's distinctive words a question must hold to state that case, for
#: cards whose cases list no ``words``.
TITLE_SHARE = 0.3


@dataclass(frozen=True)
class OfficeContact:
    """Where to file; ``None`` fields are not confirmed by the ward and read "chưa cập nhật"."""

    name: str
    address: str | None = None
    opening_hours: str | None = None
    phone: str | None = None


OfficeLookup = Callable[[OfficeKind], OfficeContact]


@dataclass(frozen=True)
class CardReply:
    texts: tuple[str, ...]
    buttons: tuple[dict[str, str], ...] = ()
    #: The case the answer is about, to remember for follow-ups.
    case_slot: str | None = None
    asked_case: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def case_slot_value(code: str, case_id: str) -> str:
    return f"{code}{CASE_SEPARATOR}{case_id}"


def case_for(card: Card, slot_value: str | None) -> Case | None:
    """The case remembered for this card (the only one when there is one)."""
    if len(card.cases) == 1:
        return card.cases[0]
    if not slot_value or CASE_SEPARATOR not in slot_value:
        return None
    code, case_id = slot_value.split(CASE_SEPARATOR, 1)
    return card.case(case_id) if code == card.code else None


def case_from_words(card: Card, text: str) -> Case | None:
    """The case a question already states, so it is not asked again.

    First the cases' own ``words`` ("nhập khẩu vào nhà thuê" -> the rented-home case): the
    case whose phrases cover the most words of the question, a phrase overlapping a longer
    matched one not counting ("có giấy chứng sinh" inside "không có giấy chứng sinh").
    A question naming several cases states none. On a card whose cases list no words,
    the one case whose title's content words the question contains most (at least a
    third of the words that tell the cases apart), none when two fit equally."""
    if len(card.cases) < 2 or not text:
        return None
    tokens = with_classes(normalise_tokens(text))
    if any(case.words for case in card.cases):
        # Curated phrases supersede the title heuristic, which reads one shared word
        # ("mất" in "bố tôi vừa mất") as the "Mất đã lâu" case.
        clauses = [with_classes(normalise_tokens(c)) for c in _CLAUSE_BREAK.split(text)]
        return _case_from_phrases(card, tokens, clauses)
    return _case_from_titles(card, tokens)


_CLASSES_PATH = Path(__file__).with_name("word_classes.yml")
#: Where a clause ends: a phrase read with gaps never spans two clauses.
_CLAUSE_BREAK = re.compile(r"[,.;:!?\n]+")
#: Words a phrase of at least ``GAPPED_MIN`` words may have between its own words, in all,
#: when no phrase is said as written: "sinh bé được 5 hôm ở bệnh viện" says "sinh ở bệnh
#: viện".
MAX_GAP = 4
GAPPED_MIN = 3


@lru_cache(maxsize=1)
def _word_classes() -> tuple[frozenset[str], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    with _CLASSES_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    locatives = frozenset(t for w in raw["locatives"] for t in normalise_tokens(str(w)))
    members = [
        (tuple(normalise_tokens(str(word))), tuple(normalise_tokens(str(name))))
        for name, words in raw["classes"].items()
        for word in words
    ]
    # The longest member first: "nhật bản" before "nhật".
    return locatives, tuple(sorted(members, key=lambda m: -len(m[0])))


def with_classes(tokens: list[str]) -> list[str]:
    """``tokens`` with a place named after a locative word replaced by its class
    (word_classes.yml): "mat o phap" -> "mat o nuoc ngoai"."""
    locatives, members = _word_classes()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        member = None
        if out and out[-1] in locatives:
            member = next((m for m in members if tuple(tokens[i : i + len(m[0])]) == m[0]), None)
        if member is None:
            out.append(tokens[i])
            i += 1
        else:
            out += member[1]
            i += len(member[0])
    return out


def phrase_tokens(phrase: str) -> list[str]:
    """A phrase of ``Case.words`` as folded tokens; ``<N`` stays, to match a number below N
    ("con <14 tuổi" matches "con 6 tuổi", an age the citizen states, never "con 16 tuổi")."""
    out: list[str] = []
    for word in phrase.split():
        out += [word] if BELOW.fullmatch(word) else normalise_tokens(word)
    return with_classes(out)


def _same(wanted: str, token: str) -> bool:
    if (below := BELOW.fullmatch(wanted)) is not None:
        return token.isdigit() and int(token) < int(below.group(1))
    return wanted == token


def _exact_spans(wanted: list[str], tokens: list[str]) -> list[tuple[int, int]]:
    size = len(wanted)
    return [
        (i, i + size)
        for i in range(len(tokens) - size + 1)
        if size and all(_same(w, t) for w, t in zip(wanted, tokens[i : i + size], strict=True))
    ]


def _gapped_spans(wanted: list[str], tokens: list[str]) -> list[tuple[int, int]]:
    """Where ``wanted`` is said in order with at most ``MAX_GAP`` other words between its
    words in all, none of them a negation ("sinh không phải ở bệnh viện" says no hospital)."""
    if len(wanted) < GAPPED_MIN:
        return []
    spans = []
    for start, token in enumerate(tokens):
        if not _same(wanted[0], token):
            continue
        at, budget = start, MAX_GAP
        for word in wanted[1:]:
            at += 1
            while at < len(tokens) and not _same(word, tokens[at]) and budget > 0:
                if tokens[at] in NEGATIONS:
                    budget = -1
                    break
                at, budget = at + 1, budget - 1
            if budget < 0 or at >= len(tokens) or not _same(word, tokens[at]):
                break
        else:
            spans.append((start, at + 1))
    return spans


def _scores(
    card: Card, tokens: list[str], find: Callable[[list[str], list[str]], list[tuple[int, int]]]
) -> dict[str, int]:
    spans: list[tuple[int, int, int, Case]] = []
    for case in card.cases:
        for phrase in case.words:
            wanted = phrase_tokens(phrase)
            spans += [(s, e, len(wanted), case) for s, e in find(wanted, tokens)]
    scores: dict[str, int] = {}
    for start, end, size, case in spans:
        # The longest reading wins where phrases overlap: "xây nhà thờ họ" is the "nhà thờ
        # họ" of a place of worship, not the "xây nhà" of a house.
        inside_longer = any(s < end and start < e and n > size for s, e, n, _ in spans)
        # "chưa có thẻ căn cước" does not state the has-a-card case "có thẻ căn cước".
        negated = _negated(tokens, start)
        if not (inside_longer or negated):
            scores[case.id] = scores.get(case.id, 0) + size
    return scores


def _negated(tokens: list[str], start: int) -> bool:
    """True when a negation comes right before ``tokens[start]``, or before the one or two
    linking verbs right before it ("không còn", "chưa từng có")."""
    at = start - 1
    while at >= 0 and start - at <= 2 and tokens[at] in NEGATED_LINKS:
        at -= 1
    return at >= 0 and tokens[at] in NEGATIONS


def _case_from_phrases(card: Card, tokens: list[str], clauses: list[list[str]]) -> Case | None:
    scores = _scores(card, tokens, _exact_spans)
    if not scores:
        # No phrase said as written: one said with a few words inside, clause by clause.
        for clause in clauses:
            for case_id, score in _scores(card, clause, _gapped_spans).items():
                scores[case_id] = scores.get(case_id, 0) + score
    # A question naming several cases ("chuyển mục đích, giao đất, thuê đất") states none:
    # asking costs one button, the wrong case's papers cost a second trip to the desk.
    if len(scores) != 1:
        return None
    return _best(card, scores)


def _case_from_titles(card: Card, tokens: list[str]) -> Case | None:
    def words(phrase: str) -> set[str]:
        return {w for segment in content_segments(normalise_tokens(phrase)) for w in segment}

    # Words of the procedure's own names, or shared by every case, tell no case apart.
    common = set.union(words(card.title), *(words(n) for n in card.everyday_names))
    common |= set.intersection(*(words(c.title) for c in card.cases))
    asked = {w for segment in content_segments(tokens) for w in segment} - common
    scores: dict[str, int] = {}
    for case in card.cases:
        distinct = words(case.title) - common
        hits = len(distinct & asked)
        if hits and hits / max(len(distinct), 1) >= TITLE_SHARE:
            scores[case.id] = hits
    return _best(card, scores)


def _best(card: Card, scores: dict[str, int]) -> Case | None:
    """The case with the highest score, none on a tie."""
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return card.case(ranked[0][0])


def _bigrams(text: str) -> set[tuple[str, str]]:
    return {
        pair
        for segment in content_segments(with_classes(normalise_tokens(text)))
        for pair in pairwise(segment)
    }


#: Share of all cards whose texts hold a word pair for it to tell no situation apart
#: ("trường hợp", "vợ chồng", "ủy quyền").
FREQUENT_SHARE = 0.08
_PAIRS: dict[int, tuple[Iterable[Card], frozenset[tuple[str, str]]]] = {}


def _card_pairs(card: Card) -> set[tuple[str, str]]:
    texts = [card.title, *card.everyday_names, *card.situations, *(c.text for c in card.conditions)]
    for case in card.cases:
        texts += [case.title, case.note or "", *(p.name for p in case.papers)]
    return set().union(*(_bigrams(t) for t in texts))


def frequent_pairs(cards: Iterable[Card]) -> frozenset[tuple[str, str]]:
    """The word pairs in the texts of more than ``FREQUENT_SHARE`` of ``cards`` (computed
    once per collection)."""
    cached = _PAIRS.get(id(cards))
    if cached is not None and cached[0] is cards:
        return cached[1]
    counts: Counter[tuple[str, str]] = Counter()
    total = 0
    for card in cards:
        counts.update(_card_pairs(card))
        total += 1
    limit = FREQUENT_SHARE * total
    pairs = frozenset(pair for pair, n in counts.items() if n > limit)
    if len(_PAIRS) >= 4:  # the shipped store is one; tests build many small ones
        _PAIRS.clear()
    _PAIRS[id(cards)] = (cards, pairs)
    return pairs


def spoken_notes(
    card: Card, text: str, frequent: frozenset[tuple[str, str]] = frozenset()
) -> list[str]:
    """The case notes of ``card`` that share a word pair with the question ("ly hôn",
    "khai tử", "bản dịch"), other than the ``frequent`` pairs of all cards and those any
    question about this card says (its names, situations, case question, the papers every
    case lists)."""
    if not text or len(card.cases) < 2:
        return []
    asked = _bigrams(text) - frequent
    if not asked:
        return []
    generic = set().union(
        *(
            _bigrams(t)
            for t in (
                card.title,
                *card.everyday_names,
                *card.situations,
                card.case_question or "",
                *(p.name for p in common_papers(card)),
            )
        )
    )
    # Prefixed with the case it belongs to: "Trường hợp này …" read before the case is chosen
    # must still say which case.
    notes = dict.fromkeys(f"{c.title}: {c.note}" for c in card.cases if c.note)
    return [note for note in notes if (_bigrams(note) - generic) & asked]


#: Lines a card answer adds about the papers and case notes its question names, at most.
MAX_SPOKEN = 2
#: Word pairs a question shares with a paper's name, frequent ones counted, that name it.
PAPER_PAIRS = 2


def _generic_pairs(card: Card) -> set[tuple[str, str]]:
    """The word pairs any question about ``card`` says: its names, situations, case question."""
    texts = (card.title, *card.everyday_names, *card.situations, card.case_question or "")
    return set().union(*(_bigrams(t) for t in texts))


def spoken_papers(
    card: Card,
    text: str,
    frequent: frozenset[tuple[str, str]] = frozenset(),
    case: Case | None = None,
) -> list[tuple[Case | None, Paper]]:
    """The papers of ``card`` (of ``case`` when known) the question names: a word pair of
    the paper's name ("đồng ý", "chứng tử", "hợp đồng hợp tác") other than the ``frequent``
    pairs of all cards and those any question about this card says. Each comes with the
    case it belongs to, ``None`` for a paper every case lists; most shared pairs first."""
    if not text:
        return []
    said = _bigrams(text) - _generic_pairs(card)
    asked = said - frequent
    if not said:
        return []
    listed = Counter((p.name, p.kind) for each in card.cases for p in each.papers)
    found: dict[str, tuple[int, Case | None, Paper]] = {}
    for each in (case,) if case is not None else card.cases:
        for paper in each.papers:
            pairs = _bigrams(paper.name)
            hits = len(pairs & asked)
            # Two pairs of the paper's name, common ones included, name it too: "giấy ủy
            # quyền có phải chứng thực không" asks about the authorisation paper although
            # "ủy quyền" and "chứng thực" are each in many cards.
            if not hits and len(pairs & said) >= PAPER_PAIRS:
                hits = len(pairs & said)
            if hits and paper.name not in found:
                # A paper of several cases is not one case's: no case title before it.
                owner = None if listed[paper.name, paper.kind] > 1 or case else each
                found[paper.name] = (hits, owner, paper)
    ranked = sorted(found.values(), key=lambda item: -item[0])
    return [(owner, paper) for _, owner, paper in ranked]


def common_papers(card: Card) -> tuple[Paper, ...]:
    """The papers every case of ``card`` lists (same name, same kind), in the first case's
    order: what the citizen needs whatever the case."""
    if len(card.cases) < 2:
        return ()
    rest = [{(p.name, p.kind) for p in case.papers} for case in card.cases[1:]]
    return tuple(p for p in card.cases[0].papers if all((p.name, p.kind) in r for r in rest))


def _names_form(paper: Paper, form: Form, codes: Sequence[str]) -> bool:
    """True when ``paper`` is ``form``: its name holds the form's code, or begins with the
    form's name and holds no other form's code ("Đơn đề nghị cấp lại (Mẫu số 26.NT)" is
    not the "Đơn đề nghị cấp" of Mẫu số 25.NT)."""
    name = paper.name.casefold()
    code = (form.code or "").casefold()
    if code and code in name:
        return True
    others = (c.casefold() for c in codes if c.casefold() != code)
    return name.startswith(form.name.casefold()) and not any(c in name for c in others)


def case_forms(card: Card, case: Case | None) -> tuple[Form, ...]:
    """The forms of ``card`` for ``case``: without the forms only other cases' papers name
    (asking to re-issue, the citizen fills in the re-issue form, not the first-issue one).
    A form no paper names (the online one) stays; with no case known, or none left (the
    case's papers name no form: the card's forms, as the record lists them), every form."""
    if case is None or len(card.cases) < 2:
        return card.forms
    others = [p for c in card.cases if c.id != case.id for p in c.papers]
    codes = [f.code for f in card.forms if f.code]
    kept = tuple(
        form
        for form in card.forms
        if any(_names_form(p, form, codes) for p in case.papers)
        or not any(_names_form(p, form, codes) for p in others)
    )
    return kept or card.forms


def application_papers(card: Card, case: Case | None) -> tuple[Paper, ...]:
    """The papers of ``case`` (of every case when unknown) the citizen writes or fills in to
    apply ("Đơn đề nghị …", "Giấy đề nghị …"), each once."""
    cases = (case,) if case is not None else card.cases
    found = {p.name: p for each in cases for p in each.papers if is_application(p.name)}
    return tuple(found.values())


def split_message(text: str, limit: int = MESSAGE_CHARS) -> tuple[str, ...]:
    """Chat messages of at most ``limit`` characters, cut between lines (a single
    overlong line between words)."""
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 1, limit)
            cut = cut if cut > 0 else limit
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    parts: list[str] = []
    current: str | None = None
    for line in lines:
        if current is None:
            current = line
        elif len(current) + 1 + len(line) <= limit:
            current += "\n" + line
        else:
            parts.append(current)
            current = line
    if current is not None:
        parts.append(current)
    return tuple(p.strip("\n") for p in parts if p.strip())


CARD_TOPICS = frozenset(
    {
        Topic.OVERVIEW,
        Topic.PAPERS,
        Topic.FEE,
        Topic.DURATION,
        Topic.SUBMISSION,
        Topic.FORMS,
    }
)


class CardComposer:
    def __init__(
        self,
        phrases: Phrasebook,
        offices: OfficeLookup,
        source_url: str,
        channel_kinds: Sequence[str] = (),
        frequent: frozenset[tuple[str, str]] = frozenset(),
        asked: Iterable[Topic] = (),
        agency: str = "",
    ) -> None:
        self._p = phrases
        #: The body the record says decides the file ("Ủy ban nhân dân cấp xã").
        self._agency = agency
        #: Word pairs too common among cards to tie a question to a case's note.
        self._frequent = frequent
        self._offices = offices
        self._source_url = source_url
        #: How the record says one may file ("in_person", "online", "post"): a card that
        #: cannot be filed online says how it can.
        self._channel_kinds = tuple(
            sorted(dict.fromkeys(channel_kinds), key=lambda k: CHANNEL_ORDER.get(k, 9))
        )
        #: Cards whose forms line a reply of this composer (one per answer) already gave: a
        #: message answering several topics names the form once.
        self._forms_said: set[str] = set()
        #: The topics the whole reply answers: a papers answer among them lists the papers.
        self._asked = frozenset(asked)
        #: Lines about named papers and notes already given in this reply.
        self._spoken_said: set[str] = set()

    @staticmethod
    def handles(topic: Topic, card: Card) -> bool:
        return topic in CARD_TOPICS or (topic is Topic.CONDITIONS and bool(card.conditions))

    def compose(self, topic: Topic, card: Card, case_slot: str | None, text: str = "") -> CardReply:
        stated: Case | None = None
        if case_for(card, case_slot) is None and (named := case_from_words(card, text)):
            case_slot = case_slot_value(card.code, named.id)
            stated = named
        reply = self._compose(topic, card, case_slot, text, stated)
        if card.opening and topic in (Topic.OVERVIEW, Topic.PAPERS) and reply.texts:
            first = f"{card.opening}\n{reply.texts[0]}"
            return CardReply(
                (*split_message(first), *reply.texts[1:]),
                reply.buttons,
                reply.case_slot,
                reply.asked_case,
            )
        return reply

    def _compose(
        self,
        topic: Topic,
        card: Card,
        case_slot: str | None,
        text: str = "",
        stated: Case | None = None,
    ) -> CardReply:
        case = case_for(card, case_slot)
        if topic is Topic.PAPERS:
            if case is None:
                return self._ask_case(card, topic, text)
            return self._reply(
                "utter_card_papers",
                card,
                case_slot=case_slot_value(card.code, case.id),
                case_label=self._case_label(card, case),
                paper_lines=self._papers(case, card),
                forms_line=self._forms_line(card, case),
                office_line=self._office_line(card),
            )
        builders: dict[Topic, Callable[[Card], CardReply]] = {
            Topic.OVERVIEW: self._overview,
            Topic.FEE: lambda c: self._reply("utter_card_fee", c, fee=c.fee.text),
            Topic.DURATION: self._duration,
            Topic.SUBMISSION: self._submission,
            Topic.FORMS: lambda c: self._forms(c, case),
            Topic.CONDITIONS: self._conditions,
        }
        reply = self._with_spoken(builders[topic](card), card, case, text, stated)
        if case is not None and len(card.cases) > 1:
            return CardReply(reply.texts, reply.buttons, case_slot_value(card.code, case.id))
        return reply

    def _with_spoken(
        self,
        reply: CardReply,
        card: Card,
        case: Case | None,
        text: str,
        stated: Case | None = None,
    ) -> CardReply:
        """``reply`` with the papers and case notes its question names, before the source
        line: "có cần chủ hộ đồng ý không, phí bao nhiêu" answered with the fee also says
        which paper carries the owner's consent; "đã ly hôn" asked with the overview gets the
        divorce-judgment note. Not when the reply lists the papers anyway."""
        if Topic.PAPERS in self._asked or not reply.texts:
            return reply
        lines = [
            line
            for line in (
                *self._spoken_note_lines(card, case, text),
                *self._spoken_paper_lines(card, case, text),
                *self._stated_case_lines(card, stated),
            )
            if line not in self._spoken_said
        ][:MAX_SPOKEN]
        if not lines:
            return reply
        self._spoken_said.update(lines)
        body = "\n".join(reply.texts)
        source = self._source()
        at = body.rfind(source)
        extra = "\n".join(lines)
        body = f"{body[:at]}{extra}\n{body[at:]}" if at >= 0 else f"{body}\n{extra}"
        return CardReply(
            split_message(body), reply.buttons, reply.case_slot, reply.asked_case, reply.extra
        )

    def _stated_case_lines(self, card: Card, stated: Case | None) -> list[str]:
        """The papers only the case the question states needs ("đẻ ở nhà" -> the witnesses'
        statement instead of the birth certificate), for an answer on another topic: the
        citizen told the case because it is what differs ("không có ADN thì sao?")."""
        if stated is None or len(card.cases) < 2:
            return []
        # Only the papers no other case lists: those are what the stated case changes.
        listed = Counter((p.name, p.kind) for case in card.cases for p in case.papers)
        lines = []
        for paper in stated.papers:
            if listed[paper.name, paper.kind] > 1:
                continue
            kind = self._p.text(f"utter_card_kind_{paper.kind}")
            named = f"{stated.title}: {paper.name}"
            lines.append(self._p.text("utter_line_bullet", text=f"{named} — {kind}"))
        return lines

    def _spoken_note_lines(self, card: Card, case: Case | None, text: str) -> list[str]:
        if case is None:
            notes = spoken_notes(card, text, self._frequent)
        elif case.note and len(card.cases) > 1:
            # The known case's note, when the question speaks of it.
            asked = _bigrams(text) - self._frequent - _generic_pairs(card)
            notes = [case.note] if _bigrams(case.note) & asked else []
        else:
            notes = []
        return [self._p.text("utter_line_fee_note", note=note) for note in notes]

    def _spoken_paper_lines(
        self, card: Card, case: Case | None, text: str, shown: Iterable[Paper] = ()
    ) -> list[str]:
        listed = {(p.name, p.kind) for p in shown}
        lines = []
        for owner, paper in spoken_papers(card, text, self._frequent, case):
            if (paper.name, paper.kind) in listed:
                continue
            kind = self._p.text(f"utter_card_kind_{paper.kind}")
            named = f"{owner.title}: {paper.name}" if owner is not None else paper.name
            lines.append(self._p.text("utter_line_bullet", text=f"{named} — {kind}"))
        return lines

    # -- pieces --------------------------------------------------------------------

    def _source(self) -> str:
        return self._p.text("utter_source", url=self._source_url)

    def _reply(
        self, response: str, card: Card, case_slot: str | None = None, **values: str
    ) -> CardReply:
        text = self._p.text(response, title=card.title, source=self._source(), **values)
        return CardReply(split_message(text), case_slot=case_slot)

    def _case_label(self, card: Card, case: Case) -> str:
        if len(card.cases) == 1:
            return ""
        return self._p.text("utter_card_case_label", case=case.title)

    def _paper_lines(self, papers: Sequence[Paper]) -> str:
        return "\n".join(
            self._p.text(
                "utter_card_line_paper",
                number=i,
                name=paper.name,
                kind=self._p.text(f"utter_card_kind_{paper.kind}"),
            )
            for i, paper in enumerate(papers, start=1)
        )

    def _papers(self, case: Case, card: Card | None = None) -> str:
        lines = [self._paper_lines(case.papers)]
        if case.note:
            lines.append(self._p.text("utter_line_fee_note", note=case.note))
        # The card's condition about copies and originals ("nộp bản sao kèm bản chính để đối
        # chiếu", "văn bản ủy quyền không cần chứng thực") is part of what to bring.
        conditions = [c.text for c in card.conditions] if card is not None else []
        for text in copy_notes(conditions)[:1]:
            if text != case.note:
                lines.append(self._p.text("utter_line_fee_note", note=text))
        return "\n".join(lines)

    def _form(self, form: Form) -> str:
        if form.code is None:
            return self._p.text("utter_card_form_named", name=form.name)
        if form.code.casefold().startswith("mẫu"):  # "Mẫu số 01": the code says it already
            return self._p.text("utter_card_form_full_code", code=form.code, name=form.name)
        return self._p.text("utter_card_form", code=form.code, name=form.name)

    def _forms_line(self, card: Card, case: Case | None = None) -> str:
        if not card.forms or card.code in self._forms_said:
            return ""
        self._forms_said.add(card.code)
        separator = self._p.text("utter_label_list_separator")
        forms = separator.join(self._form(f) for f in case_forms(card, case))
        return self._p.text("utter_card_line_forms", forms=forms) + "\n"

    def _unknown(self, value: str | None) -> str:
        return value or self._p.text("utter_label_not_updated")

    def _office_line(self, card: Card, deciding: bool = False) -> str:
        office = self._offices(card.office)
        line = self._p.text(
            "utter_card_line_office",
            office_name=office.name,
            address=self._unknown(office.address),
            opening_hours=self._unknown(office.opening_hours),
        )
        # Asked where to go, the body that decides the file too, when the desk's name does
        # not say it (the papers answer keeps to the address).
        if deciding and (agency := deciding_agency(self._agency, office.name)):
            line += "\n" + self._p.text("utter_line_summary_agency", agency=agency)
        # The body the card's conditions name as receiving the file ("Cơ quan đăng ký kinh
        # doanh cấp xã", "cơ quan … đang quản lý sổ gốc"): the desk's name alone does not say it.
        for text in place_conditions([c.text for c in card.conditions])[:1]:
            line += "\n" + self._p.text("utter_line_fee_note", note=text)
        if card.online:
            line += "\n" + self._p.text("utter_card_line_online", url=self._source_url)
        elif self._channel_kinds:
            # The card's reviewed "not online" wins over an online row of the record.
            labels = [
                self._p.text(f"utter_label_channel_{kind}")
                for kind in self._channel_kinds
                if kind != "online" and self._p.has(f"utter_label_channel_{kind}")
            ]
            if labels:
                separator = self._p.text("utter_label_list_separator")
                line += "\n" + self._p.text(
                    "utter_line_summary_channels", channels=separator.join(labels)
                )
        return line

    def _ask_case(self, card: Card, topic: Topic, text: str = "") -> CardReply:
        buttons = tuple(
            {
                "title": case.title,
                "payload": "/choose_case"
                + json.dumps(
                    {
                        "procedure_code": card.code,
                        "procedure_case": case_slot_value(card.code, case.id),
                    },
                    ensure_ascii=False,
                ),
            }
            for case in card.cases
        )
        shared = common_papers(card)
        paper_lines = self._paper_lines(shared)
        # A case's note the question speaks of ("đã ly hôn" -> the divorce-judgment note of
        # the first-time case) is said now: the citizen described the situation, not the case.
        spoken = spoken_notes(card, text, self._frequent)
        lines = [self._p.text("utter_line_fee_note", note=n) for n in spoken]
        # So is a paper of some cases the question names ("giấy ủy quyền có phải chứng thực
        # không" before the case is known): its line carries what the citizen asked.
        named = self._spoken_paper_lines(card, None, text, shared)
        lines += named[: max(MAX_SPOKEN - len(lines), 0)]
        notes = "".join(f"{line}\n" for line in lines)
        # The form is the same whatever the case ("khai phiếu gì?" is answered before the
        # button): said unless a shared paper already names it.
        forms_line = self._forms_line(card) if self._forms_unnamed(card, paper_lines) else ""
        if shared and self._p.has("utter_card_ask_case_common"):
            # What every case needs is said now: the citizen can start gathering it, and a
            # question about one of those papers is answered without the case.
            text = self._p.text(
                "utter_card_ask_case_common",
                title=card.title,
                paper_lines=f"{paper_lines}\n{notes}{forms_line}".rstrip("\n"),
                question=card.case_question,
            )
        elif shared:
            # A model trained before that template existed sends a domain without it.
            question = f"{paper_lines}\n{notes}{forms_line}{card.case_question}"
            text = self._p.text("utter_card_ask_case", title=card.title, question=question)
        else:
            text = self._p.text(
                "utter_card_ask_case",
                title=card.title,
                question=f"{notes}{forms_line}{card.case_question}",
            )
        return CardReply(split_message(text), buttons, asked_case=True)

    @staticmethod
    def _forms_unnamed(card: Card, shown: str) -> bool:
        """True when some form of ``card`` is not named in ``shown`` (the papers already
        listed): by its code when it has one ("Mẫu số 18" is what the counter asks for, the
        paper's name alone does not say it), else by its name."""
        said = shown.casefold()
        return any((f.code or f.name).casefold() not in said for f in card.forms)

    def _overview(self, card: Card) -> CardReply:
        office = self._offices(card.office)
        online = self._p.text("utter_card_online_yes" if card.online else "utter_card_online_no")
        # The form to fill in is part of the summary ("làm căn cước khai phiếu gì" read as an
        # overview still names DC02). Appended to the last summary line rather than given a
        # placeholder of its own: the domain a trained model sends keeps its older template.
        online += f"\n{self._forms_line(card)}".rstrip("\n")
        reply = self._reply(
            "utter_card_overview",
            card,
            time=card.time.text,
            fee=card.fee.text,
            office_name=office.name,
            online=online,
        )
        # The same choices as the record overview: papers, fee, time, where.
        return CardReply(reply.texts, tuple(self._p.buttons("utter_answer_overview")))

    def _duration(self, card: Card) -> CardReply:
        # What the citizen must do by when ("trong 15 ngày kể từ …", "chậm nhất 03 ngày làm
        # việc trước …") is part of "how long", whichever card states it; the time
        # template's one placeholder carries it, so an older domain shows it too.
        texts = [c.text for c in card.conditions]
        lines = [
            self._p.text("utter_line_fee_note", note=text)
            for text in deadline_conditions(texts, card.time.text)
        ]
        time = "\n".join([card.time.text, *lines])
        return self._reply("utter_card_duration", card, time=time)

    def _submission(self, card: Card) -> CardReply:
        office_line = self._office_line(card, deciding=True)
        return self._reply("utter_card_submission", card, office_line=office_line)

    def _forms(self, card: Card, case: Case | None = None) -> CardReply:
        if not card.forms:
            # No numbered form: the application among the papers ("Đơn đề nghị ghi nợ …")
            # is what the citizen fills in, and what "đơn theo mẫu nào" asks for.
            applications = application_papers(card, case)
            if not applications:
                return self._reply("utter_card_no_forms", card)
            lines = "\n".join(self._p.text("utter_line_form", form=p.name) for p in applications)
            return self._reply("utter_card_forms", card, form_lines=lines)
        self._forms_said.add(card.code)
        named: list[str] = []
        for form in case_forms(card, case):
            line = self._form_line(form, case)
            # Two forms may be one paper of the case ("Tờ khai khai sinh và Tờ khai nhận cha,
            # mẹ, con"): a form that paper names already is not listed again.
            if not any(line.casefold() in said.casefold() for said in named):
                named.append(line)
        lines = "\n".join(self._p.text("utter_line_form", form=form) for form in named)
        return self._reply("utter_card_forms", card, form_lines=lines)

    def _form_line(self, form: Form, case: Case | None) -> str:
        """The form as the forms answer names it. With the citizen's case known, the case's
        paper that is this form when it says more, i.e. what the form must carry in that
        case ("Tờ khai … (mẫu CT01), có ý kiến đồng ý của chủ sở hữu chỗ ở")."""
        named = self._form(form)
        for paper in case.papers if case is not None else ():
            if paper.name.casefold().startswith(named.casefold()) and paper.name != named:
                return paper.name
        return named

    def _conditions(self, card: Card) -> CardReply:
        lines = "\n".join(self._p.text("utter_line_bullet", text=c.text) for c in card.conditions)
        legal = next((c.source.legal for c in card.conditions if c.source.legal), None)
        legal_line = self._p.text("utter_card_line_legal", legal=legal) if legal else ""
        return self._reply(
            "utter_card_conditions", card, condition_lines=lines, legal_line=legal_line
        )
