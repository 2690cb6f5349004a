"""Choose between close variants of one act by the few words that tell them apart.

"Đăng ký khai sinh", "đăng ký lại khai sinh" and "đăng ký khai sinh có yếu tố nước ngoài"
share most of their words, so the resolver scores them within a few hundredths of each
other and the citizen gets buttons, or the broader procedure wins. What tells them apart
is a marker in the official name ("lại", "có yếu tố nước ngoài", "tạm ngừng") that the
citizen says in their own words ("làm lại", "chồng em người Hàn", "tạm nghỉ bán"). The
markers and their cues are data (variants.yml).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.text.folding import fold, normalise_token, normalise_tokens

_MARKERS_PATH = Path(__file__).with_name("variants.yml")

Phrase = tuple[str, ...]


# "15 tuổi", "9 tháng tuổi": the age a question states, in folded words.
_AGE_UNIT = "tuoi"
_MONTHS = "thang"


@lru_cache(maxsize=1)
def _age_bounds() -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """The words that make an age a bound (variants.yml, ``age_bounds``): below it, above it."""
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle).get("age_bounds", {})
    return _phrases(raw.get("below", ())), _phrases(raw.get("above", ()))


def _bound_at(tokens: Sequence[str], i: int, bounds: tuple[Phrase, ...]) -> bool:
    """Whether one of ``bounds`` is said right before position ``i``."""
    return any(i >= len(b) and tuple(tokens[i - len(b) : i]) == b for b in bounds)


def stated_ages(tokens: Sequence[str]) -> tuple[int, ...]:
    """The ages in years a question states ("con 15 tuổi" -> 15; "bé 9 tháng tuổi" -> 0).
    An age said as a bound is read as an age on the side it names: "dưới 14 tuổi" is 13,
    "trên 14 tuổi" 15, not the ordinary card's 14."""
    below, above = _age_bounds()
    ages = []
    for i, token in enumerate(tokens[:-1]):
        if not token.isdigit():
            continue
        if tokens[i + 1] == _AGE_UNIT:
            age = int(token)
        elif tokens[i + 1] == _MONTHS and tuple(tokens[i + 2 : i + 3]) == (_AGE_UNIT,):
            age = int(token) // 12
        else:
            continue
        if _bound_at(tokens, i, below):
            age = max(age - 1, 0)
        elif _bound_at(tokens, i, above):
            age += 1
        ages.append(age)
    return tuple(ages)


# A context word is compared with its accents when the citizen typed accents ("để" is not
# "dễ", "rồi" not "rơi"), and by its folded form when they typed none or a teencode
# abbreviation ("de", "roi", "r"): unaccented text has no other way to say it.
@dataclass(frozen=True)
class _Word:
    typed: str
    folded: str
    accented: bool
    # Typed with a capital first letter: a name ("Phap"), where accents are missing.
    capitalised: bool = False

    def says(self, word: _Word) -> bool:
        """Whether this word of the question is the context list's ``word``."""
        return self.folded == word.folded and (not self.accented or self.typed == word.typed)


Words = tuple[_Word, ...]


@dataclass(frozen=True)
class Placed:
    """A place word and a country, as a cue: "ở Pháp", "bên Nhật", "quốc tịch Hàn"."""

    place: Words
    country: Words

    @property
    def words(self) -> Words:
        return self.place + self.country


def _folded(placed: Placed) -> Phrase:
    return tuple(w.folded for w in placed.words)


def _says_placed(words: Words, placed: Placed) -> bool:
    phrase, n = placed.words, len(placed.place)
    for i in range(len(words) - len(phrase) + 1):
        if not all(w.says(p) for w, p in zip(words[i : i + len(phrase)], phrase, strict=True)):
            continue
        country = words[i + n]
        if len(placed.country) > 1 or country.accented or country.capitalised:
            return True
    return False


