"""Check every citizen card against the record it was written from.

    python -m actions.cards.check              # list the problems of every card
    python -m actions.cards.check --stamp CODE # record the reviewed record's digest

A card passes when each quoted fact appears in the named field of its record (for papers
and forms: in the record's documents), its fee and time agree with the record or say they
come from a ward override that exists, and the record has not changed since the card was
reviewed (its digest). A re-import that changes a carded record flags the card for review.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.cards.answers import BELOW, case_from_words
from actions.cards.schema import Card, Source
from actions.cards.store import card_files, load_cards, read_card
from actions.settings import PROJECT_ROOT

Record = Mapping[str, Any]

#: national.json keys holding each portal field (the importer's names for them).
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "ten_thu_tuc": ("name",),
    "thanh_phan_ho_so": ("documents",),
    "cach_thuc_thuc_hien": ("channels",),
    "trinh_tu_thuc_hien": ("steps",),
    "yeu_cau_dieu_kien": ("conditions",),
    "can_cu_phap_ly": ("legal_bases",),
    "ket_qua_xu_ly": ("results",),
    "co_quan_thuc_hien": ("agency", "offices", "office_kind"),
}
#: The portal's words for the importer's channel kinds (quotes use the portal's words).
CHANNEL_WORDS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "post": "Dịch vụ bưu chính"}


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def strings(value: Any) -> Iterable[str]:
    """Every string (and number, as written) inside a JSON value."""
    if isinstance(value, str):
        yield CHANNEL_WORDS.get(value, value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield f"{value:g}"
        if isinstance(value, int) or value.is_integer():
            yield f"{int(value):,}".replace(",", ".")
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def field_text(record: Record, field: str) -> str:
    return normalise("\n".join(s for key in FIELD_KEYS[field] for s in strings(record.get(key))))


def record_digest(record: Record) -> str:
    """A digest of what a card may quote: every field's text, not the importer's layout."""
    text = "\n".join(f"{field}:{field_text(record, field)}" for field in sorted(FIELD_KEYS))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    code: str
    what: str

    def __str__(self) -> str:
        return f"{self.code}: {self.what}"


@lru_cache(maxsize=2)
def _national(path: Path) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in json.loads(path.read_text(encoding="utf-8"))}


def ward_overrides(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Ward code -> its override file's content (procedures, local procedures, offices)."""
    files = sorted((data_dir / "wards").glob("*.yml"))
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in files}


def records(data_dir: Path) -> dict[str, dict[str, Any]]:
    """National records, plus the local procedures the wards' files add."""
    merged = dict(_national(data_dir / "procedures" / "national.json"))
    for overrides in ward_overrides(data_dir).values():
        for local in overrides.get("local_procedures") or ():
            merged.setdefault(str(local["code"]), local)
    return merged


def _check_source(
    code: str, what: str, source: Source, record: Record, wards: Mapping[str, Any]
) -> list[Problem]:
    if source.ward_override is not None:
        ward = wards.get(source.ward_override)
        patched = ((ward or {}).get("procedures") or {}).get(code)
        local = any(str(p.get("code")) == code for p in (ward or {}).get("local_procedures") or ())
        if not (patched or local):
            return [Problem(code, f"{what}: ward {source.ward_override} has no override for it")]
        return []
    assert source.field is not None and source.quote is not None  # the schema ensures it
    if normalise(source.quote) not in field_text(record, source.field):
        return [Problem(code, f"{what}: '{source.quote}' is not in {source.field}")]
    return []


def check_card(card: Card, record: Record | None, wards: Mapping[str, Any]) -> list[Problem]:
    if record is None:
        return [Problem(card.code, "no record with this code (national or a ward's local one)")]
    problems: list[Problem] = []
    if card.record_digest != record_digest(record):
        problems.append(Problem(card.code, "record changed since review: re-check, --stamp"))
    facts: list[tuple[str, Source]] = [("time", card.time.source), ("fee", card.fee.source)]
    if card.online_source is not None:
        facts.append(("online", card.online_source))
    facts += [(f"form {f.code}", f.source) for f in card.forms]
    facts += [(f"condition '{c.text[:30]}'", c.source) for c in card.conditions]
    for case in card.cases:
        facts += [(f"case {case.id} paper '{p.name[:30]}'", p.source) for p in case.papers]
    for what, source in facts:
        problems += _check_source(card.code, what, source, record, wards)
    for form in card.forms:
        if form.code is None or form.source.ward_override is not None:
            continue
        if normalise(form.code) not in field_text(record, "thanh_phan_ho_so"):
            problems.append(Problem(card.code, f"form {form.code} is not in the documents"))
    problems += _check_fee(card, record)
    problems += check_case_words(card)
    return problems


def check_case_words(card: Card) -> list[Problem]:
    """Each case's ``words`` read alone state that case, and the card's title states none:
    a phrase shared with, negated by or inside another case's phrase would list the wrong
    papers, and one in the title would answer every plain question for one case."""
    if len(card.cases) < 2:
        return []
    problems = []
    for case in card.cases:
        for phrase in case.words:
            if phrase != unicodedata.normalize("NFC", phrase) or not normalise(phrase):
                problems.append(Problem(card.code, f"case {case.id} word '{phrase}' is not NFC"))
            # read with each "<N" placeholder as a number it matches
            elif case_from_words(card, BELOW.sub(lambda m: str(int(m[1]) - 1), phrase)) != case:
                problems.append(Problem(card.code, f"case {case.id} word '{phrase}' is ambiguous"))
    if (named := case_from_words(card, card.title)) is not None:
        problems.append(Problem(card.code, f"the title alone reads as case {named.id}"))
    return problems


def _check_fee(card: Card, record: Record) -> list[Problem]:
    """Amounts agree with the record's channel fees unless a ward override states them."""
    if card.fee.source.ward_override is not None:
        return []
    channels = record.get("channels") or ()
    recorded = {c.get("fee_amount_vnd") for c in channels} - {None, 0}
    fee_text = field_text(record, "cach_thuc_thuc_hien")
    problems = []
    for amount in card.fee.amounts_vnd:
        written = f"{amount:,}"
        if amount not in recorded and not {written, written.replace(",", ".")} & set(
            fee_text.replace("\n", " ").split()
        ):
            problems.append(Problem(card.code, f"fee {amount} is not in the record's channels"))
    if card.fee.kind == "free" and recorded:
        problems.append(Problem(card.code, f"fee 'free' but the record lists {sorted(recorded)}"))
    return problems


def check_all(data_dir: Path) -> tuple[int, list[Problem]]:
    store = load_cards(data_dir / "cards")
    known = records(data_dir)
    wards = ward_overrides(data_dir)
    problems = [p for card in store for p in check_card(card, known.get(card.code), wards)]
    return len(store), problems


def stamp(data_dir: Path, code: str) -> Path:
    """Write the current record digest into the card of ``code`` (after a human review)."""
    for path in card_files(data_dir / "cards"):
        if read_card(path).code == code:
            digest = record_digest(records(data_dir)[code])
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for i, line in enumerate(lines):
                if line.startswith("record_digest:"):
                    lines[i] = f"record_digest: {digest}\n"
            path.write_text("".join(lines), encoding="utf-8")
            return path
    raise SystemExit(f"no card for {code}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--stamp", nargs="*", metavar="CODE", help="record reviewed digests")
    args = parser.parse_args(argv)
    for code in args.stamp or ():
        print(f"stamped {stamp(args.data, code)}")
    count, problems = check_all(args.data)
    for problem in problems:
        print(problem)
    print(f"{count} cards, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
