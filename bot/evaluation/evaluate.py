"""Evaluate the deployed NLU pipeline on a question file: intents and procedure ranking.

The intent comes from the trained model file (the same ``Agent.parse_message`` the Rasa
server runs, FallbackClassifier included: a question answered with ``nlu_fallback`` counts
as wrong). The procedure ranking comes from the action server's resolver over the built
procedure database, run as a subprocess in the action environment
(``python -m actions.procedures.rank_cli``). The last line printed is the summary:

    intent_accuracy=0.xxx procedure_top1=0.xxx procedure_top3=0.xxx n=NNN

    python -m bot.evaluation.evaluate --model models/ward-assistant.tar.gz \
        --questions tests/nlu/heldout.csv \
        --ranker ".venv/actions/bin/python -m actions.procedures.rank_cli"
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import re
import shlex
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FALLBACK_INTENT = "nlu_fallback"
#: Intents answered by the procedure actions (they run the procedure finder).
PROCEDURE_INTENTS = frozenset(
    {
        "ask_procedure", "ask_papers", "ask_more_details", "ask_fee", "ask_duration",
        "ask_submission", "ask_steps", "ask_forms", "ask_legal_basis", "ask_conditions",
        "ask_steps_full",
    }
)  # fmt: skip
#: Intents whose actions still answer a procedure the message clearly names, or say who
#: handles a matter (action_answer_out_of_scope, the fallback's ask-affirmation): the
#: ranker, told the intent, says what they do (actions/procedures/rank_cli.py).
INTENT_FREE = frozenset({"out_of_scope", FALLBACK_INTENT})
#: Intents with a reply of their own, whatever procedure the message is about.
REPLY_INTENTS = frozenset({"complain", "english"})
#: The English reply names the procedure or the agency its Vietnamese translation finds
#: (actions/dialogue/english.py; the ranker says which).
ENGLISH_INTENT = "english"
#: ``procedure`` values that are no national code: handled by another agency, or none.
ELSEWHERE = "elsewhere"
_CODE_SHAPE = re.compile(r"^\d\.\d{6}$")


@dataclass(frozen=True)
class Question:
    text: str
    intent: str
    procedure: str
    tags: tuple[str, ...]


@dataclass
class Outcome:
    question: Question
    predicted: str
    confidence: float
    #: DIET's best intent, before the FallbackClassifier may replace it.
    classifier_intent: str
    ranked_codes: list[str] = field(default_factory=list)
    #: What the procedure actions would do (rank_cli): found / ambiguous / elsewhere / ...
    decision: str = ""
    decision_codes: list[str] = field(default_factory=list)
    #: Kinds of answer the message's words ask for (rank_cli).
    topics: list[str] = field(default_factory=list)

    @property
    def expected_intents(self) -> tuple[str, ...]:
        """ "ask_papers+ask_duration" asks two things; either intent is a right reading
        (the other is answered from the message's words: actions/procedures/aspects.py)."""
        return tuple(self.question.intent.split("+"))

    @property
    def intent_ok(self) -> bool:
        return self.predicted in self.expected_intents

    @property
    def has_code(self) -> bool:
        return bool(_CODE_SHAPE.match(self.question.procedure))

    @property
    def is_elsewhere(self) -> bool:
        return self.question.procedure == ELSEWHERE

    @property
    def answers_procedure(self) -> bool:
        return self.predicted in PROCEDURE_INTENTS

    @property
    def runs_finder(self) -> bool:
        """The action the rules run for the predicted intent looks the procedure up."""
        return self.answers_procedure or self.predicted in INTENT_FREE

    @property
    def procedure_answered(self) -> bool:
        """The bot answers a ward procedure: the ranker's ``decision`` is told the intent,
        so for out_of_scope / nlu_fallback ``found`` means the action answers it."""
        return self.runs_finder and self.decision == "found"

    @property
    def answer_at_once(self) -> bool:
        """The reply the citizen gets first is the right one."""
        if self.predicted == ENGLISH_INTENT and (self.has_code or self.is_elsewhere):
            # An English question about a procedure wants the English reply naming that
            # procedure (its Vietnamese guide one button away) or the agency handling it.
            if self.is_elsewhere:
                return self.decision == "elsewhere"
            return self.decision == "found" and self.decision_codes == [self.question.procedure]
        if self.question.intent in REPLY_INTENTS:
            # A complaint about a birth registration wants the apology and the offer to look
            # the dossier up; an English question, the English reply (which names the
            # procedure): not the procedure's papers.
            return self.intent_ok
        if self.has_code:
            return (
                self.procedure_answered
                and self.decision_codes == [self.question.procedure]
                and self.all_topics_answered
            )
        if self.is_elsewhere:
            return self.decision == "elsewhere" and self.runs_finder
        # Read as out of scope (or unclear), yet answered with a procedure: not the reply
        # the question wanted. (Rows without a code but a procedure intent are follow-ups,
        # not labelled with their procedure: their intent decides, as before.)
        return self.intent_ok and not (self.predicted in INTENT_FREE and self.decision == "found")

    @property
    def answer_within_one_click(self) -> bool:
        if self.answer_at_once:
            return True
        return (
            self.has_code
            and (self.answers_procedure or self.predicted == ENGLISH_INTENT)
            and self.decision == "ambiguous"
            and self.question.procedure in self.decision_codes
        )

    @property
    def confident_wrong(self) -> bool:
        """Out of the catalogue, yet answered with a ward procedure as if it were it."""
        english_found = self.predicted == ENGLISH_INTENT and self.decision == "found"
        return self.is_elsewhere and (self.procedure_answered or english_found)

    @property
    def all_topics_answered(self) -> bool:
        """Every kind of answer a several-questions message asks for gets an answer."""
        wanted = {i.removeprefix("ask_") for i in self.expected_intents}
        wanted &= {"papers", "fee", "duration", "submission", "forms", "conditions"}
        asked = {self.predicted.removeprefix("ask_"), *self.topics}
        return len(self.expected_intents) < 2 or wanted <= asked

    @property
    def rank(self) -> int | None:
        """1-based position of the expected procedure in the ranking, if ranked at all."""
        code = self.question.procedure
        return self.ranked_codes.index(code) + 1 if code in self.ranked_codes else None


def read_questions(path: Path) -> list[Question]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "intent", "procedure", "tags"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{path}: missing column(s) {sorted(missing)}")
        return [
            Question(
                text=row["text"],
                intent=row["intent"].strip(),
                procedure=(row["procedure"] or "").strip(),
                # Tags are separated by ";" (blind.csv) or spaces (blind2.csv).
                tags=tuple(t for t in re.split(r"[;\s]+", row["tags"] or "") if t),
            )
            for row in reader
        ]


def quiet_rasa() -> None:
    """Keep Rasa's per-message debug lines out of the report."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def parse_all(model: Path, texts: Sequence[str]) -> list[dict[str, object]]:
    """Parse every text with the trained model exactly as ``/model/parse`` would."""
    quiet_rasa()
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> list[dict[str, object]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())


def replayed(results: Path, texts: Sequence[str]) -> list[dict[str, object]]:
    """The parses of an earlier run (``results-*.json``), as ``parse_all`` returns them."""
    rows = json.loads(results.read_text(encoding="utf-8"))["rows"]
    if [r["text"] for r in rows] != list(texts):
        raise SystemExit(f"{results} was run on other questions")
    return [
        {
            "intent": {"name": r["predicted"], "confidence": r["confidence"]},
            "intent_ranking": [{"name": r.get("classifier", r["predicted"])}],
        }
        for r in rows
    ]


def rank_all(
    ranker: str, texts: Sequence[str], intents: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Per text: procedure codes best first, and the decision the actions would take for
    the predicted intent, from the action server's resolver (actions/procedures/rank_cli.py)."""
    questions = [
        {"text": t} if intents is None else {"text": t, "intent": i}
        for t, i in zip(texts, intents or texts, strict=True)
    ]
    payload = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions)
    done = subprocess.run(
        shlex.split(ranker), input=payload, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"ranker failed ({done.returncode}):\n{done.stderr}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(texts):
        raise SystemExit(f"ranker answered {len(lines)} of {len(texts)} questions")
    return lines


def predicted_intents(parsed: Sequence[dict[str, object]]) -> list[str]:
    """The intent the deployed pipeline predicts for each message (fallback included)."""
    names = []
    for parse in parsed:
        intent = parse.get("intent") or {}
        assert isinstance(intent, dict)
        names.append(str(intent.get("name")))
    return names


def outcomes_from(
    questions: Sequence[Question],
    parsed: Sequence[dict[str, object]],
    rankings: Sequence[dict[str, Any] | list[str]] | None,
) -> list[Outcome]:
    result = []
    for i, (question, parse) in enumerate(zip(questions, parsed, strict=True)):
        intent = parse.get("intent") or {}
        assert isinstance(intent, dict)
        ranking = parse.get("intent_ranking") or []
        assert isinstance(ranking, list)
        below = [r["name"] for r in ranking if r.get("name") != FALLBACK_INTENT]
        ranked: dict[str, Any] = {}
        if rankings is not None:
            row = rankings[i]
            ranked = row if isinstance(row, dict) else {"codes": row}
        result.append(
            Outcome(
                question=question,
                predicted=str(intent.get("name")),
                confidence=float(intent.get("confidence") or 0.0),
                classifier_intent=below[0] if below else str(intent.get("name")),
                ranked_codes=list(ranked.get("codes", [])),
                decision=str(ranked.get("decision", "")),
                decision_codes=list(ranked.get("decision_codes", [])),
                topics=list(ranked.get("topics", [])),
            )
        )
    return result


@dataclass(frozen=True)
class Scores:
    n: int
    intent_accuracy: float
    classifier_accuracy: float
    fallback_rate: float
    n_procedure: int
    procedure_top1: float
    procedure_top3: float
    #: Answer level (the decision the bot takes, not only the intent).
    answer_at_once: float = 0.0
    answer_one_click: float = 0.0
    n_elsewhere: int = 0
    confident_wrong_elsewhere: float = 0.0


def score(outcomes: Iterable[Outcome]) -> Scores:
    rows = list(outcomes)
    with_code = [o for o in rows if o.has_code]
    elsewhere = [o for o in rows if o.is_elsewhere]
    n = max(len(rows), 1)
    m = max(len(with_code), 1)
    return Scores(
        n=len(rows),
        intent_accuracy=sum(o.intent_ok for o in rows) / n,
        classifier_accuracy=sum(o.classifier_intent == o.question.intent for o in rows) / n,
        fallback_rate=sum(o.predicted == FALLBACK_INTENT for o in rows) / n,
        n_procedure=len(with_code),
        procedure_top1=sum((o.rank or 99) <= 1 for o in with_code) / m,
        procedure_top3=sum((o.rank or 99) <= 3 for o in with_code) / m,
        answer_at_once=sum(o.answer_at_once for o in rows) / n,
        answer_one_click=sum(o.answer_within_one_click for o in rows) / n,
        n_elsewhere=len(elsewhere),
        confident_wrong_elsewhere=sum(o.confident_wrong for o in elsewhere)
        / max(len(elsewhere), 1),
    )


def _table(title: str, groups: dict[str, list[Outcome]]) -> list[str]:
    lines = [
        f"{title:<22} {'n':>4} {'intent':>7} {'diet':>6} {'fallbk':>6} "
        f"{'n_proc':>6} {'top1':>6} {'top3':>6} {'once':>6} {'click':>6} {'wrong':>6}"
    ]
    for name in sorted(groups):
        s = score(groups[name])
        proc = (
            f"{s.n_procedure:>6} {s.procedure_top1:>6.3f} {s.procedure_top3:>6.3f}"
            if s.n_procedure
            else f"{0:>6} {'-':>6} {'-':>6}"
        )
        wrong = f"{s.confident_wrong_elsewhere:>6.3f}" if s.n_elsewhere else f"{'-':>6}"
        lines.append(
            f"{name:<22} {s.n:>4} {s.intent_accuracy:>7.3f} {s.classifier_accuracy:>6.3f} "
            f"{s.fallback_rate:>6.3f} {proc} {s.answer_at_once:>6.3f} {s.answer_one_click:>6.3f} "
            f"{wrong}"
        )
    return lines


def diacritic_pairs(outcomes: Sequence[Outcome]) -> list[str]:
    """Questions present both with (dia) and without (nodia) diacritics, same otherwise.

    The per-tag rows compare different sentences; these pairs isolate the effect of
    typing without diacritics.
    """
    from actions.text.folding import normalise_tokens

    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[" ".join(normalise_tokens(o.question.text))].append(o)
    pairs = [
        (
            next(o for o in g if "dia" in o.question.tags),
            next(o for o in g if "nodia" in o.question.tags),
        )
        for g in groups.values()
        if any("dia" in o.question.tags for o in g) and any("nodia" in o.question.tags for o in g)
    ]
    if not pairs:
        return ["(no pairs)"]
    n = len(pairs)
    same = sum(a.predicted == b.predicted for a, b in pairs)
    with_marks = sum(a.intent_ok for a, _ in pairs) / n
    without = sum(b.intent_ok for _, b in pairs) / n
    return [
        f"pairs={n} same_prediction={same} intent_accuracy dia={with_marks:.3f} nodia={without:.3f}"
    ]


def report(outcomes: Sequence[Outcome], *, show_errors: int = 40) -> list[str]:
    by_tag: dict[str, list[Outcome]] = defaultdict(list)
    by_intent: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_tag["(all)"].append(o)
        for tag in o.question.tags:
            by_tag[tag].append(o)
        by_intent[o.question.intent].append(o)
    lines = ["== per tag", *_table("tag", by_tag), "", "== per intent"]
    lines += _table("intent", by_intent)
    lines += ["", "== diacritic pairs (same question typed with and without diacritics)"]
    lines += diacritic_pairs(outcomes)
    confusions = Counter((o.question.intent, o.predicted) for o in outcomes if not o.intent_ok)
    lines += ["", "== intent confusions (expected -> predicted: count)"]
    lines += [f"{e} -> {p}: {c}" for (e, p), c in confusions.most_common()] or ["(none)"]
    errors = [o for o in outcomes if not o.intent_ok]
    lines += ["", f"== intent errors (first {show_errors} of {len(errors)})"]
    lines += [
        f"[{o.question.intent} -> {o.predicted} {o.confidence:.2f}] {o.question.text}"
        for o in errors[:show_errors]
    ]
    wrong_answers = [o for o in outcomes if not o.answer_at_once]
    lines += ["", f"== not answered right at once ({len(wrong_answers)}; first {show_errors})"]
    lines += [
        f"[{o.question.intent}/{o.question.procedure} -> {o.predicted} {o.decision}:"
        f"{','.join(o.decision_codes[:3])}] {o.question.text[:160]}"
        for o in wrong_answers[:show_errors]
    ]
    anyway = [o for o in outcomes if o.predicted in INTENT_FREE and o.decision == "found"]
    lines += ["", f"== answered with a procedure despite {sorted(INTENT_FREE)} ({len(anyway)})"]
    lines += [
        f"[{'right' if o.answer_at_once else 'WRONG'} {o.question.procedure} -> "
        f"{','.join(o.decision_codes)}] {o.question.text[:160]}"
        for o in anyway
    ]
    missed = [o for o in outcomes if o.has_code and o.rank != 1]
    lines += ["", f"== procedure not ranked first ({len(missed)})"]
    lines += [
        f"[{o.question.procedure} rank={o.rank or '-'} top={','.join(o.ranked_codes[:3])}] "
        f"{o.question.text}"
        for o in missed
    ]
    return lines


def plot_confusion(outcomes: Sequence[Outcome], path: Path, title: str) -> None:
    """Row-normalised intent confusion matrix as a small PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted({o.question.intent for o in outcomes} | {o.predicted for o in outcomes})
    index = {name: i for i, name in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for o in outcomes:
        counts[index[o.question.intent]][index[o.predicted]] += 1
    shares = [[c / max(sum(row), 1) for c in row] for row in counts]
    fig, ax = plt.subplots(figsize=(7.5, 6.5), dpi=80)
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=70, ha="right", fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    ax.set_title(title, fontsize=9)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                colour = "white" if shares[i][j] > 0.6 else "black"
                ax.text(j, i, str(count), ha="center", va="center", fontsize=6, color=colour)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def answer_line(s: Scores) -> str:
    return (
        f"answer_at_once={s.answer_at_once:.3f} answer_one_click={s.answer_one_click:.3f} "
        f"confident_wrong_elsewhere={s.confident_wrong_elsewhere:.3f} n_elsewhere={s.n_elsewhere}"
    )


def summary_line(s: Scores) -> str:
    return (
        f"intent_accuracy={s.intent_accuracy:.3f} procedure_top1={s.procedure_top1:.3f} "
        f"procedure_top3={s.procedure_top3:.3f} n={s.n}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", type=Path, required=True, help="trained model (.tar.gz)")
    parser.add_argument("--questions", type=Path, default=Path("tests/nlu/heldout.csv"))
    parser.add_argument(
        "--ranker",
        default=f"{sys.executable} -m actions.procedures.rank_cli",
        help="command answering JSON-lines questions with procedure rankings",
    )
    parser.add_argument("--out", type=Path, default=Path("var/eval"), help="results folder")
    parser.add_argument("--name", default="ours", help="label of this run in titles/files")
    parser.add_argument(
        "--replay",
        type=Path,
        help="a results-*.json of an earlier run on the same questions: reuse its intents "
        "(no model loaded) and rank again, to measure a change of the actions alone",
    )
    args = parser.parse_args(argv)

    questions = read_questions(args.questions)
    overlap_file = args.questions.with_name(f"{args.questions.stem}_training_overlap.txt")
    if overlap_file.exists():
        # Questions equal to training examples older than the set measure memorisation.
        lines = overlap_file.read_text(encoding="utf-8").splitlines()
        overlap = {line for line in lines if line and not line.startswith("#")}
        kept = [q for q in questions if q.text not in overlap]
        print(f"left out {len(questions) - len(kept)} questions equal to training examples")
        questions = kept
    texts = [q.text for q in questions]
    parsed = replayed(args.replay, texts) if args.replay else parse_all(args.model, texts)
    rankings = rank_all(args.ranker, texts, predicted_intents(parsed))
    outcomes = outcomes_from(questions, parsed, rankings)
    overall = score(outcomes)

    args.out.mkdir(parents=True, exist_ok=True)
    run = f"{args.name}{'-replay' if args.replay else ''}-{args.questions.stem}"
    plot = args.out / f"confusion-{run}.png"
    plot_confusion(
        outcomes,
        plot,
        f"{args.name}: {args.questions.name}, intent acc "
        f"{overall.intent_accuracy:.3f} (n={overall.n})",
    )
    details = args.out / f"results-{run}.json"
    details.write_text(
        json.dumps(
            {
                "model": str(args.model),
                "questions": str(args.questions),
                "scores": asdict(overall),
                "rows": [
                    {
                        "text": o.question.text,
                        "intent": o.question.intent,
                        "predicted": o.predicted,
                        "classifier": o.classifier_intent,
                        "confidence": round(o.confidence, 4),
                        "procedure": o.question.procedure,
                        "rank": o.rank,
                        "decision": o.decision,
                        "decision_codes": o.decision_codes,
                        "answer_at_once": o.answer_at_once,
                        "tags": list(o.question.tags),
                    }
                    for o in outcomes
                ],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"model: {args.model}   questions: {args.questions}")
    print("intent = deployed answer (FallbackClassifier included); diet = classifier's top intent")
    print("\n".join(report(outcomes)))
    print(f"\nconfusion matrix: {plot}   details: {details}")
    print(answer_line(overall))
    print(summary_line(overall))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
