"""Decide which procedure a question is about: the one named, or the one remembered."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import pairwise

from actions.cards.store import CardStore
from actions.procedures.models import Procedure
from actions.procedures.repository import ProcedureRepository, SearchEntry
from actions.procedures.resolver import Certainty, Match, ProcedureResolver, Resolution
from actions.procedures.variants import (
    act_marks,
    context_free,
    core_of_name,
    cued_marks,
    denies_name,
    fit,
    hinted_marks,
    joins_acts,
    listed_marks_of_name,
    marks_of_name,
    name_tokens,
    negated_words,
    says_name,
)
from actions.scope.asides import without_asides
from actions.scope.objects import (
    elsewhere_for_the_object,
    objects_resolver_for,
    request_object,
    ward_for_the_object,
)
from actions.scope.request import elsewhere_for_the_request, request_focus, ward_for_the_request
from actions.scope.store import OutOfScope, Scope, is_out_of_scope
from actions.text import topic_cues
from actions.text.folding import normalise_tokens

CHOICES_SHOWN = 4


@dataclass(frozen=True)
class Found:
    procedure: Procedure


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[SearchEntry, ...]


@dataclass(frozen=True)
class NotMentioned:
    """The question names no procedure and none is remembered."""


@dataclass(frozen=True)
class NotFound:
    """The question names something that is not in the ward's catalogue."""


@dataclass(frozen=True)
class HandledElsewhere:
    """The question is about a matter another agency handles (or a national procedure the
    ward's catalogue does not carry): the honest answer says who handles it."""

    matter: OutOfScope


FindResult = Found | Ambiguous | NotMentioned | NotFound | HandledElsewhere

# How much better an out-of-scope name must fit than the best ward procedure before the
# answer is "handled elsewhere" rather than the ward procedure (tests/procedures).
ELSEWHERE_MARGIN = 0.05

# How far below the best match a variant of the same act may score and still be chosen by
# the words that tell the variants apart (actions/procedures/variants.py): siblings such
# as "cấp thẻ căn cước" / "cấp thẻ căn cước cho người dưới 14 tuổi" differ by a few words
# of high weight, procedures of other acts score much lower.
VARIANT_WINDOW = 0.25
# A variant whose marker the question says ("chồng em người Nhật" for "... có yếu tố nước
# ngoài") may score lower still when its name is the best's plus the marker: the short
# ordinary name is fully covered by the question, the long marked one only partly.
CUED_VARIANT_WINDOW = 0.4
# How far down the ranking the best's marked twin is sought (see _prefer_the_variant_named).
TWIN_SEARCH = 40
# The share of the suggestion score a marked twin needs: the question says the marker in
# its own words ("cử cán bộ xuống tận nhà" for "lưu động"), so the twin's long official
# name is covered little, and the best's score already vouches for the act.
TWIN_SCORE_SHARE = 0.5
# Choosing the ordinary procedure because the question says no marker is weaker evidence
# than a marker said: it needs a good fit of its own.
PLAIN_VARIANT_SCORE = 0.6

# A variant carrying more of the cued markers than the best, matching at least this share
# of the weight of the question's words the best matches, is the best's act with the case
# the question adds (ProcedureFinder._prefer_the_variant_named).
SAYS_ALL_SHARE = 0.85

# A question with this many content words that match nothing names something of its own.
STRAY_WORDS_FOR_NOT_FOUND = 2

# A candidate that fits about as well as the one chosen (at most this far below it)...
EXPLAIN_WINDOW = 0.15
# ...and explains words of the question the chosen one does not, at least this many times
# the weight of what only the chosen one explains, including a known word pair, is what
# the question is about: "xin giấy phép kinh doanh vận tải" is the transport licence
# (handled elsewhere), not the household business whose "giấy phép kinh doanh" it covers
# too. Calibrated on the development question sets and tests/procedures (see
# ProcedureResolver.contest): 2.0 misses clear cases, 1.3 overturns right answers.
EXPLAIN_RATIO = 1.6
# A matter handled elsewhere may fit a little less well: answering a ward procedure to a
# question about another agency's matter is the confident wrong answer, while "việc này
# do … giải quyết" still offers the related ward procedures. (0.25 overturns right ones.)
ELSEWHERE_EXPLAIN_WINDOW = 0.2
# A question whose other agency's words are all in an aside keeps the ward procedure its
# request names this well on its own (ProcedureFinder.out_of_scope).
REQUEST_SCORE = 0.5
# A matter that fits only about as well as the best ward procedure (within ELSEWHERE_MARGIN)
# must explain this many times what the ward procedure alone explains: a pension claim
# ("hồ sơ hưởng lương hưu … công ty … nghỉ hưu", ~5x) over moving a pension, not voluntary
# insurance with a pension in view (~2x). Calibrated on the development question sets.
TIED_EXPLAIN_RATIO = 3.0
# ...and at least this many known word pairs of it: one more word ("thẻ" in "gia hạn thẻ
# tạm trú") is no other matter.
TIED_EXPLAIN_PAIRS = 2


_RESOLVERS: dict[str, ProcedureResolver] = {}


def resolver_for(repository: ProcedureRepository) -> ProcedureResolver:
    """The index of the current catalogue, rebuilt only when the knowledge base changes.

    Building it folds ~300 names and ~600 aliases (tens of ms); asking the version is one
    small query, so every action call can afford it.
    """
    version = repository.catalogue_version()
    resolver = _RESOLVERS.get(version)
    if resolver is None:
        resolver = ProcedureResolver(repository.list_search_entries())
        _RESOLVERS.clear()
        _RESOLVERS[version] = resolver
    return resolver


