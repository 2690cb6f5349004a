"""How well the message's words say which kinds of answer it asks for (actions/text/topic_cues).

Each question file row's intent label names the topics it asks ("ask_papers+ask_duration");
the topic cues should find the same ones. Per topic, over the multi-question rows and over
every row: precision (a cue that fires on a question that does not ask that topic adds a
wrong answer) and recall. With the last ``make eval`` run of a file (var/eval/
results-ours-<name>.json) it also gives what the bot would answer: the share of
multi-question rows with every topic answered (the evaluation's ``all_topics_answered``:
the predicted intent's topic plus the cued ones) and the rows given a topic they did not ask.
Offline: no model, no database.

    python -m bot.evaluation.topic_cues_report [--errors 20] tests/nlu/blind.csv ...
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.evaluation.evaluate import Outcome, Question, read_questions

TOPICS = ("papers", "conditions", "fee", "duration", "submission", "forms")
#: Answers in one reply, at most (actions/procedures/aspects.py MAX_TOPICS).
MAX_TOPICS = 3
DEFAULT_FILES = ("tests/nlu/blind.csv", "tests/nlu/heldout.csv", "tests/nlu/fresh.csv")
RESULTS_DIR = Path("var/eval")


def gold_topics(question: Question) -> set[str]:
    """The topics a row's intent label asks for ("ask_fee+ask_steps" -> {"fee"})."""
    asked = {intent.removeprefix("ask_") for intent in question.intent.split("+")}
    return asked & set(TOPICS)


def is_multi(question: Question) -> bool:
    return "+" in question.intent


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def tally(rows: Iterable[tuple[set[str], set[str]]]) -> dict[str, Tally]:
    """Per topic, from (gold, cued) pairs; the last key, "(all)", sums the topics."""
    tallies = {topic: Tally() for topic in (*TOPICS, "(all)")}
    for gold, cued in rows:
        for topic in TOPICS:
            for key in (topic, "(all)"):
                t = tallies[key]
                t.tp += topic in gold and topic in cued
                t.fp += topic not in gold and topic in cued
                t.fn += topic in gold and topic not in cued
    return tallies


def _fmt(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "    -"


def table(title: str, tallies: dict[str, Tally]) -> list[str]:
    lines = [f"{title:<14} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}"]
    for topic, t in tallies.items():
        lines.append(
            f"{topic:<14} {t.tp:>4} {t.fp:>4} {t.fn:>4} {_fmt(t.precision):>6} {_fmt(t.recall):>6}"
        )
    return lines


def predictions(path: Path) -> dict[str, str]:
    """Predicted intent by question text, from an evaluation's results JSON (if present)."""
    name = path.stem
    results = RESULTS_DIR / f"results-ours-{name}.json"
    if not results.exists():
        return {}
    rows = json.loads(results.read_text(encoding="utf-8")).get("rows", [])
    return {str(r["text"]): str(r["predicted"]) for r in rows}


def answered_topics(text: str, predicted: str) -> list[str]:
    """The kinds of answer the procedure action gives for ``predicted``, as
    actions/procedures/aspects.py ``topics_asked`` does (that module needs the action
    environment; tests/procedures/test_aspects.py checks the two agree)."""
    from actions.text.topic_cues import answer_topics

    primary = predicted.removeprefix("ask_")
    # The overview: the topics named instead, if any (and the papers for a "how").
    return answer_topics(text, "overview" if primary == "procedure" else primary)


def answered(question: Question, predicted: str) -> Outcome:
    topics = answered_topics(question.text, predicted)
    return Outcome(question, predicted, 1.0, predicted, topics=topics)


def report(files: Sequence[Path], *, show_errors: int = 20) -> list[str]:
    from actions.text.topic_cues import cued_topics

    lines: list[str] = []
    cue_rows: list[tuple[Question, set[str], set[str]]] = []
    outcomes: list[Outcome] = []
    for path in files:
        predicted = predictions(path)
        for question in read_questions(path):
            cued = cued_topics(question.text)
            cue_rows.append((question, gold_topics(question), set(cued)))
            if question.text in predicted:
                outcomes.append(answered(question, predicted[question.text]))
    multi = [(g, c) for q, g, c in cue_rows if is_multi(q)]
    lines += [f"== cues on multi-question rows (n={len(multi)})"]
    lines += table("topic", tally(multi))
    lines += ["", f"== cues on every row (n={len(cue_rows)})"]
    lines += table("topic", tally((g, c) for _, g, c in cue_rows))
    # Rows of a ward procedure: the others get "handled elsewhere", whatever they ask.
    multi_outcomes = [o for o in outcomes if is_multi(o.question) and o.has_code]
    unanswered = [o for o in multi_outcomes if not o.all_topics_answered]
    extra = [o for o in outcomes if _added_wrongly(o)]
    lines += [
        "",
        "== answers, with the intents of the last evaluation run (var/eval)",
        f"all_topics_answered={len(multi_outcomes) - len(unanswered)}/{len(multi_outcomes)} "
        f"(multi-question rows of a ward procedure) "
        f"rows_given_an_unasked_topic={len(extra)}/{len(outcomes)}",
    ]
    lines += [
        f"  not all answered: predicted={o.predicted} answers={o.topics} | {_short(o.question)}"
        for o in unanswered[:show_errors]
    ]
    lines += [
        f"  unasked topic: predicted={o.predicted} answers={o.topics} | {_short(o.question)}"
        for o in extra[:show_errors]
    ]
    misses = [(q, g, c) for q, g, c in cue_rows if g - c and is_multi(q)]
    wrong = [(q, g, c) for q, g, c in cue_rows if c - g]
    lines += ["", f"== missed topics on multi rows (first {show_errors} of {len(misses)})"]
    lines += [_example(q, g, c) for q, g, c in misses[:show_errors]]
    lines += ["", f"== cued topics not in the label (first {show_errors} of {len(wrong)})"]
    lines += [_example(q, g, c) for q, g, c in wrong[:show_errors]]
    return lines


def _added_wrongly(outcome: Outcome) -> bool:
    """The bot's reply includes a kind of answer the label does not ask for."""
    gold = gold_topics(outcome.question)
    primary = outcome.predicted.removeprefix("ask_")
    return bool(set(outcome.topics) & set(TOPICS) - gold - {primary})


def _short(question: Question) -> str:
    text = question.text
    return text if len(text) <= 140 else "…" + text[-139:]


def _example(question: Question, gold: set[str], cued: set[str]) -> str:
    return f"gold={sorted(gold)} cued={sorted(cued)} | {_short(question)}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[Path(f) for f in DEFAULT_FILES])
    parser.add_argument("--errors", type=int, default=20, help="examples listed per kind")
    args = parser.parse_args(argv)
    print("\n".join(report(args.files, show_errors=args.errors)))


if __name__ == "__main__":
    main()
