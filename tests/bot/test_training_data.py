"""Training data and domain hygiene: NFC text, no held-out question leaks into training."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
import yaml

from actions.text import fold

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    [*ROOT.glob("data/**/*.yml"), *ROOT.glob("bot/domain/*.yml"), ROOT / "config.yml"]
)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_text_is_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def training_examples() -> dict[str, str]:
    """Folded example text -> intent, over every NLU file."""
    seen: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                example = line.strip().removeprefix("- ").strip()
                if example:
                    seen[" ".join(fold(example).split())] = block["intent"]
    return seen


def test_no_example_is_given_two_intents() -> None:
    by_text: dict[str, set[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                example = " ".join(fold(line.strip().removeprefix("- ")).split())
                if example:
                    by_text.setdefault(example, set()).add(block["intent"])
    clashes = {text: intents for text, intents in by_text.items() if len(intents) > 1}
    assert not clashes


def test_held_out_questions_are_not_in_training() -> None:
    training = training_examples()
    with (ROOT / "tests" / "nlu" / "heldout.csv").open(encoding="utf-8") as handle:
        leaked = [
            r["text"]
            for r in csv.DictReader(handle)
            if " ".join(fold(r["text"]).split()) in training
        ]
    assert not leaked