_SCOPED: dict[tuple[str, int, int], ProcedureResolver] = {}
_CARDED: dict[tuple[str, int], ProcedureResolver] = {}


def with_card_words(entries: list[SearchEntry], cards: CardStore | None) -> list[SearchEntry]:
    """The catalogue's entries, with each card's everyday names and situations as aliases:
    citizens describe their situation ("vừa sinh con") more often than they name it."""
    if cards is None:
        return entries
    extended = []
    for entry in entries:
        card = cards.get(entry.code)
        if card is not None:
            extra = tuple(
                a for a in (*card.everyday_names, *card.situations) if a not in entry.aliases
            )
            entry = replace(entry, aliases=entry.aliases + extra)
        extended.append(entry)
    return extended


def carded_resolver_for(repository: ProcedureRepository, cards: CardStore) -> ProcedureResolver:
    key = (repository.catalogue_version(), id(cards))
    resolver = _CARDED.get(key)
    if resolver is None:
        resolver = ProcedureResolver(with_card_words(repository.list_search_entries(), cards))
        _CARDED.clear()
        _CARDED[key] = resolver
    return resolver


def scoped_resolver_for(
    repository: ProcedureRepository, scope: Scope, cards: CardStore | None = None
) -> ProcedureResolver:
    """One index over the ward's procedures and what is out of scope, so that their scores
    compare (the same IDF); rebuilt when the catalogue changes."""
    key = (repository.catalogue_version(), id(scope), id(cards))
    resolver = _SCOPED.get(key)
    if resolver is None:
        entries = with_card_words(repository.list_search_entries(), cards)
        resolver = ProcedureResolver([*entries, *scope.entries(e.code for e in entries)])
        _SCOPED.clear()
        _SCOPED[key] = resolver
    return resolver


# A message longer than this tells a story; the request is usually one of its sentences.
LONG_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.?!;\n])\s+|\s*\n+\s*")


def sentences(text: str) -> list[str]:
    """The sentences of a message, last first: a story ends with what the citizen asks."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if len(p.split()) >= 2]
    return parts[::-1]


# Two candidates are variants of one act when most of the weight of the question's words
# that either matches is matched by both, and their names, markers aside, mostly agree
# ("cấp đổi thẻ căn cước" / "cấp thẻ căn cước"): not two names that happen to share a
# situation's words ("sau khi ...").
SAME_ACT_SHARE = 0.5


def _name_core(resolver: ProcedureResolver, name: str) -> dict[str, float]:
    return {word: resolver.weight(word) for word in core_of_name(name)}


# What the citizen says already happened ("em đã ly hôn ở tòa rồi", "từng đăng ký") is
# their situation, not the request: up to the clause's end, or a word turning to what they
# want now. Accented forms only: unaccented "da" is also "dạ", "đá".
_PAST_CLAUSE = re.compile(
    r"\b(?:đã|từng)\b.*?(?=[,.;:!?\n]|\b(?:giờ|bây giờ|nay|mà|nhưng|thì|muốn|cần|xin|nên)\b|$)",
    re.IGNORECASE,
)


def without_past_clauses(text: str) -> str:
    """``text`` without what it says already happened: the part a contest of candidates
    judges, so that a past event's words ("ly hôn") do not outweigh the request's."""
    return _PAST_CLAUSE.sub(" ", unicodedata.normalize("NFC", text))


def _best_explainer(
    resolver: ProcedureResolver, text: str, chosen: Match, rivals: list[Match], ratio: float
) -> Match | None:
    """The rival that explains clearly more of ``text`` than ``chosen`` does (a known word
    pair among what it adds, ``ratio`` times the weight of what it loses), the one that
    adds the most when several do; None when none does."""
    best: tuple[float, Match] | None = None
    for rival in rivals:
        if rival.entry.code == chosen.entry.code:
            continue
        contest = resolver.contest(text, rival.entry.code, chosen.entry.code)
        if not contest.gained_pairs or contest.gained < ratio * contest.lost:
            continue
        margin = contest.gained - contest.lost
        if best is None or margin > best[0]:
            best = (margin, rival)
    return None if best is None else best[1]


def _combines(text: str, combined: Match, part: Match) -> bool:
    """Whether ``combined`` is the procedure ``part`` joined with another act the question
    also asks for: its name has all of the part's words and more ("đăng ký khai sinh kết
    hợp đăng ký nhận cha, mẹ, con" over "đăng ký nhận cha, mẹ, con"), each of them said."""
    mine, theirs = core_of_name(combined.entry.name), core_of_name(part.entry.name)
    extra = mine - theirs
    return theirs < mine and extra <= set(normalise_tokens(text))


# The resolver's own margin (ProcedureResolver ambiguity_margin): candidates this close
# to the best are offered together when the best is set aside.
CLOSE_MARGIN = 0.08


def _narrowed(resolver: ProcedureResolver, ranked: list[Match]) -> Resolution:
    """The resolution of what is left of a ranking once some candidates are set aside,
    by the resolver's rule: one clear match, several close ones, or none."""
    if not ranked or ranked[0].score < resolver.suggest_score:
        return Resolution(Certainty.NONE)
    close = [m for m in ranked if ranked[0].score - m.score <= CLOSE_MARGIN]
    if ranked[0].score >= resolver.min_score and len(close) == 1:
        return Resolution(Certainty.UNIQUE, tuple(ranked))
    plausible = [m for m in ranked if m.score >= resolver.suggest_score]
    return Resolution(Certainty.AMBIGUOUS, tuple(close if len(close) > 1 else plausible))


