"""Optional featurizer: underthesea word segmentation as extra, token-aligned features.

Each whitespace token is featurised by the (folded) multi-syllable word underthesea puts
it in: in "đăng ký khai sinh", "khai" and "sinh" both become ``khai_sinh``. The sequence
keeps one row per syllable token, so these features line up with the other
featurizers'. Measured in docs/nlu.md ("Word segmentation"); not in config.yml, where
it did not pay for its cost.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.text.folding import fold
from bot.components.tokenizer import nfc_offsets


@lru_cache(maxsize=4096)
def word_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, folded_word)`` of underthesea's words, offsets into ``text``."""
    from underthesea import word_tokenize

    normalised, mapping = nfc_offsets(text)
    # use_token_normalize=False: otherwise words are rewritten and cannot be found.
    words = word_tokenize(normalised, use_token_normalize=False)
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    for word in words:
        found = normalised.find(word, cursor)
        if found < 0:
            continue
        cursor = found + len(word)
        spans.append((mapping[found], mapping[cursor], "_".join(fold(word).split())))
    return tuple(spans)


def compounds_per_token(text: str, token_starts: list[int]) -> list[str]:
    """The folded word containing each token start (the token's own syllable if none)."""
    spans = word_spans(text)
    starts = [s for s, _, _ in spans]
    result = []
    for start in token_starts:
        i = bisect_right(starts, start) - 1
        if i >= 0 and spans[i][0] <= start < spans[i][1]:
            result.append(spans[i][2])
        else:
            result.append("")
    return result


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class CompoundCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Bag of underthesea words, one row per whitespace token (word analyzer only)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**CountVectorsFeaturizer.get_default_config(), "analyzer": "word"}

    def _get_message_tokens_by_attribute(self, message: Message, attribute: str) -> list[str]:
        tokens = message.get(TOKENS_NAMES[attribute])
        if attribute != TEXT or not tokens:
            return super()._get_message_tokens_by_attribute(message, attribute)
        words = compounds_per_token(message.get(TEXT), [t.start for t in tokens])
        # A token outside any word (rare) falls back to its folded lemma.
        return [w or (t.lemma or t.text) for w, t in zip(words, tokens, strict=True)]
