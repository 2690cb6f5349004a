"""The evaluation harness's arithmetic and its one-line summary."""

from __future__ import annotations

import re
from pathlib import Path

from bot.evaluation.evaluate import (
    Outcome,
    Question,
    outcomes_from,
    read_questions,
    report,
    score,
    summary_line,
)

ROOT = Path(__file__).resolve().parents[2]


def outcome(
    intent: str, predicted: str, procedure: str = "", ranked: list[str] | None = None
) -> Outcome:
    question = Question(text="x", intent=intent, procedure=procedure, tags=("dia",))
    return Outcome(question, predicted, 0.9, predicted, ranked or [])


def test_scores_count_fallback_as_wrong_and_rank_only_coded_rows() -> None:
    rows = [
        outcome("ask_fee", "ask_fee", "1.001193", ["1.001193", "2.000815"]),
        outcome("ask_fee", "nlu_fallback", "1.001193", ["2.000815", "1.000656", "1.001193"]),
        outcome("ask_papers", "ask_papers", "1.001193", ["2.000815"]),
        outcome("greet", "greet"),
    ]
    s = score(rows)
    assert (s.n, s.n_procedure) == (4, 3)
    assert s.intent_accuracy == 0.75
    assert s.fallback_rate == 0.25
    assert round(s.procedure_top1, 3) == 0.333
    assert round(s.procedure_top3, 3) == 0.667


def test_summary_is_one_line_in_the_documented_format() -> None:
    line = summary_line(score([outcome("greet", "greet", "1.001193", ["1.001193"])]))
    assert re.fullmatch(
        r"intent_accuracy=\d\.\d{3} procedure_top1=\d\.\d{3} procedure_top3=\d\.\d{3} n=\d+",
        line,
    )


def test_outcomes_keep_the_classifier_intent_under_a_fallback() -> None:
    question = Question(text="x", intent="ask_fee", procedure="", tags=())
    parsed = {
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "ask_fee", "confidence": 0.45},
        ],
    }
    (result,) = outcomes_from([question], [parsed], None)
    assert (result.predicted, result.classifier_intent) == ("nlu_fallback", "ask_fee")
    assert any("ask_fee -> nlu_fallback: 1" in line for line in report([result]))


def test_question_files_have_the_expected_shape() -> None:
    for path in sorted((ROOT / "tests" / "nlu").glob("*.csv")):
        questions = read_questions(path)
        assert questions, path
        assert all(q.intent and q.tags for q in questions), path
        assert all(
            re.fullmatch(r"\d\.\d{6}|elsewhere|none", q.procedure) for q in questions if q.procedure
        ), path
    assert len(read_questions(ROOT / "tests" / "nlu" / "heldout.csv")) >= 300


def answered(intent: str, procedure: str, predicted: str, ranked: dict[str, object]) -> Outcome:
    question = Question("q", intent, procedure, ("dia",))
    parsed = {"intent": {"name": predicted, "confidence": 0.9}, "intent_ranking": []}
    (result,) = outcomes_from([question], [parsed], [ranked])  # type: ignore[list-item]
    return result


def test_answer_level_scores() -> None:
    found = {"codes": ["1.001193"], "decision": "found", "decision_codes": ["1.001193"]}
    buttons = {"decision": "ambiguous", "decision_codes": ["1.004884", "1.001193"]}
    elsewhere = {"decision": "elsewhere", "decision_codes": ["elsewhere:passport"]}
    right = answered("ask_papers", "1.001193", "ask_papers", found)
    click = answered("ask_papers", "1.001193", "ask_fee", buttons)
    honest = answered("ask_papers", "elsewhere", "ask_papers", elsewhere)
    wrong = answered("ask_papers", "elsewhere", "ask_papers", found)
    half = answered("ask_papers+ask_duration", "1.001193", "ask_papers", found)
    both = answered(
        "ask_papers+ask_duration", "1.001193", "ask_papers", found | {"topics": ["duration"]}
    )
    assert right.answer_at_once and not click.answer_at_once and click.answer_within_one_click
    assert honest.answer_at_once and not honest.confident_wrong
    assert wrong.confident_wrong and not wrong.answer_at_once
    assert half.intent_ok and not half.answer_at_once and both.answer_at_once
    s = score([right, click, honest, wrong])
    assert (s.answer_at_once, s.answer_one_click, s.n_elsewhere) == (0.5, 0.75, 2)
    assert s.confident_wrong_elsewhere == 0.5