# A parenthesis in an official name listing the cases it covers ("(khai sinh; giám hộ; …)").
_LISTED_CASES = re.compile(r"\([^()]*\)")


def _name_pairs(name: str) -> frozenset[str]:
    tokens = name_tokens(name)
    return frozenset(f"{a} {b}" for a, b in pairwise(tokens))


def _named_apart(
    resolver: ProcedureResolver, text: str, offered: list[Match], *, listed: bool = True
) -> Match | None:
    """The one candidate among ``offered`` whose official name has a word pair the question
    says and no other candidate's names or aliases explain ("tình trạng hôn nhân" among
    "đăng ký kết hôn" and "cấp giấy xác nhận tình trạng hôn nhân"); None when none or
    several do. A variant marker's words ("có yếu tố nước ngoài") are left to the variant
    rules: they weigh the markers of every sibling (_prefer_the_variant_named)."""
    explained = {m.entry.code: resolver.explained(text, m.entry.code) for m in offered}
    apart = []
    for m in offered:
        others = set().union(*(explained[o.entry.code] for o in offered if o is not m))
        core = core_of_name(m.entry.name)
        own = {
            f
            for f in explained[m.entry.code]
            if f in _name_pairs(m.entry.name if listed else _LISTED_CASES.sub(" ", m.entry.name))
            and set(f.split(" ")) <= core
        }
        if own - others:
            apart.append(m)
    return apart[0] if len(apart) == 1 else None


# How much more weight of unsaid name words (about one distinctive word) a sibling's name
# must add than the leanest's for the leanest to be the one meant (_leanest).
LEAN_MARGIN = 1.5
# The parts of an official name joining several acts ("…; Đăng ký thay đổi nội dung đối
# với trường hợp … bị tách"): each part is a name of its own.
_NAME_PARTS = re.compile(r"[;/]")


def _unsaid(resolver: ProcedureResolver, name: str, said: frozenset[str]) -> float:
    """The weight of the words of ``name`` besides its markers that the question does not
    say, for the part of the name that fits the question best. The cases a parenthesis
    lists ("(khai sinh; giám hộ; …)") are no name of their own."""
    parts = [p for p in _NAME_PARTS.split(_LISTED_CASES.sub(" ", name)) if p.strip()] or [name]
    return min(
        sum(resolver.weight(w) for w in core_of_name(part) if w not in said) for part in parts
    )


def _leanest(resolver: ProcedureResolver, text: str, offered: list[Match]) -> Match | None:
    """Among equally marked siblings, the one whose official name adds clearly the least
    that the question does not say; None when two add about as little."""
    said = frozenset(normalise_tokens(text))
    ranked = sorted(offered, key=lambda m: _unsaid(resolver, m.entry.name, said))
    lean, next_lean = (_unsaid(resolver, m.entry.name, said) for m in ranked[:2])
    # The shortest name is no reading of the question when another sibling fits its words
    # better ("record our marriage" translated to "ghi vào sổ hộ tịch" alone): a guess, so
    # the siblings are offered.
    if ranked[0].score < max(m.score for m in offered):
        return None
    return ranked[0] if next_lean - lean >= LEAN_MARGIN else None


def _same_act(a: dict[str, float], b: dict[str, float]) -> bool:
    shared = sum(w for word, w in a.items() if word in b)
    return shared > 0 and shared >= SAME_ACT_SHARE * min(sum(a.values()), sum(b.values()))


# How far below the best a candidate may fit the whole message and still be the one its
# request asks for: the background's words ("đăng ký kết hôn ở quê") can put another
# procedure well ahead on the whole.
FOCUS_WINDOW = 0.25


def _prefer_the_focus(resolution: Resolution, resolver: ProcedureResolver, text: str) -> Resolution:
    """In a long message (a story: in a short one the request is most of the message, its
    other words details of the same case), the close candidate the request's own words
    (request_focus) fit clearly best: the background's procedures ("giấy chứng sinh thì
    có, … đăng ký kết hôn ở quê", "bố mới mất") give way to the one asked for ("làm khai
    sinh cho cháu") unless the request names them too; when the request fits none
    clearly better, the resolution stands (a choice stays a choice)."""
    best = resolution.best
    if resolution.certainty is Certainty.NONE or best is None:
        return resolution
    if len(text.split()) <= LONG_WORDS:
        return resolution
    focus = request_focus(text, lambda part: resolver.evidence_weight(part) > 0)
    if normalise_tokens(focus) == normalise_tokens(text):
        return resolution
    ranked = resolver.rank(text, limit=8)
    floor = max(resolver.suggest_score, ranked[0].score - FOCUS_WINDOW)
    close = [m for m in ranked if m.score >= floor]
    close += [m for m in resolution.matches[:CHOICES_SHOWN] if m not in close]
    if len(close) < 2:
        return resolution
    on_focus = {m.entry.code: m.score for m in resolver.rank(focus, limit=TWIN_SEARCH)}
    by_focus = sorted(close, key=lambda m: on_focus.get(m.entry.code, 0.0), reverse=True)
    winner = by_focus[0]
    if winner.entry.code == best.entry.code and resolution.certainty is Certainty.UNIQUE:
        return resolution
    # A clear match gives way when the request fits another clearly better than it (the
    # variant rules then choose among the winner's siblings); a choice, only when the
    # request sets one candidate clearly apart from every other.
    rival = best if resolution.certainty is Certainty.UNIQUE else by_focus[1]
    score = on_focus.get(winner.entry.code, 0.0)
    if score < resolver.min_score or score - on_focus.get(rival.entry.code, 0.0) <= CLOSE_MARGIN:
        return resolution
    # The request must name what the winner is about and the rival is not (a word pair of
    # its own): a shorter name covering the same words ("khai sinh" inside the joint
    # birth, residence and insurance procedure) fits better without being asked for more.
    contest = resolver.contest(focus, winner.entry.code, rival.entry.code)
    if not contest.gained_pairs or contest.gained < EXPLAIN_RATIO * contest.lost:
        return resolution
    rest = tuple(m for m in ranked if m.entry.code != winner.entry.code)
    return Resolution(Certainty.UNIQUE, (winner, *rest))


