import unicodedata

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.tokenizer import VietnameseTokenizer, nfc_offsets


@pytest.fixture(scope="module")
def tokenizer() -> VietnameseTokenizer:
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def tokens_of(tokenizer: VietnameseTokenizer, text: str) -> list[tuple[str, int, int, str]]:
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    return [(t.text, t.start, t.end, t.lemma) for t in message.get(TOKENS_NAMES[TEXT])]


@pytest.mark.parametrize(
    ("typed", "lemmas"),
    [
        ("Đăng ký khai sinh", ["dang", "ky", "khai", "sinh"]),
        ("dang ky khai sinh", ["dang", "ky", "khai", "sinh"]),
        ("ĐĂNG KÝ KHAI SINH", ["dang", "ky", "khai", "sinh"]),
        ("đky gks", ["dang ky", "giay khai sinh"]),
        ("hoá đơn", ["hoa", "don"]),
    ],
)
def test_lemmas_are_folded(tokenizer: VietnameseTokenizer, typed: str, lemmas: list[str]) -> None:
    assert [t[3] for t in tokens_of(tokenizer, typed)] == lemmas


def test_offsets_point_into_the_text_as_typed(tokenizer: VietnameseTokenizer) -> None:
    typed = unicodedata.normalize("NFD", "Hồ sơ của tôi")
    tokens = tokens_of(tokenizer, typed)
    assert [typed[s:e] for _, s, e, _ in tokens] == [t for t, _, _, _ in tokens]
    assert [lemma for *_, lemma in tokens] == ["ho", "so", "cua", "toi"]


def test_nfc_offsets_map_every_position() -> None:
    original = unicodedata.normalize("NFD", "Tạm trú")
    normalised, mapping = nfc_offsets(original)
    assert normalised == "Tạm trú"
    assert len(mapping) == len(normalised) + 1
    assert mapping[-1] == len(original)
