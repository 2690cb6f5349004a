"""Personal numbers out of stored text: Vietnamese phone numbers, CCCD and CMND.

Standard library only: the Rasa server (tracker store, log records) and the action server
(log records, the lookup's factor) both import it, so there is one reading of "a phone
number" in the whole product. Every digit of a match becomes ``*`` and everything else
stays, so "0912 345 678" is stored as "**** *** ***": no digit survives, not even the last
four, which are the dossier lookup's second factor.

How a number is found (:func:`find_personal_numbers`):

1. Runs of digits (any Unicode decimal digit: full-width "０９１２" too) are linked into
   *chains* when what lies between two runs is one separator: spaces, or one of
   ``. - / _`` (also their full-width forms and dashes) with optional spaces around it.
   "(+84)", "+84" and "+ 84" before a run mark an international number.
2. Dossier codes ("000.00.27.H26-251017-0012", "h26 251017 0012": a ``G``/``H`` followed
   by 12 digits whose middle six are a real date) and dates ("24/10/2025") are cut out
   first, so they are never mistaken for numbers and never glue two numbers together.
3. In a chain, a number starts at the chain's start, after a previous number, or after a
   separator with a space in it; it takes the longest run of whole groups whose digits
   are a valid number: a mobile ``0[35789]`` + 8 digits, a landline ``02`` + 9 digits
   (both also as ``84``/``0084``/``+84`` without the 0), a CCCD (12 digits, province code
   001-096 first) or a CMND (9 digits). Chains followed by a currency word ("100.000.000
   đồng") are amounts, not numbers.

Letters glued in front ("sdt0912345678", "cccd001203004504", "số…") do not hide a number.
:func:`mask_personal_numbers` also masks a 4-digit number that is plausibly the lookup's
factor: in a message holding a dossier code, or after words such as "số cuối", "đuôi".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

MASK_CHAR = "*"
PHONE = "phone"
CCCD = "cccd"
CMND = "cmnd"

_SPACE = r"[ \t\u00a0\u2000-\u200b\u202f\u3000]"
_PUNCT = r"[.\-/_\u2010-\u2015\u2212\uff0d\uff0e\uff0f\uff3f]"
_SEPARATOR = re.compile(rf"{_SPACE}*{_PUNCT}{_SPACE}*|{_SPACE}+")
_AFTER_INTL = re.compile(rf"{_SPACE}*\){_SPACE}*(?:{_PUNCT}{_SPACE}*)?")
_INTL_BEFORE = re.compile(rf"(?:\({_SPACE}*)?\+{_SPACE}*$|\({_SPACE}*$")
_PAREN_BEFORE = re.compile(rf"\({_SPACE}*\+?{_SPACE}*$")
_RUN = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_SEP_CHARS = rf"(?:{_SPACE}|{_PUNCT})*"
# A dossier code's tail: the province letter and 12 digits (2 + YYMMDD + 4), separators free.
_CODE_TAIL = re.compile(rf"(?<![^\W\d_])[GHgh](?:{_SEP_CHARS}\d){{12}}(?!\d)")
_CODE_HEAD = re.compile(
    rf"[0-9A-Za-z]{{3}}{_PUNCT}?[0-9A-Za-z]{{2}}{_PUNCT}?[0-9A-Za-z]{{2}}{_PUNCT}?$"
)
_DATE = re.compile(
    rf"(?<!\d)(?:0?[1-9]|[12]\d|3[01]){_SPACE}*([/.\-]){_SPACE}*(?:0?[1-9]|1[0-2])"
    rf"{_SPACE}*\1{_SPACE}*(?:19|20)\d\d(?!\d)"
)
_CURRENCY_AFTER = re.compile(
    r"\s*(?:đồng|dong|đ|vnđ|vnd|₫|nghìn|ngàn|nghin|ngan|triệu|trieu|tỷ|ty)(?![^\W\d_])",
    re.IGNORECASE,
)
# Words after which a bare 4-digit number is the lookup's factor (accent-folded).
_FACTOR_CUE = re.compile(
    r"(?:so cuoi|4 so|bon so|duoi|ma xac (?:nhan|thuc))"
    r"(?:\W+(?:cua|sdt|dt|so|dien thoai|cccd|cmnd|can cuoc|la|em|anh|chi|toi|minh|a)){0,4}\W*$"
)
_FACTOR_CUE_WINDOW = 40
_FACTOR_DIGITS = 4
#: The shortest (CMND) and longest (0084 + landline) numbers, in digits.
_MIN_DIGITS, _MAX_DIGITS = 9, 14
_MOBILE_FIRST = frozenset("35789")
# How far back a prefix ("(+84) ", a code's "000.00.27.") is looked for: a bound keeps
# masking linear in the text's length (it runs on every log record).
_LOOKBACK = 12


@dataclass(frozen=True)
class PersonalNumber:
    kind: str
    #: ASCII digits as dialled or printed, the country prefix included when typed.
    digits: str
    start: int
    end: int

    @property
    def last4(self) -> str:
        return self.digits[-_FACTOR_DIGITS:]


def ascii_digits(text: str) -> str:
    """The decimal digits of ``text`` as ASCII ("０９１２" -> "0912"), nothing else."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdecimal())


