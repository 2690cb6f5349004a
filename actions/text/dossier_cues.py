"""Does a message talk about a dossier already filed? (A code, or dossier-status words.)

Shared by the NLU guard (bot/components/dossier_guard.py) and the action server; standard
library and PyYAML only. The words are cue patterns (``dossier_cues`` in lexicon.yml, the
syntax of actions/text/topic_cues.py): "hồ sơ" alone is no cue, since a citizen also says it
of the papers a procedure needs ("bộ hồ sơ gồm những gì").
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from actions.text.folding import _LEXICON_PATH
from actions.text.topic_cues import compile_pattern, folded_text

# A receipt code or its tail, however typed ("000.00.27.H26-251017-0012", "H26-251017-0012",
# "h26 251021 0266", "251017-0012").
_CODE = re.compile(r"\d{6}\s*[-./ ]?\s*\d{4}\b|\b[a-z]\d{2}\s*[-./ ]\s*\d{6}", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], ...]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        patterns = yaml.safe_load(handle)["dossier_cues"]
    return tuple(compile_pattern(str(p)) for p in patterns)


def names_dossier_code(text: str) -> bool:
    """A receipt code (or its tail) is in the message: the lookup can start at once."""
    return bool(_CODE.search(text))


def mentions_dossier(text: str) -> bool:
    if names_dossier_code(text):
        return True
    # Teencode expanded ("hs" -> "ho so", "đc" -> "duoc"), like the NLU features.
    folded = folded_text(text)
    if any(cue.search(folded) for cue in _cues()):
        return True
    # A bare "tra cứu" ("tra cứu ạ") asks the lookup; "tra cứu phạt nguội" names another.
    return " tra cuu " in folded and len(folded.split()) <= 3
