"""Does a message talk about a dossier already filed? (A code, or dossier words.)

Shared by the NLU guard (bot/components/dossier_guard.py) and the action server; standard
library and PyYAML only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from actions.text.folding import _LEXICON_PATH, fold, normalise_tokens

# A receipt code or its tail, however typed ("000.00.27.H26-251017-0012", "H26-251017-0012",
# "h26 251021 0266", "251017-0012").
_CODE = re.compile(r"\d{6}\s*[-./ ]?\s*\d{4}\b|\b[a-z]\d{2}\s*[-./ ]\s*\d{6}", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> re.Pattern[str]:
    with _LEXICON_PATH.open(encoding="utf-8") as handle:
        phrases = [fold(p) for p in yaml.safe_load(handle)["dossier_cues"]]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def mentions_dossier(text: str) -> bool:
    if _CODE.search(text):
        return True
    # Teencode expanded ("hs" -> "ho so", "đc" -> "duoc"), like the NLU features.
    return bool(_cues().search(" ".join(normalise_tokens(text))))