def number_kind(digits: str, *, international: bool = False) -> str | None:
    """``PHONE``, ``CCCD`` or ``CMND`` when ``digits`` (ASCII) is one, else None."""
    national: str | None
    if international:
        national = digits[2:] if digits.startswith("84") else None
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = None
    if national is not None and (
        (len(national) == 9 and national[0] in _MOBILE_FIRST)
        or (len(national) == 10 and national[0] == "2")
    ):
        return PHONE
    if international:
        return None
    if len(digits) == 12 and digits[0] == "0" and 1 <= int(digits[:3]) <= 96:
        return CCCD
    if len(digits) == 9:
        return CMND
    return None


def _real_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _protected_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """Dossier codes and dates (never numbers, and they break chains); whether a code is there."""
    spans = []
    for match in _CODE_TAIL.finditer(text):
        if _real_date(ascii_digits(match.group(0))[2:8]):
            head = _CODE_HEAD.search(text, max(0, match.start() - _LOOKBACK), match.start())
            spans.append((head.start() if head else match.start(), match.end()))
    has_code = bool(spans)
    spans += [m.span() for m in _DATE.finditer(text)]
    return spans, has_code


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    #: Whether a number may start here (chain start, or a separator holding a space).
    may_start: bool
    international_from: int | None = None
    #: Opened by "(" ("(024) 3851 2524", "(+84) 912…"): the ")" after it links the next run.
    in_parens: bool = False


def _chains(text: str, protected: list[tuple[int, int]]) -> Iterator[list[_Group]]:
    spans = sorted(protected)
    starts = [a for a, _ in spans]
    # Spans may nest (a date inside nothing else, codes apart): the furthest end so far.
    reach = list(accumulate((b for _, b in spans), max))

    def inside(pos: int) -> bool:
        index = bisect_right(starts, pos) - 1
        return index >= 0 and pos < reach[index]

    chain: list[_Group] = []
    for run in _RUN.finditer(text):
        if inside(run.start()):
            if chain:
                yield chain
            chain = []
            continue
        digits = ascii_digits(run.group(0))
        if chain:
            prev = chain[-1]
            between = text[prev.end : run.start()]
            linked = bool(_SEPARATOR.fullmatch(between)) or (
                prev.in_parens and bool(_AFTER_INTL.fullmatch(between))
            )
            if linked:
                has_space = between.strip() != between or not between.strip()
                chain.append(_Group(run.start(), run.end(), digits, has_space))
                continue
            yield chain
            chain = []
        intl = None
        if digits == "84":
            before = _INTL_BEFORE.search(text, max(0, run.start() - _LOOKBACK), run.start())
            intl = before.start() if before else None
        parens = bool(_PAREN_BEFORE.search(text, max(0, run.start() - _LOOKBACK), run.start()))
        chain.append(_Group(run.start(), run.end(), digits, True, intl, parens))
    if chain:
        yield chain


