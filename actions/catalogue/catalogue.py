"""Import the ward-relevant national procedures into ``data/procedures/national.json``.

Run by developers only (the product never reads the raw crawl)::

    python -m actions.catalogue.import_national --source /work/shared/data/tthc \\
        --out data/procedures/national.json
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from actions.catalogue.raw import parse_record
from actions.catalogue.schema import CatalogueRecord

INDEX_FILE = "ward_relevant_index.csv"
RAW_DIR = "raw"


class ImportError_(RuntimeError):
    """A ward-relevant code from the index has no raw record."""


def read_index(source: Path) -> dict[str, str]:
    """Ward-relevant codes of the index CSV -> their ``nhom_phuong`` group label."""
    with (source / INDEX_FILE).open(encoding="utf-8", newline="") as handle:
        return {
            row["ma_thu_tuc"].strip(): row["nhom_phuong"].strip() for row in csv.DictReader(handle)
        }


def find_raw_files(source: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted((source / RAW_DIR).glob("*/*.json"))}


def import_records(source: Path) -> list[CatalogueRecord]:
    groups = read_index(source)
    files = find_raw_files(source)
    missing = sorted(set(groups) - set(files))
    if missing:
        raise ImportError_(f"{len(missing)} indexed codes have no raw record: {', '.join(missing)}")
    records = []
    for code in sorted(groups):
        raw = json.loads(files[code].read_text(encoding="utf-8"))
        records.append(parse_record(raw, groups[code]))
    return records


def to_json(records: Iterable[CatalogueRecord]) -> str:
    """Deterministic JSON: sorted by code, UTF-8 text, one-space indent, trailing newline."""
    payload = [r.model_dump(mode="json") for r in sorted(records, key=lambda r: r.code)]
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def load_catalogue(path: Path) -> list[CatalogueRecord]:
    """Read a catalogue JSON file written by :func:`to_json`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [CatalogueRecord.model_validate(item) for item in data]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source", type=Path, required=True, help="folder with raw/ and the index CSV"
    )
    parser.add_argument("--out", type=Path, default=Path("data/procedures/national.json"))
    args = parser.parse_args(argv)
    records = import_records(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = to_json(records)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(records)} procedures to {args.out} ({len(text.encode()) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