@dataclass(frozen=True)
class Marker:
    key: str
    name_forms: tuple[Phrase, ...]
    cues: tuple[Phrase, ...]
    unless: tuple[Phrase, ...] = ()
    hints: tuple[Phrase, ...] = ()
    # The ages [low, high) a variant is for ("dưới 14 tuổi"): a stated age inside cues
    # it, one outside denies it whatever else the question says ("bé nhà tôi 15 tuổi").
    ages: tuple[int, int] | None = None
    # The ordinary case among its siblings ("từ đủ 14 tuổi trở lên"): not a special
    # case the question must ask for, so a name carrying it counts as unmarked unless
    # the question says it.
    ordinary: bool = False
    # A place word and a country ("từ Pháp", "người Lào"): they fold onto everyday words
    # ("tư pháp", "người lao động", "tại bị"), so they are compared with the accents the
    # citizen typed; a one-word country typed without accents must be capitalised ("o
    # Phap", not "tu phap"). A country of several words ("Thái Lan") is unambiguous.
    placed: tuple[Placed, ...] = ()
    # Two phrases a few words apart, in that order ("sổ … không còn" in "sổ ở xã cũng
    # không còn"): what a story says about a paper, with its own words in between.
    spans: tuple[tuple[Phrase, Phrase], ...] = ()

    def _in_age(self, tokens: Sequence[str]) -> bool | None:
        """Whether a stated age is in this marker's range; None when none applies."""
        if self.ages is None:
            return None
        ages = stated_ages(tokens)
        if not ages:
            return None
        low, high = self.ages
        return any(low <= age < high for age in ages)

    def _denied(self, tokens: Sequence[str]) -> bool:
        return self._in_age(tokens) is False or any(_contains(tokens, u) for u in self.unless)

    def cued_by(self, tokens: Sequence[str], words: Words | None = None) -> bool:
        """Whether the question (its folded ``tokens``; its ``words`` as typed, for the
        accent-sensitive cues) says this marker."""
        if self._in_age(tokens):
            return True
        said = (
            any(_contains(tokens, c) for c in self.cues)
            or any(_within(tokens, a, b) for a, b in self.spans)
            or any(
                _says_placed(words, p) if words is not None else _contains(tokens, _folded(p))
                for p in self.placed
            )
        )
        return said and not self._denied(tokens)

    def hinted_by(self, tokens: Sequence[str]) -> bool:
        return any(_contains(tokens, h) for h in self.hints) and not self._denied(tokens)


def _phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(p for p in (tuple(normalise_tokens(str(t))) for t in texts) if p)


# How a cue marks the words it lets in between its two phrases ("sổ … không còn").
_SPAN = "…"
# How many words may stand between a span cue's two phrases: a clause's few words ("sổ
# ở xã cũng không còn"), not the next sentence.
SPAN_GAP = 5


def _spans(texts: Iterable[str]) -> tuple[tuple[Phrase, Phrase], ...]:
    pairs = []
    for text in texts:
        parts = [tuple(normalise_tokens(part)) for part in str(text).split(_SPAN)]
        if len(parts) == 2 and all(parts):
            pairs.append((parts[0], parts[1]))
    return tuple(pairs)


def _within(tokens: Sequence[str], first: Phrase, then: Phrase) -> bool:
    """Whether ``first`` is said, then ``then`` at most SPAN_GAP words after it."""
    n, m = len(first), len(then)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) != first:
            continue
        for j in range(i + n, min(i + n + SPAN_GAP, len(tokens) - m) + 1):
            if tuple(tokens[j : j + m]) == then:
                return True
    return False


def _placed(spec: dict[str, Any]) -> tuple[Placed, ...]:
    """Cues made of a place word and a country ("ở Pháp", "bên Nhật", "người Mỹ"): the
    bare country name is often an ordinary word once folded ("pháp" in "pháp luật")."""
    pairs = ((_words(w), _words(c)) for c in spec.get("places", ()) for w in spec["place_words"])
    return tuple(Placed(w, c) for w, c in pairs if w and c)


