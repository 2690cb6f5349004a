"""Write a copy of the NLU training data with generated typing variants, for the baseline.

Each example gets its accent-folded, lower-case copy ("Đăng ký khai sinh" -> "dang ky
khai sinh") unless that copy already exists. Our pipeline folds in the tokenizer, so the
copies add nothing to it; they are what a pipeline *without* folding (Rasa's default)
needs, and docs/nlu.md measures how far they take it ("baseline + folded copies").
The repository's data/nlu is never changed.

    python -m bot.evaluation.augment --data data/nlu --out var/augmented-nlu
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import yaml

from actions.text.folding import fold


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as ``|`` blocks, as Rasa's own files do."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)
_DUMP = {"allow_unicode": True, "sort_keys": False, "width": 1000}


def variants(example: str) -> list[str]:
    folded = " ".join(fold(example).split())
    return [folded] if folded != example else []


def augment_file(source: Path, target: Path) -> tuple[int, int]:
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    original = added = 0
    for block in data.get("nlu", []):
        if "examples" not in block:
            continue
        lines = [
            line.strip().removeprefix("- ").strip()
            for line in block["examples"].splitlines()
            if line.strip()
        ]
        seen = set(lines)
        extra = []
        for line in lines:
            for variant in variants(line):
                if variant not in seen:
                    seen.add(variant)
                    extra.append(variant)
        original += len(lines)
        added += len(extra)
        block["examples"] = "".join(f"- {line}\n" for line in [*lines, *extra])
    target.write_text(yaml.dump(data, Dumper=_BlockDumper, **_DUMP), encoding="utf-8")
    return original, added


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=Path("data/nlu"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = added = 0
    for source in sorted(args.data.glob("*.yml")):
        n, extra = augment_file(source, args.out / source.name)
        total, added = total + n, added + extra
    print(f"{total} examples + {added} folded copies -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
