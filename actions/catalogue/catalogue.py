"""Import the ward-relevant national procedures into ``data/procedures/national.json``.

Run by developers only (the product never reads the raw crawl)::

    python -m actions.catalogue.import_national --source /work/shared/data/tthc \\
        --out data/procedures/national.json

Also writes ``national_names.json`` next to it: every national procedure of the crawl (not only
the ward-relevant ones), names and pointers only, so the bot can recognise a procedure it does
not handle and say who does.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from actions.catalogue.cleaning import clean_inline, nfc, or_none
from actions.catalogue.raw import parse_record, repair_sections, table_headings
from actions.catalogue.schema import CatalogueRecord, NationalName

INDEX_FILE = "ward_relevant_index.csv"
RAW_DIR = "raw"
NAMES_FILE = "national_names.json"
#: National corrections the importer applies (see the file's header).
CORRECTIONS = Path(__file__).resolve().parents[2] / "data" / "procedures" / "corrections.yml"


class ImportError_(RuntimeError):
    """A ward-relevant code from the index has no raw record, or a correction no longer fits."""


def read_index(source: Path) -> dict[str, str]:
    """Ward-relevant codes of the index CSV -> their ``nhom_phuong`` group label."""
    with (source / INDEX_FILE).open(encoding="utf-8", newline="") as handle:
        return {
            row["ma_thu_tuc"].strip(): row["nhom_phuong"].strip() for row in csv.DictReader(handle)
        }


def find_raw_files(source: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted((source / RAW_DIR).glob("*/*.json"))}


def load_corrections(path: Path | None) -> dict[str, dict[int, tuple[str, str]]]:
    """``{code: {table: (was, heading)}}`` from the corrections file (none when absent)."""
    if path is None or not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[int, tuple[str, str]]] = {}
    for code, fixes in (data.get("case_headings") or {}).items():
        for fix in fixes:
            out.setdefault(str(code), {})[int(fix["table"])] = (
                nfc(str(fix["was"])),
                nfc(str(fix["heading"])),
            )
    return out


def _heading_fixes(
    code: str, raw: Mapping[str, Any], fixes: Mapping[int, tuple[str, str]]
) -> dict[int, str]:
    # Headings as parsed: of the page's table where the crawl misplaced the documents field.
    headings = table_headings(str(repair_sections(raw).get("thanh_phan_ho_so") or ""))
    out: dict[int, str] = {}
    for table, (was, heading) in fixes.items():
        found = headings[table - 1] if 0 < table <= len(headings) else None
        if found != was:
            raise ImportError_(
                f"corrections: {code} table {table}: expected heading {was!r}, found {found!r}"
                " (fixed upstream? update data/procedures/corrections.yml)"
            )
        out[table] = heading
    return out


def import_records(source: Path, corrections: Path | None = CORRECTIONS) -> list[CatalogueRecord]:
    groups = read_index(source)
    files = find_raw_files(source)
    missing = sorted(set(groups) - set(files))
    if missing:
        raise ImportError_(f"{len(missing)} indexed codes have no raw record: {', '.join(missing)}")
    fixes = load_corrections(corrections)
    unknown = sorted(set(fixes) - set(groups))
    if unknown:
        raise ImportError_(f"corrections: codes not in the index: {', '.join(unknown)}")
    records = []
    for code in sorted(groups):
        raw = json.loads(files[code].read_text(encoding="utf-8"))
        heading_fixes = _heading_fixes(code, raw, fixes[code]) if code in fixes else None
        records.append(parse_record(raw, groups[code], heading_fixes))
    return records


def import_names(source: Path) -> list[NationalName]:
    """Every raw record's name and pointers; the ministry is the crawl folder's slug."""
    names = []
    for code, path in sorted(find_raw_files(source).items()):
        raw = json.loads(path.read_text(encoding="utf-8"))
        names.append(
            NationalName(
                code=clean_inline(raw.get("ma_thu_tuc")) or code,
                name=clean_inline(raw.get("ten_thu_tuc")),
                ministry=path.parent.name,
                level=clean_inline(raw.get("cap_thuc_hien")),
                field=clean_inline(raw.get("linh_vuc")),
                agency=(
                    or_none(raw.get("co_quan_thuc_hien"))
                    or or_none(raw.get("co_quan_co_tham_quyen"))
                    or ""
                ).rstrip("."),
                detail_url=clean_inline(raw.get("detail_url")),
            )
        )
    return names


def _dump(items: Iterable[Any]) -> str:
    payload = [item.model_dump(mode="json") for item in sorted(items, key=lambda r: r.code)]
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def to_json(records: Iterable[CatalogueRecord]) -> str:
    """Deterministic JSON: sorted by code, UTF-8 text, one-space indent, trailing newline."""
    return _dump(records)


def names_to_json(names: Iterable[NationalName]) -> str:
    return _dump(names)


def load_catalogue(path: Path) -> list[CatalogueRecord]:
    """Read a catalogue JSON file written by :func:`to_json`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [CatalogueRecord.model_validate(item) for item in data]


def load_names(path: Path) -> list[NationalName]:
    """Read ``national_names.json`` written by :func:`names_to_json`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [NationalName.model_validate(item) for item in data]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source", type=Path, required=True, help="folder with raw/ and the index CSV"
    )
    parser.add_argument("--out", type=Path, default=Path("data/procedures/national.json"))
    parser.add_argument(
        "--corrections", type=Path, default=CORRECTIONS, help="national corrections (YAML)"
    )
    args = parser.parse_args(argv)
    records = import_records(args.source, args.corrections)
    names = import_names(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = to_json(records)
    args.out.write_text(text, encoding="utf-8")
    names_path = args.out.with_name(NAMES_FILE)
    names_text = names_to_json(names)
    names_path.write_text(names_text, encoding="utf-8")
    print(f"wrote {len(records)} procedures to {args.out} ({len(text.encode()) / 1e6:.2f} MB)")
    print(
        f"wrote {len(names)} national procedure names to {names_path}"
        f" ({len(names_text.encode()) / 1e6:.2f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
