"""Rank procedures for questions read as JSON lines on stdin: the deployed resolver, offline.

Each input line is ``{"text": "..."}``; each output line is::

    {"codes": [...], "scores": [...], "decision": "found", "decision_codes": ["1.001193"],
     "topics": ["papers", "duration"]}

``codes``/``scores`` are the catalogue ranking, best first. ``decision`` is what the
procedure actions would do with the question on its own (no remembered procedure):
``found`` (answer that procedure), ``ambiguous`` (offer ``decision_codes`` as buttons),
``elsewhere`` (say which agency handles it), ``not_found`` or ``not_mentioned``; ``topics``
are the kinds of answer the message asks for besides its intent. The index is built
exactly as the action server builds it (catalogue, citizen cards, out-of-scope list).
The NLU evaluation harness (``bot.evaluation``, Rasa environment) runs this module as a
subprocess because the resolver needs the action server's environment (SQLAlchemy 2).

    echo '{"text": "làm giấy khai sinh cần gì"}' | python -m actions.procedures.rank_cli
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from actions.db import procedures_session_factory
from actions.dialogue.procedure_answers import shipped_cards, shipped_scope
from actions.procedures.aspects import cued_topics
from actions.procedures.finder import (
    Ambiguous,
    FindResult,
    Found,
    HandledElsewhere,
    NotFound,
    ProcedureFinder,
)
from actions.procedures.repository import SqlAlchemyProcedureRepository


def decision_of(result: FindResult) -> tuple[str, list[str]]:
    if isinstance(result, Found):
        return "found", [result.procedure.code]
    if isinstance(result, Ambiguous):
        return "ambiguous", [c.code for c in result.candidates]
    if isinstance(result, HandledElsewhere):
        return "elsewhere", [result.matter.key]
    if isinstance(result, NotFound):
        return "not_found", []
    return "not_mentioned", []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=5, help="candidates per question")
    args = parser.parse_args(argv)
    with procedures_session_factory()() as session:
        repository = SqlAlchemyProcedureRepository(session)
        finder = ProcedureFinder(repository, shipped_scope(), shipped_cards())
        resolver = finder.resolver()
        for line in sys.stdin:
            if not line.strip():
                continue
            text = str(json.loads(line)["text"])
            ranked = resolver.rank(text, limit=args.limit)
            decision, codes = decision_of(finder.find(text))
            out: dict[str, Any] = {
                "codes": [m.entry.code for m in ranked],
                "scores": [m.score for m in ranked],
                "decision": decision,
                "decision_codes": codes,
                "topics": [t.value for t in cued_topics(text)],
            }
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
