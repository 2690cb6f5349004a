"""The English glossary: an English message in the catalogue's Vietnamese terms."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from actions.procedures.english import (
    EnglishGlossary,
    Term,
    english_words,
    load_glossary,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def glossary_of(**terms: list[str]) -> EnglishGlossary:
    return EnglishGlossary(
        tuple(Term(vi, tuple(english_words(e) for e in en)) for vi, en in terms.items())
    )


@pytest.fixture(scope="module")
def shipped() -> EnglishGlossary:
    return load_glossary(DATA / "english" / "glossary.yml")


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Registering marriages", ("kết_hôn",)),  # plural and -ing meet the base form
        ("I lost my old passport", ("mất_hộ_chiếu",)),  # "my" dropped, one word between
        ("lost passport and a passport photo", ("mất_hộ_chiếu", "hộ_chiếu")),
        ("my passport", ("hộ_chiếu",)),
        ("register", ()),
    ],
)
def test_the_longest_wording_wins_with_inflections_and_a_small_gap(
    text: str, terms: tuple[str, ...]
) -> None:
    glossary = glossary_of(
        kết_hôn=["register a marriage", "marriage"],
        mất_hộ_chiếu=["lost my passport"],
        hộ_chiếu=["passport"],
    )
    assert glossary.translate(text).terms == terms


def test_wordings_match_whole_words_only() -> None:
    glossary = glossary_of(visa=["visa"])
    assert glossary.translate("my visa expired").terms == ("visa",)
    assert glossary.translate("supervisavailable").terms == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My Canadian wife gave birth last week", ["có yếu tố nước ngoài", "khai sinh"]),
        ("We want to adopt a child", ["nuôi con nuôi"]),
        (
            "How much is a certified copy of my diploma?",
            ["lệ phí", "chứng thực bản sao", "văn bằng"],
        ),
        ("Our house needs a renovation permit", ["sửa chữa cải tạo"]),
        ("I want to open a coffee shop", ["hộ kinh doanh"]),
        ("Is there support for a near-poor family?", ["hộ cận nghèo"]),
        ("My father receives a pension", ["lương hưu"]),
        ("Where do I get a criminal record check?", ["nộp ở đâu", "lý lịch tư pháp"]),
    ],
)
def test_the_shipped_glossary_translates_terms_of_every_ward_group(
    shipped: EnglishGlossary, text: str, expected: list[str]
) -> None:
    translation = shipped.translate(text).text
    for term in expected:
        assert term in translation


def test_the_shipped_glossary_is_reviewed_vietnamese_covering_dozens_of_terms(
    shipped: EnglishGlossary,
) -> None:
    assert len(shipped.terms) >= 80
    for term in shipped.terms:
        assert term.vietnamese == unicodedata.normalize("NFC", term.vietnamese)
        assert term.english, term


@pytest.mark.parametrize("text", ["Hello, can you speak English?", "What is the weather today?"])
def test_a_message_about_nothing_listed_has_no_terms(shipped: EnglishGlossary, text: str) -> None:
    assert shipped.translate(text).terms == ()


def test_a_wording_given_two_vietnamese_terms_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(
        "terms:\n  - {vi: khai sinh, en: [birth]}\n  - {vi: khai tử, en: [the births]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="both"):
        load_glossary(path)