def _ages(spec: dict[str, int] | None) -> tuple[int, int] | None:
    """``{from: 14}`` / ``{below: 14}`` as a half-open range of years."""
    if not spec:
        return None
    return int(spec.get("from", 0)), int(spec.get("below", 200))


@lru_cache(maxsize=1)
def markers() -> tuple[Marker, ...]:
    """The markers of variants.yml, folded (read once, on first use)."""
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["markers"]
    return tuple(
        Marker(
            key,
            _phrases(spec["name"]),
            _phrases(c for c in spec["cues"] if _SPAN not in str(c)),
            _phrases(spec.get("unless", ())),
            _phrases(spec.get("hints", ())),
            _ages(spec.get("ages")),
            bool(spec.get("ordinary", False)),
            _placed(spec),
            _spans(c for c in spec["cues"] if _SPAN in str(c)),
        )
        for key, spec in raw.items()
    )


def _contains(tokens: Sequence[str], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


# A law an official name cites ("... trước ngày Luật Hợp tác xã có hiệu lực"): its title,
# capitalised in the official text, names no variant of the act.
_CITED_LAW = re.compile(r"\bLuật\b.*", re.DOTALL)


@lru_cache(maxsize=4096)
def marks_of_name(name: str) -> frozenset[str]:
    """The variant markers an official procedure name carries, not in a law it cites."""
    tokens = normalise_tokens(_CITED_LAW.sub(" ", unicodedata.normalize("NFC", name)))
    return frozenset(m.key for m in markers() if any(_contains(tokens, f) for f in m.name_forms))


# A parenthesis in an official name lists the cases it covers ("… của nước ngoài (khai
# sinh; giám hộ; nhận cha, mẹ, con; …)", "… cấp IV (… sửa chữa, cải tạo …)").
_LISTED = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=4096)
def listed_marks_of_name(name: str) -> frozenset[str]:
    """The markers an official name carries only in a parenthesis listing the cases it
    covers: one of those cases when the question says it, no special case of its own
    the question must say ("ghi vào sổ hộ tịch … (… nhận cha, mẹ, con; … khai tử …)" is
    the death recorded too)."""
    return marks_of_name(name) - marks_of_name(_LISTED.sub(" ", name))


@lru_cache(maxsize=1)
def _connectors() -> tuple[Phrase, ...]:
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        return _phrases(yaml.safe_load(handle).get("connectors", ()))


def joins_acts(name: str) -> bool:
    """Whether an official name joins two acts ("đăng ký khai sinh kết hợp đăng ký nhận
    cha, mẹ, con"): chosen only when the question asks for both (finder._combines)."""
    tokens = name_tokens(name)
    return any(_contains(tokens, c) for c in _connectors())


@lru_cache(maxsize=4096)
def core_of_name(name: str) -> frozenset[str]:
    """The words of an official name besides its variant markers and the words that join
    two acts in one name ("kết hợp"): what the act is."""
    tokens = name_tokens(name)
    drop: set[int] = set()
    forms = [f for marker in markers() for f in marker.name_forms]
    for form in [*forms, *_connectors()]:
        n = len(form)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i : i + n]) == form:
                drop.update(range(i, i + n))
    return frozenset(t for i, t in enumerate(tokens) if i not in drop)


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> Phrase:
    """An official name's folded words, without the "Thủ tục" every national name starts
    with."""
    tokens = normalise_tokens(name)
    if tuple(tokens[:2]) == ("thu", "tuc"):
        tokens = tokens[2:]
    return tuple(tokens)


@lru_cache(maxsize=1)
def _negations() -> frozenset[str]:
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle).get("negations", ())
    return frozenset(t for w in raw for t in normalise_tokens(str(w)))


