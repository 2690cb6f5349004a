"""What a re-import changed: ``python -m actions.catalogue.diff OLD.json NEW.json``.

After ``make import``, compare the shipped catalogue before and after, e.g.::

    git show HEAD:data/procedures/national.json > /tmp/national.old.json
    python -m actions.catalogue.diff /tmp/national.old.json data/procedures/national.json \\
        --expect 1.001521 1.001601

One line per added, removed or changed code: the fields that changed, papers (documents that
are no note) before and after, and ``CARDED`` when a citizen card is written from the record
(its card then needs review: ``python -m actions.cards.check``). With ``--expect``, any other
changed code makes the exit status 1, so an importer fix cannot silently change other records.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actions.settings import PROJECT_ROOT

CARDS = PROJECT_ROOT / "data" / "cards"

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    code: str
    kind: str  # added, removed, changed
    fields: tuple[str, ...] = ()
    papers_before: int | None = None
    papers_after: int | None = None


def papers(record: Record | None) -> int | None:
    if record is None:
        return None
    return sum(1 for doc in record.get("documents") or () if not doc.get("is_note"))


def changes(old: Iterable[Record], new: Iterable[Record]) -> list[Change]:
    """Every code whose record differs between two catalogues, sorted by code."""
    before = {str(r["code"]): r for r in old}
    after = {str(r["code"]): r for r in new}
    out: list[Change] = []
    for code in sorted(set(before) | set(after)):
        was, now = before.get(code), after.get(code)
        if was == now:
            continue
        if was is None or now is None:
            kind = "added" if was is None else "removed"
            out.append(Change(code, kind, (), papers(was), papers(now)))
            continue
        fields = tuple(k for k in dict.fromkeys([*was, *now]) if was.get(k) != now.get(k))
        out.append(Change(code, "changed", fields, papers(was), papers(now)))
    return out


def carded_codes(cards: Path = CARDS) -> set[str]:
    """Codes that have a citizen card (cards are named after their record's code)."""
    return {path.stem for path in cards.glob("**/*.yml")}


def render(change: Change, carded: bool) -> str:
    count = f"papers {change.papers_before}->{change.papers_after}"
    what = ",".join(change.fields) if change.fields else change.kind
    return f"{change.code}\t{what}\t{count}" + ("\tCARDED" if carded else "")


def _load(path: Path) -> list[Record]:
    data: list[Record] = json.loads(path.read_text(encoding="utf-8"))
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Records a re-import changed.")
    parser.add_argument("old", type=Path, help="catalogue JSON before the import")
    parser.add_argument("new", type=Path, help="catalogue JSON after the import")
    parser.add_argument("--cards", type=Path, default=CARDS, help="citizen cards folder")
    parser.add_argument(
        "--expect", nargs="*", default=None, help="the only codes allowed to change"
    )
    args = parser.parse_args(argv)
    found = changes(_load(args.old), _load(args.new))
    carded = carded_codes(args.cards)
    for change in found:
        print(render(change, change.code in carded))
    print(f"{len(found)} records changed ({sum(c.code in carded for c in found)} carded)")
    if args.expect is not None:
        unexpected = sorted({c.code for c in found} - set(args.expect))
        if unexpected:
            print(f"unexpected changes: {', '.join(unexpected)}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
