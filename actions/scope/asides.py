"""The asides of a question: what it weighs the request against, not the request itself.

"Làm khai tử cho chồng ở phường được không hay phải qua lãnh sự quán?" asks for the
ward's death registration; the consulate is only the alternative the citizen fears.
"…, có phải hợp pháp hóa lãnh sự không?" asks whether the request needs another act; it
does not ask for that act. Another agency's words said only in such an aside must not
send the citizen away from a ward procedure the rest of the question asks for
(ProcedureFinder.out_of_scope). Matched on the folded text (accents optional), cut from
the NFC text: folding keeps offsets (actions.text.folding.fold).
"""

from __future__ import annotations

import re

from actions.text.folding import fold, nfc

# The rest of a clause: up to punctuation that ends it.
_CLAUSE_REST = r"[^,.;:!?\n]*"
# "hay phải lên tòa", "hay là ra văn phòng công chứng", "thay vì ra phòng công chứng",
# "chứ không ra …": another place the citizen might have to go instead.
_ALTERNATIVE_PLACE = re.compile(
    r"\b(?:hay|hoac|thay vi|chu khong|chu ko|chu k)\b"
    r"(?:\s+(?:la|phai|bat buoc|buoc|can|nen|di|minh|em|toi))*"
    # Not "tới": folded, it is "tôi" ("… hay tôi tự nộp" is no other place).
    r"\s+(?:qua|ra|len|den|ve|tai|sang|o)\b" + _CLAUSE_REST
)
# A yes/no question about what the request needs, as a clause of its own:
# ", có phải hợp pháp hóa lãnh sự không?", ". Có cần dịch thuật không".
_NEED_CLAUSE = re.compile(
    r"(?:(?<=[,.;:!?\n])|^)\s*(?:vay\s+|the\s+)?co\s+(?:phai|can|bat buoc|buoc)\b"
    r"[^,.;:!?\n]*?\b(?:khong|ko|k|kg|hong|hok)\b[^,.;:!?\n]*"
)
# A paper the request may need, inside its clause: "… có cần giấy khám sức khỏe không".
_NEED_PAPER = re.compile(
    r"\bco\s+can\s+(?:phai\s+)?(?:co\s+|mang\s+|nop\s+)?(?:giay|ban|so|the)\b"
    r"[^,.;:!?\n]*?\b(?:khong|ko|k|kg|hong|hok)\b"
)
_ASIDES = (_ALTERNATIVE_PLACE, _NEED_CLAUSE, _NEED_PAPER)
# Without the clause of its own: "đi xuất khẩu lao động, có phải khai báo tạm vắng không?"
# asks for what that clause names. Only a place or a paper weighed is never the request.
_WEIGHED = (_ALTERNATIVE_PLACE, _NEED_PAPER)


def aside_spans(text: str, *, need_clauses: bool = True) -> list[tuple[int, int]]:
    """Offsets (in the NFC text) of the asides of ``text``, in order, not overlapping;
    without the yes/no clauses of their own unless ``need_clauses``."""
    folded = fold(text)
    patterns = _ASIDES if need_clauses else _WEIGHED
    spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(folded))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def without_asides(text: str, *, need_clauses: bool = True) -> str:
    """``text`` (NFC) without its asides (see ``aside_spans``): the request it makes."""
    text = nfc(text)
    kept, last = [], 0
    for start, end in aside_spans(text, need_clauses=need_clauses):
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return " ".join("".join(kept).split())