def says_name(text: str, name: str, *, min_words: int = 3) -> bool:
    """Whether ``text`` contains the whole official ``name``, word for word, and does not
    deny it ("chưa đăng ký kết hôn")."""
    phrase = name_tokens(name)
    if len(phrase) < min_words:
        return False
    tokens = normalise_tokens(text)
    n = len(phrase)
    return any(
        tuple(tokens[i : i + n]) == phrase and (i == 0 or tokens[i - 1] not in _negations())
        for i in range(len(tokens) - n + 1)
    )


def denies_name(text: str, name: str, *, min_words: int = 3) -> bool:
    """Whether ``text`` says the whole official ``name`` only as what was not done
    ("chưa đăng ký kết hôn"): it describes the citizen's situation, it is not asked for."""
    phrase = name_tokens(name)
    if len(phrase) < min_words:
        return False
    tokens = normalise_tokens(text)
    n = len(phrase)
    said = [i for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == phrase]
    return bool(said) and all(i > 0 and tokens[i - 1] in _negations() for i in said)


# How many words after "chưa", "không" a negation covers ("chưa cưới", "chưa đăng ký").
NEGATED_SPAN = 2


def negated_words(text: str) -> frozenset[str]:
    """The negation words of ``text`` and the few words each denies ("tụi em chưa cưới":
    chưa, cưới): a procedure matched by nothing else is what the citizen has not done."""
    tokens = normalise_tokens(text)
    negations = _negations()
    return frozenset(
        w for i, t in enumerate(tokens) if t in negations for w in tokens[i : i + 1 + NEGATED_SPAN]
    )


def cued_marks(text: str) -> frozenset[str]:
    """The variant markers a citizen's question cues."""
    tokens = normalise_tokens(text)
    words = _words(text)
    return frozenset(m.key for m in markers() if m.cued_by(tokens, words))


def hinted_marks(text: str) -> frozenset[str]:
    """The variant markers a question makes possible without saying them."""
    tokens = normalise_tokens(text)
    return frozenset(m.key for m in markers() if m.hinted_by(tokens))


def fit(
    name_marks: frozenset[str], cued: frozenset[str], hinted: frozenset[str] = frozenset()
) -> tuple[float, int]:
    """How well a variant fits the question, larger is better: first the cued markers it
    carries, then (negated) the markers it carries that the question neither cues nor
    hints at. An ordinary case's marker is no special case to ask for, and when cued it
    weighs half a special one: "căn cước hết hạn năm 25 tuổi, đi đổi" is the exchange,
    though 25 is also the ordinary card's age."""
    said = name_marks & cued
    return len(said) - len(said & _ordinary()) / 2, -len(name_marks - cued - hinted - _ordinary())


@lru_cache(maxsize=1)
def act_marks() -> frozenset[str]:
    """The markers that name an act done ("xóa", "tạm ngừng", "hủy bỏ"), not a state of
    the person or the paper ("người nước ngoài", "bị mất"): said as already done, they
    are the citizen's story (variants.yml, ``act``)."""
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["markers"]
    return frozenset(key for key, spec in raw.items() if spec.get("act", False))


@lru_cache(maxsize=1)
def _ordinary() -> frozenset[str]:
    return frozenset(m.key for m in markers() if m.ordinary)


@dataclass(frozen=True)
class _ContextWords:
    possession: tuple[Words, ...]
    done: tuple[Words, ...]
    request: tuple[Words, ...]
    purpose: tuple[Words, ...]
    purpose_end: tuple[Words, ...]
    not_purpose: tuple[Words, ...]
    goal_after: tuple[Words, ...]
    events: tuple[Words, ...]


def _words(text: str) -> Words:
    """The words of ``text`` as typed (lower case, NFC) with their folded forms; a
    teencode abbreviation becomes the words it stands for ("ntn": như thế nào, unaccented)."""
    words: list[_Word] = []
    for cased in re.findall(r"\w+", unicodedata.normalize("NFC", text)):
        token, capital = cased.lower(), cased[:1].isupper()
        folded, expanded = fold(token), normalise_token(token)
        if folded != token and expanded == folded:
            words.append(_Word(token, folded, accented=True, capitalised=capital))
            continue
        words.extend(_Word(w, w, accented=False, capitalised=capital) for w in expanded.split())
    return tuple(words)


