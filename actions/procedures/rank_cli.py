"""Rank procedures for questions read as JSON lines on stdin: the deployed resolver, offline.

Each input line is ``{"text": "..."}``; each output line is ``{"codes": [...], "scores":
[...]}``, best first. The index is built exactly as the action server builds it: from the
procedure database (``WARD_PROCEDURES_DB_URL``, by default ``var/procedures.db``) through
the repository and :func:`actions.procedures.finder.resolver_for`. The NLU evaluation
harness (``bot.evaluation``, Rasa environment) runs this module as a subprocess because
the resolver needs the action server's environment (SQLAlchemy 2).

    echo '{"text": "làm giấy khai sinh cần gì"}' | python -m actions.procedures.rank_cli
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from actions.db import procedures_session_factory
from actions.procedures.finder import resolver_for
from actions.procedures.repository import SqlAlchemyProcedureRepository


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=5, help="candidates per question")
    args = parser.parse_args(argv)
    with procedures_session_factory()() as session:
        resolver = resolver_for(SqlAlchemyProcedureRepository(session))
    for line in sys.stdin:
        if not line.strip():
            continue
        text = str(json.loads(line)["text"])
        ranked = resolver.rank(text, limit=args.limit)
        out = {"codes": [m.entry.code for m in ranked], "scores": [m.score for m in ranked]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
