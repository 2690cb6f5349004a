"""Whitespace tokenizer that makes the NLU insensitive to how Vietnamese is typed.

Token text and offsets stay on the message as the citizen typed it (entity spans
point into the original text); ``Token.lemma`` carries the folded, teencode-expanded
form ("Đky" -> "dang ky"), which ``CountVectorsFeaturizer`` featurises by default
(``use_lemma: True``). Training and prediction therefore see the same features for
"đăng ký", "dang ky" and "đky".
"""

from __future__ import annotations

import unicodedata
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.text.folding import normalise_token


def nfc_offsets(original: str) -> tuple[str, list[int]]:
    """NFC form of ``original`` and, per NFC position, the matching original position.

    Some keyboards send NFD (base letter + combining marks); the whitespace tokenizer
    would drop those marks, so we tokenize the NFC form and map offsets back.
    """
    mapping: list[int] = []
    parts: list[str] = []
    i = 0
    while i < len(original):
        j = i + 1
        while j < len(original) and unicodedata.combining(original[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", original[i:j])
        parts.append(cluster)
        mapping.extend([i] * len(cluster))
        i = j
    mapping.append(len(original))
    return "".join(parts), mapping


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokens over NFC text with accent-folded, teencode-expanded lemmas."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return WhitespaceTokenizer.get_default_config()

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        original = message.get(attribute)
        if attribute != TEXT or not original:
            return super().tokenize(message, attribute)
        normalised, mapping = nfc_offsets(original)
        tokens = super().tokenize(Message(data={attribute: normalised}), attribute)
        result = []
        for token in tokens:
            start, end = mapping[token.start], mapping[token.end]
            result.append(
                Token(
                    original[start:end],
                    start,
                    end,
                    data=token.data,
                    lemma=normalise_token(token.text),
                )
            )
        return result
