"""The evaluation harness's arithmetic and its one-line summary."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from bot.evaluation.evaluate import (
    Outcome,
    Question,
    outcomes_from,
    predicted_intents,
    rank_all,
    read_questions,
    replayed,
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


def domain_intents() -> set[str]:
    import yaml

    intents: set[str] = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        intents |= set(
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or ()
        )
    return intents


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "nlu").glob("*.csv")), ids=str)
def test_every_expected_intent_is_one_the_bot_has(path: Path) -> None:
    # A label the bot cannot predict (blind2.csv was first written with
    # "ask_dossier_status" for check_dossier_status) scores every such row as wrong.
    known = domain_intents()
    unknown = {i for q in read_questions(path) for i in q.intent.split("+")} - known
    assert unknown == set()


@pytest.mark.parametrize("tags", ["long;dia;pair:3", "long dia pair:3", " long ; dia  pair:3 "])
def test_tags_are_read_with_either_separator(tmp_path: Path, tags: str) -> None:
    path = tmp_path / "q.csv"
    path.write_text(f'text,intent,procedure,tags\nhỏi,greet,none,"{tags}"\n', encoding="utf-8")
    assert read_questions(path)[0].tags == ("long", "dia", "pair:3")


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


FOUND = {"decision": "found", "decision_codes": ["1.001193"]}


@pytest.mark.parametrize(
    ("intent", "procedure", "predicted", "ranked", "at_once", "wrong"),
    [
        # Read as out of scope / unclear, answered anyway with the right procedure: right.
        ("ask_papers", "1.001193", "out_of_scope", FOUND, True, False),
        ("ask_fee", "1.001193", "nlu_fallback", FOUND, True, False),
        # … with another procedure: wrong.
        ("ask_papers", "1.000894", "out_of_scope", FOUND, False, False),
        # Nothing named plainly: the out-of-scope reply / buttons answer no procedure.
        ("ask_papers", "1.001193", "out_of_scope", {"decision": "out_of_scope"}, False, False),
        ("ask_papers", "1.001193", "nlu_fallback", {"decision": "fallback"}, False, False),
        # A matter handled elsewhere answered with a ward procedure: confident wrong.
        ("ask_papers", "elsewhere", "out_of_scope", FOUND, False, True),
        ("ask_papers", "elsewhere", "nlu_fallback", FOUND, False, True),
        # The fallback says who handles it, as the out-of-scope action does: right.
        ("ask_papers", "elsewhere", "nlu_fallback", {"decision": "elsewhere"}, True, False),
        ("ask_papers", "elsewhere", "out_of_scope", {"decision": "elsewhere"}, True, False),
        # A question about nothing of the desk's: right only if no procedure is answered.
        ("out_of_scope", "", "out_of_scope", {"decision": "out_of_scope"}, True, False),
        ("out_of_scope", "", "out_of_scope", FOUND, False, False),
        # Other intents run no procedure action, whatever the ranker's codes.
        ("ask_papers", "1.001193", "greet", {"decision": "other"}, False, False),
        # A complaint or an English question about a procedure wants its own reply.
        ("complain", "1.001193", "complain", {"decision": "other"}, True, False),
        ("complain", "1.001193", "ask_papers", FOUND, False, False),
        # An English question: the English reply must name the procedure (or the agency)
        # its translation finds, whichever intent the row is labelled with.
        ("english", "1.001193", "english", FOUND, True, False),
        ("ask_papers", "1.001193", "english", FOUND, True, False),
        ("english", "1.000894", "english", FOUND, False, False),
        ("english", "1.001193", "english", {"decision": "english"}, False, False),
        ("ask_submission", "elsewhere", "english", {"decision": "elsewhere"}, True, False),
        ("ask_submission", "elsewhere", "english", FOUND, False, True),
        ("english", "", "english", {"decision": "english"}, True, False),
    ],
)
def test_answers_given_without_a_procedure_intent_count_as_the_bot_gives_them(
    intent: str,
    procedure: str,
    predicted: str,
    ranked: dict[str, object],
    at_once: bool,
    wrong: bool,
) -> None:
    result = answered(intent, procedure, predicted, ranked)
    assert (result.answer_at_once, result.confident_wrong) == (at_once, wrong)


def test_the_ranker_is_told_each_predicted_intent(tmp_path: Path) -> None:
    echo = tmp_path / "echo_ranker.py"
    echo.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    q = json.loads(line)\n"
        "    print(json.dumps({'codes': [], 'decision': q['text'] + '/' + q['intent']}))\n",
        encoding="utf-8",
    )
    parsed = [{"intent": {"name": "out_of_scope"}}, {"intent": {"name": "ask_fee"}}]
    intents = predicted_intents(parsed)  # type: ignore[arg-type]
    lines = rank_all(f"{sys.executable} {echo}", ["a", "b"], intents)
    assert [line["decision"] for line in lines] == ["a/out_of_scope", "b/ask_fee"]


def test_a_replay_reuses_the_intents_of_the_run_it_names(tmp_path: Path) -> None:
    results = tmp_path / "results-ours-set.json"
    rows = [
        {"text": "a", "predicted": "ask_fee", "classifier": "ask_fee", "confidence": 0.9},
        {"text": "b", "predicted": "nlu_fallback", "classifier": "ask_papers", "confidence": 0.3},
    ]
    results.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    parsed = replayed(results, ["a", "b"])
    assert predicted_intents(parsed) == ["ask_fee", "nlu_fallback"]
    questions = [Question(t, "ask_fee", "", ("dia",)) for t in "ab"]
    assert [o.classifier_intent for o in outcomes_from(questions, parsed, None)] == [
        "ask_fee",
        "ask_papers",
    ]
    with pytest.raises(SystemExit, match="other questions"):
        replayed(results, ["a", "c"])
