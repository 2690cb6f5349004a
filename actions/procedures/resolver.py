"""Find which procedure a citizen means from their own words.

Names and aliases are folded (accent- and case-insensitive, teencode expanded) and
split into unigram and bigram features weighted by inverse document frequency. A
candidate scores by how much of its best phrase the question covers, so the short
"đăng ký khai sinh" beats "đăng ký khai sinh có yếu tố nước ngoài" for "khai sinh cho
con", and common words such as "đăng ký" weigh little.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import pairwise
from typing import TypeVar

from rapidfuzz import fuzz, process

from actions.procedures.repository import SearchEntry
from actions.text import content_segments, normalise_tokens
from actions.text.folding import follow_up_words

# A national procedure code ("1.001193", "2.000513") typed by staff at the counter.
_CODE = re.compile(r"\b\d\.\d{6}\b")
# Punctuation that ends a clause: no word pair of the question spans it.
_CLAUSE_END = re.compile(r"[,.;:!?()\n]+")
# Every national record's name starts with "Thủ tục"; it says nothing about which one.
_NAME_PREFIX = ("thu", "tuc")


class Certainty(Enum):
    NONE = "none"
    UNIQUE = "unique"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Match:
    entry: SearchEntry
    score: float


@dataclass(frozen=True)
class Resolution:
    certainty: Certainty
    matches: tuple[Match, ...] = ()

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class Contest:
    """What a challenger explains of a question that an incumbent does not, and back.

    A candidate's score says how much of ITS phrase the question covers; this says how
    much of the QUESTION each explains: "giấy phép kinh doanh vận tải" and "đăng ký hộ
    kinh doanh" both cover "giấy phép kinh doanh", only the first explains "vận tải".
    Weights are the inverse document frequencies of the question's own words and word
    pairs (question words, stop words and follow-up words left out).
    """

    gained: float
    lost: float
    #: The known word pairs of the question only the challenger explains: a pair is what
    #: makes the difference a name rather than a scattered word ("kiện" in "điều kiện").
    gained_pairs: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Phrase:
    features: frozenset[str]
    weight: float
    #: Whether the phrase has a word pair: read for every phrase of every ranking, so
    #: computed once.
    has_pairs: bool = False


@dataclass
class _Indexed:
    entry: SearchEntry
    phrases: list[_Phrase] = field(default_factory=list)


def _features(tokens: Sequence[str]) -> set[str]:
    feats = set(tokens)
    feats.update(f"{a} {b}" for a, b in pairwise(tokens))
    return feats


def _query_features(text: str, correct: Callable[[list[str]], list[str]]) -> set[str]:
    feats: set[str] = set()
    for segment in content_segments(normalise_tokens(text)):
        feats |= _features(correct(segment))
    return feats


def _phrase_tokens(text: str, *, is_name: bool) -> list[str]:
    tokens = normalise_tokens(text)
    if is_name and tuple(tokens[:2]) == _NAME_PREFIX:
        tokens = tokens[2:]
    return tokens


#: How many texts a resolver remembers the ranking of: the messages of the last few
#: action calls and their parts.
_REMEMBERED = 256

_V = TypeVar("_V")


def _remember(memo: dict[str, _V], text: str, value: _V) -> None:
    if len(memo) >= _REMEMBERED:
        # Oldest first (dicts keep insertion order).
        del memo[next(iter(memo))]
    memo[text] = value


class ProcedureResolver:
    """Ranks procedures for a free-text question; build once per catalogue."""

    def __init__(
        self,
        entries: Iterable[SearchEntry],
        *,
        min_score: float = 0.45,
        suggest_score: float = 0.3,
        ambiguity_margin: float = 0.08,
        typo_cutoff: float = 85.0,
        pair_share: float = 0.4,
        lone_word_factor: float = 0.5,
    ) -> None:
        self._lone_word_factor = lone_word_factor
        self._pair_share = pair_share
        self._min_score = min_score
        self._suggest_score = suggest_score
        self._margin = ambiguity_margin
        self._typo_cutoff = typo_cutoff
        raw: list[tuple[SearchEntry, list[set[str]]]] = []
        doc_freq: dict[str, int] = {}
        for entry in entries:
            feature_sets = [_features(_phrase_tokens(entry.name, is_name=True))]
            feature_sets += [_features(_phrase_tokens(a, is_name=False)) for a in entry.aliases]
            feature_sets = [f for f in feature_sets if f]
            raw.append((entry, feature_sets))
            for feat in set().union(*feature_sets) if feature_sets else ():
                doc_freq[feat] = doc_freq.get(feat, 0) + 1
        total = max(len(raw), 1)
        self._idf = {f: math.log((total + 1) / (n + 0.5)) for f, n in doc_freq.items()}
        self._vocabulary = sorted(f for f in doc_freq if " " not in f and len(f) >= 3)
        self._followers: dict[str, list[str]] = {}
        for feat in sorted(doc_freq):
            if " " in feat:
                self._followers.setdefault(feat.split(" ", 1)[0], []).append(feat)
        self._by_code = {entry.code: entry for entry, _ in raw}
        self._index = [
            _Indexed(
                entry,
                [
                    _Phrase(
                        frozenset(f),
                        sum(self._idf[x] for x in f),
                        has_pairs=any(" " in x for x in f),
                    )
                    for f in feature_sets
                ],
            )
            for entry, feature_sets in raw
        ]
        self._item_of = {item.entry.code: item for item in self._index}
        self._features_of = {
            item.entry.code: frozenset().union(*(p.features for p in item.phrases))
            for item in self._index
        }
        # Which phrases have a feature: a ranking scores only the phrases sharing a feature
        # with the question (the others cover nothing of it and score 0).
        self._phrases = [
            (position, phrase)
            for position, item in enumerate(self._index)
            for phrase in item.phrases
            if phrase.weight > 0
        ]
        postings: dict[str, list[int]] = {}
        for number, (_, phrase) in enumerate(self._phrases):
            for feat in phrase.features:
                postings.setdefault(feat, []).append(number)
        self._postings = postings
        # One message is ranked several times per action call (the whole message, its
        # request, its clauses, again by each step of ProcedureFinder): the full ranking
        # of the last texts is kept, so each is computed once.
        self._ranked: dict[str, list[Match]] = {}
        self._queries: dict[str, frozenset[str]] = {}
        self._evidences: dict[str, frozenset[str]] = {}

    @property
    def min_score(self) -> float:
        return self._min_score

    @property
    def suggest_score(self) -> float:
        """Below this score a name is not even offered as a choice."""
        return self._suggest_score

    def _correct(self, tokens: list[str]) -> list[str]:
        """Map unknown tokens to the closest known ones ("khai tửu" -> "khai tu").

        Vietnamese syllables are short, so a typo is judged with the previous word
        as context: "khai tuu" is close to the known pair "khai tu", while "tuu" alone
        is too short to be matched safely.
        """
        fixed: list[str] = []
        for token in tokens:
            # Two-letter tokens are mostly abbreviations ("hd", "ct"), not typos.
            if token in self._idf or token.isdigit() or len(token) < 3:
                fixed.append(token)
                continue
            previous = fixed[-1] if fixed else None
            replacement = None
            if previous is not None and previous in self._followers:
                found = process.extractOne(
                    f"{previous} {token}",
                    self._followers[previous],
                    scorer=fuzz.ratio,
                    score_cutoff=self._typo_cutoff,
                )
                replacement = found[0].split(" ", 1)[1] if found else None
            if replacement is None and len(token) >= 4:
                found = process.extractOne(
                    token, self._vocabulary, scorer=fuzz.ratio, score_cutoff=self._typo_cutoff
                )
                replacement = found[0] if found else None
            fixed.append(replacement or token)
        return fixed

    def _query(self, text: str) -> frozenset[str]:
        """The features of ``text`` as a ranking reads them, computed once per text (typo
        correction is the costly part)."""
        query = self._queries.get(text)
        if query is None:
            query = frozenset(_query_features(text, self._correct))
            _remember(self._queries, text, query)
        return query

    def stray_words(self, text: str, code: str | None = None) -> list[str]:
        """Content words of ``text`` (question words removed) that procedure ``code``'s
        name and aliases do not contain; all of them when ``code`` is None.

        "thế còn hộ chiếu thì sao" asked about đăng ký tạm trú has stray words ("ho",
        "chieu"): it is about something else, not a follow-up on tạm trú.
        """
        small = follow_up_words()
        # Follow-up words go before typo correction, which reads "photo" as another word.
        words = [
            t
            for s in content_segments(normalise_tokens(text))
            for t in self._correct([w for w in s if w not in small])
        ]
        known: set[str] = set()
        item = self._item_of.get(code) if code else None
        if item is not None:
            for phrase in item.phrases:
                known.update(f for f in phrase.features if " " not in f)
        return [w for w in words if w not in known and w not in small]

    def weight(self, word: str) -> float:
        """The inverse document frequency of a folded word (0 when unknown)."""
        return self._idf.get(word, 0.0)

    def matched_words(self, text: str, code: str) -> dict[str, float]:
        """The question's content words that procedure ``code``'s name or aliases contain,
        with their weights: what the question and that procedure have in common."""
        query = self._query(text)
        item = self._item_of.get(code)
        if item is None:
            return {}
        words: dict[str, float] = {}
        for phrase in item.phrases:
            for feat in phrase.features & query:
                if " " not in feat:
                    words[feat] = self._idf[feat]
        return words

    def _evidence(self, text: str) -> frozenset[str]:
        """The question's features that can tell procedures apart: known words other than
        follow-up words ("con", "người", "thế"), and known word pairs within one clause
        ("25 tuổi, đi đổi" says no "tuổi đi")."""
        evidence = self._evidences.get(text)
        if evidence is None:
            small = follow_up_words()
            features: set[str] = set()
            for clause in _CLAUSE_END.split(text):
                features |= _query_features(clause, self._correct)
            evidence = frozenset(
                f for f in features if f in self._idf and (" " in f or f not in small)
            )
            _remember(self._evidences, text, evidence)
        return evidence

    def evidence_weight(self, text: str) -> float:
        """The weight of the features of ``text`` that can tell procedures apart."""
        return sum(self._idf[f] for f in self._evidence(text))

    @staticmethod
    def normalised(text: str) -> list[str]:
        """The folded words of ``text``, as every comparison reads them."""
        return normalise_tokens(text)

    def explained(self, text: str, code: str) -> dict[str, float]:
        """The question's words and word pairs that procedure ``code``'s names contain,
        with their weights (see ``Contest``)."""
        own = self._features_of.get(code, frozenset())
        return {f: self._idf[f] for f in self._evidence(text) & own}

    def contest(self, text: str, challenger: str, incumbent: str) -> Contest:
        """What ``challenger`` explains of ``text`` that ``incumbent`` does not, and back."""
        evidence = self._evidence(text)
        theirs = evidence & self._features_of.get(challenger, frozenset())
        ours = evidence & self._features_of.get(incumbent, frozenset())
        return Contest(
            gained=sum(self._idf[f] for f in theirs - ours),
            lost=sum(self._idf[f] for f in ours - theirs),
            gained_pairs=tuple(sorted(f for f in theirs - ours if " " in f)),
        )

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        """Candidates best first, each scored in [0, 1]."""
        ranked = self._ranked.get(text)
        if ranked is None:
            ranked = self._rank_all(text)
            _remember(self._ranked, text, ranked)
        # A fresh list: callers extend what they are given.
        return ranked[:limit]

    def _rank_all(self, text: str) -> list[Match]:
        direct = [self._by_code[c] for c in _CODE.findall(text) if c in self._by_code]
        if direct:
            return [Match(entry, 1.0) for entry in direct]
        query = self._query(text)
        if not query:
            return []
        # The question's known word pairs: a long official name that contains all of
        # them ("...giấy phép xây dựng mới đối với công trình cấp III...") is a good
        # match even though the question covers little of the name.
        pairs = {f for f in query if " " in f and f in self._idf}
        pair_weight = sum(self._idf[f] for f in pairs)
        # Words the question says inside a known word pair ("kiện" in "điều kiện"): a
        # one-word phrase matching one is another compound's syllable, not its name.
        bound: dict[str, set[str]] = {}
        for pair in pairs:
            for word in pair.split(" "):
                bound.setdefault(word, set()).add(pair)
        touched: set[int] = set()
        for feat in query:
            touched.update(self._postings.get(feat, ()))
        best: dict[int, float] = {}
        for number in touched:
            position, phrase = self._phrases[number]
            matched = phrase.features & query
            if not phrase.has_pairs:
                own = self._features_of[self._index[position].entry.code]
                matched = frozenset(f for f in matched if f not in bound or bound[f] & own)
            covered = sum(self._idf[f] for f in matched) / phrase.weight
            if phrase.has_pairs and not any(" " in f for f in matched):
                # Scattered single words ("còn" ~ "con" in "nhận con") are weak evidence.
                covered *= self._lone_word_factor
            if pair_weight:
                pair_cover = sum(self._idf[f] for f in matched & pairs) / pair_weight
                covered = (1 - self._pair_share) * covered + self._pair_share * pair_cover
            best[position] = max(best.get(position, 0.0), covered)
        scored = [
            Match(self._index[position].entry, round(score, 4))
            for position, score in best.items()
            if score > 0
        ]
        scored.sort(key=lambda m: (-m.score, m.entry.code))
        return scored

    def resolve(self, text: str, limit: int = 5) -> Resolution:
        """Decide whether ``text`` names no procedure, exactly one, or several."""
        ranked = self.rank(text, limit=limit)
        if not ranked or ranked[0].score < self._suggest_score:
            return Resolution(Certainty.NONE)
        close = [m for m in ranked if ranked[0].score - m.score <= self._margin]
        if ranked[0].score >= self._min_score and len(close) == 1:
            return Resolution(Certainty.UNIQUE, tuple(ranked))
        # Several names fit about equally, or one fits only partly: let the citizen pick.
        plausible = [m for m in ranked if m.score >= self._suggest_score]
        return Resolution(Certainty.AMBIGUOUS, tuple(close if len(close) > 1 else plausible))
