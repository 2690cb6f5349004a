"""Rank procedures for questions read as JSON lines on stdin: the deployed resolver, offline.

Each input line is ``{"text": "...", "intent": "ask_papers"}`` (``intent``, the NLU's
prediction, is optional); each output line is::

    {"codes": [...], "scores": [...], "decision": "found", "decision_codes": ["1.001193"],
     "topics": ["papers", "duration"]}

``codes``/``scores`` are the catalogue ranking, best first. ``decision`` is what the
actions would do with the question on its own (no remembered procedure) for that intent.
For a procedure intent (or none given): ``found`` (answer that procedure), ``ambiguous``
(offer ``decision_codes`` as buttons), ``elsewhere`` (say which agency handles it),
``not_found`` or ``not_mentioned``; ``topics`` are the kinds of answer the message asks
for besides its intent. For ``out_of_scope`` and ``nlu_fallback`` (action_answer_out_of_scope,
action_default_ask_affirmation): ``elsewhere``, ``found`` when the message clearly names one
ward procedure (actions/procedures/confidence.py; ``topics`` are then the answers given),
else ``out_of_scope`` (the out-of-scope reply) or ``fallback`` ("did you mean…?" buttons).
For ``english`` (action_answer_english): what the message's Vietnamese translation names
(``found``, ``ambiguous``, ``elsewhere``), else ``english`` (what the assistant does). Any
other intent runs no procedure action: ``other``. The index is built exactly as the action
server builds it (catalogue, citizen cards, out-of-scope list).
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

from actions.cards.store import CardStore
from actions.db import procedures_session_factory
from actions.dialogue.english import find_in_english, shipped_glossary
from actions.dialogue.procedure_answers import shipped_cards, shipped_scope
from actions.procedures.answers import Topic
from actions.procedures.aspects import cued_topics, topics_asked
from actions.procedures.confidence import answer_without_intent, topics_without_intent
from actions.procedures.finder import (
    Ambiguous,
    FindResult,
    Found,
    HandledElsewhere,
    NotFound,
    NotMentioned,
    ProcedureFinder,
)
from actions.procedures.repository import ProcedureRepository, SqlAlchemyProcedureRepository
from actions.scope.store import Scope
from actions.settings import get_settings
from actions.text.guard_rails import looks_adversarial

#: Intents the procedure answer actions handle (data/rules): they run the finder.
PROCEDURE_INTENTS = frozenset(
    {
        "ask_procedure", "ask_papers", "ask_more_details", "ask_fee", "ask_duration",
        "ask_submission", "ask_steps", "ask_forms", "ask_legal_basis", "ask_conditions",
        "ask_steps_full",
    }
)  # fmt: skip
#: The topic each procedure intent's action answers (its rule in data/rules).
INTENT_TOPICS = {f"ask_{t.value}": t for t in Topic} | {"ask_procedure": Topic.OVERVIEW}
#: Intents answered without a procedure intent, and their reply when nothing is named.
INTENT_FREE = {"out_of_scope": "out_of_scope", "nlu_fallback": "fallback"}
#: Answered by action_answer_english from the message's Vietnamese translation.
ENGLISH_INTENT = "english"


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


def decide(
    repository: ProcedureRepository,
    scope: Scope,
    cards: CardStore,
    text: str,
    intent: str | None,
) -> dict[str, Any]:
    """The decision and answered topics of the action the rules run for ``intent``."""
    if looks_adversarial(text) and (
        intent is None or intent in PROCEDURE_INTENTS | INTENT_FREE.keys()
    ):
        # The procedure actions give an attack string the out-of-scope reply only.
        return {"decision": "out_of_scope", "decision_codes": [], "topics": []}
    if intent == ENGLISH_INTENT:
        # action_answer_english: the procedure or matter its Vietnamese translation names
        # (the guide one button away), else what the assistant does ("english").
        found, _ = find_in_english(repository, scope, cards, shipped_glossary(), text)
        if found is None or isinstance(found, (NotFound, NotMentioned)):
            return {"decision": ENGLISH_INTENT, "decision_codes": [], "topics": []}
        decision, codes = decision_of(found)
        return {"decision": decision, "decision_codes": codes, "topics": []}
    if intent is None or intent in PROCEDURE_INTENTS:
        decision, codes = decision_of(ProcedureFinder(repository, scope, cards).find(text))
        return {"decision": decision, "decision_codes": codes, "topics": cued(text, intent)}
    if intent not in INTENT_FREE:
        return {"decision": "other", "decision_codes": [], "topics": []}
    office = repository.get_office(get_settings().code)
    answer = answer_without_intent(
        repository, scope, cards, text, ward_name=office.ward_name if office else ""
    )
    if answer is None:
        return {"decision": INTENT_FREE[intent], "decision_codes": [], "topics": []}
    decision, codes = decision_of(answer)
    # AnswerOutOfScope answers the topics the words ask for (eligibility first), else
    # an overview.
    topics = [t.value for t in topics_without_intent(text)] if decision == "found" else []
    return {"decision": decision, "decision_codes": codes, "topics": topics}


def cued(text: str, intent: str | None = None) -> list[str]:
    """The topics the procedure action for ``intent`` answers, as the action computes them
    (aspects.topics_asked): beside an intent's topic secondary cues count too, and at most
    MAX_TOPICS are answered."""
    primary = INTENT_TOPICS.get(intent or "")
    if primary is None:
        return [t.value for t in cued_topics(text)]
    # The intent's own topic is listed only when its words ask it too, as before.
    words = cued_topics(text)
    return [t.value for t in topics_asked(text, primary) if t is not primary or t in words]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=5, help="candidates per question")
    args = parser.parse_args(argv)
    with procedures_session_factory()() as session:
        repository = SqlAlchemyProcedureRepository(session)
        scope, cards = shipped_scope(), shipped_cards()
        resolver = ProcedureFinder(repository, scope, cards).resolver()
        for line in sys.stdin:
            if not line.strip():
                continue
            question = json.loads(line)
            text = str(question["text"])
            intent = question.get("intent")
            ranked = resolver.rank(text, limit=args.limit)
            out: dict[str, Any] = {
                "codes": [m.entry.code for m in ranked],
                "scores": [m.score for m in ranked],
                **decide(repository, scope, cards, text, None if intent is None else str(intent)),
            }
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
