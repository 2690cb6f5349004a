"""The object of the request: the paper or act the citizen asks to have made, changed or
paid ("sửa giấy chứng sinh", "đổi tên trên bằng tốt nghiệp", "khai thuế thu nhập cá nhân",
"cắt thuê bao điện thoại").

A story often names a ward procedure ("giấy khai sinh mới cải chính", "đã chứng thực văn
bản phân chia di sản") while the request is about a paper another agency issues: the
words after the act the citizen asks for say which. Who issues that object is read from
the data, not from a list of phrases: a ward procedure's own names, curated aliases and
the papers it RESULTS in are its objects; the papers it takes as INPUT (a card's
situations: "có giấy chứng sinh") are not, so the index of objects holds no card words.
The matters other agencies handle (data/scope/elsewhere.yml) and the national procedures
the ward does not carry are in the same index, so the scores compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from actions.text.folding import nfc

if TYPE_CHECKING:
    from actions.cards.store import CardStore
    from actions.procedures.repository import ProcedureRepository
    from actions.procedures.resolver import ProcedureResolver
    from actions.scope.store import Scope

# The acts a citizen asks to be done to a paper or a service. Unaccented forms only where
# they are no common other word ("xin", "sua", "nop", "cap lai", "lam lai", "dang ky").
# Not "cấp" in "chu cấp", nor "khai" in a paper's or another act's name ("giấy khai sinh",
# "khai thác"): those are no act asked for; nor an act after "để", what a paper is for
# ("bản sao giấy khai sinh để nộp hồ sơ nhập học").
_ACT = re.compile(
    r"\b(?<!để )(?<!de )(?<!nhằm )"
    r"(?:sửa|sua|đính chính|xin|làm lại|lam lai|làm|cấp lại|cap lai|cấp đổi"
    r"|(?<!chu )(?<!bằng )cấp|nộp|nop"
    r"|(?<!giấy )(?<!giay )(?<!tờ )(?<!to )khai(?! (?:sinh|tử|tu|thác|thac|trương))"
    r"|đóng|đổi|doi|cắt|khóa|hủy|lắp|đăng ký|dang ky|giám định|tra cứu)\b",
    re.IGNORECASE,
)
# What ends the object: a clause break, a linking or asking word ("thì", "ở", "có", "được",
# "không", "hay", "để"), whom or what it is for ("cho con", "cho công trình"; not "cho
# thuê", an act of its own). Unaccented "o"/"co"/"thi" are also other words; they still end a
# noun phrase in a question.
_OBJECT_END = re.compile(
    r"[,.;:!?()]|\b(?:thì|thi|ở|o|tại|tai|có|co|được|duoc|dc|không|khong|ko|k|hay|hoặc"
    r"|để|de|nhưng|mà|rồi|phải|mất|bao|gì|gi|nào|sao|như|giúp|của|cua|sau khi|sau|khi|vì"
    r"|nếu|trước(?! bạ)|ngoài|trong|cho(?! thuê| thue| tặng| tang| mượn| muon))\b",
    re.IGNORECASE,
)
#: An object longer than this is a clause of its own, not a noun phrase.
OBJECT_WORDS = 8
#: A result paper with more words than this is a notice's legal title ("Thông báo của Cục
#: Quản lý xuất nhập cảnh về việc giải quyết đơn trình báo mất hộ chiếu…"): it would make
#: the other agency's paper the ward's object.
RESULT_WORDS = 7
#: The object must be explained this much better by one side than by the other (the
#: weight of the features only it explains, a word pair among them), as in
#: actions/scope/request.py: calibrated on the development question sets
#: (tests/scope/test_objects.py).
OBJECT_RATIO = 1.6
OBJECT_GAIN = 8.0
#: How well the object alone must fit a ward procedure to keep the ward's procedure.
WARD_OBJECT_SCORE = 0.6


# A phrase after the act that starts with a preposition is when or where it is done
# ("làm ngoài giờ", "hủy trước hạn", "nộp trong ngày"), not what is done; an adverb before
# the object says how ("lắp thêm công tơ", "làm gấp hộ chiếu"; not "hộ", also a
# household). Closed classes of words.
_PREPOSITIONS = frozenset({"trước", "ngoài", "sau", "trong", "ngay", "từ", "đến", "tới", "qua"})
_ADVERBS = frozenset({"thêm", "luôn", "gấp", "nhanh", "lại", "mới", "riêng", "giùm"})


def _phrase_after(text: str, start: int) -> list[str]:
    rest = text[start:]
    end = _OBJECT_END.search(rest)
    words = (rest[: end.start()] if end else rest).split()
    while words and words[0].lower() in _ADVERBS:
        words = words[1:]
    if words and words[0].lower() in _PREPOSITIONS:
        return []
    return words[:OBJECT_WORDS]


def request_object(request: str, story: str = "") -> str | None:
    """The act asked for and its object in ``request`` (the request's words, see
    actions/scope/request.py): the first act word with words after it, up to the end of
    its noun phrase; the acts after it are how it is asked ("… thì nộp ở đâu"). An object
    of one word ("sửa bằng") is the fuller noun phrase ``story`` (the whole message) names
    with that word first ("bằng đại học của em ghi sai …"). None when no act has an object."""
    text = nfc(request)
    for act in _ACT.finditer(text):
        words = _phrase_after(text, act.end())
        if not words:
            continue
        told = nfc(story)
        # The request's words may have lost some of the message's ("hộ" read as "on
        # behalf"): the object is read from the message where the request's act is.
        said = re.search(rf"\b{re.escape(act.group())}\s+", told, re.IGNORECASE)
        if said is not None and len(_phrase_after(told, said.end())) > len(words):
            words = _phrase_after(told, said.end())
        if len(words) == 1 and story:
            head = re.search(rf"\b{re.escape(words[0])}\b", told, re.IGNORECASE)
            fuller = _phrase_after(told, head.start()) if head else []
            if len(fuller) > 1:
                words = fuller
        return f"{act.group()} {' '.join(words)}"
    return None


_OBJECTS: dict[tuple[str, int, int], ProcedureResolver] = {}


def objects_resolver_for(
    repository: ProcedureRepository, scope: Scope, cards: CardStore | None = None
) -> ProcedureResolver:
    """One index of objects: each ward procedure's names, curated aliases, its card's
    everyday names (what citizens call its result: "thẻ bảo hiểm y tế hộ gia đình") and
    its short result papers, and what is out of scope; rebuilt when the catalogue changes.
    Not a card's situations: they tell the citizen's story and the papers they hold."""
    from dataclasses import replace

    from actions.procedures.resolver import ProcedureResolver

    key = (repository.catalogue_version(), id(scope), id(cards))
    resolver = _OBJECTS.get(key)
    if resolver is None:
        entries = []
        for entry in repository.list_search_entries():
            procedure = repository.get_by_code(entry.code)
            results = () if procedure is None else _short_results(procedure.results)
            card = None if cards is None else cards.get(entry.code)
            names = () if card is None else tuple(card.everyday_names)
            entries.append(replace(entry, aliases=entry.aliases + names + results))
        resolver = ProcedureResolver([*entries, *scope.entries(e.code for e in entries)])
        _OBJECTS.clear()
        _OBJECTS[key] = resolver
    return resolver


def _short_results(results: str | None) -> tuple[str, ...]:
    lines = (" ".join(line.split()) for line in (results or "").split("\n"))
    return tuple(line for line in lines if line and len(line.split()) <= RESULT_WORDS)


def _clearly(resolver: ProcedureResolver, text: str, challenger: str, incumbent: str) -> bool:
    contest = resolver.contest(text, challenger, incumbent)
    return (
        bool(contest.gained_pairs)
        and contest.gained >= OBJECT_GAIN
        and contest.gained >= OBJECT_RATIO * contest.lost
    )


def elsewhere_for_the_object(
    objects: ProcedureResolver, obj: str | None, chosen: Sequence[str]
) -> str | None:
    """The key of the matter handled elsewhere whose paper or act ``obj`` (request_object)
    is, explained clearly better than by each ward procedure ``chosen``; None otherwise."""
    from actions.scope.store import is_out_of_scope

    if not obj or not chosen:
        return None
    ranked = objects.rank(obj, limit=12)
    matter = next((m for m in ranked if is_out_of_scope(m.entry.code)), None)
    if matter is None or matter.score < objects.suggest_score:
        return None
    # The noun phrase decides, not the act: "sửa" or "cấp lại" is any paper's. It must be
    # the matter's more than the ward procedure it fits best (a ward result is the ward's,
    # "xin giấy xác nhận tình trạng hôn nhân") and more than each chosen.
    noun = _noun(obj)
    ward = next((m.entry.code for m in ranked if not is_out_of_scope(m.entry.code)), None)
    rivals = [*chosen, *([] if ward is None else [ward])]
    # A Vietnamese noun phrase has its head first: a ward procedure's pair there makes the
    # rest its modifiers ("hộ kinh doanh vận tải" is a household business).
    tokens = objects.normalised(noun)
    head = f"{tokens[0]} {tokens[1]}" if len(tokens) > 1 else ""
    if (
        head
        and head not in objects.explained(noun, matter.entry.code)
        and any(head in objects.explained(noun, code) for code in rivals)
    ):
        return None
    if all(_clearly(objects, noun, matter.entry.code, code) for code in rivals):
        return matter.entry.code
    return None


def _noun(obj: str) -> str:
    """The object of ``obj`` without its act word."""
    act = _ACT.match(obj)
    return obj[act.end() :].strip() if act else obj


def ward_for_the_object(objects: ProcedureResolver, obj: str | None, matter: str) -> str | None:
    """The ward procedure whose own paper or act ``obj`` is ("xin giấy xác nhận tình
    trạng hôn nhân" after a story of a divorce), explained clearly better than by the
    matter ``matter``; None otherwise."""
    from actions.scope.store import is_out_of_scope

    if not obj:
        return None
    # The object fits a ward procedure best, and well on its own: not a job in the story
    # ("làm giáo viên", "làm công nhân 25 năm"), nor a paper a matter issues ranked first.
    ranked = objects.rank(obj, limit=12)
    if not ranked or is_out_of_scope(ranked[0].entry.code):
        return None
    ward = ranked[0]
    if ward.score < WARD_OBJECT_SCORE:
        return None
    noun = _noun(obj)
    contest = objects.contest(noun, ward.entry.code, matter)
    # A ward word pair in an object the matter explains no pair of ("làm khai tử online"):
    # the matter's words are all in the story. A matter sharing the object's pairs
    # ("hồ sơ hưởng lương hưu") is left to the ranking.
    theirs = [f for f in objects.explained(noun, matter) if " " in f]
    mine = bool(contest.gained_pairs) and not theirs
    return ward.entry.code if mine else None