class ProcedureFinder:
    def __init__(
        self,
        repository: ProcedureRepository,
        scope: Scope | None = None,
        cards: CardStore | None = None,
    ) -> None:
        self._repository = repository
        self._scope = scope
        self._cards = cards

    def resolver(self) -> ProcedureResolver:
        if self._cards is not None and len(self._cards):
            return carded_resolver_for(self._repository, self._cards)
        return resolver_for(self._repository)

    def out_of_scope(self, text: str) -> OutOfScope | None:
        """What ``text`` is about when that is clearly something the ward does not handle.

        Not when the other agency's words are only in an aside (actions/scope/asides.py:
        "… hay phải qua lãnh sự quán?", "…, có phải hợp pháp hóa lãnh sự không?") and the
        rest of the question asks for a ward procedure by its own words."""
        if self._scope is None:
            return None
        resolver = scoped_resolver_for(self._repository, self._scope, self._cards)
        found = self._elsewhere_by_rank(resolver, text)
        if found is not None and ward_for_the_request(resolver, text, found.key) is not None:
            # The other agency's words are the story; the request is a ward procedure's.
            return None
        if found is not None and self._ward_object(resolver, text, found.key):
            # What the request asks to be made is a ward procedure's own paper or act
            # ("giờ xin giấy xác nhận tình trạng hôn nhân" after a divorce).
            return None
        # The asides set aside, what the request asks for decides ("… làm hộ chiếu ở đâu,
        # có cần mang giấy khai sinh không?" is the passport); a ward procedure takes over
        # from another agency's matter only when it fits the request well on its own. A
        # yes/no clause of its own may be the request ("…, có phải khai báo tạm vắng
        # không?"): it is set aside only against the matter.
        request = without_asides(text, need_clauses=found is not None)
        if request == " ".join(text.split()):
            return found
        # Against the ward procedure the whole question names, the request's matter must
        # fit clearly better: no tie is broken for it.
        elsewhere = self._elsewhere_by_rank(resolver, request, break_ties=found is not None)
        if found is None or elsewhere is not None:
            return elsewhere
        asked = self.resolver().resolve(request).best
        return None if asked is not None and asked.score >= REQUEST_SCORE else found

    def _elsewhere_by_rank(
        self, resolver: ProcedureResolver, text: str, *, break_ties: bool = True
    ) -> OutOfScope | None:
        """What is handled elsewhere that fits ``text`` clearly better than, or explains
        more of it than, every ward procedure (one index over both); a matter ranked first
        by less than ELSEWHERE_MARGIN only when ``break_ties``."""
        if self._scope is None:
            return None
        ranked = resolver.rank(text, limit=12)
        if ranked and not is_out_of_scope(ranked[0].entry.code):
            return self._explaining_matter(resolver, text, ranked)
        if not ranked:
            return None
        best = ranked[0]
        if best.score < resolver.min_score:
            return None
        ward = next((m for m in ranked if not is_out_of_scope(m.entry.code)), None)
        if ward is not None and best.score - ward.score < ELSEWHERE_MARGIN:
            # About as good a fit: the matter still wins when it explains far more of the
            # question than the ward procedure (what already happened left out).
            if not break_ties:
                return None
            # Against each ward procedure that fits about as well: "gia hạn thẻ tạm trú"
            # is the ward's extension, not a foreigner's card, though it ranks second.
            request = without_past_clauses(text)
            floor = best.score - ELSEWHERE_EXPLAIN_WINDOW
            close = [m for m in ranked if not is_out_of_scope(m.entry.code) and m.score >= floor]
            for m in close:
                contest = resolver.contest(request, best.entry.code, m.entry.code)
                if (
                    len(contest.gained_pairs) < TIED_EXPLAIN_PAIRS
                    or contest.gained < TIED_EXPLAIN_RATIO * contest.lost
                ):
                    return None
        return self._scope.get(best.entry.code)

    def _explaining_matter(
        self, resolver: ProcedureResolver, text: str, ranked: list[Match]
    ) -> OutOfScope | None:
        """What is handled elsewhere that fits about as well as the best ward procedure
        and explains more of the question: its distinctive words, not the ward's."""
        if self._scope is None:
            return None
        ward = next((m for m in ranked if not is_out_of_scope(m.entry.code)), None)
        if ward is None:
            return None
        floor = max(resolver.min_score, ward.score - ELSEWHERE_EXPLAIN_WINDOW)
        rivals = [m for m in ranked if is_out_of_scope(m.entry.code) and m.score >= floor]
        winner = _best_explainer(resolver, text, ward, rivals, EXPLAIN_RATIO)
        return None if winner is None else self._scope.get(winner.entry.code)

    def _overriding_matter(self, text: str, resolution: Resolution) -> OutOfScope | None:
        """A matter handled elsewhere whose own words the question says, beside words of
        the ward procedures it would otherwise get ("công ty TNHH tạm ngừng kinh doanh",
        "sổ bảo hiểm xã hội ghi sai ngày sinh"): those words decide, not the ward's names
        (data/scope/elsewhere.yml, ``overrides``)."""
        if self._scope is None or resolution.best is None:
            return None
        if resolution.certainty not in (Certainty.UNIQUE, Certainty.AMBIGUOUS):
            return None
        # Words said only in an aside ("… chứ không ra văn phòng công chứng") do not decide.
        overriding = self._scope.overriding(without_asides(text), resolution.best.entry)
        if overriding is not None:
            return overriding
        # The ward procedures chosen explain the story; the request may name what another
        # agency handles ("…, bao lâu thì giải ngân khoản vay mua nhà?").
        chosen = resolution.matches[:1]
        if resolution.certainty is Certainty.AMBIGUOUS:
            chosen = resolution.matches[:CHOICES_SHOWN]
        scoped = scoped_resolver_for(self._repository, self._scope, self._cards)
        codes = [m.entry.code for m in chosen]
        key = elsewhere_for_the_request(scoped, text, codes)
        if key is not None and self._ward_object(scoped, text, key):
            # The request's object is a ward procedure's own paper or act ("giờ làm khai
            # tử online được không" after the hospital's death notice).
            return None
        if key is None:
            # What the request asks to be made or changed is another agency's paper or act
            # ("sửa giấy chứng sinh", "khai thuế thu nhập cá nhân"), whatever ward
            # procedure the story's words name.
            objects = objects_resolver_for(self._repository, self._scope, self._cards)
            key = elsewhere_for_the_object(objects, self._object(scoped, text), codes)
        return None if key is None else self._scope.get(key)

    @staticmethod
    def _object(scoped: ProcedureResolver, text: str) -> str | None:
        """The act and object of the request of ``text`` (actions/scope/objects.py)."""
        focus = request_focus(text, lambda part: scoped.evidence_weight(part) > 0)
        return request_object(focus, text)

    def _ward_object(self, scoped: ProcedureResolver, text: str, matter: str) -> bool:
        """Whether the request of ``text`` asks for a ward procedure's own paper or act
        rather than for the matter ``matter`` its other words name."""
        if self._scope is None:
            return False
        objects = objects_resolver_for(self._repository, self._scope, self._cards)
        return ward_for_the_object(objects, self._object(scoped, text), matter) is not None

    def _prefer_the_carded(self, resolution: Resolution, resolver: ProcedureResolver) -> Resolution:
        """Among close candidates, the only one with a citizen card — the procedures wards
        handle most — is what a citizen most likely means, when it fits well on its own:
        first or not ("hộ có mức sống trung bình được hỗ trợ bảo hiểm y tế" is the ward's
        recognition of the household, not the BHYT registration BHXH handles)."""
        best = resolution.best
        if (
            resolution.certainty is not Certainty.AMBIGUOUS
            or self._cards is None
            or best is None
            or best.score < resolver.min_score
        ):
            return resolution
        carded = [m for m in resolution.matches if self._cards.get(m.entry.code) is not None]
        if len(carded) == 1 and carded[0].score >= resolver.min_score:
            rest = tuple(m for m in resolution.matches if m != carded[0])
            return Resolution(Certainty.UNIQUE, (carded[0], *rest))
        return resolution

    @staticmethod
    def _prefer_the_name_said(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """A question that contains a procedure's whole official name ("gia hạn tạm trú",
        "đăng ký khai tử có yếu tố nước ngoài") means that procedure, or the longest such
        name when it contains several: not buttons, and not a shorter name it contains.
        A clear match whose own name the question does not say is kept.

        A name said only as what was not done ("chưa đăng ký kết hôn") describes the
        citizen's situation: that procedure is not what they ask for.
        """
        best = resolution.best
        if resolution.certainty is Certainty.NONE or best is None:
            return resolution
        ranked = resolver.rank(text, limit=8)
        if denies_name(text, best.entry.name):
            ranked = [m for m in ranked if not denies_name(text, m.entry.name)]
            resolution = _narrowed(resolver, ranked)
            best = resolution.best
            if resolution.certainty is Certainty.NONE or best is None:
                return resolution
        said = [
            m for m in ranked if m.score >= resolver.suggest_score and says_name(text, m.entry.name)
        ]
        if not said:
            if resolution.certainty is Certainty.AMBIGUOUS:
                # Close candidates, one of which the question names by a part of its name
                # that sets it apart.
                offered = list(resolution.matches[:CHOICES_SHOWN])
                apart = _named_apart(resolver, text, offered)
                if apart is not None and apart.score >= resolver.min_score:
                    rest = tuple(m for m in ranked if m.entry.code != apart.entry.code)
                    return Resolution(Certainty.UNIQUE, (apart, *rest))
            return resolution
        longest = max(said, key=lambda m: (len(name_tokens(m.entry.name)), m.score))
        if sum(name_tokens(m.entry.name) == name_tokens(longest.entry.name) for m in said) > 1:
            return resolution  # several procedures bear that very name
        if longest.entry.code == best.entry.code:
            return Resolution(Certainty.UNIQUE, resolution.matches)
        if resolution.certainty is Certainty.UNIQUE and not says_name(text, best.entry.name):
            return resolution
        if len(name_tokens(longest.entry.name)) <= len(name_tokens(best.entry.name)):
            return resolution
        rest = tuple(m for m in ranked if m.entry.code != longest.entry.code)
        return Resolution(Certainty.UNIQUE, (longest, *rest))

    @staticmethod
    def _prefer_the_request(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """Among close candidates, the one the request fits clearly best once what the
        question gives as context is set aside (variants.context_free): a paper the citizen
        already has ("sổ hồng đứng tên em rồi, giờ muốn nhập khẩu") or what a paper is for
        ("xin giấy xác nhận độc thân để làm hồ sơ kết hôn") names its own procedure, which
        is not the one asked for."""
        resolution = ProcedureFinder._prefer_the_context_free(resolution, resolver, text)
        return _prefer_the_focus(resolution, resolver, text)

    @staticmethod
    def _prefer_the_context_free(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        best = resolution.best
        if resolution.certainty is Certainty.NONE or best is None:
            return resolution
        request = context_free(text)
        if normalise_tokens(request) == normalise_tokens(text):
            return resolution
        ranked = resolver.rank(text, limit=8)
        if not ranked:
            return resolution
        on_request = {m.entry.code: m.score for m in resolver.rank(request, limit=TWIN_SEARCH)}
        floor = max(resolver.suggest_score, ranked[0].score - VARIANT_WINDOW)
        told = context_free(text, purposes=False)
        on_told = {m.entry.code: m.score for m in resolver.rank(told, limit=TWIN_SEARCH)}
        if on_told.get(best.entry.code, 0.0) < resolver.suggest_score:
            # All the best fits is a clause of context ("ông vừa mất hôm qua" for the
            # death registration): however far ahead that put it, the request decides
            # among the candidates of the whole question.
            floor = resolver.suggest_score
        close = [m for m in ranked if m.score >= floor]
        if best.entry.code not in {m.entry.code for m in close}:
            close.insert(0, best)
        if len(close) < 2:
            return resolution
        by_request = sorted(close, key=lambda m: on_request.get(m.entry.code, 0.0), reverse=True)
        winner, runner_up = by_request[0], by_request[1]
        lead = on_request.get(winner.entry.code, 0.0) - on_request.get(runner_up.entry.code, 0.0)
        if on_request.get(winner.entry.code, 0.0) < resolver.min_score or lead <= CLOSE_MARGIN:
            return resolution
        if winner.entry.code == best.entry.code and resolution.certainty is Certainty.UNIQUE:
            return resolution
        rest = tuple(m for m in ranked if m.entry.code != winner.entry.code)
        return Resolution(Certainty.UNIQUE, (winner, *rest))

    @staticmethod
    def _prefer_the_variant_named(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """Among close variants of one act, the one whose distinguishing words the question
        says ("gia hạn", "tạm ngừng", "người nước ngoài"); when it says none, the unmarked
        ordinary procedure rather than buttons for its special cases.

        A clear match is overturned only by a variant that carries more of the cued
        markers: its own curated words ("mất giấy khai sinh" for "đăng ký lại khai sinh")
        made it win without the question saying a marker.
        """
        best = resolution.best
        if resolution.certainty is Certainty.NONE or best is None:
            return resolution
        ranked = resolver.rank(text, limit=8)
        if not ranked:
            return resolution
        floor = max(resolver.suggest_score, ranked[0].score - VARIANT_WINDOW)
        cued_floor = max(resolver.suggest_score, ranked[0].score - CUED_VARIANT_WINDOW)
        if best.score < floor:
            return resolution
        # An act the question says was done already ("chủ cũ đã cắt khẩu rồi, giờ ...")
        # is the story, not the variant asked for; what went wrong with a paper ("đã bị
        # mất") still says which variant is meant.
        cued = cued_marks(text)
        cued -= (cued - cued_marks(without_past_clauses(text))) & act_marks()
        # The best's own name with a marker the question cues ("đăng ký khai sinh có yếu
        # tố nước ngoài" for "bố cháu là người Nhật"): that variant is meant however
        # little of its long name the question covers, so it is sought beyond the first
        # few candidates.
        best_core = core_of_name(best.entry.name)
        twins = [
            m
            for m in resolver.rank(text, limit=TWIN_SEARCH)
            if m.entry.code != best.entry.code
            and m.score >= TWIN_SCORE_SHARE * resolver.suggest_score
            and core_of_name(m.entry.name) == best_core
            and marks_of_name(m.entry.name) & cued
        ]
        ranked += [m for m in twins if m not in ranked]
        twin_codes = {m.entry.code for m in twins}
        marks = {m.entry.code: marks_of_name(m.entry.name) for m in ranked}
        marks.setdefault(best.entry.code, marks_of_name(best.entry.name))
        # Variants of one act match the same words of the question ("thẻ căn cước").
        # Without a cued marker to go by, their names must also agree, markers aside:
        # names that only share a situation's words ("sau khi ...") are not variants.
        core = resolver.matched_words(text, best.entry.code)
        best_name = _name_core(resolver, best.entry.name)

        # The words the question shares with the best's official name: its curated
        # situations may add a person ("cháu", "con") that a marked sibling lacks.
        named = {word: w for word, w in core.items() if word in best_name}

        def says_all_the_best_says(m: Match) -> bool:
            """Whether ``m`` matches (nearly) every word of the question the best matches
            and carries every cued marker the best carries, and more of them: the best's
            act with the case the question adds ("sổ đỏ ... gõ nhầm" is its correction)."""
            mine = marks[best.entry.code] & cued
            theirs = resolver.matched_words(text, m.entry.code)
            shared = sum(w for word, w in core.items() if word in theirs)
            return (
                bool(core)
                and mine < marks[m.entry.code] & cued
                and shared >= SAYS_ALL_SHARE * sum(core.values())
            )

        def variant_of_best(m: Match) -> bool:
            theirs = resolver.matched_words(text, m.entry.code)
            cued_sibling = bool(marks[m.entry.code] & cued)
            if says_all_the_best_says(m):
                return True
            if not (
                _same_act(core, theirs) or (cued_sibling and named and _same_act(named, theirs))
            ):
                return False
            same_name = _same_act(best_name, _name_core(resolver, m.entry.name))
            if m.score < floor:
                return same_name and bool(marks[m.entry.code] & cued)
            return same_name or bool((marks[best.entry.code] | marks[m.entry.code]) & cued)

        close = [best] + [
            m
            for m in ranked
            if m.entry.code != best.entry.code
            and (m.entry.code in twin_codes or (m.score >= cued_floor and variant_of_best(m)))
        ]
        if len(close) < 2 or not any(marks[m.entry.code] for m in close):
            return resolution
        # Only hints at what tells these candidates apart leave the choice open.
        hinted = (hinted_marks(text) - cued) & frozenset().union(
            *(marks[m.entry.code] for m in close)
        )
        # A case a name only lists among those it covers is not held against it.
        fits = {
            m.entry.code: fit(
                marks[m.entry.code], cued, hinted | listed_marks_of_name(m.entry.name)
            )
            for m in close
        }
        if resolution.certainty is Certainty.UNIQUE:
            # Overturned by a variant carrying more of what the question says, or by one
            # saying as much that fits the question better without a special case the
            # question never mentions (an earlier step chose "cấp điều chỉnh giấy phép"
            # for "xin phép xây dựng nhà 2 tầng").
            mine = fits[best.entry.code]
            close = [
                m
                for m in close
                if fits[m.entry.code][0] > mine[0]
                or (fits[m.entry.code] > mine and m.score > best.score + CLOSE_MARGIN)
            ]
            if not close:
                return resolution
        top = max(fits[m.entry.code] for m in close)
        winners = [m for m in close if fits[m.entry.code] == top]
        if len(winners) > 1 and named:
            # Equally marked, but only one is still about what the best's own name says
            # ("khai sinh"): the others share just the situation's words ("giấy", "bị").
            on_topic = [
                m
                for m in winners
                if named.keys() <= resolver.matched_words(text, m.entry.code).keys()
            ]
            if len(on_topic) == 1:
                winners = on_topic
        if len(winners) > 1:
            # Equally marked, one fits the question clearly better: "hộ nghèo ... giữa
            # năm" is the household recognised as poor, not the one leaving poverty, though
            # both names say "thường xuyên" and share the best's words.
            leader = max(winners, key=lambda m: m.score)
            if (
                top[0] > 0
                and not hinted
                and all(leader.score - m.score > CLOSE_MARGIN for m in winners if m != leader)
            ):
                winners = [leader]
        if len(winners) > 1:
            # Equally marked, one named by words of its own official name that no other
            # explains ("ghi vào sổ hộ tịch" a death abroad, beside the best's marked twin
            # "đăng ký khai tử có yếu tố nước ngoài"): the question says which act it is.
            # Not a name joining two acts: the other act's words may be a paper held
            # ("giấy khai sinh của bé"), and _combines below asks more of it.
            # Nor the cases a name only lists ("(khai sinh; …)"): said, they are no act
            # of its own.
            apart = _named_apart(resolver, text, winners, listed=False)
            if apart is not None and not joins_acts(apart.entry.name):
                winners = [apart]
        if len(winners) > 1:
            # Equally marked: the best's own name with the marker ("đăng ký kết hôn có
            # yếu tố nước ngoài" for "đăng ký kết hôn"), not another act bearing it.
            same = [m for m in winners if core_of_name(m.entry.name) == best_core]
            if len(same) == 1 and best not in winners:
                winners = same
        if len(winners) > 1:
            # Equally marked: a combined procedure when the question asks for both acts.
            # It must join at least one of the others and fit better than each it does
            # not join.
            combined = [
                m
                for m in winners
                if any(_combines(text, m, o) for o in winners if o != m)
                and all(_combines(text, m, o) or o.score < m.score for o in winners if o != m)
            ]
            if len(combined) == 1:
                winners = combined
        if len(winners) > 1:
            # Equally marked and none named apart: the one whose name adds clearly less that the
            # question never says.
            # "hợp tác xã ... đăng ký thay đổi nội dung" is the cooperative's change, not
            # the one of its branch offices ("chi nhánh, văn phòng đại diện") or its notice.
            leanest = _leanest(resolver, text, winners)
            if leanest is not None:
                winners = [leanest]
        # A variant carrying what the question says is chosen though it fits only partly,
        # when its name is the best's but for the markers (in a long story, many names
        # share some of its words).
        sure = (
            len(winners) == 1
            and not hinted
            and (
                winners[0].score >= PLAIN_VARIANT_SCORE
                or (top[0] > 0 and winners[0].score >= resolver.min_score)
                or (
                    top[0] > 0 and _same_act(best_name, _name_core(resolver, winners[0].entry.name))
                )
                # "HTX muốn tạm ngừng" is the cooperative's suspension, not the household
                # business's, however long the cooperative's name.
                or (top[0] > 0 and says_all_the_best_says(winners[0]))
            )
        )
        if resolution.certainty is Certainty.UNIQUE:
            if sure:
                rest = tuple(m for m in ranked if m.entry.code != winners[0].entry.code)
                return Resolution(Certainty.UNIQUE, (winners[0], *rest))
            return resolution
        # Candidates of other acts that fit as well stay on offer: the markers say
        # nothing about them. Not one that matches only words the variants match too
        # ("căn cước" in "chứng thực bản sao căn cước") or words the question denies
        # ("chưa cưới"): nothing in the question is about it that is not about them.
        kept = {m.entry.code for m in close}
        family = {w for m in close for w in resolver.matched_words(text, m.entry.code)}
        family |= negated_words(text)
        others = tuple(
            m
            for m in resolution.matches
            if m.entry.code not in kept
            and not resolver.matched_words(text, m.entry.code).keys() <= family
        )
        if sure and not others:
            rest = tuple(m for m in ranked if m.entry.code != winners[0].entry.code)
            return Resolution(Certainty.UNIQUE, (winners[0], *rest))
        if len(winners) == len(close) or not (top[0] or hinted):
            # Nothing said to narrow the choice by, or nothing to narrow; the variant
            # whose situation the question hints at ("chưa đăng ký kết hôn") is offered
            # first.
            first = tuple(m for m in winners if marks[m.entry.code] & hinted)
            if not first:
                return resolution
            rest = tuple(m for m in resolution.matches if m not in first)
            return Resolution(Certainty.AMBIGUOUS, (*first, *rest))
        return Resolution(Certainty.AMBIGUOUS, (*winners, *others))

    @staticmethod
    def _prefer_the_fuller_explanation(
        resolution: Resolution, resolver: ProcedureResolver, text: str
    ) -> Resolution:
        """A clear match that leaves a distinctive part of the question unexplained gives
        way to a candidate fitting about as well that explains it ("cưới vợ xong muốn ra ở
        riêng" is the household split, not the marriage "cưới vợ" suggests); among close
        candidates offered, the one that explains clearly more than each other is answered.
        Runs before the variant preferences: they choose among the chosen act's variants."""
        best = resolution.best
        if best is None or resolution.certainty is Certainty.NONE:
            return resolution
        ranked = resolver.rank(text, limit=8)
        text = without_past_clauses(text)
        if resolution.certainty is Certainty.AMBIGUOUS:
            offered = list(resolution.matches[:CHOICES_SHOWN])
            for m in offered:
                others = [o for o in offered if o.entry.code != m.entry.code]
                if m.score < resolver.min_score or not others:
                    continue
                if all(_best_explainer(resolver, text, o, [m], EXPLAIN_RATIO) for o in others):
                    rest = tuple(r for r in ranked if r.entry.code != m.entry.code)
                    return Resolution(Certainty.UNIQUE, (m, *rest))
            return resolution
        # In a story, ``best`` is scored on the sentence that names it, usually higher than
        # on the whole message: the rivals must fit about as well as that.
        score = next((m.score for m in ranked if m.entry.code == best.entry.code), 0.0)
        floor = max(resolver.suggest_score, best.score - EXPLAIN_WINDOW, score - EXPLAIN_WINDOW)
        rivals = [m for m in ranked if m.score >= floor]
        winner = _best_explainer(resolver, text, best, rivals, EXPLAIN_RATIO)
        if winner is None:
            return resolution
        rest = tuple(m for m in ranked if m.entry.code != winner.entry.code)
        return Resolution(Certainty.UNIQUE, (winner, *rest))

    @staticmethod
    def _resolve_the_request(
        resolver: ProcedureResolver, text: str, whole: Resolution
    ) -> Resolution:
        """In a long story, the one sentence that names a single procedure, if any; else
        the resolution of the whole message."""
        for sentence in sentences(text):
            found = resolver.resolve(sentence)
            if found.certainty is Certainty.UNIQUE:
                return found
        return whole

    def find(
        self,
        text: str,
        *,
        explicit_code: str | None = None,
        remembered_code: str | None = None,
    ) -> FindResult:
        if explicit_code:
            chosen = self._repository.get_by_code(explicit_code)
            if chosen is not None:
                return Found(chosen)
        resolver = self.resolver()
        # A follow-up about the procedure being discussed ("cần bản sao hay bản chính")
        # names nothing else, even when its words appear in other procedures' names.
        # The words of the question itself ("bn ngày", "bản chính hay") name no matter.
        matter_words = topic_cues.without_cues(text)
        follow_up = bool(remembered_code) and not resolver.stray_words(
            matter_words, remembered_code
        )
        elsewhere = None if follow_up else self.out_of_scope(text)
        if elsewhere is not None:
            return HandledElsewhere(elsewhere)
        resolution = resolver.resolve(text)
        if resolution.certainty is not Certainty.UNIQUE and len(text.split()) > LONG_WORDS:
            resolution = self._resolve_the_request(resolver, text, resolution)
        # First what the question's words explain; then the variants of the act chosen.
        resolution = self._prefer_the_fuller_explanation(resolution, resolver, text)
        resolution = self._prefer_the_name_said(resolution, resolver, text)
        resolution = self._prefer_the_request(resolution, resolver, text)
        resolution = self._prefer_the_variant_named(resolution, resolver, text)
        resolution = self._prefer_the_carded(resolution, resolver)
        best = resolution.best
        overriding = None if follow_up else self._overriding_matter(text, resolution)
        if overriding is not None:
            return HandledElsewhere(overriding)
        if resolution.certainty is Certainty.UNIQUE and best is not None:
            procedure = self._repository.get_by_code(best.entry.code)
            if procedure is not None:
                return Found(procedure)
        remembered = self._repository.get_by_code(remembered_code) if remembered_code else None
        # A follow-up such as "thế còn lệ phí?" keeps the remembered procedure unless the
        # question clearly names others.
        confident = best is not None and best.score >= resolver.min_score
        if resolution.certainty is Certainty.AMBIGUOUS and (remembered is None or confident):
            return Ambiguous(tuple(m.entry for m in resolution.matches[:CHOICES_SHOWN]))
        stray = resolver.stray_words(matter_words, remembered.code if remembered else None)
        if len(stray) >= STRAY_WORDS_FOR_NOT_FOUND:
            return NotFound()
        if remembered is not None:
            return Found(remembered)
        return NotMentioned()
