"""Calibration on the shipped catalogue: "none of these" is a real outcome.

Negatives: every national procedure the ward does not carry (national_names.json) and every
name of the handled-elsewhere list; asked by its own name, none may be answered as a ward
procedure. Positives: every ward procedure asked by its own name is found (or offered).
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest
import yaml

from actions.cards.store import load_cards
from actions.procedures.finder import Ambiguous, Found, HandledElsewhere, ProcedureFinder
from actions.scope.store import load_scope
from actions.settings import PROJECT_ROOT
from tests.fakes import InMemoryProcedureRepository, make_procedure

DATA = PROJECT_ROOT / "data"


@lru_cache(maxsize=1)
def finder() -> ProcedureFinder:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    aliases = yaml.safe_load((DATA / "procedures" / "aliases.yml").read_text(encoding="utf-8"))
    aliases = aliases.get("aliases", aliases)
    procedures = [
        make_procedure(r["code"], r["name"], aliases=list(aliases.get(r["code"], ())))
        for r in records
    ]
    return ProcedureFinder(
        InMemoryProcedureRepository(procedures), load_scope(DATA), load_cards(DATA / "cards")
    )


def ward_codes() -> set[str]:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    return {r["code"] for r in records}


def test_national_procedures_the_ward_does_not_carry_are_never_answered_as_ward_ones() -> None:
    names = json.loads((DATA / "procedures" / "national_names.json").read_text(encoding="utf-8"))
    carried = ward_codes()
    outside = [n for n in names if n["code"] not in carried]
    wrong = [n["name"] for n in outside if isinstance(finder().find(n["name"]), Found)]
    assert len(outside) > 250
    assert len(wrong) / len(outside) <= 0.05, wrong[:20]


def test_matters_handled_elsewhere_are_named_as_such() -> None:
    scope = load_scope(DATA)
    asked = [(m.id, name) for m in scope.matters for name in m.names]
    missed = [(i, n) for i, n in asked if not isinstance(finder().find(n), HandledElsewhere)]
    assert len(missed) / len(asked) <= 0.05, missed


@pytest.mark.parametrize("share", [0.95])
def test_ward_procedures_asked_by_name_are_found(share: float) -> None:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    found = 0
    misses = []
    for r in records:
        result = finder().find(r["name"])
        if (isinstance(result, Found) and result.procedure.code == r["code"]) or (
            isinstance(result, Ambiguous) and r["code"] in {c.code for c in result.candidates}
        ):
            found += 1
        else:
            misses.append((r["code"], type(result).__name__, r["name"][:60]))
    assert found / len(records) >= share, misses[:20]