def _is_amount(text: str, chain: list[_Group]) -> bool:
    return bool(_CURRENCY_AFTER.match(text, chain[-1].end))


def _numbers_at(chain: list[_Group], i: int) -> Iterator[tuple[int, PersonalNumber]]:
    """(last group index, number) for every valid number made of groups ``i..j``.

    A leading "84" after "(" or "+" is read both as the country code and as the first
    digits of the number itself: "(84 1234567" is a CMND, not a short phone number."""
    intl = chain[i].international_from
    for reading in (intl, None) if intl is not None else (None,):
        digits = ""
        for j in range(i, len(chain)):
            digits += chain[j].digits
            if len(digits) > _MAX_DIGITS:
                break
            kind = number_kind(digits, international=reading is not None)
            if kind:
                start = reading if reading is not None else chain[i].start
                yield j, PersonalNumber(kind, digits, start, chain[j].end)


def _parse_chain(chain: list[_Group]) -> list[PersonalNumber]:
    """The numbers covering most digits of the chain (greedy choices split "03 00000000 03
    00000000" into a CCCD and a stray group; this takes the two phone numbers)."""
    # best[(i, after_number)] = (digits masked, numbers) for groups i.. onwards
    best: dict[tuple[int, bool], tuple[int, list[PersonalNumber]]] = {
        (len(chain), True): (0, []),
        (len(chain), False): (0, []),
    }
    for i in range(len(chain) - 1, -1, -1):
        for after_number in (True, False):
            choice = best[(i + 1, False)]
            if chain[i].may_start or after_number:
                for j, number in _numbers_at(chain, i):
                    covered, rest = best[(j + 1, True)]
                    if covered + len(number.digits) > choice[0]:
                        choice = (covered + len(number.digits), [number, *rest])
            best[(i, after_number)] = choice
    return best[(0, True)][1]


def _numbers_in(text: str, chains: list[list[_Group]]) -> list[PersonalNumber]:
    found: list[PersonalNumber] = []
    for chain in chains:
        if not _is_amount(text, chain):
            found += _parse_chain(chain)
    return found


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every phone, CCCD and CMND number in ``text``, in order."""
    if sum(ch.isdecimal() for ch in text) < _MIN_DIGITS:
        return []
    return _numbers_in(text, list(_chains(text, _protected_spans(text)[0])))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _factor_spans(text: str, chains: list[list[_Group]], has_code: bool) -> list[tuple[int, int]]:
    """4-digit numbers that are plausibly the lookup's factor."""
    spans = []
    for chain in chains:
        if sum(len(g.digits) for g in chain) != _FACTOR_DIGITS or _is_amount(text, chain):
            continue
        start = chain[0].start
        cue = _FACTOR_CUE.search(_fold(text[max(0, start - _FACTOR_CUE_WINDOW) : start]))
        if has_code or cue:
            spans.append((start, chain[-1].end))
    return spans


def _star(text: str) -> str:
    return _DIGIT.sub(MASK_CHAR, text)


def mask_personal_numbers(text: str) -> str:
    """``text`` with the digits of every phone, CCCD and CMND number (and of a 4-digit
    factor next to a dossier code or a "số cuối") replaced by ``*``."""
    if sum(ch.isdecimal() for ch in text) < _FACTOR_DIGITS:
        return text
    protected, has_code = _protected_spans(text)
    chains = list(_chains(text, protected))
    spans = [(n.start, n.end) for n in _numbers_in(text, chains)]
    spans += _factor_spans(text, chains, has_code)
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        out += [text[last:start], _star(text[start:end])]
        last = max(last, end)
    out.append(text[last:])
    return "".join(out)


def mask_all_digits(text: str) -> str:
    """Every digit masked: for replies known to carry a secret (the lookup's factor)."""
    return _star(text)


def install_log_masking() -> None:
    """Mask personal numbers in every log record created from now on, in this process.

    A record factory rather than a filter: filters on a logger do not see records that
    propagate from child loggers, and Rasa, Sanic and rasa_sdk log through many.
    Idempotent.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_personal_numbers", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return record
        masked = mask_personal_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    factory.masks_personal_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
