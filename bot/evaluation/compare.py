"""Side-by-side Markdown table of several evaluation runs (``results-*.json``), per tag.

python -m bot.evaluation.compare var/eval/results-ours.json var/eval/results-baseline.json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _rows_with(rows: list[dict[str, Any]], tag: str | None) -> list[dict[str, Any]]:
    return [r for r in rows if tag is None or tag in r["tags"]]


def _cell(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "-"
    intent = sum(r["intent"] == r["predicted"] for r in rows) / len(rows)
    coded = [r for r in rows if r["procedure"]]
    if not coded:
        return f"{intent:.3f}"
    top1 = sum(r["rank"] == 1 for r in coded) / len(coded)
    top3 = sum(r["rank"] is not None and r["rank"] <= 3 for r in coded) / len(coded)
    return f"{intent:.3f} / {top1:.3f} / {top3:.3f}"


def table(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    first = next(iter(runs.values()))
    tags = sorted({t for r in first for t in r["tags"]})
    lines = [
        "| rows | n | " + " | ".join(runs) + " |",
        "|---|---|" + "---|" * len(runs),
    ]
    for tag in [None, *tags]:
        n = len(_rows_with(first, tag))
        cells = [_cell(_rows_with(rows, tag)) for rows in runs.values()]
        lines.append(f"| {tag or 'all'} | {n} | " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args(argv)
    runs = {
        path.stem.removeprefix("results-"): json.loads(path.read_text(encoding="utf-8"))["rows"]
        for path in args.results
    }
    print("cells: intent accuracy / procedure top-1 / top-3 (rows with a code)")
    print("\n".join(table(runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
