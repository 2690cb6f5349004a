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


@pytest.mark.parametrize(
    ("typed", "lemmas"),
    [
        # Old and new tone placement fold to the same lemma.
        ("thuỷ lợi", ["thuy", "loi"]),
        ("thủy lợi", ["thuy", "loi"]),
        # Repeated letters, stray punctuation, shorthand and f/j/w spellings.
        ("khôngggg!!! đc???", ["khong", "duoc"]),
        ("...tạm trú,,, ạ", ["tam", "tru", "a"]),
        ("mún lm j", ["muon", "lam", "gi"]),
        ("dạ fải", ["da", "phai"]),
    ],
)
def test_lemmas_are_normalised(
    tokenizer: VietnameseTokenizer, typed: str, lemmas: list[str]
) -> None:
    assert [t[3] for t in tokens_of(tokenizer, typed)] == lemmas


@pytest.mark.parametrize(
    "typed",
    [
        "Đăng ký KHAI SINH cho bé, cần j ạ?",
        unicodedata.normalize("NFD", "Chứng thực bản sao hết bao nhiêu tiền?"),
        "  hoá   đơn!!  ",
    ],
)
def test_token_text_is_the_typed_span(tokenizer: VietnameseTokenizer, typed: str) -> None:
    for text, start, end, _ in tokens_of(tokenizer, typed):
        assert typed[start:end] == text


def test_same_lemmas_however_it_is_typed(tokenizer: VietnameseTokenizer) -> None:
    forms = [
        "Đăng ký khai sinh cần gì",
        "dang ky khai sinh can gi",
        "ĐĂNG KÝ KHAI SINH CẦN GÌ",
        "đky khai sinh cần j",
        unicodedata.normalize("NFD", "Đăng ký khai sinh cần gì"),
    ]
    folded = {" ".join(t[3] for t in tokens_of(tokenizer, form)) for form in forms}
    assert folded == {"dang ky khai sinh can gi"}
