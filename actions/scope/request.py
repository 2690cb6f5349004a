"""The request of a question: the few words that say what the citizen asks for.

"Ngân hàng nhận giấy xác nhận độc thân của em rồi, bao lâu thì giải ngân khoản vay mua
nhà?" tells a story whose words name a ward procedure (the certificate) and asks about a
bank's loan. Which procedure or matter a question is about is decided by all its words
(ProcedureFinder), but the words of the request decide between a ward procedure and a
matter another agency handles: a ward procedure that explains only the story is not what
is asked (ProcedureFinder._overriding_matter), and a matter named only in the story is not
either (ProcedureFinder.out_of_scope).

The request is the last clause that says what the citizen wants ("muốn …", "cần …",
"xin …"), from that word on; else, after a story, the clauses that ask
(topic_cues.question_clauses); with
what already happened, what is held and what a paper is for set aside, and the asides
that weigh another place. Read on the NFC text: unaccented "dinh", "can" are also "đình",
"căn", so only "muon"/"mun"/"xin" count without their diacritics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from actions.text import topic_cues
from actions.text.folding import nfc

# Words saying what the citizen wants, from which the request runs ("định" only as the
# verb: see _is_a_want).
_WANT = re.compile(r"\b(?:muốn|muon|mún|mun|mong|cần|xin|định)\b", re.IGNORECASE)
# Syllables that make "định" part of another word rather than the verb "to intend": the
# compounds it ends ("quyết định", "xác định", "định cư" …) and the place names ("Nam
# Định", "Bình Định", "Gia Định") typed in lower case.
_NOT_INTEND_BEFORE = frozenset(
    {
        "quy", "quyết", "nghị", "ổn", "xác", "chỉ", "dự", "giả", "cố", "nhất", "giám",
        "khẳng", "thẩm", "kiểm", "ấn", "hiệp", "phủ", "nam", "bình", "gia", "an",
    }
)  # fmt: skip
_NOT_INTEND_AFTER = frozenset(
    {"cư", "kỳ", "kì", "danh", "mức", "hướng", "nghĩa", "vị", "giá", "hình", "tuyến", "lượng"}
)
_CLAUSE = re.compile(r"[^,.;:!?\n]+")

if TYPE_CHECKING:
    from actions.procedures.resolver import ProcedureResolver

#: A matter handled elsewhere answers the request when more than half of its best name is
#: in the request's words (0.6: below it, blind3+4+5 gave one right and two ward questions
#: sent elsewhere on a generic pair, "đủ điều kiện", "trước hạn"; 0.45-0.7 × gain 11-17 ×
#: ratio 1.6-3.0 is a plateau within ±3 of 1,169 rows, the rule itself worth ~7)…
REQUEST_SCORE = 0.6
#: …explains words of the request the ward procedure chosen does not, a known word pair
#: among them, this many times the weight of what only the ward procedure explains…
REQUEST_RATIO = 1.6
#: …and at least this weight of them: a name of its own (a pair and its two words, ~11),
#: not one pair of the details any procedure is asked about ("bị phạt" ~9, "điều kiện"
#: ~10). Calibrated on the development question sets (tests/scope/test_request.py).
REQUEST_GAIN = 11.0


# "cần"/"xin" followed by a question word in their clause ask about the request ("cần
# những gì", "cần giấy ra viện không", "xin ở đâu"): they are not the request.
_ASKING_WANTS = frozenset({"cần", "xin", "can"})
_QUESTION_WORD = re.compile(
    r"\b(?:gì|gi|nào|nao|đâu|dau|không|khong|ko|chưa|chua|sao|bao)\b", re.IGNORECASE
)


# Words that tell a story: what happened or was done before the question.
_STORY = re.compile(r"\b(?:đã|rồi|roi|xong|từng|vừa|mới)\b", re.IGNORECASE)
# A clause ending so says what was done already ("em đã xin giấy xác nhận rồi").
_DONE = re.compile(r"\b(?:rồi|roi|xong)\s*$", re.IGNORECASE)


def _is_a_want(clause: str, match: re.Match[str]) -> bool:
    """Whether the word ``match`` found in ``clause`` says what the citizen wants: not a
    syllable of a place name written as one ("Cần Thơ", "Nam Định": capitalised beside
    another capitalised word), nor "định" in another word ("quyết định", "định cư")."""
    before = clause[: match.start()].split()
    after = clause[match.end() :].split()
    word = match.group()
    if word[0].isupper() and (
        (before and before[-1][0].isupper()) or (after and after[0][0].isupper())
    ):
        return False
    if word.lower() != "định":
        return True
    return not (
        (before and before[-1].lower() in _NOT_INTEND_BEFORE)
        or (after and after[0].lower().strip(",.;:!?") in _NOT_INTEND_AFTER)
    )


# The accents of a want word that is a syllable of a capitalised name ("Cần Thơ", "Nam
# Định") are dropped before the text is lower-cased (variants.context_free): folded, the
# name reads the same to every ranking, and is no want.
_UNACCENTED = {"cần": "can", "định": "dinh", "muốn": "muon"}


def _names_unwanted(text: str) -> str:
    def plain(match: re.Match[str]) -> str:
        word = match.group()
        if _is_a_want(text, match) or word.lower() not in _UNACCENTED:
            return word
        folded = _UNACCENTED[word.lower()]
        return folded[0].upper() + folded[1:]

    return _WANT.sub(plain, text)


def _from_the_want(clause: str) -> str | None:
    """``clause`` from its first word of wanting on; None when it has none that wants, or
    says it is done."""
    if _DONE.search(clause):
        return None
    for match in _WANT.finditer(clause):
        if not _is_a_want(clause, match):
            continue
        rest = clause[match.start() :].strip()
        if match.group().lower() in _ASKING_WANTS and _asks_right_after(rest):
            continue
        if match.group().lower() in _NEEDS and _PAPER_NEXT.match(clause, match.end()):
            # "chỉ cần giấy khai sinh": a paper the request needs, not a request.
            continue
        return rest
    return None


def _asks_right_after(rest: str) -> bool:
    """Whether the words after "cần"/"xin" ask about it ("cần những gì", "xin ở đâu",
    "cần giấy ra viện không") rather than name a request a later part asks about ("xin
    giấy xác nhận độc thân thì xin ở đâu"): a question word before any "thì"."""
    head = _TOPIC_TURN.split(rest, maxsplit=1)[0]
    return _QUESTION_WORD.search(head) is not None


# "cần" before a paper ("cần giấy khai sinh", "cần bản sao") says what the request
# needs; before an act ("cần trích lục bản đồ", "cần làm …") what is wanted.
_NEEDS = frozenset({"cần", "can"})
_PAPER_NEXT = re.compile(r"\s+(?:có\s+)?(?:giấy|bản|sổ|hồ sơ|văn bản|ảnh|tờ)\b", re.IGNORECASE)

# "X thì …" puts X as the topic the rest asks about; a want word before it names the
# request, one after it asks how.
_TOPIC_TURN = re.compile(r"\b(?:thì|thi)\b", re.IGNORECASE)

# A paper the question asks whether to bring ("có cần mang theo giấy đăng ký kết hôn
# không", "phải nộp kèm bản án không"): a paper of the request, not the request itself,
# though its name is a procedure's.
_PAPER_ASKED = re.compile(
    r"\b(?:có\s+)?(?:cần|phải|bắt buộc)\s+"
    r"(?:(?:mang|nộp|kèm|xuất trình|đưa|có|theo|cả)\s+)*"
    r"(?:giấy|bản|sổ|trích lục|văn bản|quyết định|hợp đồng)\b[^,.;:!?\n]*?"
    r"\b(?:không|khong|ko|k|hông|chưa|chua)\b",
    re.IGNORECASE,
)
# What the citizen will have done before the request ("khai tử xong thì …"): the
# request is what follows. Not "… rồi thì": "hết hạn rồi thì" says the paper's state.
_DONE_THEN = re.compile(r"^.*\bxong\s+(?:rồi\s+)?(?:thì|thi)\b", re.IGNORECASE)


def _asked_part(clause: str, has_words: Callable[[str], bool]) -> str:
    """The part of a clause that asks, without the papers it asks about and what is done
    before it, when what is left still names something."""
    for pattern in (_DONE_THEN, _PAPER_ASKED):
        rest = " ".join(pattern.sub(" ", clause).split())
        if rest != " ".join(clause.split()) and has_words(rest):
            clause = rest
    return clause


def request_focus(text: str, has_words: Callable[[str], bool] = bool) -> str:
    """The words of ``text`` that carry its request (see the module's docstring); the
    whole (context set aside) when no clause says a want or asks something with words of
    its own."""
    # Imported here: variants and the finder import this package's modules.
    from actions.procedures.finder import without_past_clauses
    from actions.procedures.variants import context_free
    from actions.scope.asides import without_asides

    request = context_free(without_asides(_names_unwanted(nfc(text)), need_clauses=False))
    wanted = (_from_the_want(without_past_clauses(c)) for c in _CLAUSE.findall(request))
    wanting = [_asked_part(w, has_words) for w in wanted if w is not None and has_words(w)]
    if wanting:
        # Every request a message makes ("muốn làm khai sinh …, muốn nhập khẩu …").
        return ", ".join(wanting)
    asking = [
        _asked_part(without_past_clauses(c).strip(), has_words)
        for c in topic_cues.question_clauses(request)
    ]
    asked = ", ".join(a for a in asking if a)
    # The clauses that ask are the request after a story ("… đã dịch xong, còn hồ sơ xin
    # visa thì nộp ở đâu"); after bare words ("làm muối, mức sống trung bình, hỗ trợ bảo
    # hiểm y tế xét ở đâu") they are one question with them.
    told = _STORY.search(nfc(text)) is not None
    if told and has_words(asked):
        return asked
    return ", ".join(_asked_part(c.strip(), has_words) for c in _CLAUSE.findall(request))


def _focus(resolver: ProcedureResolver, text: str) -> str:
    return request_focus(text, lambda part: resolver.evidence_weight(part) > 0)


def elsewhere_for_the_request(
    resolver: ProcedureResolver, text: str, chosen: Sequence[str]
) -> str | None:
    """The key of the matter handled elsewhere that explains the request of ``text``
    clearly better than each of the ward procedures ``chosen`` (codes in ``resolver``, an
    index over both): "bao lâu thì giải ngân khoản vay mua nhà" after a story about the
    certificate of marital status is the bank's loan. None when there is none."""
    from actions.scope.store import is_out_of_scope

    if not chosen:
        return None
    focus = _focus(resolver, text)
    for match in resolver.rank(focus, limit=12):
        if not is_out_of_scope(match.entry.code) or match.score < REQUEST_SCORE:
            continue
        contests = [resolver.contest(focus, match.entry.code, code) for code in chosen]
        if all(
            c.gained_pairs and c.gained >= REQUEST_GAIN and c.gained >= REQUEST_RATIO * c.lost
            for c in contests
        ):
            return match.entry.code
    return None


def ward_for_the_request(resolver: ProcedureResolver, text: str, matter: str) -> str | None:
    """The ward procedure ``text`` asks for when the matter handled elsewhere (key
    ``matter``) is named only in what it says already happened or is held ("chồng tôi đã
    đi xuất khẩu lao động, giờ muốn chuyển chủ hộ kinh doanh sang tên tôi"): once that is
    set aside, the matter explains none of the question and a ward procedure fits it
    clearly. None otherwise."""
    from actions.procedures.finder import without_past_clauses
    from actions.procedures.variants import context_free
    from actions.scope.store import is_out_of_scope

    rest = without_past_clauses(context_free(nfc(text)))
    if resolver.normalised(rest) == resolver.normalised(text):
        return None
    # A word pair of the matter's is still asked ("làm hộ chiếu"); single words ("ở",
    # "con") are any question's.
    if any(" " in feature for feature in resolver.explained(rest, matter)):
        return None
    ward = next(
        (m for m in resolver.rank(rest, limit=12) if not is_out_of_scope(m.entry.code)), None
    )
    if ward is None or ward.score < resolver.min_score:
        return None
    return ward.entry.code