def _at(clause: Words, i: int, phrase: Words) -> bool:
    """Whether ``phrase`` is said at position ``i`` of ``clause``."""
    return (
        i >= 0
        and len(clause) - i >= len(phrase)
        and all(w.says(p) for w, p in zip(clause[i : i + len(phrase)], phrase, strict=False))
    )


def _says(clause: Words, phrase: Words) -> bool:
    return any(_at(clause, i, phrase) for i in range(len(clause) - len(phrase) + 1))


@lru_cache(maxsize=1)
def _context_words() -> _ContextWords:
    with _MARKERS_PATH.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["context"]

    def phrases(key: str) -> tuple[Words, ...]:
        return tuple(p for p in (_words(str(t)) for t in raw.get(key, ())) if p)

    return _ContextWords(
        phrases("possession"),
        phrases("done"),
        phrases("request"),
        phrases("purpose"),
        phrases("purpose_end"),
        phrases("not_purpose"),
        phrases("goal_after"),
        phrases("events"),
    )


_CLAUSE = re.compile(r"[^,.;:!?\n]+")


def _text(clause: Words) -> str:
    return " ".join(w.typed for w in clause)


def _is_context(clause: Words, words: _ContextWords) -> bool:
    """A clause that says what is held or done already, or tells a death in the family,
    and asks nothing: "sổ hồng đứng tên em rồi", "đã có giấy kết hôn của Nhật rồi", "ba
    tôi mới qua đời tháng trước". Not one saying what went wrong with a paper ("bị mất
    rồi", "hết hạn rồi"): that is what decides the act asked for."""
    held = any(_says(clause, p) for p in words.possession) or any(
        _at(clause, len(clause) - len(p), p) for p in words.done
    )
    told = any(_says(clause, p) for p in words.events)
    if not (held or told) or any(_says(clause, p) for p in words.request):
        return False
    # A death cues its own variants ("... chết khi thực hiện nhiệm vụ"), which the whole
    # question still chooses among (ProcedureFinder._prefer_the_variant_named).
    return told or not cued_marks(_text(clause))


def _purpose_at(clause: Words, words: _ContextWords) -> int | None:
    """Where a purpose ("để làm hồ sơ kết hôn") starts after what the clause asks for: not
    at the clause's start, where it states the goal itself ("để đăng ký kết hôn cần gì"),
    nor right after asking what to do ("phải làm gì để cắt khẩu"): that is the goal too."""
    for i in range(2, len(clause)):
        if (
            any(_at(clause, i, p) for p in words.purpose)
            and not any(
                _at(clause, j, p) for p in words.not_purpose for j in range(i - len(p) + 1, i + 1)
            )
            and not any(_at(clause, i - len(p), p) for p in words.goal_after)
        ):
            return i
    return None


def context_free(text: str, *, purposes: bool = True) -> str:
    """``text`` without what it says is context rather than request: clauses saying what
    the citizen already has ("sổ hồng đứng tên em rồi") or that someone died, and what a
    paper is wanted for ("... để làm hồ sơ kết hôn"), up to where the clause turns to a
    question ("thì"); the purposes kept when not ``purposes``. With or without accents, in
    teencode or not."""
    words = _context_words()
    kept: list[str] = []
    for match in _CLAUSE.finditer(text):
        clause = _words(match.group())
        if not clause or _is_context(clause, words):
            continue
        start = _purpose_at(clause, words) if purposes else None
        if start is not None:
            end = next(
                (
                    j
                    for j in range(start + 1, len(clause))
                    if any(_at(clause, j, p) for p in words.purpose_end)
                ),
                len(clause),
            )
            clause = clause[:start] + clause[end:]
        kept.append(_text(clause))
    return ", ".join(kept)
