"""The tone a message calls for: a grievance about the service, or a death in the family.

Both are read from the words (``complaint_cues`` and ``death_told_cues`` in lexicon.yml, the
pattern syntax of actions/text/topic_cues.py, over folded, teencode-expanded words, so
"bực mình" and "buc minh" are one cue). The NLU guard (bot/components/dossier_guard.py)
makes a grievance the ``complain`` intent whatever procedure it names; the action server
says the condolence line before the answer to a question that tells of a death. Shared by
both environments: standard library and PyYAML only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from actions.text.folding import _LEXICON_PATH
from actions.text.topic_cues import compile_pattern, cued_topics, folded_text

#: Kinds of weak complaint cue: going back and forth ("repeat") told twice, or with waiting.
WEAK_KINDS = ("repeat", "waiting")


@dataclass(frozen=True)
class _Cues:
    cues: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()

    def found(self, folded: str) -> int:
        """How many of the cue patterns match outside every ``unless`` match."""
        blocked = [(m.start(), m.end()) for u in self.unless for m in u.finditer(folded)]
        count = 0
        for cue in self.cues:
            for match in cue.finditer(folded):
                if not any(s < match.end() and match.start() < e for s, e in blocked):
                    count += 1
                    break
        return count


def _compiled(patterns: Any) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_pattern(str(p)) for p in patterns or ())


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, _Cues]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    complaint = raw.get("complaint_cues") or {}
    death = raw.get("death_told_cues") or {}
    sections = {kind: _Cues(_compiled(complaint.get(kind))) for kind in ("strong", *WEAK_KINDS)}
    sections["death"] = _Cues(_compiled(death.get("cues")), _compiled(death.get("unless")))
    return sections


def sounds_like_complaint(text: str) -> bool:
    """A grievance about the service: one strong cue ("bực mình", "thái độ", "không công
    bằng", "làm việc kiểu gì"); or, when no kind of answer is asked, going back and forth
    told twice or with waiting ("đi lại ba lần", "lần nào cũng hẹn", "chờ cả buổi"). Weak
    cues beside a question tell the situation of that question ("chủ đầu tư hẹn mãi chưa
    có sổ, cư dân tự nộp được không")."""
    folded = folded_text(text)
    cues = _lexicon()
    if cues["strong"].found(folded):
        return True
    repeat = cues["repeat"].found(folded)
    if not repeat or (repeat < 2 and not cues["waiting"].found(folded)):
        return False
    return not cued_topics(text)


def tells_of_death(text: str) -> bool:
    """A death in the family told as context ("bố em vừa mất sáng nay", "nhà đang có
    tang"), not a procedure named ("lệ phí khai tử") nor a thing lost ("mẹ tôi mất ví")."""
    return bool(_lexicon()["death"].found(folded_text(text)))
