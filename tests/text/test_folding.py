import unicodedata

import pytest

from actions.text import content_segments, fold, fold_tokens, normalise_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("hoá đơn", "hoa don"),  # old tone placement
        ("hóa đơn", "hoa don"),  # new tone placement
        (unicodedata.normalize("NFD", "Tạm trú"), "tam tru"),  # NFD keyboards
        ("lam giay khai sinh", "lam giay khai sinh"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keeps_length_of_nfc_text() -> None:
    text = "Chứng thực bản sao hết bao nhiêu tiền?"
    assert len(fold(text)) == len(text)


def test_fold_tokens_collapse_repeated_letters() -> None:
    assert fold_tokens("khôngggg đcccc!!!") == ["khong", "dc"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "đky gks cho bé cần j ạ",
            ["dang", "ky", "giay", "khai", "sinh", "cho", "be", "can", "gi", "a"],
        ),
        ("ko dc", ["khong", "duoc"]),
        # "hồng" must not become "không" (sổ hồng is a land certificate).
        ("sổ hồng", ["so", "hong"]),
        ("50k", ["50k"]),
        # Shorthand from the lexicon, and letters Vietnamese does not spell with.
        ("lm tạm trú cho ng thuê r", ["lam", "tam", "tru", "cho", "nguoi", "thue", "roi"]),
        ("dạ fải, jờ wa dzậy", ["da", "phai", "gio", "qua", "day"]),
        # Ambiguous forms stay as typed: hk (không / hộ khẩu), đk (đăng ký / được), bn.
        ("hk đk bn", ["hk", "dk", "bn"]),
    ],
)
def test_normalise_tokens(text: str, expected: list[str]) -> None:
    assert normalise_tokens(text) == expected


def test_content_segments_drop_question_words_without_joining_across_them() -> None:
    tokens = normalise_tokens("đăng ký tạm trú mất bao lâu, cần giấy tờ gì")
    assert content_segments(tokens) == [["dang", "ky", "tam", "tru"]]
    assert content_segments(normalise_tokens("khai sinh cần gì kết hôn")) == [
        ["khai", "sinh"],
        ["ket", "hon"],
    ]


def test_abbreviations_with_repeated_letters_are_not_collapsed() -> None:
    assert normalise_tokens("làm cccd") == ["lam", "can", "cuoc", "cong", "dan"]


def test_can_cuoc_is_a_name_not_the_question_word_can() -> None:
    from actions.text import content_segments, normalise_tokens

    words = [w for s in content_segments(normalise_tokens("mất căn cước cần làm gì")) for w in s]
    assert words[:3] == ["mat", "can", "cuoc"]
    assert "can" not in [w for s in content_segments(normalise_tokens("cần giấy tờ gì")) for w in s]
