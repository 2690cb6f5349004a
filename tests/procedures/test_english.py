"""The English glossary: what an English message is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actions.procedures.english import EnglishGlossary, EnglishTopic, load_glossary
from actions.scope.store import load_scope

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def glossary() -> EnglishGlossary:
    return load_glossary(DATA / "english" / "topics.yml")


@pytest.mark.parametrize(
    ("text", "code", "matter"),
    [
        ("How do I register my baby's birth?", "1.001193", None),
        ("I need a copy of my birth certificate", "2.000635", None),
        ("We want to get married, what papers do we need?", "1.000894", None),
        ("I am a foreigner renting a flat, do I need to register temporary residence?",
         "1.000253", None),
        ("I rent a room here, how do I register temporary residence?", "1.004194", None),
        ("I lost my passport yesterday", "1.010386", None),
        ("How can I get a new passport for my son?", None, "passport"),
        ("Where do I renew my temporary residence card?", None, "work_permit_foreigner"),
        ("Can you certify copies of my diploma?", "2.000815", None),
        ("I want to open a cafe", "1.001612", None),
        ("I want to set up a company", None, "company_registration"),
        ("My father passed away, what should we do?", "1.000656", None),
    ],
)  # fmt: skip
def test_a_message_is_matched_to_its_topic(
    glossary: EnglishGlossary, text: str, code: str | None, matter: str | None
) -> None:
    topic = glossary.match(text)
    assert topic is not None
    assert (topic.code, topic.matter) == (code, matter)


@pytest.mark.parametrize("text", ["Hello, can you speak English?", "What is the weather today?"])
def test_a_message_about_nothing_listed_has_no_topic(glossary: EnglishGlossary, text: str) -> None:
    assert glossary.match(text) is None


def test_phrases_match_whole_words_only() -> None:
    glossary = EnglishGlossary((EnglishTopic("visa", ("visa",), matter="m"),))
    assert glossary.match("my visa expired") is not None
    assert glossary.match("supervisavailable") is None


def test_every_code_is_a_ward_procedure_and_every_matter_is_listed(
    glossary: EnglishGlossary,
) -> None:
    ward_codes = {
        p["code"] for p in json.loads((DATA / "procedures" / "national.json").read_text())
    }
    matters = {m.id for m in load_scope(DATA).matters}
    for topic in glossary.topics:
        assert topic.code is None or topic.code in ward_codes, topic
        assert topic.matter is None or topic.matter in matters, topic


def test_an_entry_with_both_a_code_and_a_matter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - {code: '1', matter: x, english: e, phrases: [a]}\n")
    with pytest.raises(ValueError, match="not both"):
        load_glossary(path)
